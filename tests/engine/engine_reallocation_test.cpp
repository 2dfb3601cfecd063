// The reallocation list: channels push and pull as they opt in, a pull is a ledger
// transfer or a change of both listings' quantities with an audit record, all synced;
// entries purge after 90 days while their moves stay; the list exports as CSV.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/channels_test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::ChannelsEngine;
using testing::Lines;
using testing::OpenOrDie;

ReallocationEntry Push(Engine& engine, const std::string& sku, const std::string& channel,
                       const std::string& at = "") {
    ReallocationPush push;
    push.sku = sku;
    push.channel = channel;
    push.reason = "slow on " + channel;
    push.added_by = "ana";
    push.at = at;
    Result<ReallocationEntry> entry = engine.PushReallocation(push);
    INFO(entry.status().ToString());
    REQUIRE(entry.ok());
    return entry.value();
}

ReallocationPull Pull(const std::string& id, const std::string& channel, int64_t quantity) {
    ReallocationPull pull;
    pull.entry_id = id;
    pull.channel = channel;
    pull.quantity = quantity;
    pull.by = "ben";
    pull.at = "2026-11-24T10:00:00Z";
    return pull;
}

std::optional<int64_t> Listed(const Engine& engine, const std::string& channel,
                              const std::string& sku) {
    const Result<std::vector<SimulatedListing>> listings = engine.SimulateChannels(channel);
    REQUIRE(listings.ok());
    for (const SimulatedListing& s : listings.value()) {
        if (s.sku == sku) return s.listed;
    }
    return std::nullopt;
}

int64_t OnHand(const Engine& engine, const std::string& sku, const std::string& location) {
    const Result<std::vector<StockLevel>> levels = engine.StockLevels(sku);
    REQUIRE(levels.ok());
    for (const StockLevel& level : levels.value()) {
        if (level.location == location) return level.on_hand;
    }
    return 0;
}

TEST_CASE("a pull moves listed quantity between channels, audited and synced",
          "[engine][channels][realloc]") {
    std::unique_ptr<Engine> engine = ChannelsEngine();
    const ReallocationEntry entry = Push(*engine, "MUG", "ebay");
    CHECK(entry.state == "open");
    CHECK(entry.channel_origin == "ebay");
    REQUIRE(engine->Reallocations("open")->size() == 1);

    Result<ReallocationMove> move = engine->PullReallocation(Pull(entry.id, "shopify", 3));
    INFO(move.status().ToString());
    REQUIRE(move.ok());
    CHECK(move->kind == "listing_quantity");
    CHECK(move->from_channel == "ebay");
    CHECK(move->to_channel == "shopify");
    CHECK(move->sku == "MUG");
    CHECK(move->quantity == 3);
    CHECK(Listed(*engine, "ebay", "MUG") == 1);     // 4 - 3
    CHECK(Listed(*engine, "shopify", "MUG") == 8);  // 5 + 3
    CHECK(OnHand(*engine, "MUG", "MAIN") == 10);    // no stock moved

    Result<std::vector<ReallocationMove>> audit = engine->ReallocationMoves("MUG");
    REQUIRE(audit.ok());
    REQUIRE(audit->size() == 1);
    CHECK(audit->front().id == move->id);
    CHECK(audit->front().by == "ben");
    CHECK(audit->front().at == "2026-11-24T10:00:00Z");
    CHECK(engine->Reallocations("taken")->size() == 1);
    CHECK(engine->Reallocations("open")->empty());

    // Another device that applies this one's ops has the same list, audit and listings.
    std::unique_ptr<Engine> other = ChannelsEngine();
    Result<std::vector<Op>> ops = engine->LocalOps(0, 1000);
    REQUIRE(ops.ok());
    Result<std::vector<OpOutcome>> applied = other->ApplyOps(ops.value());
    REQUIRE(applied.ok());
    CHECK(other->Reallocations("taken")->size() == 1);
    CHECK(other->ReallocationMoves("")->size() == 1);
    CHECK(Listed(*other, "shopify", "MUG") == 8);
}

TEST_CASE("a pull with locations is a ledger transfer", "[engine][channels][realloc]") {
    std::unique_ptr<Engine> engine = ChannelsEngine();
    const ReallocationEntry entry = Push(*engine, "MUG", "ebay");
    ReallocationPull pull = Pull(entry.id, "amazon", 4);
    pull.from_location = "MAIN";
    pull.to_location = "FBA-US";
    Result<ReallocationMove> move = engine->PullReallocation(pull);
    INFO(move.status().ToString());
    REQUIRE(move.ok());
    CHECK(move->kind == "transfer");
    CHECK(move->from_location == "MAIN");
    CHECK(move->to_location == "FBA-US");
    CHECK(OnHand(*engine, "MUG", "MAIN") == 6);
    CHECK(OnHand(*engine, "MUG", "FBA-US") == 4);
    Result<std::vector<Movement>> why = engine->ExplainOnHand("MUG", "FBA-US");
    REQUIRE(why.ok());
    REQUIRE(why->size() == 1);
    CHECK(why->front().kind == MovementKind::kTransferIn);
    CHECK(why->front().reference == move->reference);
    CHECK(why->front().reason == "reallocation to amazon");
    CHECK(Listed(*engine, "ebay", "MUG") == 4);  // listings untouched
}

TEST_CASE("pushes and pulls are refused when they cannot be done", "[engine][channels][realloc]") {
    std::unique_ptr<Engine> engine = ChannelsEngine();
    ReallocationPush woot;
    woot.sku = "MUG";
    woot.channel = "woot";
    CHECK(engine->PushReallocation(woot).status().code() == Code::kUnsupported);
    woot.channel = "etsy";
    CHECK(engine->PushReallocation(woot).status().code() == Code::kNotFound);
    woot.channel = "ebay";
    woot.sku = "NOPE";
    CHECK(engine->PushReallocation(woot).status().code() == Code::kNotFound);

    const ReallocationEntry entry = Push(*engine, "MUG", "ebay");
    // More than eBay lists (4), the origin taking its own offer, an unknown entry, nothing
    // to move, a transfer with one location.
    CHECK(engine->PullReallocation(Pull(entry.id, "woot", 5)).status().code() == Code::kConflict);
    CHECK(engine->PullReallocation(Pull(entry.id, "ebay", 1)).status().code() ==
          Code::kInvalidArgument);
    CHECK(engine->PullReallocation(Pull("missing", "woot", 1)).status().code() == Code::kNotFound);
    CHECK(engine->PullReallocation(Pull(entry.id, "woot", 0)).status().code() ==
          Code::kInvalidArgument);
    ReallocationPull half = Pull(entry.id, "woot", 1);
    half.from_location = "MAIN";
    CHECK(engine->PullReallocation(half).status().code() == Code::kInvalidArgument);
    // Nothing happened: the entry is open, no move recorded, listings as they were.
    CHECK(engine->Reallocations("open")->size() == 1);
    CHECK(engine->ReallocationMoves("")->empty());
    CHECK(Listed(*engine, "ebay", "MUG") == 4);

    REQUIRE(engine->PullReallocation(Pull(entry.id, "woot", 4)).ok());
    CHECK(Listed(*engine, "woot", "MUG") == 4);
    CHECK(engine->PullReallocation(Pull(entry.id, "woot", 1)).status().code() == Code::kConflict);

    // FBA stock is Amazon's: only a transfer moves it.
    const ReallocationEntry tea = Push(*engine, "TEA", "amazon");
    CHECK(engine->PullReallocation(Pull(tea.id, "ebay", 1)).status().code() ==
          Code::kInvalidArgument);
    // An offer of 2 cannot be taken 3 times over.
    ReallocationPush two;
    two.sku = "LID";
    two.channel = "amazon";
    two.quantity = 2;
    Result<ReallocationEntry> offered = engine->PushReallocation(two);
    REQUIRE(offered.ok());
    ReallocationPull three = Pull(offered->id, "ebay", 3);
    three.from_location = "MAIN";
    three.to_location = "FBA-US";
    CHECK(engine->PullReallocation(three).status().code() == Code::kConflict);
}

TEST_CASE("entries purge after 90 days; their moves stay", "[engine][channels][realloc]") {
    std::unique_ptr<Engine> engine = ChannelsEngine();
    const ReallocationEntry old = Push(*engine, "MUG", "ebay", "2026-08-01T00:00:00Z");
    Push(*engine, "LID", "amazon", "2026-08-02T00:00:00Z");
    REQUIRE(engine->PullReallocation(Pull(old.id, "woot", 1)).ok());

    // 2026-08-01 + 90 days = 2026-10-30: exactly 90 days old is kept.
    Result<int64_t> purged = engine->PurgeReallocations("2026-10-30T00:00:00Z");
    REQUIRE(purged.ok());
    CHECK(purged.value() == 0);
    purged = engine->PurgeReallocations("2026-10-30T00:00:01Z");
    REQUIRE(purged.ok());
    CHECK(purged.value() == 1);
    Result<std::vector<ReallocationEntry>> left = engine->Reallocations("");
    REQUIRE(left.ok());
    REQUIRE(left->size() == 1);
    CHECK(left->front().sku == "LID");
    CHECK(engine->ReallocationMoves("MUG")->size() == 1);
    CHECK(engine->PurgeReallocations("not a date").status().code() == Code::kInvalidArgument);
}

TEST_CASE("the reallocation list exports as CSV", "[engine][channels][realloc][export]") {
    std::unique_ptr<Engine> engine = ChannelsEngine();
    ReallocationPush push;
    push.sku = "MUG";
    push.channel = "ebay";
    push.reason = "=slow, \"really\"";
    push.quantity = 2;
    push.added_by = "ana";
    push.at = "2026-11-20T08:00:00Z";
    Result<ReallocationEntry> entry = engine->PushReallocation(push);
    REQUIRE(entry.ok());
    Result<std::string> csv = engine->ReallocationsCsv();
    REQUIRE(csv.ok());
    CHECK(csv->rfind("\xEF\xBB\xBF", 0) == 0);  // a BOM, for spreadsheets
    const std::vector<std::string> lines = Lines(csv.value());
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "id,sku,channel_origin,reason,quantity,state,added_at,added_by");
    // The reason is quoted (comma, quotes) and guarded against running as a formula.
    CHECK(lines[1] ==
          entry->id + ",MUG,ebay,\"'=slow, \"\"really\"\"\",2,open," + "2026-11-20T08:00:00Z,ana");
}

}  // namespace
}  // namespace stocktake::engine
