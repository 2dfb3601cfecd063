// The device's sync account: kept across reopen, and a pulled page applied together with
// its cursor; the outbox's size.
#include <catch2/catch.hpp>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::OpenOrDie;
using testing::TempDbFile;

Op ProductOp(const std::string& device, int64_t seq, const std::string& sku) {
    Op op;
    op.device = device;
    op.seq = seq;
    op.hlc = 1000 + static_cast<uint64_t>(seq);
    op.entity = "product";
    op.key = {sku};
    op.payload = {{"name", "From elsewhere"}};
    return op;
}

TEST_CASE("a new device is signed out with its cursor at 0, and keeps what it saves",
          "[engine][sync]") {
    TempDbFile file("sync_account");
    {
        auto engine = OpenOrDie(file.path());
        Result<SyncAccount> fresh = engine->LoadSyncAccount();
        REQUIRE(fresh.ok());
        CHECK(fresh->email.empty());
        CHECK(fresh->pull_cursor == 0);
        const SyncAccount account{"ana@example.com",     "org-1", "a.b.c", "r", 12,
                                  "2026-11-24T03:00:00Z"};
        REQUIRE(engine->SaveSyncAccount(account).ok());
    }
    auto reopened = OpenOrDie(file.path());
    Result<SyncAccount> kept = reopened->LoadSyncAccount();
    REQUIRE(kept.ok());
    CHECK(kept->email == "ana@example.com");
    CHECK(kept->org_id == "org-1");
    CHECK(kept->access_token == "a.b.c");
    CHECK(kept->refresh_token == "r");
    CHECK(kept->pull_cursor == 12);
    CHECK(kept->last_sync_at == "2026-11-24T03:00:00Z");
}

TEST_CASE("a pulled page is applied with its cursor; the outbox counts what is unsent",
          "[engine][sync]") {
    auto engine = OpenOrDie();
    const std::string other(32, 'b');
    Result<std::vector<OpOutcome>> applied =
        engine->ApplyPulledOps({ProductOp(other, 1, "SKU-1"), ProductOp(other, 2, "SKU-2")}, 7);
    REQUIRE(applied.ok());
    CHECK(applied->size() == 2);
    CHECK(engine->LoadSyncAccount()->pull_cursor == 7);
    CHECK(engine->Summarize()->skus == 2);
    // Ops from elsewhere are not this device's to send.
    CHECK(engine->PendingOpCount().value() == 0);

    for (const char* sku : {"SKU-3", "SKU-4"}) {
        ProductEdit edit;
        edit.sku = sku;
        edit.name = "Made here";
        REQUIRE(engine->SaveProduct(edit).ok());
    }
    CHECK(engine->PendingOpCount().value() == 2);
    const std::vector<Op> pending = engine->PendingOps(10).value();
    REQUIRE(pending.size() == 2);
    REQUIRE(engine->AcknowledgeOps(pending[0].seq).ok());
    CHECK(engine->PendingOpCount().value() == 1);

    // The device's own op coming back in a pull changes nothing.
    Result<std::vector<OpOutcome>> echoed = engine->ApplyPulledOps({pending[0]}, 8);
    REQUIRE(echoed.ok());
    CHECK((*echoed)[0].state == OpOutcome::State::kDuplicate);
    CHECK(engine->LoadSyncAccount()->pull_cursor == 8);
}

}  // namespace
}  // namespace stocktake::engine
