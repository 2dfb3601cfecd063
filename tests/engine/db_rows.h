// Every row of a query as "a|b|c" lines (NULL spelled out): for tests that compare what two
// databases hold.
#pragma once

#include <catch2/catch.hpp>
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

}  // namespace stocktake::engine::testing
