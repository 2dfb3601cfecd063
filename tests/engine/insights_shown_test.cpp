// What Engine::Insights shows: the current insights in kind, SKU, channel order, with the
// day counts added by splicing text (insights/day_counts.h), which must give the text a
// parse, an added member and dump() gave, whatever the details hold.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "engine/test_util.h"
#include "insights/day_counts.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/db.h"

namespace stocktake::engine {
namespace {

using json = nlohmann::json;

constexpr int64_t kToday = 20'000;  // 2024-10-04

TEST_CASE("a day's text is YYYY-MM-DD, as printf writes it, at every year's edge", "[insights]") {
    auto printed = [](int64_t day) {
        const CivilDate date = CivilFromDays(day);
        char text[32];
        std::snprintf(text, sizeof(text), "%04lld-%02d-%02d", static_cast<long long>(date.year),
                      date.month, date.day);
        return std::string(text);
    };
    CHECK(DayText(kToday) == "2024-10-04");
    CHECK(DayText(0) == "1970-01-01");
    for (int64_t year : {0, 1, 9, 10, 99, 100, 999, 1000, 1969, 1970, 2024, 9999, 10000}) {
        const int64_t first = DaysFromCivil(year, 1, 1);
        for (int64_t day : {first - 1, first, first + 59, first + 364}) {
            CHECK(DayText(day) == printed(day));
        }
    }
    CHECK(DayText(DaysFromCivil(-1, 6, 15)) == printed(DaysFromCivil(-1, 6, 15)));
}

// The counts as a JSON tree gives them: the reference the splice must equal.
std::string Parsed(const std::string& details, const char* date, const char* count) {
    json tree = json::parse(details, nullptr, false);
    if (tree.is_discarded() || !tree.is_object() || !tree.contains(date)) return details;
    const json& value = tree[date];
    std::optional<int64_t> day =
        value.is_string() ? DayOfText(value.get<std::string>()) : std::nullopt;
    tree[count] = day ? json(kToday - *day) : json(nullptr);
    return tree.dump();
}

std::string Added(const char* kind, const std::string& details) {
    Insight insight{"SKU-1", "", kind, "2024-10-04T00:00:00Z", details};
    AddDayCounts(&insight, kToday);
    return insight.details;
}

TEST_CASE("day counts are spliced into the details as dump() would write them",
          "[engine][insights]") {
    const std::string idle = DayText(kToday - 45);
    const std::string slow[] = {
        // The count's place: first, between others, last; the date null or unreadable.
        json{{"idle_since", idle}, {"on_hand", 3}}.dump(),
        json{{"available", 1}, {"idle_since", idle}, {"on_hand", 3}}.dump(),
        json{{"available", 1}, {"idle_since", idle}}.dump(),
        json{{"idle_since", nullptr}, {"slow_days", 30}}.dump(),
        json{{"idle_since", "2024-13-40"}, {"slow_days", 30}}.dump(),
        json{{"idle_since", 17}, {"slow_days", 30}}.dump(),
        // Stored before dates were kept: a count and no date stays as it is; both, and the
        // count is replaced.
        json{{"days_without_sale", 9}, {"on_hand", 3}}.dump(),
        json{{"days_without_sale", 9}, {"idle_since", idle}, {"on_hand", 3}}.dump(),
        // Values that hold the separators the scan must step over.
        json{{"a", "}],\"{["},
             {"idle_since", idle},
             {"to", json::array({json{{"channel", "e,b}a\\y"}, {"units", 0}}, json::array()})},
             {"z", -1.5}}
            .dump(),
        // Not compact, not an object, not JSON: read by the parser, or left.
        "{ \"idle_since\" : \"" + idle + "\", \"on_hand\" : 3 }",
        "{\"id\\u006ce_since\":\"" + idle + "\"}",
        "[1,2]",
        "{\"idle_since\":",
        "",
    };
    for (const std::string& details : slow) {
        INFO(details);
        CHECK(Added(kSlowMover, details) == Parsed(details, "idle_since", "days_without_sale"));
        CHECK(Added(kReallocationCandidate, details) ==
              Parsed(details, "idle_since", "days_without_sale"));
        CHECK(Added(kLowStock, details) == details);
    }
    const std::string listed = json{{"listed_on", DayText(kToday - 181)}, {"slow", 1}}.dump();
    CHECK(Added(kAgedListing, listed) == Parsed(listed, "listed_on", "listing_age_days"));
    CHECK(json::parse(Added(kAgedListing, listed))["listing_age_days"] == 181);
    CHECK(json::parse(Added(kSlowMover, slow[1]))["days_without_sale"] == 45);
}

TEST_CASE("the current insights are shown by kind, SKU and channel", "[engine][insights]") {
    testing::TempDbFile file("insights_shown_order");
    std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
    Result<std::unique_ptr<Db>> other = Db::Open(file.path());
    REQUIRE(other.ok());
    REQUIRE(other.value()
                ->Exec("INSERT INTO insights (sku, channel, kind, generated_at, details,"
                       " resolved_at) VALUES"
                       " ('B', 'ebay', 'slow_mover', 't', '{}', NULL),"
                       " ('A', '', 'overstock', 't', '{}', NULL),"
                       " ('A', 'amazon', 'slow_mover', 't', '{}', NULL),"
                       " ('C', '', 'low_stock', 't', '{}', NULL),"
                       " ('A', '', 'low_stock', 't', '{}', 'gone'),"
                       " ('B', '', 'low_stock', 't', '{}', NULL),"
                       " ('A', 'ebay', 'slow_mover', 't', '{}', NULL),"
                       " ('B', '', 'aged_listing', 't', '{}', NULL)")
                .ok());
    using Key = std::tuple<std::string, std::string, std::string>;
    auto keys = [](const std::vector<Insight>& shown) {
        std::vector<Key> out;
        for (const Insight& i : shown) out.emplace_back(i.kind, i.sku, i.channel);
        return out;
    };
    CHECK(keys(engine->Insights("").value()) == std::vector<Key>{{"aged_listing", "B", ""},
                                                                 {"low_stock", "B", ""},
                                                                 {"low_stock", "C", ""},
                                                                 {"overstock", "A", ""},
                                                                 {"slow_mover", "A", "amazon"},
                                                                 {"slow_mover", "A", "ebay"},
                                                                 {"slow_mover", "B", "ebay"}});
    CHECK(keys(engine->Insights("low_stock").value()) ==
          std::vector<Key>{{"low_stock", "B", ""}, {"low_stock", "C", ""}});
}

}  // namespace
}  // namespace stocktake::engine
