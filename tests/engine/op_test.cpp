// The sync protocol's unit: hybrid logical clock times, the op's wire form, and per-field
// clocks.
#include "stocktake/op.h"

#include <catch2/catch.hpp>

#include "sync/field_clocks.h"

namespace stocktake {
namespace {

TEST_CASE("a hybrid logical clock only moves forward", "[op]") {
    HybridClock clock;
    const uint64_t first = clock.Tick(1'000);
    CHECK(first == uint64_t{1'000} << 16);
    // The same millisecond, or a wall clock that went back: the counter moves on.
    CHECK(clock.Tick(1'000) == first + 1);
    CHECK(clock.Tick(900) == first + 2);
    // Having seen a time from a device whose clock runs ahead, later times are after it.
    const uint64_t remote = (uint64_t{5'000} << 16) + 7;
    clock.Observe(remote);
    CHECK(clock.Tick(1'001) == remote + 1);
    clock.Observe(1);  // an old time changes nothing
    CHECK(clock.Tick(1'002) == remote + 2);
    CHECK(clock.Tick(6'000) == uint64_t{6'000} << 16);
}

TEST_CASE("clock times as text sort like the numbers", "[op]") {
    CHECK(HlcText(0) == "0000000000000000");
    CHECK(HlcText(0x0123456789abcdefULL) == "0123456789abcdef");
    CHECK(HlcText(9) < HlcText(10));
    CHECK(HlcText(0xffff) < HlcText(0x10000));
    CHECK(ParseHlc("0123456789abcdef").value() == 0x0123456789abcdefULL);
    CHECK_FALSE(ParseHlc("0123456789ABCDEF").ok());
    CHECK_FALSE(ParseHlc("123").ok());
}

TEST_CASE("an op survives its wire form, and a malformed one says what is wrong", "[op]") {
    Op op;
    op.device = std::string(31, 'a') + "9";
    op.seq = 42;
    op.hlc = 0x0000018c00010002ULL;
    op.entity = "listing";
    op.key = {"MUG-1", "amazon", ""};
    op.payload = {{"price_minor", 1299}, {"status", "Active"}};
    const nlohmann::json wire = OpToJson(op);
    CHECK(wire["id"] == op.device + ":42");
    CHECK(wire["hlc"] == "0000018c00010002");
    Result<Op> back = OpFromJson(nlohmann::json::parse(wire.dump()));
    REQUIRE(back.ok());
    CHECK(back->id() == op.id());
    CHECK(back->hlc == op.hlc);
    CHECK(back->key == op.key);
    CHECK(back->payload == op.payload);
    CHECK(MergeRuleOf("movement") == MergeRule::kUnion);
    CHECK(MergeRuleOf("listing") == MergeRule::kLastWriterWins);

    const auto error_of = [&](const char* member, nlohmann::json value) {
        nlohmann::json bad = wire;
        bad[member] = std::move(value);
        Result<Op> parsed = OpFromJson(bad);
        REQUIRE_FALSE(parsed.ok());
        return parsed.status().message();
    };
    CHECK(error_of("device", "ABC").find("device") != std::string::npos);
    CHECK(error_of("seq", 0).find("seq") != std::string::npos);
    CHECK(error_of("hlc", 12).find("hlc") != std::string::npos);
    CHECK(error_of("entity", "invoice").find("unknown entity 'invoice'") != std::string::npos);
    CHECK(error_of("key", nlohmann::json::array()).find("key") != std::string::npos);
    CHECK(error_of("payload", "x").find("payload") != std::string::npos);
    CHECK(error_of("id", "other:1").find("id") != std::string::npos);
    CHECK_FALSE(OpFromJson(nlohmann::json::array()).ok());
}

TEST_CASE("field clocks keep the clock that set each field, compactly", "[op]") {
    using engine::ClockOf;
    using engine::FieldClocks;
    const std::string a = ClockOf(5, std::string(32, 'a'));
    const std::string b = ClockOf(5, std::string(32, 'b'));
    CHECK(a < b);                                 // same time: the device breaks the tie
    CHECK(ClockOf(6, std::string(32, 'a')) > b);  // a later time wins whatever the device
    FieldClocks clocks;
    CHECK(clocks.Of("name").empty());
    clocks.Set("name", a);
    clocks.Set("brand", a);
    clocks.Set("price", b);
    const std::string text = clocks.Text();
    CHECK(text == a + "=brand,name;" + b + "=price");
    const FieldClocks parsed = FieldClocks::Parse(text);
    CHECK(parsed.Of("name") == a);
    CHECK(parsed.Of("price") == b);
    CHECK(parsed.Text() == text);

    // One clock for every field: the same text, built without the map.
    FieldClocks one;
    for (const char* field : {"brand", "name", "price"}) one.Set(field, a);
    CHECK(FieldClocks::TextOfOne(a, {"brand", "name", "price"}) == one.Text());
    CHECK(FieldClocks::TextOfOne(a, {}) == FieldClocks().Text());
}

}  // namespace
}  // namespace stocktake
