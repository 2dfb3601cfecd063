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
        REQUIRE(engine->ImportFile("all.txt", ListingsReport(20000, "9.99")).ok());
        const size_t first = saved.Save(path);
        CHECK(first == static_cast<size_t>(saved.block_count));  // a new file: all of it
        REQUIRE(saved.block_count > 100);

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
    REQUIRE(after.size() == 20000);
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

TEST_CASE("memory VFS: a file that shrinks saves its new length, and reads back zeros past it",
          "[engine][store][vfs]") {
    const std::string path = "/vfs-test/shrink.db";
    DeleteMemoryFile(path);
    REQUIRE(RegisterMemoryVfs().ok());
    SavedFile saved;
    {
        Result<std::unique_ptr<Db>> db = Db::Open(path, kMemoryVfsName);
        REQUIRE(db.ok());
        REQUIRE((*db)->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB);").ok());
        REQUIRE((*db)
                    ->Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                           "WHERE i < 3000) INSERT INTO t SELECT i, randomblob(1000) FROM n;")
                    .ok());
        saved.Save(path);
        const int64_t large = saved.block_count;
        REQUIRE((*db)->Exec("DELETE FROM t WHERE id > 10; VACUUM;").ok());
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

TEST_CASE("memory VFS: the gap a write past the end leaves reads as zeros, even after a shrink",
          "[engine][store][vfs]") {
    // Blocks are not zeroed when allocated, so this holds only if the write zeroes the gap.
    REQUIRE(RegisterMemoryVfs().ok());
    sqlite3_vfs* vfs = sqlite3_vfs_find(kMemoryVfsName);
    REQUIRE(vfs != nullptr);
    const std::string path = "/vfs-test/gap.db";
    DeleteMemoryFile(path);
    std::string handle(static_cast<size_t>(vfs->szOsFile), '\0');
    auto* file = reinterpret_cast<sqlite3_file*>(handle.data());
    int flags = 0;
    REQUIRE(vfs->xOpen(vfs, path.c_str(), file,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MAIN_DB,
                       &flags) == SQLITE_OK);
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
    REQUIRE(file->pMethods->xClose(file) == SQLITE_OK);
    DeleteMemoryFile(path);
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
