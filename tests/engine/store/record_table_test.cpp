// RecordTable: one write, looked up, diffed and applied; the empty-table fast path.
#include "store/record_table.h"

#include <catch2/catch.hpp>

#include "store/store.h"

namespace stocktake::engine {
namespace {

RecordWrite Product(std::string_view sku, std::string_view name) {
    RecordWrite write;
    write.active = true;
    write.key[0] = sku;
    write.Set(kProductName, FieldValue::Text(name));
    return write;
}

std::unique_ptr<Store> OpenStore() {
    Result<std::unique_ptr<Store>> store = Store::Open(":memory:", EngineOptions{});
    REQUIRE(store.ok());
    return std::move(store.value());
}

// As an import into an empty catalogue begins.
void BeginAssumingEmpty(Store& store) {
    REQUIRE(store.db().Begin().ok());
    REQUIRE(store.products().AssumeEmptyIfEmpty().ok());
}

TEST_CASE("a write is new, then unchanged, then changed field by field", "[engine][store]") {
    std::unique_ptr<Store> store = OpenStore();
    RecordTable& products = store->products();
    std::vector<FieldChange> diff;
    CHECK(products.Apply(Product("A", "Mug"), "t1", &diff).value() == ChangeKind::kNew);
    REQUIRE(diff.size() == 1);
    CHECK(diff[0].field == "name");
    CHECK(diff[0].after == "Mug");
    diff.clear();
    CHECK(products.Apply(Product("A", "Mug"), "t2", &diff).value() == ChangeKind::kUnchanged);
    CHECK(diff.empty());
    CHECK(products.Apply(Product("A", "Cup"), "t3", &diff).value() == ChangeKind::kChanged);
    REQUIRE(diff.size() == 1);
    CHECK(diff[0].before == "Mug");
    CHECK(diff[0].after == "Cup");
}

TEST_CASE("assuming an empty table falls back to lookups when a key exists", "[engine][store]") {
    std::unique_ptr<Store> store = OpenStore();
    RecordTable& products = store->products();
    BeginAssumingEmpty(*store);
    CHECK(products.Apply(Product("A", "Mug"), "t1", nullptr).value() == ChangeKind::kNew);
    // The same key again: the blind INSERT conflicts, the lookup path takes over.
    std::vector<FieldChange> diff;
    CHECK(products.Apply(Product("A", "Cup"), "t2", &diff).value() == ChangeKind::kChanged);
    REQUIRE(diff.size() == 1);
    CHECK(diff[0].before == "Mug");
    CHECK(products.Apply(Product("B", "Bowl"), "t3", nullptr).value() == ChangeKind::kNew);
    REQUIRE(store->db().Commit().ok());

    // A table with rows is not assumed empty.
    REQUIRE(products.AssumeEmptyIfEmpty().ok());
    CHECK(products.Apply(Product("B", "Bowl"), "t4", nullptr).value() == ChangeKind::kUnchanged);
}

}  // namespace
}  // namespace stocktake::engine

namespace stocktake::engine {
namespace {

TEST_CASE("a batched table answers like an unbatched one, a repeated key included",
          "[engine][store][batches]") {
    std::unique_ptr<Store> store = OpenStore();
    RecordTable& products = store->products();
    BeginAssumingEmpty(*store);
    products.StartBatching();
    CHECK(products.Apply(Product("A", "Mug"), "t1", nullptr).value() == ChangeKind::kNew);
    CHECK(products.Apply(Product("B", "Bowl"), "t1", nullptr).value() == ChangeKind::kNew);
    // Both are pending; the repeated key writes them and is then looked up.
    std::vector<FieldChange> diff;
    CHECK(products.Apply(Product("A", "Cup"), "t2", &diff).value() == ChangeKind::kChanged);
    REQUIRE(diff.size() == 1);
    CHECK(diff[0].before == "Mug");
    CHECK(products.Apply(Product("B", "Bowl"), "t2", nullptr).value() == ChangeKind::kUnchanged);
    // More than a batch: the full ones are written as they fill, the rest on pause.
    for (int i = 0; i < BatchInsert::kRows + 5; ++i) {
        const std::string sku = "N" + std::to_string(i);
        CHECK(products.Apply(Product(sku, "New"), "t3", nullptr).value() == ChangeKind::kNew);
    }
    REQUIRE(products.PauseBatching().ok());
    products.StopAssumingEmpty();
    REQUIRE(store->db().Commit().ok());
    CHECK(products.Apply(Product("A", "Cup"), "t4", nullptr).value() == ChangeKind::kUnchanged);
    CHECK(products.Apply(Product("N36", "New"), "t4", nullptr).value() == ChangeKind::kUnchanged);
    CHECK(products.Apply(Product("N37", "New"), "t4", nullptr).value() == ChangeKind::kNew);
}

TEST_CASE("a batch that cannot insert a row fails, and the rollback leaves nothing",
          "[engine][store][batches]") {
    // The batch's INSERT OR FAIL keeps no statement journal: the rows before the failing one
    // stay until the transaction is rolled back, as the import job does on any failure.
    std::unique_ptr<Store> store = OpenStore();
    RecordTable& products = store->products();
    BeginAssumingEmpty(*store);
    products.StartBatching();
    CHECK(products.Apply(Product("A", "Mug"), "t1", nullptr).value() == ChangeKind::kNew);
    CHECK(products.Apply(Product("B", "Bowl"), "t1", nullptr).value() == ChangeKind::kNew);
    // Another writer stores B meanwhile (which the import job detects and stops batching).
    REQUIRE(store->db()
                .Exec("INSERT INTO products (sku, created_at, updated_at) VALUES ('B', 't', 't')")
                .ok());
    const Status flushed = products.PauseBatching();
    CHECK_FALSE(flushed.ok());
    products.StopAssumingEmpty();
    REQUIRE(store->db().Rollback().ok());
    CHECK(products.Apply(Product("A", "Mug"), "t2", nullptr).value() == ChangeKind::kNew);
    CHECK(products.Apply(Product("B", "Bowl"), "t2", nullptr).value() == ChangeKind::kNew);
}

TEST_CASE("dropped batch rows are never written", "[engine][store][batches]") {
    std::unique_ptr<Store> store = OpenStore();
    RecordTable& products = store->products();
    BeginAssumingEmpty(*store);
    products.StartBatching();
    CHECK(products.Apply(Product("A", "Mug"), "t1", nullptr).value() == ChangeKind::kNew);
    products.DropBatch();
    products.StopAssumingEmpty();
    REQUIRE(store->db().Commit().ok());
    CHECK(products.Apply(Product("A", "Mug"), "t2", nullptr).value() == ChangeKind::kNew);
}

}  // namespace
}  // namespace stocktake::engine
