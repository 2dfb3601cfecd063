// FirstImportCache: a first import works with a small page cache while its rows come in key
// order, and gets the connection's whole cache back once it reads pages back.
#include "import/first_import_cache.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/db_rows.h"
#include "engine/test_util.h"

namespace stocktake::engine {
namespace {

using testing::Rows;

constexpr int64_t kTunedKib = 1024;
constexpr int64_t kSmallKib = 64;  // 16 pages of 4 KiB: far less than the rows below

std::string CacheSize(Db& db) {
    return Rows(db, "PRAGMA cache_size", 1);
}

// Inserts key's row (a few hundred bytes, so the table outgrows the small cache) and tells
// the cache a row was written.
void InsertRow(Db& db, FirstImportCache& cache, const std::string& key) {
    Result<Statement> insert = db.Cached("INSERT INTO t (k, v) VALUES (?1, ?2)");
    REQUIRE(insert.ok());
    insert->BindText(1, key);
    insert->BindText(2, std::string(300, 'v'));
    REQUIRE(insert->Run().ok());
    REQUIRE(cache.AfterRow().ok());
}

std::string Key(int64_t i) {
    std::string digits = std::to_string(i);
    return "K" + std::string(8 - digits.size(), '0') + digits;
}

struct Fixture {
    testing::TempDbFile file{"first_import_cache"};
    std::unique_ptr<Db> db;
    Fixture() {
        Result<std::unique_ptr<Db>> opened = Db::Open(file.path());
        REQUIRE(opened.ok());
        db = std::move(opened.value());
        REQUIRE(db->Tune(/*journal_in_memory=*/true, kTunedKib, /*mmap_bytes=*/0).ok());
        REQUIRE(db->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID").ok());
        REQUIRE(db->Begin().ok());
    }
};

TEST_CASE("a first import's rows in key order keep the small cache until it finishes",
          "[import][first_import_cache]") {
    Fixture f;
    FirstImportCache cache;
    REQUIRE(cache.Start(f.db.get(), kSmallKib).ok());
    CHECK(cache.small());
    CHECK(CacheSize(*f.db) == "-64\n");
    const int64_t misses = f.db->CacheMisses();
    for (int64_t i = 0; i < 5 * FirstImportCache::kCheckRows; ++i) InsertRow(*f.db, cache, Key(i));
    CHECK(cache.small());
    CHECK(f.db->CacheMisses() - misses < FirstImportCache::kMissesPerCheck);
    REQUIRE(cache.Finish().ok());
    CHECK_FALSE(cache.small());
    CHECK(CacheSize(*f.db) == "-1024\n");
    REQUIRE(cache.Finish().ok());  // once is enough
    CHECK(CacheSize(*f.db) == "-1024\n");
    REQUIRE(f.db->Commit().ok());
    CHECK(Rows(*f.db, "SELECT count(*) FROM t", 1) ==
          std::to_string(5 * FirstImportCache::kCheckRows) + "\n");
}

TEST_CASE("a first import whose rows land on pages written out gets the whole cache back",
          "[import][first_import_cache]") {
    Fixture f;
    FirstImportCache cache;
    REQUIRE(cache.Start(f.db.get(), kSmallKib).ok());
    const int64_t rows = 3 * FirstImportCache::kCheckRows;
    for (int64_t i = 0; i < rows; ++i) InsertRow(*f.db, cache, Key(2 * i));
    REQUIRE(cache.small());
    // The odd keys fall between rows already written: every leaf is visited again.
    for (int64_t i = 0; i < rows && cache.small(); ++i) {
        InsertRow(*f.db, cache, Key((i * 7919) % rows * 2 + 1));
    }
    CHECK_FALSE(cache.small());
    CHECK(CacheSize(*f.db) == "-1024\n");
}

TEST_CASE("a connection whose cache is already small keeps it", "[import][first_import_cache]") {
    Fixture f;
    FirstImportCache cache;
    REQUIRE(cache.Start(f.db.get(), kTunedKib).ok());
    CHECK_FALSE(cache.small());
    CHECK(CacheSize(*f.db) == "-1024\n");
}

}  // namespace
}  // namespace stocktake::engine
