// The floor under the 1M-row import (issue 3, item 8): what SQLite alone costs to write a
// first import's rows, with nothing of the engine around it. One products row and one
// listings row per listing, bound values, one prepared statement each, one transaction,
// then the deferred index build the import does at its end.
//   import_floor_bench ROWS [current|compact]
// current: the products and listings columns of today's schema (engine migrations 3, 7,
// 11), the values an All Listings row fills. compact: the same facts as fewer columns, with
// instants and clocks as integers: what a narrower schema would save.
// Prints one JSON line: wall ms of the inserts and of the index build, and process CPU ms.
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bench_util.h"

namespace {

using stocktake::bench::Clock;
using stocktake::bench::MsSince;
using stocktake::bench::ProcessCpuMs;

constexpr const char* kCurrentSchema = R"sql(
CREATE TABLE products (sku TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '', product_id TEXT NOT NULL DEFAULT '',
  product_id_type TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  gtin TEXT NOT NULL DEFAULT '', brand TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT '',
  image_url TEXT NOT NULL DEFAULT '', condition TEXT NOT NULL DEFAULT '',
  weight TEXT NOT NULL DEFAULT '', asin TEXT NOT NULL DEFAULT '', list_price_minor INTEGER NULL,
  cost INTEGER NULL, currency TEXT NOT NULL DEFAULT '', gtin14 TEXT NOT NULL DEFAULT '',
  name_key TEXT NOT NULL DEFAULT '', created_clock TEXT NOT NULL DEFAULT '') WITHOUT ROWID;
CREATE TABLE listings (sku TEXT NOT NULL, channel TEXT NOT NULL,
  marketplace TEXT NOT NULL DEFAULT '', listing_id TEXT NOT NULL DEFAULT '',
  asin TEXT NOT NULL DEFAULT '', price_minor INTEGER NULL, quantity INTEGER NULL,
  fulfillment TEXT NOT NULL DEFAULT 'merchant', status TEXT NOT NULL DEFAULT '',
  opened_at TEXT NULL, updated_at TEXT NOT NULL, currency TEXT NOT NULL DEFAULT '',
  created_clock TEXT NOT NULL DEFAULT '', PRIMARY KEY (sku, channel, marketplace)) WITHOUT ROWID;
)sql";
constexpr const char* kCurrentProduct =
    "INSERT OR FAIL INTO products (sku, name, description, product_id, product_id_type,"
    " created_at, updated_at, condition, asin, list_price_minor, currency, name_key,"
    " created_clock) VALUES (?1, ?2, ?3, ?4, 'ASIN', ?5, ?5, '11', ?4, ?6, 'USD', ?7, ?8)";
constexpr const char* kCurrentListing =
    "INSERT OR FAIL INTO listings (sku, channel, marketplace, listing_id, asin, price_minor,"
    " quantity, status, opened_at, updated_at, currency, created_clock) VALUES"
    " (?1, 'amazon', 'US', ?2, ?3, ?4, ?5, 'Active', ?6, ?7, 'USD', ?8)";
constexpr const char* kCurrentIndexes =
    "CREATE INDEX products_by_gtin14 ON products(gtin14, sku) WHERE gtin14 <> '';"
    "CREATE INDEX products_by_name_key ON products(name_key, sku) WHERE name_key <> '';";

constexpr const char* kCompactSchema = R"sql(
CREATE TABLE products (sku TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '', asin TEXT NOT NULL DEFAULT '',
  list_price_minor INTEGER NULL, currency TEXT NOT NULL DEFAULT '',
  name_key TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL,
  created_clock INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE listings (sku TEXT NOT NULL, channel TEXT NOT NULL,
  marketplace TEXT NOT NULL DEFAULT '', listing_id TEXT NOT NULL DEFAULT '',
  price_minor INTEGER NULL, quantity INTEGER NULL, status TEXT NOT NULL DEFAULT '',
  opened_at INTEGER NULL, created_clock INTEGER NOT NULL,
  PRIMARY KEY (sku, channel, marketplace)) WITHOUT ROWID;
)sql";
constexpr const char* kCompactProduct =
    "INSERT OR FAIL INTO products (sku, name, description, asin, list_price_minor, currency,"
    " name_key, created_at, created_clock) VALUES (?1, ?2, ?3, ?4, ?6, 'USD', ?7, ?5, ?8)";
constexpr const char* kCompactListing =
    "INSERT OR FAIL INTO listings (sku, channel, marketplace, listing_id, price_minor,"
    " quantity, status, opened_at, created_clock) VALUES"
    " (?1, 'amazon', 'US', ?2, ?4, ?5, 'Active', ?6, ?8)";
constexpr const char* kCompactIndexes =
    "CREATE INDEX products_by_name_key ON products(name_key, sku) WHERE name_key <> '';";

bool Exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return true;
    std::fprintf(stderr, "%s\n", error != nullptr ? error : "error");
    sqlite3_free(error);
    return false;
}

// SQLITE_STATIC: the text must outlive the step (a buffer of main's, never a temporary).
void Text(sqlite3_stmt* stmt, int i, std::string_view text) {
    sqlite3_bind_text(stmt, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

bool StepAndReset(sqlite3* db, sqlite3_stmt* stmt) {
    const bool done = sqlite3_step(stmt) == SQLITE_DONE;
    if (!done) std::fprintf(stderr, "%s\n", sqlite3_errmsg(db));
    sqlite3_reset(stmt);
    return done;
}

}  // namespace

int main(int argc, char** argv) {
    const long rows = argc > 1 ? std::atol(argv[1]) : 1'000'000;
    const bool compact = argc > 2 && std::string(argv[2]) == "compact";
    sqlite3* db = nullptr;
    sqlite3_stmt* product = nullptr;
    sqlite3_stmt* listing = nullptr;
    // The engine's own settings for a database in memory (store/db.cpp, memory_vfs.cpp).
    // The wasm build omits SQLite's automatic initialization (cmake/third_party.cmake).
    if (sqlite3_initialize() != SQLITE_OK || sqlite3_open(":memory:", &db) != SQLITE_OK ||
        !Exec(db, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144;") ||
        !Exec(db, compact ? kCompactSchema : kCurrentSchema) ||
        sqlite3_prepare_v2(db, compact ? kCompactProduct : kCurrentProduct, -1, &product,
                           nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db, compact ? kCompactListing : kCurrentListing, -1, &listing,
                           nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "setup: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    const double cpu_start = ProcessCpuMs();
    const Clock::time_point start = Clock::now();
    if (!Exec(db, "BEGIN")) return 1;
    const std::string description = "Generated listing for tests";
    const std::string created_text = "2026-11-25T04:00:00Z";
    const std::string opened_text = "2023-01-01T18:00:00Z";
    const std::string clock_text = "0000018f2a3b4c5d0001";
    char sku[32], name[64], asin[32], listing_id[32], name_key[64];
    for (long i = 0; i < rows; ++i) {
        std::snprintf(sku, sizeof sku, "SKU-%07ld", i);
        std::snprintf(name, sizeof name, "Garden Hose 50ft #%ld", i);
        std::snprintf(asin, sizeof asin, "B%09ld", i);
        std::snprintf(listing_id, sizeof listing_id, "0100%07ld", i);
        std::snprintf(name_key, sizeof name_key, "garden hose 50ft %ld", i);
        Text(product, 1, sku);
        Text(product, 2, name);
        Text(product, 3, description);
        Text(product, 4, asin);
        Text(product, 7, name_key);
        sqlite3_bind_int64(product, 6, 100 + i);
        Text(listing, 1, sku);
        Text(listing, 2, listing_id);
        sqlite3_bind_int64(listing, 4, 100 + i);
        sqlite3_bind_int64(listing, 5, i % 50);
        if (compact) {
            sqlite3_bind_int64(product, 5, 1764043200);
            sqlite3_bind_int64(product, 8, (int64_t{1764043200000} << 16) + i);
            sqlite3_bind_int64(listing, 6, 1672596000);
            sqlite3_bind_int64(listing, 8, (int64_t{1764043200000} << 16) + i);
        } else {
            Text(product, 5, created_text);
            Text(product, 8, clock_text);
            Text(listing, 3, asin);
            Text(listing, 6, opened_text);
            Text(listing, 7, created_text);
            Text(listing, 8, clock_text);
        }
        if (!StepAndReset(db, product) || !StepAndReset(db, listing)) return 1;
    }
    const double insert_ms = MsSince(start);
    const Clock::time_point index_start = Clock::now();
    if (!Exec(db, compact ? kCompactIndexes : kCurrentIndexes) || !Exec(db, "COMMIT")) return 1;
    const double index_ms = MsSince(index_start);
    std::printf(
        "{\"schema\":\"%s\",\"rows\":%ld,\"insert_ms\":%.0f,\"index_and_commit_ms\":%.0f,"
        "\"cpu_ms\":%.0f}\n",
        compact ? "compact" : "current", rows, insert_ms, index_ms, ProcessCpuMs() - cpu_start);
    sqlite3_finalize(product);
    sqlite3_finalize(listing);
    sqlite3_close(db);
    return 0;
}
