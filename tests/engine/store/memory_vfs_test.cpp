// The memory VFS: a database saved a changed block at a time opens again whole; a small
// change saves a few blocks whatever the database's size; no torn state is ever handed out.
#include "stocktake/engine/memory_vfs.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <map>

#include "../db_rows.h"
#include "../test_util.h"
#include "store/db.h"

namespace stocktake::engine {
namespace {

using testing::AllListings;
using testing::CheckSameListings;

// What the browser keeps in IndexedDB: block index -> bytes, and the block count.
struct SavedFile {
    std::map<int64_t, std::string> blocks;
    int64_t block_count = 0;

    // Saves what changed, as the platform does after a commit; returns the blocks written.
    size_t Save(const std::string& path) {
        Result<FileChanges> changes = TakeFileChanges(path);
        REQUIRE(changes.ok());
        for (int64_t index : changes->blocks) {
            Result<std::string_view> bytes = FileBlock(path, index);
            REQUIRE(bytes.ok());
            blocks[index] = std::string(bytes.value());
        }
        block_count = changes->block_count;
        blocks.erase(blocks.lower_bound(block_count), blocks.end());
        return changes->blocks.size();
    }

    // A page load: the file in memory is gone, and is rebuilt from what was saved.
    void Restore(const std::string& path) const {
        DeleteMemoryFile(path);
        for (const auto& [index, bytes] : blocks) REQUIRE(LoadFileBlock(path, index, bytes).ok());
    }
};

// One row per SKU, every row a new listing.
std::string ListingsReport(int rows, const std::string& price) {
    std::string text =
        "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\tfulfillment-channel"
        "\tstatus\r\n";
    for (int i = 0; i < rows; ++i) {
        const std::string n = std::to_string(i);
        text += "Enamel mug " + n + "\tL" + n + "\tSKU-" + n + "\t" + price + "\t" +
                std::to_string(i % 40) + "\t2023-01-02 10:00:00 PST\tB0" + n +
                "\tDEFAULT\tActive\r\n";
    }
    return text;
}

std::unique_ptr<Engine> OpenInMemoryVfs(const std::string& path, bool journal_in_memory) {
    REQUIRE(RegisterMemoryVfs().ok());
    EngineOptions options = MemoryVfsEngineOptions();
    options.journal_in_memory = journal_in_memory;
    Result<std::unique_ptr<Engine>> engine = Engine::Open(path, options);
    REQUIRE(engine.ok());
    return std::move(engine.value());
}

TEST_CASE("memory VFS: saved block by block, a database opens again with every row",
          "[engine][store][vfs]") {
    const bool journal_in_memory = GENERATE(true, false);
    const std::string path = "/vfs-test/saved.db";
    DeleteMemoryFile(path);
    SavedFile saved;
    std::vector<ListingRow> before;
    {
        std::unique_ptr<Engine> engine = OpenInMemoryVfs(path, journal_in_memory);
        // Enough rows for a database of over 100 blocks after a first import (no name-key index).
        REQUIRE(engine->ImportFile("all.txt", ListingsReport(25000, "9.99")).ok());
        const size_t first = saved.Save(path);
        CHECK(first == static_cast<size_t>(saved.block_count));  // a new file: all of it
        REQUIRE(saved.block_count > 100);
        // The next import first makes the name-key index the first one left to it
        // (CatalogRepo::EnsureNameKeyIndex), whose blocks the next save writes, once.
        REQUIRE(engine->ImportFile("same.txt", ListingsReport(1, "9.99")).ok());
        CHECK(saved.Save(path) > 12);

        // One listing's price changes: the save writes a few blocks, not the database.
        REQUIRE(engine->ImportFile("one.txt", ListingsReport(1, "7.49")).ok());
        const size_t second = saved.Save(path);
        CAPTURE(second, saved.block_count);
        CHECK(second >= 1);
        CHECK(second <= 12);
        CHECK(saved.Save(path) == 0);  // nothing changed since
        before = AllListings(*engine);
    }
    saved.Restore(path);
    std::unique_ptr<Engine> reopened = OpenInMemoryVfs(path, journal_in_memory);
    const std::vector<ListingRow> after = AllListings(*reopened);
    CheckSameListings(after, before);
    REQUIRE(after.size() == 25000);
    CHECK(testing::FindListing(*reopened, "SKU-0")->price_minor == 749);
    CHECK(testing::FindListing(*reopened, "SKU-1")->price_minor == 999);
    reopened.reset();
    DeleteMemoryFile(path);
}

TEST_CASE("memory VFS: no changes are handed out while a write transaction is open",
          "[engine][store][vfs]") {
    const std::string path = "/vfs-test/open-transaction.db";
    DeleteMemoryFile(path);
    std::unique_ptr<Engine> engine = OpenInMemoryVfs(path, true);
    REQUIRE(TakeFileChanges(path).ok());
    Result<std::unique_ptr<ImportJob>> job =
        engine->StartImport(ImportRequest("all.txt", ListingsReport(5000, "9.99")));
    REQUIRE(job.ok());
    REQUIRE((*job)->Step(1000).ok());  // some rows written, not committed
    Result<FileChanges> torn = TakeFileChanges(path);
    REQUIRE_FALSE(torn.ok());
    CHECK(torn.status().code() == Code::kUnavailable);
    while (!(*job)->IsDone()) REQUIRE((*job)->Step(1000).ok());
    Result<FileChanges> committed = TakeFileChanges(path);
    REQUIRE(committed.ok());
    CHECK_FALSE(committed->blocks.empty());
    job->reset();
    engine.reset();
    DeleteMemoryFile(path);
}

// A new database at path in the memory VFS with table t: 3,000 rows of 1,000 random bytes.
std::unique_ptr<Db> OpenWithTable(const std::string& path) {
    DeleteMemoryFile(path);
    REQUIRE(RegisterMemoryVfs().ok());
    Result<std::unique_ptr<Db>> db = Db::Open(path, kMemoryVfsName);
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB);").ok());
    REQUIRE((*db)
                ->Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                       "WHERE i < 3000) INSERT INTO t SELECT i, randomblob(1000) FROM n;")
                .ok());
    return std::move(db.value());
}

TEST_CASE("memory VFS: a file that shrinks saves its new length, and reads back zeros past it",
          "[engine][store][vfs]") {
    const std::string path = "/vfs-test/shrink.db";
    SavedFile saved;
    {
        std::unique_ptr<Db> db = OpenWithTable(path);
        saved.Save(path);
        const int64_t large = saved.block_count;
        REQUIRE(db->Exec("DELETE FROM t WHERE id > 10; VACUUM;").ok());
        saved.Save(path);
        CAPTURE(large, saved.block_count);
        CHECK(saved.block_count < large / 10);
        CHECK(static_cast<int64_t>(saved.blocks.size()) == saved.block_count);
    }
    saved.Restore(path);
    Result<std::unique_ptr<Db>> db = Db::Open(path, kMemoryVfsName);
    REQUIRE(db.ok());
    CHECK(testing::Rows(**db, "PRAGMA integrity_check;", 1) == "ok\n");
    CHECK(testing::Rows(**db, "SELECT count(*), sum(length(b)) FROM t;", 2) == "10|10000\n");
    db->reset();
    DeleteMemoryFile(path);
}

// A file of the memory VFS opened as SQLite opens one, for calling its methods directly.
class RawFile {
  public:
    explicit RawFile(const std::string& path) : path_(path) {
        REQUIRE(RegisterMemoryVfs().ok());
        sqlite3_vfs* vfs = sqlite3_vfs_find(kMemoryVfsName);
        REQUIRE(vfs != nullptr);
        DeleteMemoryFile(path);
        handle_.assign(static_cast<size_t>(vfs->szOsFile), '\0');
        int flags = 0;
        REQUIRE(vfs->xOpen(vfs, path.c_str(), file(),
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MAIN_DB,
                           &flags) == SQLITE_OK);
    }
    ~RawFile() {
        file()->pMethods->xClose(file());
        DeleteMemoryFile(path_);
    }
    sqlite3_file* file() { return reinterpret_cast<sqlite3_file*>(handle_.data()); }

  private:
    std::string path_;
    std::string handle_;
};

TEST_CASE("memory VFS: the gap a write past the end leaves reads as zeros, even after a shrink",
          "[engine][store][vfs]") {
    // Blocks are not zeroed when allocated, so this holds only if the write zeroes the gap.
    RawFile raw("/vfs-test/gap.db");
    sqlite3_file* file = raw.file();
    const auto write = [&](char c, int amount, int64_t offset) {
        const std::string bytes(static_cast<size_t>(amount), c);
        REQUIRE(file->pMethods->xWrite(file, bytes.data(), amount, offset) == SQLITE_OK);
    };
    const auto read = [&](int amount, int64_t offset) {
        std::string bytes(static_cast<size_t>(amount), '?');
        REQUIRE(file->pMethods->xRead(file, bytes.data(), amount, offset) == SQLITE_OK);
        return bytes;
    };
    const int64_t far = 3 * kMemoryVfsBlockBytes + 100;  // a block boundary and more away
    write('x', 100, 0);
    write('y', 10, far);
    CHECK(read(100, 0) == std::string(100, 'x'));
    CHECK(read(static_cast<int>(far - 100), 100) ==
          std::string(static_cast<size_t>(far - 100), '\0'));
    CHECK(read(10, far) == std::string(10, 'y'));
    // Shrunk into the x's, then written past them: the x's cut off must not come back.
    REQUIRE(file->pMethods->xTruncate(file, 50) == SQLITE_OK);
    write('z', 10, 1000);
    CHECK(read(50, 0) == std::string(50, 'x'));
    CHECK(read(950, 50) == std::string(950, '\0'));
    CHECK(read(10, 1000) == std::string(10, 'z'));
}

// The page cache's bytes after a full scan of a 3 MB table, read with mmap_size = mmap.
int CacheUsedAfterScan(const std::string& path, int64_t mmap) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, kMemoryVfsName) == SQLITE_OK);
    // A cache large enough for the whole table, as the app's.
    const std::string pragma =
        "PRAGMA cache_size = -65536; PRAGMA mmap_size = " + std::to_string(mmap) + ";";
    REQUIRE(sqlite3_exec(db, pragma.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_stmt* scan = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT sum(length(b)) FROM t;", -1, &scan, nullptr) ==
            SQLITE_OK);
    REQUIRE(sqlite3_step(scan) == SQLITE_ROW);
    CHECK(sqlite3_column_int64(scan, 0) == 3000000);
    sqlite3_finalize(scan);
    int used = 0;
    int highwater = 0;
    REQUIRE(sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_USED, &used, &highwater, 0) == SQLITE_OK);
    sqlite3_close(db);
    return used;
}

TEST_CASE("memory VFS: with mmap_size, pages are read in place, not copied into the cache",
          "[engine][store][vfs]") {
    const std::string path = "/vfs-test/in-place.db";
    OpenWithTable(path);
    const int copied = CacheUsedAfterScan(path, 0);
    const int in_place = CacheUsedAfterScan(path, MemoryVfsEngineOptions().mmap_bytes);
    CAPTURE(copied, in_place);
    CHECK(copied > 3000000);   // every page of the table, copied
    CHECK(in_place < 300000);  // a page header per page, reused
    DeleteMemoryFile(path);
}

TEST_CASE("memory VFS: a fetched page stays readable while the file shrinks under it",
          "[engine][store][vfs]") {
    const std::string path = "/vfs-test/fetch.db";
    RawFile raw(path);
    sqlite3_file* file = raw.file();
    REQUIRE(file->pMethods->iVersion >= 3);
    const int64_t third_block = 2 * kMemoryVfsBlockBytes;
    const std::string bytes(static_cast<size_t>(3 * kMemoryVfsBlockBytes), 'p');
    REQUIRE(file->pMethods->xWrite(file, bytes.data(), static_cast<int>(bytes.size()), 0) ==
            SQLITE_OK);
    void* page = nullptr;
    REQUIRE(file->pMethods->xFetch(file, third_block, 4096, &page) == SQLITE_OK);
    REQUIRE(page != nullptr);
    CHECK(std::string(static_cast<const char*>(page), 4096) == std::string(4096, 'p'));
    // Past the end, or across two blocks: no pointer, SQLite reads a copy instead.
    void* none = &none;
    REQUIRE(file->pMethods->xFetch(file, 3 * kMemoryVfsBlockBytes, 4096, &none) == SQLITE_OK);
    CHECK(none == nullptr);
    none = &none;
    REQUIRE(file->pMethods->xFetch(file, kMemoryVfsBlockBytes - 100, 4096, &none) == SQLITE_OK);
    CHECK(none == nullptr);
    // The file shrinks to one block while the page is out: its block is not freed under it.
    REQUIRE(file->pMethods->xTruncate(file, kMemoryVfsBlockBytes) == SQLITE_OK);
    // Memory of the block's size, written over: a freed block would likely be one of them.
    std::vector<std::string> reuse(8, std::string(static_cast<size_t>(kMemoryVfsBlockBytes), 'z'));
    CHECK(std::string(static_cast<const char*>(page), 4096) == std::string(4096, 'p'));
    CHECK_FALSE(FileBlock(path, 2).ok());
    REQUIRE(file->pMethods->xUnfetch(file, third_block, page) == SQLITE_OK);
    // Grown again past the freed blocks: the gap reads as zeros, as after any shrink.
    REQUIRE(file->pMethods->xWrite(file, "q", 1, third_block + 10) == SQLITE_OK);
    std::string gap(16, '?');
    REQUIRE(file->pMethods->xRead(file, gap.data(), 16, third_block - 5) == SQLITE_OK);
    CHECK(gap == std::string(15, '\0') + "q");
}

// The page size of the database at path in the memory VFS, read by a connection of its own.
int64_t PageSize(const std::string& path) {
    Result<std::unique_ptr<Db>> db = Db::Open(path, kMemoryVfsName);
    REQUIRE(db.ok());
    Result<Statement> stmt = (*db)->Prepare("PRAGMA page_size");
    REQUIRE(stmt.ok());
    REQUIRE(stmt->Step().value());
    return stmt->ColumnInt64(0);
}

TEST_CASE(
    "memory VFS: the engine makes a new database with 16 KiB pages; one that exists keeps "
    "its own",
    "[engine][store][vfs]") {
    const std::string fresh = "/vfs-test/pages-new.db";
    DeleteMemoryFile(fresh);
    OpenInMemoryVfs(fresh, true).reset();
    CHECK(PageSize(fresh) == 16384);
    CHECK(MemoryVfsEngineOptions().page_bytes == 16384);
    // Its pages lie whole inside the VFS's blocks, so SQLite can read every one in place.
    CHECK(kMemoryVfsBlockBytes % 16384 == 0);

    const std::string existing = "/vfs-test/pages-old.db";
    OpenWithTable(existing).reset();  // SQLite's default page size
    REQUIRE(PageSize(existing) == 4096);
    {
        std::unique_ptr<Engine> engine = OpenInMemoryVfs(existing, true);
        CHECK(engine->Summarize().ok());
    }
    CHECK(PageSize(existing) == 4096);
    Result<std::unique_ptr<Db>> db = Db::Open(existing, kMemoryVfsName);
    REQUIRE(db.ok());
    Result<Statement> rows = (*db)->Prepare("SELECT count(*) FROM t");
    REQUIRE(rows.ok());
    REQUIRE(rows->Step().value());
    CHECK(rows->ColumnInt64(0) == 3000);
    db->reset();
    DeleteMemoryFile(fresh);
    DeleteMemoryFile(existing);
}

TEST_CASE("memory VFS: a block out of range is refused", "[engine][store][vfs]") {
    const std::string path = "/vfs-test/range.db";
    CHECK_FALSE(LoadFileBlock(path, -1, "x").ok());
    CHECK_FALSE(LoadFileBlock(path, 0, std::string(kMemoryVfsBlockBytes + 1, 'x')).ok());
    CHECK(TakeFileChanges("/vfs-test/no-such-file.db").status().code() == Code::kNotFound);
    REQUIRE(LoadFileBlock(path, 0, "abc").ok());
    CHECK(FileBlock(path, 0).value() == "abc");
    CHECK_FALSE(FileBlock(path, 1).ok());
    DeleteMemoryFile(path);
}

}  // namespace
}  // namespace stocktake::engine
