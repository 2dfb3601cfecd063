// The floor under the 1M-row import (issue 3, item 8): what SQLite alone costs to write a
// first import's rows, with nothing of the engine around it. One products row and one
// listings row per listing, bound values, one prepared statement each, one transaction,
// then the deferred index build the import does at its end.
//   import_floor_bench ROWS [SCHEMA]
// SCHEMA: current (default): the products and listings columns of today's schema (engine
// migrations 3, 7, 11), the values an All Listings row fills, created clocks as long as the
// engine's (48 characters: 16 of clock, 32 of device id). One narrowing of it at a time:
//   int-instants  created_at, updated_at and opened_at as integer seconds
//   int-clocks    created_clock as the integer clock alone (the device implied)
//   no-dups       no column that repeats another: products.asin (= product_id),
//                 products.updated_at (= created_at on a first import), listings.asin
//   no-name-index the name-key index not built (the GTIN-14 one stays)
//   compact       all four (docs/PERFORMANCE.md, "Import speed, session 14")
// "current" is main before session 16: since then the engine's first import writes integer
// created clocks and leaves the name-key index to the next import, i.e. int-clocks and
// no-name-index together (docs/PERFORMANCE.md, "Import speed, session 16").
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

// Which narrowings of today's schema a run takes (see the top of the file).
struct Shape {
    bool int_instants = false;
    bool int_clocks = false;
    bool no_dups = false;
    bool no_name_index = false;
};

bool ParseShape(const std::string& name, Shape* shape) {
    if (name == "current") return true;
    if (name == "int-instants") shape->int_instants = true;
    if (name == "int-clocks") shape->int_clocks = true;
    if (name == "no-dups") shape->no_dups = true;
    if (name == "no-name-index") shape->no_name_index = true;
    if (name == "compact") *shape = Shape{true, true, true, true};
    return shape->int_instants || shape->int_clocks || shape->no_dups || shape->no_name_index;
}

std::string Schema(const Shape& shape) {
    const std::string instant = shape.int_instants ? "INTEGER" : "TEXT";
    const std::string clock =
        shape.int_clocks ? "INTEGER NOT NULL DEFAULT 0" : "TEXT NOT NULL DEFAULT ''";
    std::string sql =
        "CREATE TABLE products (sku TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL DEFAULT '',"
        " description TEXT NOT NULL DEFAULT '', product_id TEXT NOT NULL DEFAULT '',"
        " product_id_type TEXT NOT NULL DEFAULT '', created_at " +
        instant + " NOT NULL,";
    if (!shape.no_dups) sql += " updated_at " + instant + " NOT NULL,";
    sql +=
        " gtin TEXT NOT NULL DEFAULT '', brand TEXT NOT NULL DEFAULT '',"
        " category TEXT NOT NULL DEFAULT '', image_url TEXT NOT NULL DEFAULT '',"
        " condition TEXT NOT NULL DEFAULT '', weight TEXT NOT NULL DEFAULT '',";
    if (!shape.no_dups) sql += " asin TEXT NOT NULL DEFAULT '',";
    sql +=
        " list_price_minor INTEGER NULL, cost INTEGER NULL, currency TEXT NOT NULL DEFAULT '',"
        " gtin14 TEXT NOT NULL DEFAULT '', name_key TEXT NOT NULL DEFAULT '',"
        " created_clock " +
        clock + ") WITHOUT ROWID;";
    sql +=
        "CREATE TABLE listings (sku TEXT NOT NULL, channel TEXT NOT NULL,"
        " marketplace TEXT NOT NULL DEFAULT '', listing_id TEXT NOT NULL DEFAULT '',";
    if (!shape.no_dups) sql += " asin TEXT NOT NULL DEFAULT '',";
    sql +=
        " price_minor INTEGER NULL, quantity INTEGER NULL,"
        " fulfillment TEXT NOT NULL DEFAULT 'merchant', status TEXT NOT NULL DEFAULT '',"
        " opened_at " +
        instant + " NULL, updated_at " + instant +
        " NOT NULL,"
        " currency TEXT NOT NULL DEFAULT '', created_clock " +
        clock +
        ","
        " PRIMARY KEY (sku, channel, marketplace)) WITHOUT ROWID;";
    return sql;
}

// Parameters: ?1 sku, ?2 name, ?3 description, ?4 asin, ?5 created_at, ?6 price, ?7 name
// key, ?8 created clock.
std::string ProductInsert(const Shape& shape) {
    std::string columns = "sku, name, description, product_id, product_id_type, created_at,";
    std::string values = "?1, ?2, ?3, ?4, 'ASIN', ?5,";
    if (!shape.no_dups) {
        columns += " updated_at, asin,";
        values += " ?5, ?4,";
    }
    columns += " condition, list_price_minor, currency, name_key, created_clock";
    values += " '11', ?6, 'USD', ?7, ?8";
    return "INSERT OR FAIL INTO products (" + columns + ") VALUES (" + values + ")";
}

// Parameters: ?1 sku, ?2 listing id, ?3 asin, ?4 price, ?5 quantity, ?6 opened_at,
// ?7 updated_at, ?8 created clock.
std::string ListingInsert(const Shape& shape) {
    std::string columns = "sku, channel, marketplace, listing_id,";
    std::string values = "?1, 'amazon', 'US', ?2,";
    if (!shape.no_dups) {
        columns += " asin,";
        values += " ?3,";
    }
    columns += " price_minor, quantity, status, opened_at, updated_at, currency, created_clock";
    values += " ?4, ?5, 'Active', ?6, ?7, 'USD', ?8";
    return "INSERT OR FAIL INTO listings (" + columns + ") VALUES (" + values + ")";
}

std::string Indexes(const Shape& shape) {
    std::string sql =
        "CREATE INDEX products_by_gtin14 ON products(gtin14, sku) WHERE gtin14 <> '';";
    if (!shape.no_name_index) {
        sql += "CREATE INDEX products_by_name_key ON products(name_key, sku) WHERE name_key <> '';";
    }
    return sql;
}

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
    const std::string shape_name = argc > 2 ? argv[2] : "current";
    Shape shape;
    if (!ParseShape(shape_name, &shape)) {
        std::fprintf(stderr, "unknown schema %s\n", shape_name.c_str());
        return 2;
    }
    sqlite3* db = nullptr;
    sqlite3_stmt* product = nullptr;
    sqlite3_stmt* listing = nullptr;
    // The engine's own settings for a database in memory (store/db.cpp, memory_vfs.cpp).
    // The wasm build omits SQLite's automatic initialization (cmake/third_party.cmake).
    if (sqlite3_initialize() != SQLITE_OK || sqlite3_open(":memory:", &db) != SQLITE_OK ||
        !Exec(db, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144;") ||
        !Exec(db, Schema(shape).c_str()) ||
        sqlite3_prepare_v2(db, ProductInsert(shape).c_str(), -1, &product, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db, ListingInsert(shape).c_str(), -1, &listing, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "setup: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    const double cpu_start = ProcessCpuMs();
    const Clock::time_point start = Clock::now();
    if (!Exec(db, "BEGIN")) return 1;
    const std::string description = "Generated listing for tests";
    const std::string created_text = "2026-11-25T04:00:00Z";
    const std::string opened_text = "2023-01-01T18:00:00Z";
    // The engine's created clock: 16 hex digits of clock, then the 32 of the device id.
    const std::string device = "777969a303779721eeaa817ecdc65f9c";
    const int64_t clock_start = int64_t{1764043200000} << 16;
    char sku[32], name[64], asin[32], listing_id[32], name_key[64], product_clock[64],
        listing_clock[64];
    for (long i = 0; i < rows; ++i) {
        std::snprintf(sku, sizeof sku, "SKU-%07ld", i);
        std::snprintf(name, sizeof name, "Garden Hose 50ft #%ld", i);
        std::snprintf(asin, sizeof asin, "B%09ld", i);
        std::snprintf(listing_id, sizeof listing_id, "0100%07ld", i);
        std::snprintf(name_key, sizeof name_key, "gardenhose50ft%ld", i);
        const int64_t product_hlc = clock_start + 2 * i;
        const int64_t listing_hlc = product_hlc + 1;
        Text(product, 1, sku);
        Text(product, 2, name);
        Text(product, 3, description);
        Text(product, 4, asin);
        Text(product, 7, name_key);
        sqlite3_bind_int64(product, 6, 100 + i);
        Text(listing, 1, sku);
        Text(listing, 2, listing_id);
        Text(listing, 3, asin);
        sqlite3_bind_int64(listing, 4, 100 + i);
        sqlite3_bind_int64(listing, 5, i % 50);
        if (shape.int_instants) {
            sqlite3_bind_int64(product, 5, 1764043200);
            sqlite3_bind_int64(listing, 6, 1672596000);
            sqlite3_bind_int64(listing, 7, 1764043200);
        } else {
            Text(product, 5, created_text);
            Text(listing, 6, opened_text);
            Text(listing, 7, created_text);
        }
        if (shape.int_clocks) {
            sqlite3_bind_int64(product, 8, product_hlc);
            sqlite3_bind_int64(listing, 8, listing_hlc);
        } else {
            std::snprintf(product_clock, sizeof product_clock, "%016llx%s",
                          static_cast<unsigned long long>(product_hlc), device.c_str());
            std::snprintf(listing_clock, sizeof listing_clock, "%016llx%s",
                          static_cast<unsigned long long>(listing_hlc), device.c_str());
            Text(product, 8, product_clock);
            Text(listing, 8, listing_clock);
        }
        if (!StepAndReset(db, product) || !StepAndReset(db, listing)) return 1;
    }
    const double insert_ms = MsSince(start);
    const Clock::time_point index_start = Clock::now();
    if (!Exec(db, Indexes(shape).c_str()) || !Exec(db, "COMMIT")) return 1;
    const double index_ms = MsSince(index_start);
    sqlite3_int64 bytes = 0;
    sqlite3_stmt* size = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size",
                           -1, &size, nullptr) == SQLITE_OK &&
        sqlite3_step(size) == SQLITE_ROW) {
        bytes = sqlite3_column_int64(size, 0);
    }
    sqlite3_finalize(size);
    std::printf(
        "{\"schema\":\"%s\",\"rows\":%ld,\"insert_ms\":%.0f,\"index_and_commit_ms\":%.0f,"
        "\"cpu_ms\":%.0f,\"db_mb\":%.1f}\n",
        shape_name.c_str(), rows, insert_ms, index_ms, ProcessCpuMs() - cpu_start,
        static_cast<double>(bytes) / 1e6);
    sqlite3_finalize(product);
    sqlite3_finalize(listing);
    sqlite3_close(db);
    return 0;
}
