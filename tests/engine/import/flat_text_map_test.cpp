// FlatTextMap: finds by the key's text (not its address), keeps the first value stored
// with a key, and keeps every entry through its growth.
#include "import/flat_text_map.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace stocktake::engine {
namespace {

TEST_CASE("FlatTextMap finds what was inserted, by value", "[import][flat_text_map]") {
    FlatTextMap<int64_t> map;
    CHECK(map.Find("steelhook") == nullptr);  // empty, never reserved

    const std::string hook = "steelhook";
    auto [value, inserted] = map.Insert(hook, 7);
    CHECK(inserted);
    CHECK(*value == 7);
    REQUIRE(map.Find(std::string("steel") + "hook") != nullptr);
    CHECK(*map.Find("steelhook") == 7);
    CHECK(map.Find("steelhooks") == nullptr);
    CHECK(map.Find("") == nullptr);

    // A second insert of the key keeps the first value and says so.
    auto [again, inserted_again] = map.Insert("steelhook", 9);
    CHECK_FALSE(inserted_again);
    CHECK(*again == 7);
    *map.Find("steelhook") = 8;  // values can be changed in place
    CHECK(*map.Find("steelhook") == 8);
    CHECK(map.size() == 1);

    // The empty key is a key like any other.
    CHECK(map.Insert("", 1).second);
    CHECK(*map.Find("") == 1);
}

TEST_CASE("FlatTextMap keeps every entry as it grows", "[import][flat_text_map]") {
    // Keys that share long prefixes and differ in one byte at varied positions.
    std::vector<std::string> keys;
    for (int i = 0; i < 20000; ++i) {
        keys.push_back("B0" + std::to_string(i) + std::string(static_cast<size_t>(i % 23), 'x'));
    }
    FlatTextMap<int64_t> map;
    map.Reserve(100);  // far too small: it grows many times
    for (size_t i = 0; i < keys.size(); ++i) {
        CHECK(map.Insert(keys[i], static_cast<int64_t>(i)).second);
    }
    CHECK(map.size() == keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        const int64_t* found = map.Find(keys[i]);
        REQUIRE(found != nullptr);
        CHECK(*found == static_cast<int64_t>(i));
    }
    CHECK(map.Find("B0" + std::to_string(keys.size())) == nullptr);

    map.Clear();
    CHECK(map.size() == 0);
    CHECK(map.Find(keys[0]) == nullptr);
    CHECK(map.Insert(keys[0], 3).second);
}

}  // namespace
}  // namespace stocktake::engine
