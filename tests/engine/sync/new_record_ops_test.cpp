// StoreNewRecordOp (sync/records.h): a first import's created ops, stored from their stamps
// without making an Op. Whether the outbox batches them into a run or stores an Op the usual
// way, the log must read back the same ops, with the clocks their records were given.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "stocktake/json_text.h"
#include "store/store.h"
#include "sync/field_clocks.h"
#include "sync/outbox.h"
#include "sync/records.h"

namespace stocktake::engine {
namespace {

RecordWrite Listing(std::string_view sku) {
    RecordWrite write;
    write.active = true;
    write.key[0] = sku;
    write.key[1] = "amazon";
    write.key[2] = "";
    return write;
}

// Stamps and stores a created op for each SKU; returns the clocks their records would get.
std::vector<std::string> StoreCreated(Store& store, const std::vector<std::string>& skus) {
    std::vector<std::string> clocks;
    for (const std::string& sku : skus) {
        std::string clock = "kept:";
        Result<OpStamp> stamp = NextLocalOp(store, &clock);
        REQUIRE(stamp.ok());
        REQUIRE(StoreNewRecordOp(store, ListingsTable(), Listing(sku), stamp.value()).ok());
        clocks.push_back(clock);
    }
    return clocks;
}

TEST_CASE("created ops stored from stamps read back alike, batched into a run or not",
          "[engine][sync]") {
    const bool batched = GENERATE(false, true);
    Result<std::unique_ptr<Store>> opened = Store::Open(":memory:", EngineOptions{});
    REQUIRE(opened.ok());
    Store& store = *opened.value();
    REQUIRE(store.db().Begin().ok());
    store.sync().BatchLocalOps(batched);
    const std::vector<std::string> skus = {"A-1", "B \"2\"", "C\\3", "D\t4"};
    const std::vector<std::string> clocks = StoreCreated(store, skus);
    REQUIRE(store.sync().FlushOps().ok());
    store.sync().BatchLocalOps(false);

    const std::string device = store.sync().Device().value().device_id;
    const std::vector<Op> ops = store.sync().LocalOps(0, 100).value();
    REQUIRE(ops.size() == skus.size());
    for (size_t i = 0; i < ops.size(); ++i) {
        CHECK(ops[i].device == device);
        CHECK(ops[i].seq == static_cast<int64_t>(i) + 1);
        if (i > 0) CHECK(ops[i].hlc > ops[i - 1].hlc);
        CHECK(ops[i].entity == "listing");
        CHECK(ops[i].key == std::vector<std::string>{skus[i], "amazon", ""});
        CHECK(ops[i].payload.is_null());  // left out: the record gives it back
        // NextLocalOp appended the op's clock to what the string held.
        CHECK(clocks[i] == "kept:" + ClockOf(ops[i].hlc, device));
    }
    // The next op follows the last one stored.
    CHECK(NextLocalOp(store).value().seq == static_cast<int64_t>(skus.size()) + 1);
    REQUIRE(store.db().Commit().ok());
}

TEST_CASE("a stamp never stored leaves nothing behind", "[engine][sync]") {
    Result<std::unique_ptr<Store>> opened = Store::Open(":memory:", EngineOptions{});
    REQUIRE(opened.ok());
    Store& store = *opened.value();
    REQUIRE(store.db().Begin().ok());
    const OpStamp first = NextLocalOp(store).value();
    const OpStamp again = NextLocalOp(store).value();
    CHECK(again.seq == first.seq);
    CHECK(store.sync().LocalOps(0, 10).value().empty());
    REQUIRE(store.db().Commit().ok());
}

TEST_CASE("AppendJsonStringArray writes JsonStringArray's text after what out holds",
          "[shared][json]") {
    const std::vector<std::string> strings = {"a\"b", "", "\xc3\xa9\n", "x\xff"};
    const std::vector<std::string_view> views(strings.begin(), strings.end());
    std::string out = "key:";
    AppendJsonStringArray(views, &out);
    CHECK(out == "key:" + JsonStringArray(strings));
    out.clear();
    AppendJsonStringArray({}, &out);
    CHECK(out == "[]");
}

TEST_CASE("AppendHlcText appends HlcText", "[shared][op]") {
    std::string out = "t=";
    AppendHlcText(0x0123456789abcdefULL, &out);
    CHECK(out == "t=0123456789abcdef");
}

}  // namespace
}  // namespace stocktake::engine
