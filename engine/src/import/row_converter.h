// Row converters: turn one data row of a recognised format into the records it writes
// (RowWrites), or into RowErrors that say what is wrong with which cell. One converter per
// importable format; the import job (import_job.h) reads, dedups, applies and reports.
// Thread safety: a converter keeps per-file state (Shopify titles); one per job.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "import/format_detect.h"
#include "stocktake/engine/types.h"
#include "stocktake/status.h"
#include "store/record_write.h"

namespace stocktake::engine {

enum class RowOutcome {
    kImport,  // *out holds the writes
    kReject,  // errors were appended
    kSkip,    // nothing to import (e.g. a Shopify image row)
};

class RowConverter {
  public:
    virtual ~RowConverter() = default;
    // Views in *out stay valid until the next Convert.
    virtual RowOutcome Convert(std::span<const std::string_view> cells, int64_t line,
                               RowWrites* out, std::vector<RowError>* errors) = 0;
    // File-level remarks for the report (columns that are not imported, ...).
    const std::vector<std::string>& notes() const { return notes_; }
    void AddNote(std::string note) { notes_.push_back(std::move(note)); }

  private:
    std::vector<std::string> notes_;
};

// Whether rows of format_id can be imported (detection knows more formats than this).
bool IsImportableFormat(std::string_view format_id);

// A converter for binding (from BindFormat or BindMapping) over header. Unsupported, with a
// message for the seller, for a recognised format whose rows Stocktake cannot import yet.
Result<std::unique_ptr<RowConverter>> MakeRowConverter(const FormatBinding& binding,
                                                       const std::vector<std::string>& header);

// The comparison key for "near-identical names": ASCII letters folded to lower case, and
// everything but letters and digits (ASCII punctuation, spaces) dropped; non-ASCII text kept
// as is. "Widget - Blue (2 pack)", "widget blue 2-pack" and "WidgetBlue2Pack" are equal.
std::string NameKey(std::string_view name);

}  // namespace stocktake::engine
