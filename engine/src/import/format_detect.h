// Format detection by header row, the user's override, and the generic catalog's column
// mapping (saved per header signature). Pure functions over the header cells (already
// decoded to UTF-8 and split): no I/O, no SQLite, so they are cheap to test and fuzz.
//
// Contract (docs/FORMATS.md has the details and the sources):
// - Columns are matched by name (NormalizeHeaderName + the alias tables in formats.h), never
//   by position; unknown columns are listed, never silently dropped.
// - Confidence = 0.40 * (required columns found) + 0.35 * (documented columns found)
//                + 0.25 * (header columns this format recognises),
//   x0.6 when a required column is missing, x0.5 when a contra column is present.
// - kRecognised only when the best candidate has every required column, reaches
//   kRecognisedThreshold, and no other complete candidate is within kTieMargin; ties (Active
//   vs Inactive Listings) are kAmbiguous with their confidence divided among them; anything
//   else is kNeedsMapping, with the reason and a suggested generic mapping.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/formats.h"
#include "stocktake/engine/types.h"
#include "stocktake/status.h"

namespace stocktake::engine {

inline constexpr double kRecognisedThreshold = 0.6;
inline constexpr double kTieMargin = 0.05;
inline constexpr std::string_view kGenericCatalogFormat = kGenericCatalogFormatId;

struct FormatCandidate {
    std::string format_id;
    std::string display_name;
    double confidence = 0.0;                    // 0..1
    std::vector<std::string> matched_required;  // documented names of required columns found
    std::vector<std::string> missing_required;  // ... and of those absent
    std::map<std::string, int> fields;          // canonical field -> 0-based column index
    std::vector<int> unrecognised_columns;      // non-empty header cells no column claimed
    std::vector<std::string> notes;             // why the confidence is what it is
};

enum class DetectOutcome {
    kRecognised,    // candidates[0] can be imported as is (the user may still override)
    kAmbiguous,     // several formats fit equally: the user picks among the tied candidates
    kNeedsMapping,  // nothing fits: show the mapping screen (candidates are only hints)
};

struct Detection {
    DetectOutcome outcome = DetectOutcome::kNeedsMapping;
    // Best first (with kAmbiguous, the tied candidates first); generic_catalog always last,
    // carrying SuggestMapping's fields for the mapping screen.
    std::vector<FormatCandidate> candidates;
    std::string reason;     // one sentence for the seller
    std::string signature;  // HeaderSignature(header)
};

Detection DetectFormat(const std::vector<std::string>& header);

const char* DetectOutcomeName(DetectOutcome outcome);

// The columns of one chosen format in one header.
struct FormatBinding {
    std::string format_id;
    std::string display_name;
    std::map<std::string, int> fields;      // canonical field -> 0-based column index
    std::vector<int> unrecognised_columns;  // kept for the import report
};

// The user's override: binds `format_id` (any KnownFormats() id) to the header. NotFound for
// an unknown id (and for generic_catalog, which needs BindMapping); InvalidArgument naming
// every missing required column otherwise.
Result<FormatBinding> BindFormat(std::string_view format_id,
                                 const std::vector<std::string>& header);

// --- generic catalog mapping ------------------------------------------------------------

// "h1:<16 hex digits>": FNV-1a 64 of the sorted multiset of normalised header names. It does
// not depend on column order (exports reorder columns; mappings bind by name, so a reordered
// file reuses its mapping) but does depend on duplicates and on which columns exist.
// Empty cells count, so adding a blank trailing column changes it.
std::string HeaderSignature(const std::vector<std::string>& header);

// The canonical fields a generic catalog mapping may bind; "sku" is required.
const std::vector<std::string>& GenericCatalogFields();

// MappedColumn and ColumnMapping are public (stocktake/engine/types.h).

// {"version":1,"fields":{"sku":{"column":"Item Code","occurrence":1},...}}
std::string ColumnMappingToJson(const ColumnMapping& mapping);
// Also reads the short form people write: {"sku":"Item Code","name":{"column":"Title"}}.
// InvalidArgument for malformed JSON, another version, unknown fields or bad members.
Result<ColumnMapping> ColumnMappingFromJson(std::string_view json);

// What the mapping screen shows first: common names for each generic field.
ColumnMapping SuggestMapping(const std::vector<std::string>& header);

// Builds a mapping from the user's choices on the mapping screen (field -> column index).
// InvalidArgument for an index outside the header or an unknown field.
Result<ColumnMapping> MappingFromIndices(const std::vector<std::string>& header,
                                         const std::map<std::string, int>& indices);

// Resolves a saved mapping against a header (format_id generic_catalog). InvalidArgument
// when sku is unmapped or a mapped column is not in this header.
Result<FormatBinding> BindMapping(const ColumnMapping& mapping,
                                  const std::vector<std::string>& header);

}  // namespace stocktake::engine
