// Every row of a query as "a|b|c" lines (NULL spelled out): for tests that compare what two
// databases hold.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "store/db.h"

namespace stocktake::engine::testing {

inline std::string Rows(Db& db, const std::string& sql, int columns) {
    Result<Statement> stmt = db.Prepare(sql);
    REQUIRE(stmt.ok());
    std::string text;
    for (;;) {
        Result<bool> row = stmt->Step();
        REQUIRE(row.ok());
        if (!row.value()) return text;
        for (int i = 0; i < columns; ++i) {
            text += stmt->ColumnIsNull(i) ? "NULL" : stmt->ColumnText(i);
            text += i + 1 < columns ? "|" : "\n";
        }
    }
}

// Rows of the database file at path.
inline std::string FileRows(const std::string& path, const std::string& sql, int columns) {
    Result<std::unique_ptr<Db>> db = Db::Open(path);
    REQUIRE(db.ok());
    return Rows(*db.value(), sql, columns);
}

// The catalogue's records and tombstones in the database file at path, to compare devices.
inline std::string CatalogRecords(const std::string& path) {
    return FileRows(path,
                    "SELECT sku, name, description, brand, list_price_minor, asin FROM products"
                    " ORDER BY sku",
                    6) +
           FileRows(path,
                    "SELECT sku, channel, marketplace, listing_id, price_minor, quantity, status"
                    " FROM listings ORDER BY 1, 2, 3",
                    7) +
           FileRows(path,
                    "SELECT entity, key, deleted, tombstone FROM record_clocks WHERE deleted = 1"
                    " ORDER BY 1, 2",
                    4);
}

}  // namespace stocktake::engine::testing
