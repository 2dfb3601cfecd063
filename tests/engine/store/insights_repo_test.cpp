// InsightsRepo's writes of a generation: new rows by AddRange (INSERT OR FAIL, the
// generation's instant for an empty generated_at), stored ones replaced by PutRange.
#include "store/insights_repo.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "store/store.h"

namespace stocktake::engine {
namespace {

std::unique_ptr<Store> OpenStore() {
    Result<std::unique_ptr<Store>> store = Store::Open(":memory:", EngineOptions{});
    REQUIRE(store.ok());
    return std::move(store.value());
}

// n insights of kind "low_stock", SKUs in key order; every third has its own generated_at.
std::vector<Insight> Rows(int n) {
    std::vector<Insight> rows;
    for (int i = 0; i < n; ++i) {
        char sku[16];
        std::snprintf(sku, sizeof sku, "S%03d", i);
        rows.push_back(Insight{sku, "", "low_stock", i % 3 == 0 ? "2027-01-01T00:00:00Z" : "",
                               "{\"n\":" + std::to_string(i) + "}"});
    }
    return rows;
}

TEST_CASE("AddRange inserts new rows, many to a statement, generated_at now when empty",
          "[engine][store][insights]") {
    std::unique_ptr<Store> store = OpenStore();
    // More than one full statement of rows (BatchInsert::kRows) and a tail; a sub-range.
    const std::vector<Insight> rows = Rows(75);
    REQUIRE(store->db().Begin().ok());
    REQUIRE(store->insights().AddRange(rows, 0, 70, "2027-06-30T12:00:00Z").ok());
    REQUIRE(store->insights().AddRange(rows, 70, 75, "2027-07-01T12:00:00Z").ok());
    REQUIRE(store->db().Commit().ok());
    const std::vector<Insight> stored = store->insights().Current("").value();
    REQUIRE(stored.size() == rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(i);
        CHECK(stored[i].sku == rows[i].sku);
        CHECK(stored[i].channel == "");
        CHECK(stored[i].kind == "low_stock");
        CHECK(stored[i].details == rows[i].details);
        const char* now = i < 70 ? "2027-06-30T12:00:00Z" : "2027-07-01T12:00:00Z";
        CHECK(stored[i].generated_at == (i % 3 == 0 ? rows[i].generated_at : now));
    }
}

TEST_CASE("AddRange fails on a stored key; PutRange replaces it", "[engine][store][insights]") {
    std::unique_ptr<Store> store = OpenStore();
    std::vector<Insight> rows = Rows(3);
    REQUIRE(store->insights().AddRange(rows, 0, 3, "2027-06-30T12:00:00Z").ok());
    rows[1].details = "{\"n\":100}";
    rows[1].generated_at = "2027-06-30T12:00:00Z";
    CHECK(!store->insights().AddRange(rows, 1, 2, "2027-07-01T12:00:00Z").ok());
    REQUIRE(store->insights().PutRange(rows, 1, 2).ok());
    const std::vector<Insight> stored = store->insights().Current("").value();
    REQUIRE(stored.size() == 3);
    CHECK(stored[1].details == "{\"n\":100}");
    CHECK(stored[1].generated_at == "2027-06-30T12:00:00Z");
    CHECK(stored[2].details == rows[2].details);
}

}  // namespace
}  // namespace stocktake::engine
