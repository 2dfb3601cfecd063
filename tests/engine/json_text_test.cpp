#include "stocktake/json_text.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

namespace stocktake {
namespace {

using nlohmann::json;

std::string Dumped(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Strings made of the bytes that matter to an escaper: controls, quotes, backslashes, ASCII,
// 2-, 3- and 4-byte UTF-8, and (sometimes) bytes that are not UTF-8 at all.
std::string RandomText(std::mt19937& random, bool allow_invalid) {
    static const char* const kPieces[] = {"a",
                                          "Z",
                                          " ",
                                          "\"",
                                          "\\",
                                          "/",
                                          "\n",
                                          "\r",
                                          "\t",
                                          "\b",
                                          "\f",
                                          "\x01",
                                          "\x1f",
                                          "\x7f",
                                          "\xc3\xa9",
                                          "\xe2\x82\xac",
                                          "\xf0\x9f\x93\xa6",
                                          "\xe6\x97\xa5",
                                          "{",
                                          "}",
                                          ","};
    static const char* const kInvalid[] = {
        "\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\x80"};
    std::string text;
    const int pieces = static_cast<int>(random() % 12);
    for (int i = 0; i < pieces; ++i) {
        if (allow_invalid && random() % 10 == 0) {
            text += kInvalid[random() % std::size(kInvalid)];
        } else {
            text += kPieces[random() % std::size(kPieces)];
        }
    }
    return text;
}

TEST_CASE("JsonText writes what nlohmann's dump writes", "[shared][json]") {
    for (uint32_t seed = 1; seed <= 5; ++seed) {
        std::mt19937 random(seed);
        for (int round = 0; round < 2000; ++round) {
            const bool allow_invalid = round % 2 == 1;
            json value = json::object();
            const int members = static_cast<int>(random() % 6);
            for (int m = 0; m < members; ++m) {
                const std::string name = RandomText(random, false);
                switch (random() % 5) {
                    case 0: value[name] = RandomText(random, allow_invalid); break;
                    case 1:
                        value[name] = static_cast<int64_t>(random()) - (int64_t{1} << 31);
                        break;
                    case 2: value[name] = nullptr; break;
                    case 3: value[name] = random() % 2 == 0; break;
                    default:
                        value[name] = json::array({RandomText(random, allow_invalid), INT64_MIN,
                                                   uint64_t{UINT64_MAX}, 2.5});
                }
            }
            const std::string text = JsonText(value);
            REQUIRE(text == Dumped(value));
            const std::vector<std::string> key = {RandomText(random, allow_invalid),
                                                  RandomText(random, false)};
            REQUIRE(JsonStringArray(key) == Dumped(json(key)));
            // And the text reads back: as the same value when every string was UTF-8.
            const json back = json::parse(text, nullptr, false);
            REQUIRE_FALSE(back.is_discarded());
            if (!allow_invalid) CHECK(back == value);
        }
    }
}

TEST_CASE("JsonText escapes controls and quotes and keeps UTF-8 as it is", "[shared][json]") {
    CHECK(JsonText(json("a\"b\\c\n\x01/\xc3\xa9")) == "\"a\\\"b\\\\c\\n\\u0001/\xc3\xa9\"");
    CHECK(JsonText(json::array({"x", 1, -2})) == "[\"x\",1,-2]");
    CHECK(JsonText(json::object()) == "{}");
    CHECK(JsonStringArray({}) == "[]");
    // A byte that is not UTF-8 becomes U+FFFD, as the op log always stored it.
    CHECK(JsonText(json(std::string("a\xff"))) == "\"a\xef\xbf\xbd\"");
}

}  // namespace
}  // namespace stocktake
