// ScanCacheBound: the page cache is bounded while a pass over many pages holds it, and is
// Tune's again afterwards.
#include <catch2/catch.hpp>

#include "store/db.h"

namespace stocktake::engine {
namespace {

int64_t CacheSize(Db& db) {
    Result<Statement> stmt = db.Prepare("PRAGMA cache_size");
    REQUIRE(stmt.ok());
    Result<bool> row = stmt->Step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    return stmt->ColumnInt64(0);
}

TEST_CASE("a scan bounds the page cache while it runs and gives Tune's bound back", "[db]") {
    Result<std::unique_ptr<Db>> opened = Db::Open(":memory:");
    REQUIRE(opened.ok());
    Db& db = *opened.value();
    REQUIRE(db.Tune(true, 262144).ok());
    REQUIRE(CacheSize(db) == -262144);
    {
        ScanCacheBound bound(&db);
        CHECK(CacheSize(db) == -ScanCacheBound::kKib);
    }
    CHECK(CacheSize(db) == -262144);

    // A cache already below the bound keeps its own.
    REQUIRE(db.Tune(true, 1024).ok());
    {
        ScanCacheBound bound(&db);
        CHECK(CacheSize(db) == -1024);
    }
    CHECK(CacheSize(db) == -1024);
}

}  // namespace
}  // namespace stocktake::engine
