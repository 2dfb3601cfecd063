// Plain value types the engine hands to its callers (web views, CLI, tests).
// Money is int64 minor units (cents); time is ISO-8601 UTC text ("2022-03-15T09:26:37Z").
#pragma once

#include <cstdint>
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
    std::optional<int64_t> price_minor;  // empty when the report had no price
    std::optional<int64_t> quantity;     // empty for FBA rows: Amazon holds that stock
    std::string fulfillment;             // "merchant" or "fba"
    std::string status;                  // "Active", "Inactive", ...
    std::string opened_at;               // ISO-8601 UTC, or "" when unknown
};

enum class ListingSort { kSku, kName, kPrice, kQuantity, kStatus, kOpenedAt, kFulfillment };

struct ListingQuery {
    std::string text;  // case-insensitive substring of sku, name, asin or listing id; "" = all
    ListingSort sort = ListingSort::kSku;
    bool descending = false;
    int64_t limit = -1;  // -1 = no limit
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
};

enum class ImportState { kRunning, kSucceeded, kFailed };

// The record of one import: counts, per-row errors, and the one fatal error if any.
struct ImportReport {
    int64_t job_id = 0;
    std::string file_name;
    std::string format;    // "amazon_all_listings"
    std::string encoding;  // "utf-8" or "windows-1252"
    ImportState state = ImportState::kRunning;
    int64_t total = 0;       // data rows seen
    int64_t successful = 0;  // rows upserted
    int64_t failed = 0;      // rows rejected (each has a RowError)
    int64_t duplicates = 0;  // rows repeating a SKU seen earlier in the same file (skipped)
    std::string error;       // why the file as a whole could not be imported; "" otherwise
    std::vector<RowError> errors;
    std::string started_at;
    std::string finished_at;
};

struct ImportProgress {
    int64_t bytes_total = 0;
    int64_t bytes_done = 0;
    int64_t rows_done = 0;
    bool done = false;
    float Fraction() const {
        return bytes_total > 0 ? static_cast<float>(bytes_done) / static_cast<float>(bytes_total)
                               : 1.0f;
    }
};

}  // namespace stocktake::engine
