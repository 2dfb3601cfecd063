// RecordTable: one write, looked up, diffed and applied; the empty-table fast path.
#include "store/record_table.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

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

// Every row of spec's table, each column quoted, one row a line (ordered by key).
std::string TableRows(Store& store, const TableSpec& spec) {
    std::string columns;
    const auto add = [&](const std::string& name) {
        if (!columns.empty()) columns += " || '|' || ";
        columns += "quote(" + name + ")";
    };
    for (const char* key : spec.keys) add(key);
    for (const ColumnSpec& column : spec.columns) add(column.name);
    add("updated_at");
    add("created_clock");
    add("created_hlc");
    Result<Statement> stmt =
        store.db().Prepare("SELECT " + columns + " FROM " + spec.table + " ORDER BY 1");
    REQUIRE(stmt.ok());
    std::string rows;
    for (;;) {
        Result<bool> row = stmt->Step();
        REQUIRE(row.ok());
        if (!row.value()) break;
        rows += stmt->ColumnText(0) + "\n";
    }
    return rows;
}

// A listing that sets some of its columns: to a value, to the column's fallback, or not at
// all, varying with i, so that a batch sees many sets of columns left to their defaults.
RecordWrite VariedListing(int i, const std::string& sku) {
    RecordWrite write;
    write.active = true;
    write.key = {sku, "amazon", i % 5 == 0 ? "US" : ""};
    if (i % 2 == 0) write.Set(kListingId, FieldValue::Text(i % 4 == 0 ? "" : "L"));
    if (i % 3 == 0) write.Set(kListingPrice, i % 9 == 0 ? FieldValue::Null() : FieldValue::Int(i));
    if (i % 7 != 0) write.Set(kListingQuantity, FieldValue::Int(i % 3));
    if (i % 4 == 1) write.Set(kListingFulfillment, FieldValue::Text("merchant"));
    if (i % 4 == 2) write.Set(kListingFulfillment, FieldValue::Text("amazon"));
    if (i % 11 == 0) write.Set(kListingOpenedAt, FieldValue::Text("2024-01-01T00:00:00Z"));
    if (i % 13 == 0) write.Set(kListingOpenedAt, FieldValue::Null());
    if (i % 6 == 0) write.Set(kListingCurrency, FieldValue::Text(i % 12 == 0 ? "" : "EUR"));
    write.Set(kListingStatus, FieldValue::Text(i % 8 == 0 ? "" : "Active"));
    return write;
}

TEST_CASE("batched rows that leave columns to their defaults store what unbatched rows do",
          "[engine][store][batches]") {
    // A batch leaves a column out of its INSERT when the row has the column's fallback and
    // the schema's default is that fallback; the stored rows must not tell the difference,
    // however many sets of omitted columns the rows make.
    std::string stored[2];
    for (const bool batched : {false, true}) {
        std::unique_ptr<Store> store = OpenStore();
        RecordTable& listings = store->listings();
        REQUIRE(store->db().Begin().ok());
        REQUIRE(listings.AssumeEmptyIfEmpty().ok());
        if (batched) listings.StartBatching();
        std::vector<std::string> skus;
        for (int i = 0; i < 3 * BatchInsert::kRows + 7; ++i)
            skus.push_back("S" + std::to_string(i));
        for (int i = 0; i < static_cast<int>(skus.size()); ++i) {
            Result<ChangeKind> kind = listings.Apply(VariedListing(i, skus[static_cast<size_t>(i)]),
                                                     "t1", nullptr, uint64_t{1000} + i);
            REQUIRE(kind.ok());
            CHECK(kind.value() == ChangeKind::kNew);
        }
        REQUIRE(listings.PauseBatching().ok());
        listings.StopAssumingEmpty();
        REQUIRE(store->db().Commit().ok());
        stored[batched ? 1 : 0] = TableRows(*store, ListingsTable());
    }
    CHECK(stored[1] == stored[0]);
    CHECK(stored[0].find("'merchant'") != std::string::npos);
    CHECK(stored[0].find("'amazon'|'Active'") != std::string::npos);
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
