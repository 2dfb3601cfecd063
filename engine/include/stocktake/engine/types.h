// Plain value types the engine hands to its callers (web views, CLI, tests).
// Money is int64 minor units (cents); time is ISO-8601 UTC text ("2022-03-15T09:26:37Z").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stocktake::engine {

// One listing of a SKU on a channel, joined with its product.
struct ListingRow {
    std::string sku;
    std::string name;         // product name (UTF-8)
    std::string channel;      // "amazon"
    std::string marketplace;  // "" when the report does not say
    std::string listing_id;
    std::string asin;
    std::optional<int64_t> price_minor;       // empty when the report had no price
    std::optional<int64_t> quantity;          // empty for FBA rows: Amazon holds that stock
    std::string fulfillment;                  // "merchant" or "fba"
    std::string status;                       // "Active", "Inactive", ...
    std::string opened_at;                    // ISO-8601 UTC, or "" when unknown
    std::string gtin;                         // the product's barcode as imported ("" = none)
    std::optional<int64_t> list_price_minor;  // the product's own list price (SaveProduct)
};

enum class ListingSort { kSku, kName, kPrice, kQuantity, kStatus, kOpenedAt, kFulfillment };

struct ListingQuery {
    // Case-insensitive substring of sku, name, asin, listing id or GTIN (as imported, or as
    // its zero-padded GTIN-14); "" = all.
    std::string text;
    ListingSort sort = ListingSort::kSku;
    bool descending = false;
    int64_t limit = -1;  // -1 = no limit
    std::string sku;     // exactly this SKU (e.g. a product's detail); "" = any
    // Also a row for each product without a listing (channel "" and no listing fields), so
    // a catalogue imported from a supplier's sheet shows before it is listed anywhere.
    bool include_unlisted = false;
};

struct CountByKey {
    std::string key;
    int64_t count = 0;
};

// The dashboard's summary figures.
struct Summary {
    int64_t skus = 0;  // distinct products
    int64_t listings = 0;
    int64_t units = 0;         // sum of known merchant quantities (FBA excluded: unknown)
    int64_t fba_listings = 0;  // listings whose quantity Amazon holds
    std::vector<CountByKey> by_channel;
    std::vector<CountByKey> by_status;
};

struct RowError {
    int64_t line = 0;     // 1-based line number in the file (the header is line 1)
    std::string column;   // header name, or "" for whole-row problems
    std::string message;  // what is wrong and what to do about it
    std::string value;    // the cell as written, "" for whole-row problems
};

enum class ImportState { kRunning, kSucceeded, kFailed };
const char* ImportStateName(ImportState state);  // "running", "succeeded", "failed"

// What an import did (or, in a dry run, would do) to one stored record.
enum class ChangeKind { kNew, kChanged, kUnchanged };
const char* ChangeKindName(ChangeKind kind);  // "new", "changed", "unchanged"

struct FieldChange {
    std::string field;   // "price", "quantity", ...
    std::string before;  // stored value as text ("" = empty/unknown)
    std::string after;   // value from the file
};

struct RecordChange {
    int64_t line = 0;
    std::string entity;  // "product", "listing", "vendor_price"
    std::string key;     // "SKU-1", "SKU-1 / amazon", "Acme / SKU-1"
    ChangeKind kind = ChangeKind::kNew;
    std::vector<FieldChange> fields;  // kChanged: the fields that differ; kNew: all set
};

// A row that may describe something already in the catalogue under another SKU. Only ever
// reported: the seller decides whether to merge.
struct MatchSuggestion {
    int64_t line = 0;
    std::string sku;           // the SKU in the file
    std::string existing_sku;  // the SKU already stored (or earlier in the same file)
    std::string reason;        // "same GTIN 00012345678905", "near-identical name"
};

// A column the user bound to a catalogue field on the mapping screen.
struct MappedColumn {
    std::string column;  // header text as the user saw it (compared normalised)
    int occurrence = 1;  // 1-based, for headers that repeat a name
    bool operator==(const MappedColumn& other) const {
        return column == other.column && occurrence == other.occurrence;
    }
};

// A generic catalogue mapping: canonical field ("sku", "name", ...) -> column.
struct ColumnMapping {
    std::map<std::string, MappedColumn> fields;
    bool operator==(const ColumnMapping& other) const { return fields == other.fields; }
};

// The record of one import: counts, per-row errors, and the one fatal error if any.
struct ImportReport {
    int64_t job_id = 0;
    std::string file_name;
    std::string format;    // "amazon_all_listings"; "" when no format could be chosen
    std::string encoding;  // "utf-8" or "windows-1252"
    ImportState state = ImportState::kRunning;
    bool dry_run = false;    // a preview: nothing written (but a history entry when asked)
    bool cancelled = false;  // stopped by Cancel() (state kFailed)
    int64_t total = 0;       // data rows seen
    int64_t successful = 0;  // rows imported (new, changed or already up to date)
    int64_t failed = 0;      // rows rejected (each has a RowError)
    int64_t duplicates = 0;  // rows repeating a key seen earlier in the same file (skipped)
    int64_t skipped = 0;     // rows with nothing to import (e.g. Shopify image rows)
    int64_t created = 0;     // successful rows that added a record
    int64_t changed = 0;     // ... that changed at least one stored field
    int64_t unchanged = 0;   // ... whose values were already stored
    std::string error;       // why the file as a whole could not be imported; "" otherwise
    std::vector<RowError> errors;
    // Dry runs: the first kMaxReportedChanges new and changed records, field by field.
    std::vector<RecordChange> changes;
    std::vector<MatchSuggestion> suggestions;
    int64_t suggestions_found = 0;   // exact count; suggestions keeps the first ones
    std::vector<std::string> notes;  // file-level remarks: columns not imported, ...
    std::string started_at;
    std::string finished_at;
    int64_t elapsed_ms = 0;

    int64_t processed() const { return successful + failed + duplicates + skipped; }
};

// What the import screen shows before anything is imported: how the file reads, which
// format it is, and the mapping a generic catalogue would use.
struct FormatGuess {
    std::string id;
    std::string display_name;
    double confidence = 0.0;  // 0..1
    std::vector<std::string> missing_required;
    bool importable = false;
};

struct FilePreview {
    std::string error;  // the file cannot be read at all (everything else is then empty)
    std::string encoding;
    std::string delimiter;  // "tab", "comma", "semicolon"
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // the first data rows, as read
    std::string outcome;                         // "recognised", "ambiguous", "needs_mapping"
    std::string reason;                          // one sentence for the seller
    std::vector<FormatGuess> candidates;         // best first
    std::string signature;                       // header signature mappings are saved under
    ColumnMapping mapping;  // the saved mapping for this header, else a suggested one
    bool mapping_saved = false;
    std::vector<std::string> mapping_fields;  // fields a mapping may bind ("sku" required)
};

// A supplier's price for a SKU (vendor_prices).
struct VendorPrice {
    std::string supplier;
    std::string sku;
    int64_t cost = 0;  // 10^-4 currency units (sub-cent bulk prices)
    std::string currency;
    std::optional<int64_t> moq;
    std::optional<int64_t> pack_size;
    std::optional<int64_t> lead_time_days;
    std::string supplier_part_number;
};

struct ImportProgress {
    int64_t bytes_total = 0;
    int64_t bytes_done = 0;
    int64_t rows_done = 0;
    bool done = false;
    // A fed job (ImportRequest::fed) has read every byte it was given: Feed the next
    // chunk, or FinishInput at the end of the file.
    bool needs_input = false;
    // The most bytes the job has held at once for its input: bytes fed and not yet read,
    // plus the reader's decoded text. Bounded by the fed chunk size plus the longest
    // record (for a request holding its bytes, the whole file).
    int64_t peak_input_bytes = 0;
    float Fraction() const {
        return bytes_total > 0 ? static_cast<float>(bytes_done) / static_cast<float>(bytes_total)
                               : 1.0f;
    }
};

}  // namespace stocktake::engine
