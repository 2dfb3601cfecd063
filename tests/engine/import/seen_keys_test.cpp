// SeenKeys: a disabled one always says "maybe"; an enabled one says "not seen" only for
// keys never added, and ignores empty keys (an empty key is never probed).
#include "import/seen_keys.h"

#include <catch2/catch.hpp>
#include <string>

namespace stocktake::engine {
namespace {

TEST_CASE("SeenKeys rules out only keys that were never added", "[import][seen_keys]") {
    SeenKeys keys;
    CHECK(keys.MaybeSeen("anything"));  // disabled: the caller must ask the database

    keys.Enable(true);
    CHECK_FALSE(keys.MaybeSeen("steelhook"));
    keys.Add("steelhook");
    keys.Add("");
    CHECK(keys.MaybeSeen("steelhook"));
    CHECK(keys.MaybeSeen(std::string("steel") + "hook"));  // by value, not by pointer
    CHECK_FALSE(keys.MaybeSeen("steelhooks"));
    CHECK_FALSE(keys.MaybeSeen(""));

    for (int i = 0; i < 1000; ++i) keys.Add("key-" + std::to_string(i));
    for (int i = 0; i < 1000; ++i) CHECK(keys.MaybeSeen("key-" + std::to_string(i)));

    keys.Enable(false);
    CHECK(keys.MaybeSeen("never-added"));
    keys.Enable(true);  // enabling again starts empty
    CHECK_FALSE(keys.MaybeSeen("steelhook"));
}

}  // namespace
}  // namespace stocktake::engine
