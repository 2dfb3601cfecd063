#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/test_util.h"

namespace stocktake::engine {
namespace {

using testing::OpenOrDie;
using testing::Skus;
using testing::Tsv;

// Six listings with distinct shapes: merchant and FBA, unknown price and date, ties.
std::unique_ptr<Engine> EngineWithCatalog() {
    std::unique_ptr<Engine> engine = OpenOrDie();
    std::string file =
        "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\t"
        "fulfillment-channel\tstatus\n";
    const std::vector<std::vector<std::string>> rows = {
        {"Blue Mug", "LID-100", "MUG-B", "12.00", "4", "2022-01-10", "B0MUGBLUE1", "DEFAULT",
         "Active"},
        {"red mug", "LID-200", "MUG-R", "12.00", "10", "2021-05-01", "B0MUGRED01", "DEFAULT",
         "Inactive"},
        {"Anvil", "LID-300", "ANVIL", "250.00", "", "2020-02-02", "B0ANVIL001", "AMAZON_NA",
         "Active"},
        {"Zither", "LID-400", "ZITHER", "", "1", "", "B0ZITHER01", "DEFAULT", "Active"},
        {"Candle 100% soy", "LID-500", "CANDLE_1", "5.50", "-3", "2023-07-07", "B0CANDLE01",
         "AMAZON_NA", "Active"},
        {"Widget", "LID-600", "W-1", "0.99", "0", "2019-12-31", "B0WIDGET01", "DEFAULT",
         "Incomplete"},
    };
    for (const auto& row : rows) file += Tsv(row) + "\n";
    Result<ImportReport> report = engine->ImportFile("catalog.txt", file);
    REQUIRE(report.ok());
    REQUIRE(report->successful == 6);
    return engine;
}

std::vector<std::string> Query(const Engine& engine, ListingQuery query) {
    Result<std::vector<ListingRow>> rows = engine.Listings(query);
    REQUIRE(rows.ok());
    return Skus(rows.value());
}

ListingQuery Text(std::string text) {
    ListingQuery query;
    query.text = std::move(text);
    return query;
}

ListingQuery Sorted(ListingSort sort, bool descending = false, int64_t limit = -1) {
    ListingQuery query;
    query.sort = sort;
    query.descending = descending;
    query.limit = limit;
    return query;
}

using Strings = std::vector<std::string>;

TEST_CASE("the listing filter is a case-insensitive substring of sku, name, asin or listing id",
          "[engine][query]") {
    std::unique_ptr<Engine> engine = EngineWithCatalog();
    CHECK(Query(*engine, Text("")).size() == 6);
    CHECK(Query(*engine, Text("mug")) == Strings{"MUG-B", "MUG-R"});  // name and sku
    CHECK(Query(*engine, Text("RED")) == Strings{"MUG-R"});           // name, any case
    CHECK(Query(*engine, Text("b0anvil")) == Strings{"ANVIL"});       // asin
    CHECK(Query(*engine, Text("lid-40")) == Strings{"ZITHER"});       // listing id
    CHECK(Query(*engine, Text("zzz")).empty());
    // LIKE wildcards in the text are literal characters.
    CHECK(Query(*engine, Text("100%")) == Strings{"CANDLE_1"});
    CHECK(Query(*engine, Text("E_1")) == Strings{"CANDLE_1"});
    CHECK(Query(*engine, Text("%")) == Strings{"CANDLE_1"});
}

TEST_CASE("listings sort by the chosen column with ties broken by sku", "[engine][query]") {
    std::unique_ptr<Engine> engine = EngineWithCatalog();
    CHECK(Query(*engine, Sorted(ListingSort::kSku)) ==
          Strings{"ANVIL", "CANDLE_1", "MUG-B", "MUG-R", "W-1", "ZITHER"});
    CHECK(Query(*engine, Sorted(ListingSort::kSku, true)) ==
          Strings{"ZITHER", "W-1", "MUG-R", "MUG-B", "CANDLE_1", "ANVIL"});
    // Names sort case-insensitively.
    CHECK(Query(*engine, Sorted(ListingSort::kName)) ==
          Strings{"ANVIL", "MUG-B", "CANDLE_1", "MUG-R", "W-1", "ZITHER"});
    // Equal prices tie by sku; unknown prices come last in either direction.
    CHECK(Query(*engine, Sorted(ListingSort::kPrice)) ==
          Strings{"W-1", "CANDLE_1", "MUG-B", "MUG-R", "ANVIL", "ZITHER"});
    CHECK(Query(*engine, Sorted(ListingSort::kPrice, true)) ==
          Strings{"ANVIL", "MUG-B", "MUG-R", "CANDLE_1", "W-1", "ZITHER"});
    CHECK(Query(*engine, Sorted(ListingSort::kQuantity)) ==
          Strings{"CANDLE_1", "W-1", "ZITHER", "MUG-B", "MUG-R", "ANVIL"});
    CHECK(Query(*engine, Sorted(ListingSort::kQuantity, true)) ==
          Strings{"MUG-R", "MUG-B", "ZITHER", "W-1", "CANDLE_1", "ANVIL"});
    CHECK(Query(*engine, Sorted(ListingSort::kStatus)) ==
          Strings{"ANVIL", "CANDLE_1", "MUG-B", "ZITHER", "MUG-R", "W-1"});
    CHECK(Query(*engine, Sorted(ListingSort::kOpenedAt)) ==
          Strings{"W-1", "ANVIL", "MUG-R", "MUG-B", "CANDLE_1", "ZITHER"});
    CHECK(Query(*engine, Sorted(ListingSort::kOpenedAt, true)) ==
          Strings{"CANDLE_1", "MUG-B", "MUG-R", "ANVIL", "W-1", "ZITHER"});
    CHECK(Query(*engine, Sorted(ListingSort::kFulfillment)) ==
          Strings{"ANVIL", "CANDLE_1", "MUG-B", "MUG-R", "W-1", "ZITHER"});
}

TEST_CASE("the listing limit caps the rows after filtering and sorting", "[engine][query]") {
    std::unique_ptr<Engine> engine = EngineWithCatalog();
    CHECK(Query(*engine, Sorted(ListingSort::kPrice, true, 2)) == Strings{"ANVIL", "MUG-B"});
    CHECK(Query(*engine, Sorted(ListingSort::kSku, false, 0)).empty());
    ListingQuery query = Text("mug");
    query.limit = 1;
    query.descending = true;
    CHECK(Query(*engine, query) == Strings{"MUG-R"});
}

TEST_CASE("listing rows carry their product name and listing values", "[engine][query]") {
    std::unique_ptr<Engine> engine = EngineWithCatalog();
    Result<std::vector<ListingRow>> rows = engine->Listings(Text("ZITHER"));
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    const ListingRow& row = rows->front();
    CHECK(row.name == "Zither");
    CHECK(row.channel == "amazon");
    CHECK(row.listing_id == "LID-400");
    CHECK(row.asin == "B0ZITHER01");
    CHECK_FALSE(row.price_minor.has_value());
    CHECK(row.quantity == 1);
    CHECK(row.opened_at.empty());
    CHECK(row.fulfillment == "merchant");
}

TEST_CASE("the summary counts skus, listings, units, FBA and groups", "[engine][query]") {
    std::unique_ptr<Engine> engine = EngineWithCatalog();
    Result<Summary> summary = engine->Summarize();
    REQUIRE(summary.ok());
    CHECK(summary->skus == 6);
    CHECK(summary->listings == 6);
    CHECK(summary->units == 4 + 10 + 1 - 3 + 0);  // unknown (FBA) quantities are not units
    CHECK(summary->fba_listings == 2);
    REQUIRE(summary->by_channel.size() == 1);
    CHECK(summary->by_channel[0].key == "amazon");
    CHECK(summary->by_channel[0].count == 6);
    REQUIRE(summary->by_status.size() == 3);
    CHECK(summary->by_status[0].key == "Active");
    CHECK(summary->by_status[0].count == 4);
    CHECK(summary->by_status[1].key == "Inactive");  // ties by key
    CHECK(summary->by_status[1].count == 1);
    CHECK(summary->by_status[2].key == "Incomplete");
    CHECK(summary->by_status[2].count == 1);
}

TEST_CASE("an empty engine summarises to zeros", "[engine][query]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    Result<Summary> summary = engine->Summarize();
    REQUIRE(summary.ok());
    CHECK(summary->skus == 0);
    CHECK(summary->listings == 0);
    CHECK(summary->units == 0);
    CHECK(summary->by_channel.empty());
    CHECK(engine->Listings(ListingQuery{}).value().empty());
    CHECK(engine->ImportHistory(10).value().empty());
    CHECK(engine->Generation() == 0);
}

}  // namespace
}  // namespace stocktake::engine
