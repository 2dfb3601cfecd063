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
    REQUIRE(store->db().Begin().ok());
    REQUIRE(products.AssumeEmptyIfEmpty().ok());
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
