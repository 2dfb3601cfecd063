// An insight's details are written without nlohmann::json (insights/details_json.h), and
// must stay the bytes its dump() wrote: stored details are compared as text, so any other
// spelling would report every insight as changed once.
#include <catch2/catch.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "insights/details_json.h"

namespace stocktake::engine {
namespace {

using json = nlohmann::json;

TEST_CASE("insight details are the text nlohmann::json's dump wrote", "[engine][insights]") {
    // Quotes, backslashes, controls and 2-, 3- and 4-byte UTF-8.
    const std::string odd = "a\"b\\c\n\t\r\b\f\x01\x1f \x7f \xc3\xa9 \xe2\x9c\x93 \xf0\x9d\x84\x9e";
    const std::optional<int64_t> none;
    const std::optional<int64_t> thirty = 30;
    DetailsJson details;
    details.Int("on_hand", -3)
        .Text("last_sale_at", odd)
        .Int("days_without_sale", none)
        .Int("slow_days", thirty)
        .Bool("stock_tracked", false)
        .Bool("kit", true)
        .Int("big", INT64_MIN)
        .Json("to", JsonArray({DetailsJson()
                                   .Text("channel", "ebay")
                                   .Int("units_30", 0)
                                   .Int("listed", none)
                                   .Dump(),
                               DetailsJson().Text("channel", "").Int("listed", 7).Dump()}));
    const json expected = {
        {"on_hand", -3},
        {"last_sale_at", odd},
        {"days_without_sale", nullptr},
        {"slow_days", 30},
        {"stock_tracked", false},
        {"kit", true},
        {"big", INT64_MIN},
        {"to", json::array({json{{"channel", "ebay"}, {"units_30", 0}, {"listed", nullptr}},
                            json{{"channel", ""}, {"listed", 7}}})}};
    CHECK(details.Dump() == expected.dump());
    CHECK(DetailsJson().Dump() == json::object().dump());
    CHECK(JsonArray({}) == json::array().dump());
}

}  // namespace
}  // namespace stocktake::engine
