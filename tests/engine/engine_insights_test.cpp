// Insights and metrics: each kind at its threshold boundaries (days counted in the
// seller's zone, midnight edges included), incremental and idempotent regeneration, the
// purge, metrics with the fee table, the settings, and a randomized check that insights
// regenerated after every change equal insights generated once from scratch.
#include <catch2/catch.hpp>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engine/test_util.h"
#include "insights_job.h"
#include "stocktake/engine/engine.h"
#include "stocktake/engine/export.h"
#include "stocktake/time.h"
#include "store/db.h"
#include "store/migrations.h"

namespace stocktake::engine {
namespace {

using json = nlohmann::json;
using testing::OpenOrDie;

constexpr int64_t kDay = 86400;

int64_t At(const std::string& iso) {
    Result<int64_t> t = ParseIso8601(iso);
    REQUIRE(t.ok());
    return t.value();
}

// The day (since 1970-01-01) of an instant, rounding down before it.
int64_t FloorDays(int64_t seconds) {
    return seconds >= 0 ? seconds / kDay : -((-seconds + kDay - 1) / kDay);
}

std::string Iso(int64_t seconds) {
    return FormatIso8601Utc(seconds);
}

// A shop with location MAIN. Listings and product costs arrive as ops from another device
// (as a channel import on a laptop would send them): the engine has no local listing edit.
class Shop {
  public:
    Shop() : engine_(OpenOrDie()) {
        REQUIRE(engine_->AddLocation({"MAIN", "", "Main", "warehouse"}).ok());
    }
    Engine& engine() { return *engine_; }

    void Product(const std::string& sku, std::optional<int64_t> cost = std::nullopt,
                 std::optional<int64_t> list_price = std::nullopt) {
        REQUIRE(engine_->SaveProduct({sku, "Item " + sku, {}, {}, {}, list_price}).ok());
        if (cost) Remote("product", {sku}, {{"cost", *cost}});
    }
    void Receive(const std::string& sku, int64_t units, const std::string& at) {
        REQUIRE(engine_
                    ->RecordMovement(testing::Move(
                        sku, "MAIN", units,
                        units > 0 ? MovementKind::kReceive : MovementKind::kAdjust, at))
                    .ok());
    }
    std::string Sell(const std::string& channel, const std::string& sku, int64_t units,
                     const std::string& at) {
        Order order;
        order.channel = channel;
        order.external_id = "O-" + std::to_string(++orders_);
        order.ordered_at = at;
        order.lines = {{sku, units, 1000}};
        Status recorded = engine_->RecordOrder(order);
        INFO(recorded.ToString());
        REQUIRE(recorded.ok());
        return order.external_id;
    }
    void List(const std::string& sku, const std::string& channel, const std::string& opened_at,
              std::optional<int64_t> quantity, const std::string& status = "Active",
              std::optional<int64_t> price = std::nullopt) {
        Remote("listing", {sku, channel, ""},
               {{"status", status},
                {"opened_at", opened_at},
                {"quantity", quantity ? json(*quantity) : json(nullptr)},
                {"price_minor", price ? json(*price) : json(nullptr)}});
    }
    void Remote(const std::string& entity, std::vector<std::string> key, json payload) {
        Op op;
        op.device = std::string(32, 'f');
        op.seq = ++seq_;
        op.hlc = (uint64_t{1'800'000'000'000} << 16) + static_cast<uint64_t>(seq_);
        op.entity = entity;
        op.key = std::move(key);
        op.payload = std::move(payload);
        Result<std::vector<OpOutcome>> outcomes = engine_->ApplyOps({op});
        REQUIRE(outcomes.ok());
        INFO(outcomes.value()[0].reason);
        REQUIRE(outcomes.value()[0].state == OpOutcome::State::kApplied);
    }
    void Set(const std::function<void(InsightSettings&)>& edit) {
        InsightSettings settings = engine_->GetInsightSettings().value();
        edit(settings);
        REQUIRE(engine_->SaveInsightSettings(settings).ok());
    }
    InsightRun Generate(const std::string& now) {
        Result<InsightRun> run = engine_->GenerateInsights(now);
        INFO(run.status().ToString());
        REQUIRE(run.ok());
        return run.value();
    }
    // Generates at now, then the insights of kind that hold.
    std::vector<Insight> Holding(const std::string& now, const std::string& kind) {
        Generate(now);
        return engine_->Insights(kind).value();
    }

  private:
    std::unique_ptr<Engine> engine_;
    int64_t seq_ = 0;
    int orders_ = 0;
};

json Details(const Insight& insight) {
    return json::parse(insight.details);
}

TEST_CASE("slow mover: no sale for 30 calendar days or more", "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    shop.Receive("MUG", 10, "2027-01-01T00:00:00Z");
    shop.Sell("amazon", "MUG", 1, "2027-02-01T12:00:00Z");
    CHECK(shop.Holding("2027-03-02T23:59:59Z", kSlowMover).empty());               // 29 days
    std::vector<Insight> slow = shop.Holding("2027-03-03T00:00:00Z", kSlowMover);  // 30
    REQUIRE(slow.size() == 1);
    CHECK(slow[0].sku == "MUG");
    CHECK(slow[0].channel.empty());
    CHECK(slow[0].generated_at == "2027-03-03T00:00:00Z");
    CHECK(Details(slow[0])["days_without_sale"] == 30);
    CHECK(Details(slow[0])["last_sale_at"] == "2027-02-01T12:00:00Z");
    slow = shop.Holding("2027-03-04T08:00:00Z", kSlowMover);  // 31: still, since the 30th
    REQUIRE(slow.size() == 1);
    CHECK(slow[0].generated_at == "2027-03-03T00:00:00Z");
    CHECK(Details(slow[0])["days_without_sale"] == 31);

    // A sale ends it; out of stock is not slow.
    shop.Sell("ebay", "MUG", 1, "2027-03-04T09:00:00Z");
    CHECK(shop.Holding("2027-03-04T10:00:00Z", kSlowMover).empty());
    shop.Receive("MUG", -10, "2027-03-05T00:00:00Z");
    CHECK(shop.Holding("2027-06-01T00:00:00Z", kSlowMover).empty());
}

TEST_CASE("days are counted in the seller's zone, at its midnight", "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    shop.Receive("MUG", 5, "2027-01-01T00:00:00Z");
    // 03:00 UTC on 1 Oct is still 30 Sep in New York (UTC-5).
    shop.Sell("amazon", "MUG", 1, "2027-10-01T03:00:00Z");
    const std::string now = "2027-10-30T12:00:00Z";
    CHECK(shop.Holding(now, kSlowMover).empty());  // UTC: 1 Oct -> 30 Oct, 29 days
    shop.Set([](InsightSettings& s) { s.utc_offset_minutes = -300; });
    std::vector<Insight> slow = shop.Holding(now, kSlowMover);  // local: 30 Sep -> 30 Oct
    REQUIRE(slow.size() == 1);
    CHECK(Details(slow[0])["days_without_sale"] == 30);
    CHECK(Details(slow[0])["idle_since"] == "2027-09-30");  // the local date, not UTC's
    // East of UTC the same sale is on 1 Oct, and "now" at 23:30 UTC is already 31 Oct
    // there: 30 days again, one calendar day later than UTC says.
    shop.Set([](InsightSettings& s) { s.utc_offset_minutes = 60; });
    CHECK(shop.Holding("2027-10-30T22:59:59Z", kSlowMover).empty());      // 23:59 local, 29 days
    CHECK(shop.Holding("2027-10-30T23:00:00Z", kSlowMover).size() == 1);  // local midnight
}

TEST_CASE("aged listing: listed for more than 180 days", "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    shop.Receive("MUG", 5, "2027-01-01T00:00:00Z");
    shop.List("MUG", "amazon", "2027-01-01T00:00:00Z", 5);
    shop.List("MUG", "ebay", "2027-01-01T00:00:00Z", 5, "Inactive");
    const int64_t opened = At("2027-01-01T00:00:00Z");
    CHECK(shop.Holding(Iso(opened + 180 * kDay + 3600), kAgedListing).empty());
    std::vector<Insight> aged = shop.Holding(Iso(opened + 181 * kDay), kAgedListing);
    REQUIRE(aged.size() == 1);  // the inactive eBay listing is not a listing that ages
    CHECK(aged[0].channel == "amazon");
    CHECK(Details(aged[0])["listing_age_days"] == 181);
    shop.Set([](InsightSettings& s) { s.aged_days = 181; });
    CHECK(shop.Holding(Iso(opened + 181 * kDay), kAgedListing).empty());
}

TEST_CASE("a day later, details keep their dates: nothing rewritten, counts follow the day",
          "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    shop.Receive("MUG", 10, "2027-01-01T00:00:00Z");
    shop.List("MUG", "amazon", "2027-01-01T00:00:00Z", 5);
    shop.Sell("amazon", "MUG", 1, "2027-02-01T12:00:00Z");
    InsightRun first = shop.Generate("2027-08-01T10:00:00Z");
    CHECK(first.added == 2);  // slow mover, aged listing
    std::vector<Insight> slow = shop.engine().Insights(kSlowMover).value();
    REQUIRE(slow.size() == 1);
    CHECK(Details(slow[0])["idle_since"] == "2027-02-01");
    CHECK(Details(slow[0])["days_without_sale"] == 181);
    std::vector<Insight> aged = shop.engine().Insights(kAgedListing).value();
    REQUIRE(aged.size() == 1);
    CHECK(Details(aged[0])["listed_on"] == "2027-01-01");
    CHECK(Details(aged[0])["listing_age_days"] == 212);

    // A day later with no input changed: no row is rewritten, yet the counts shown (and the
    // CSV made of them) are a day older, and a reader learns of it by the generation.
    const uint64_t before = shop.engine().Generation();
    InsightRun next = shop.Generate("2027-08-02T10:00:00Z");
    CHECK(next.added == 0);
    CHECK(next.updated == 0);
    CHECK(next.unchanged == 2);
    CHECK(shop.engine().Generation() != before);
    slow = shop.engine().Insights(kSlowMover).value();
    REQUIRE(slow.size() == 1);
    CHECK(Details(slow[0])["days_without_sale"] == 182);
    CHECK(Details(slow[0])["idle_since"] == "2027-02-01");
    CHECK(Details(shop.engine().Insights(kAgedListing).value()[0])["listing_age_days"] == 213);
    CHECK(InsightsCsv(shop.engine().Insights(kSlowMover).value())
              .find("\"\"days_without_sale\"\":182") != std::string::npos);

    // The same day again: nothing written, the generation stays.
    const uint64_t same_day = shop.engine().Generation();
    shop.Generate("2027-08-02T18:00:00Z");
    CHECK(shop.engine().Generation() == same_day);
}

TEST_CASE("a never-sold SKU counts its idle days from its creation; null when unknown",
          "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    shop.Receive("MUG", 3, "2027-01-01T00:00:00Z");
    // Products get created_at from the clock: a generation years later sees it slow, idle
    // since a day its details name.
    std::vector<Insight> slow = shop.Holding("2040-01-01T00:00:00Z", kSlowMover);
    REQUIRE(slow.size() == 1);
    const json details = Details(slow[0]);
    REQUIRE(details["idle_since"].is_string());
    CHECK(details["days_without_sale"].get<int64_t>() >= 30);
}

TEST_CASE("out of stock on an active listing, resolved when stock arrives", "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    shop.List("MUG", "amazon", "2027-01-01T00:00:00Z", 0);
    shop.List("MUG", "shopify", "2027-01-01T00:00:00Z", 0, "Inactive");
    std::vector<Insight> out = shop.Holding("2027-02-01T00:00:00Z", kOutOfStock);
    REQUIRE(out.size() == 1);
    CHECK(out[0].channel == "amazon");
    CHECK(Details(out[0])["available"] == 0);
    shop.Receive("MUG", 1, "2027-02-01T01:00:00Z");
    InsightRun run = shop.Generate("2027-02-01T02:00:00Z");
    CHECK(run.resolved == 1);
    CHECK(shop.engine().Insights(kOutOfStock).value().empty());
    // An open order for the last unit makes it unavailable again.
    shop.Sell("amazon", "MUG", 1, "2027-02-01T03:00:00Z");
    out = shop.Holding("2027-02-01T04:00:00Z", kOutOfStock);
    REQUIRE(out.size() == 1);
    CHECK(Details(out[0])["reserved"] == 1);
    CHECK(out[0].generated_at == "2027-02-01T04:00:00Z");  // a new insight, not the old one
}

TEST_CASE("out of stock without a ledger: what the listings say", "[engine][insights]") {
    // A seller who has imported listings but recorded no stock: the listed quantities are
    // all Stocktake knows of the shelf, so a listing of 5 is not out of stock.
    Shop shop;
    shop.Product("MUG");
    shop.Product("CUP");
    shop.Product("FBA");
    shop.List("MUG", "amazon", "2027-01-01T00:00:00Z", 5);
    shop.List("CUP", "amazon", "2027-01-01T00:00:00Z", 0);
    shop.List("FBA", "amazon", "2027-01-01T00:00:00Z", std::nullopt);
    std::vector<Insight> out = shop.Holding("2027-02-01T00:00:00Z", kOutOfStock);
    REQUIRE(out.size() == 1);
    CHECK(out[0].sku == "CUP");
    CHECK(Details(out[0])["listed"] == 0);
    CHECK(Details(out[0])["stock_tracked"] == false);
    // Once the ledger knows the SKU, the ledger decides, whatever the listing says.
    shop.Receive("MUG", 1, "2027-02-01T01:00:00Z");
    shop.Receive("MUG", -1, "2027-02-01T02:00:00Z");
    out = shop.Holding("2027-02-01T03:00:00Z", kOutOfStock);
    REQUIRE(out.size() == 2);
    CHECK(out[1].sku == "MUG");
    CHECK(Details(out[1])["stock_tracked"] == true);
    CHECK(Details(out[1])["listed"] == 5);
}

TEST_CASE("negative stock and low stock", "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    shop.Product("LID");
    shop.Receive("MUG", -2, "2027-01-01T00:00:00Z");
    std::vector<Insight> negative = shop.Holding("2027-01-02T00:00:00Z", kNegativeStock);
    REQUIRE(negative.size() == 1);
    CHECK(Details(negative[0])["locations"] ==
          json::parse(R"([{"location":"MAIN","on_hand":-2}])"));

    shop.Receive("LID", 5, "2027-01-01T00:00:00Z");
    REQUIRE(shop.engine().SaveProductPlan({"LID", 4, ""}).ok());
    CHECK(shop.Holding("2027-01-02T00:00:00Z", kLowStock).empty());  // 5 > 4
    REQUIRE(shop.engine().SaveProductPlan({"LID", 5, ""}).ok());
    std::vector<Insight> low = shop.Holding("2027-01-02T00:00:00Z", kLowStock);
    REQUIRE(low.size() == 1);
    CHECK(Details(low[0])["reorder_point"] == 5);
    CHECK(Details(low[0])["available"] == 5);
    CHECK(shop.engine().SaveProductPlan({"NOPE", 5, ""}).code() == Code::kNotFound);
    CHECK(shop.engine().SaveProductPlan({"LID", 5, "ACME"}).code() == Code::kNotFound);
}

TEST_CASE("overstock: days of cover above the setting", "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    // 30 units over the 30-day window: 1 a day. 30 are reserved by the open orders.
    for (int day = 1; day <= 30; ++day) {
        shop.Sell("amazon", "MUG", 1, Iso(At("2027-03-01T12:00:00Z") + day * kDay));
    }
    const std::string now = "2027-03-31T18:00:00Z";
    shop.Receive("MUG", 30 + 180, "2027-03-01T00:00:00Z");
    CHECK(shop.Holding(now, kOverstock).empty());  // 180 days of cover
    shop.Receive("MUG", 1, "2027-03-02T00:00:00Z");
    std::vector<Insight> over = shop.Holding(now, kOverstock);
    REQUIRE(over.size() == 1);
    CHECK(Details(over[0])["days_of_cover"] == "181.0");
    CHECK(Details(over[0])["velocity"] == "1.000");
}

TEST_CASE("reallocation candidate: idle stock on one channel, selling on another",
          "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    shop.Receive("MUG", 20, "2027-01-01T00:00:00Z");
    shop.List("MUG", "amazon", "2027-01-01T00:00:00Z", 8);
    shop.List("MUG", "ebay", "2027-01-01T00:00:00Z", 2);
    shop.Sell("amazon", "MUG", 1, "2027-01-10T00:00:00Z");
    shop.Sell("ebay", "MUG", 2, "2027-02-15T00:00:00Z");
    // 9 Feb: amazon idle for 30 days, ebay not sold yet within 30 days -> no candidate.
    CHECK(shop.Holding("2027-02-09T00:00:00Z", kReallocationCandidate).empty());
    std::vector<Insight> moves = shop.Holding("2027-02-20T00:00:00Z", kReallocationCandidate);
    REQUIRE(moves.size() == 1);
    CHECK(moves[0].channel == "amazon");
    const json details = Details(moves[0]);
    CHECK(details["listed"] == 8);
    CHECK(details["days_without_sale"] == 41);
    REQUIRE(details["to"].size() == 1);
    CHECK(details["to"][0]["channel"] == "ebay");
    CHECK(details["to"][0]["units_30"] == 2);
    // Once ebay too has been idle for 30 days, nothing is to move.
    CHECK(shop.Holding("2027-03-17T00:00:00Z", kReallocationCandidate).empty());
    // An ebay listing with nothing listed is out of stock there: move some.
    shop.List("MUG", "ebay", "2027-01-01T00:00:00Z", 0);
    CHECK(shop.Holding("2027-03-17T00:00:00Z", kReallocationCandidate).size() == 1);
}

TEST_CASE("regenerating is idempotent and resolved insights are purged after 90 days",
          "[engine][insights]") {
    Shop shop;
    shop.Product("MUG");
    shop.Receive("MUG", -1, "2027-01-01T00:00:00Z");
    InsightRun first = shop.Generate("2027-01-02T00:00:00Z");
    CHECK(first.added == 1);  // negative stock (nothing in stock: not slow)
    const std::vector<Insight> before = shop.engine().Insights("").value();
    const uint64_t generation = shop.engine().Generation();
    InsightRun again = shop.Generate("2027-01-02T00:00:00Z");
    CHECK(again.added == 0);
    CHECK(again.updated == 0);
    CHECK(again.resolved == 0);
    CHECK(again.unchanged == first.added);
    CHECK(shop.engine().Generation() == generation);
    const std::vector<Insight> after = shop.engine().Insights("").value();
    REQUIRE(after.size() == before.size());
    for (size_t i = 0; i < after.size(); ++i) {
        CHECK(after[i].generated_at == before[i].generated_at);
        CHECK(after[i].details == before[i].details);
    }
    shop.Receive("MUG", 1, "2027-01-03T00:00:00Z");
    CHECK(shop.Generate("2027-01-03T00:00:00Z").resolved >= 1);
    CHECK(shop.Generate("2027-04-03T00:00:00Z").purged == 0);  // 90 days: kept
    CHECK(shop.Generate("2027-04-03T00:00:01Z").purged >= 1);
}

TEST_CASE("unknown insight kinds and bad instants are refused", "[engine][insights]") {
    Shop shop;
    CHECK(shop.engine().Insights("slow").status().code() == Code::kInvalidArgument);
    CHECK(shop.engine().GenerateInsights("yesterday").status().code() == Code::kInvalidArgument);
    CHECK(InsightKinds().size() == 7);
}

TEST_CASE("metrics: units, velocity, cover, margin after the channel's fee, score",
          "[engine][insights]") {
    Shop shop;
    shop.Product("MUG", 80000 /* 8.0000 */, 2500);
    shop.List("MUG", "amazon", "2027-01-01T00:00:00Z", 5, "Active", 2000);
    REQUIRE(shop.engine().SaveChannelFee({"amazon", 1500, 30}).ok());
    shop.Receive("MUG", 100, "2027-01-01T00:00:00Z");
    const std::string now = "2027-04-30T12:00:00Z";
    const int64_t t = At(now);
    shop.Sell("amazon", "MUG", 1, Iso(t - 6 * kDay));  // in 7 days
    shop.Sell("amazon", "MUG", 2, Iso(t - 7 * kDay));  // in 30, not 7
    shop.Sell("ebay", "MUG", 4, Iso(t - 29 * kDay));   // in 30
    shop.Sell("ebay", "MUG", 8, Iso(t - 89 * kDay));   // in 90
    shop.Sell("ebay", "MUG", 16, Iso(t - 95 * kDay));  // before
    const std::string cancelled = shop.Sell("ebay", "MUG", 32, Iso(t - 1 * kDay));
    REQUIRE(shop.engine().CancelOrder("ebay", cancelled).ok());

    std::vector<SkuMetrics> rows = shop.engine().Metrics("MUG", now).value();
    REQUIRE(rows.size() == 3);
    const SkuMetrics& all = rows[0];
    CHECK(all.channel.empty());
    CHECK(all.units_7 == 1);
    CHECK(all.units_30 == 7);
    CHECK(all.units_90 == 15);
    CHECK(all.units_window == 7);
    CHECK(all.on_hand == 100);
    CHECK(all.available == 100 - 31);  // the open orders reserve; the cancelled one not
    CHECK(all.velocity == Approx(7.0 / 30));
    REQUIRE(all.days_of_cover);
    CHECK(*all.days_of_cover == Approx(69 / (7.0 / 30)));
    CHECK(all.last_sale_at == Iso(t - 6 * kDay));
    CHECK(all.days_since_last_sale == 6);
    CHECK(all.listing_age_days == 119);
    CHECK(all.price_minor == 2500);
    CHECK(all.margin_e4 == 2500 * 100 - 80000);  // no channel: no fee

    const SkuMetrics& amazon = rows[1];
    CHECK(amazon.channel == "amazon");
    CHECK(amazon.units_30 == 3);
    CHECK(amazon.price_minor == 2000);
    CHECK(amazon.fee_minor == 300 + 30);
    CHECK(amazon.margin_e4 == (2000 - 330) * 100 - 80000);
    CHECK(amazon.score_margin == 44);  // 8.70 of 20.00: 43.5%, rounded
    CHECK(amazon.score == (amazon.score_velocity + amazon.score_margin + amazon.score_cover +
                           amazon.score_age + 2) /
                              4);
    const SkuMetrics& ebay = rows[2];
    CHECK(ebay.channel == "ebay");
    CHECK(ebay.units_90 == 12);
    CHECK(!ebay.listing_age_days);

    // The rows behind units_30 on ebay.
    std::vector<SaleLine> lines = shop.engine().SalesOf("MUG", "ebay", Iso(t - 29 * kDay)).value();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].quantity == 4);

    // Every "units sold" number opens to order lines that add up to it (the browser's link).
    auto units = [&](const std::string& channel, int64_t days) {
        const std::vector<SaleLine> lines_behind =
            shop.engine().SalesInLastDays("MUG", channel, days, now).value();
        int64_t sum = 0;
        for (const SaleLine& l : lines_behind) sum += l.quantity;
        return sum;
    };
    for (const SkuMetrics& m : rows) {
        CHECK(units(m.channel, 7) == m.units_7);
        CHECK(units(m.channel, 30) == m.units_30);
        CHECK(units(m.channel, 90) == m.units_90);
    }
    // A sale after `now` is not behind a number counted at now.
    shop.Sell("ebay", "MUG", 64, Iso(t + kDay));
    CHECK(units("ebay", 7) == 0);
    CHECK(shop.engine().SalesInLastDays("MUG", "", 0, now).status().code() ==
          Code::kInvalidArgument);
}

TEST_CASE("settings and fees are validated and synced through the outbox", "[engine][insights]") {
    Shop shop;
    InsightSettings settings = shop.engine().GetInsightSettings().value();
    CHECK(settings.slow_days == 30);
    CHECK(settings.aged_days == 180);
    CHECK(settings.utc_offset_minutes == 0);
    const int64_t ops_before = static_cast<int64_t>(shop.engine().PendingOps(1000).value().size());
    settings.slow_days = 45;
    REQUIRE(shop.engine().SaveInsightSettings(settings).ok());
    CHECK(shop.engine().GetInsightSettings().value().slow_days == 45);
    std::vector<Op> ops = shop.engine().PendingOps(1000).value();
    REQUIRE(static_cast<int64_t>(ops.size()) == ops_before + 1);  // only what changed
    CHECK(ops.back().entity == "setting");
    CHECK(ops.back().key == std::vector<std::string>{"slow_days"});

    settings.utc_offset_minutes = 900;
    Status refused = shop.engine().SaveInsightSettings(settings);
    CHECK(refused.code() == Code::kInvalidArgument);
    CHECK(refused.message().find("utc_offset_minutes") != std::string::npos);
    CHECK(shop.engine().SaveChannelFee({"amazon", 10001, 0}).code() == Code::kInvalidArgument);
    REQUIRE(shop.engine().SaveChannelFee({"ebay", 1290, 30}).ok());
    CHECK(shop.engine().PendingOps(1000).value().back().entity == "channel_fee");

    // Another device receives them.
    std::unique_ptr<Engine> other = OpenOrDie();
    REQUIRE(other->ApplyOps(shop.engine().PendingOps(1000).value()).ok());
    CHECK(other->GetInsightSettings().value().slow_days == 45);
    REQUIRE(other->ChannelFees().value().size() == 1);
    CHECK(other->ChannelFees().value()[0].percent_bp == 1290);
}

// Builds the same random history in two shops: one regenerates after every step, the other
// once at the end. The insights that hold must be the same, numbers included.
// A random history of sales, stock, listings, plans, cancellations and settings, applied
// alike to every shop given, one change per Next().
class RandomHistory {
  public:
    RandomHistory(uint32_t seed, std::vector<Shop*> shops) : random_(seed), shops_(shops) {
        for (Shop* shop : shops_) {
            for (const std::string& sku : kSkus) shop->Product(sku);
        }
    }
    // Applies one change, then moves now on by up to three days.
    void Next() {
        const std::string sku = kSkus[static_cast<size_t>(Pick(6))];
        const std::string channel = kChannels[static_cast<size_t>(Pick(3))];
        const std::string when = Iso(now_ - Pick(100) * kDay - Pick(kDay));
        const int what = static_cast<int>(Pick(8));
        const int64_t units = 1 + Pick(9);
        const int64_t listed = Pick(2) == 0 ? 0 : units;
        const char* status = Pick(4) == 0 ? "Inactive" : "Active";
        for (Shop* shop : shops_) {
            switch (what) {
                case 0:
                case 1: {
                    const std::string id = shop->Sell(channel, sku, units, when);
                    if (shop == shops_.back()) open_.emplace_back(channel, id);
                    break;
                }
                case 2: shop->Receive(sku, units * 3, when); break;
                case 3: shop->Receive(sku, -units, when); break;
                case 4: shop->List(sku, channel, when, listed, status); break;
                case 5: REQUIRE(shop->engine().SaveProductPlan({sku, units, ""}).ok()); break;
                case 6:
                    if (!open_.empty()) {
                        const auto& [c, id] = open_[static_cast<size_t>(step_) % open_.size()];
                        (void)shop->engine().CancelOrder(c, id);  // may be cancelled already
                    }
                    break;
                default: shop->Set([&](InsightSettings& s) { s.slow_days = 20 + units; }); break;
            }
        }
        ++step_;
        now_ += Pick(3) * kDay + Pick(kDay);
    }
    std::string Now() const { return Iso(now_); }
    // Only a sale (the write the engine notes with its SKUs), now unmoved.
    void Sale() {
        const std::string sku = kSkus[static_cast<size_t>(Pick(6))];
        const std::string channel = kChannels[static_cast<size_t>(Pick(3))];
        const std::string when = Iso(now_ - Pick(100) * kDay - Pick(kDay));
        const int64_t units = 1 + Pick(9);
        for (Shop* shop : shops_) {
            const std::string id = shop->Sell(channel, sku, units, when);
            if (shop == shops_.back()) open_.emplace_back(channel, id);
        }
    }
    // A script's step: Next, Sale, or now moved on by that many days.
    static constexpr int64_t kNext = -1;
    static constexpr int64_t kSale = -2;
    void Do(int64_t step) {
        if (step == kNext) {
            Next();
        } else if (step == kSale) {
            Sale();
        } else {
            now_ += step * kDay;
        }
    }

  private:
    int64_t Pick(int n) { return static_cast<int64_t>(random_() % static_cast<uint32_t>(n)); }
    inline static const std::vector<std::string> kSkus = {"A", "B", "C", "D", "E", "F"};
    inline static const std::vector<std::string> kChannels = {"amazon", "ebay", "woot"};
    std::mt19937 random_;
    std::vector<Shop*> shops_;
    int64_t now_ = At("2027-01-01T00:00:00Z");
    int step_ = 0;
    std::vector<std::pair<std::string, std::string>> open_;  // (channel, order id)
};

// As lines, so a failure shows the difference.
std::string InsightLines(const std::vector<Insight>& insights, bool with_generated_at) {
    std::string lines;
    for (const Insight& i : insights) {
        lines += i.sku + "|" + i.channel + "|" + i.kind + "|" + i.details;
        if (with_generated_at) lines += "|" + i.generated_at;
        lines += "\n";
    }
    return lines;
}

std::string PlanLines(const RestockPlan& plan) {
    std::string lines = plan.planned_at + "\n";
    for (const RestockLine& l : plan.lines) {
        lines +=
            l.sku + "|" + l.supplier + "|" + std::to_string(l.quantity) + "|" + l.derivation + "\n";
    }
    return lines;
}

TEST_CASE("insights regenerated incrementally equal insights generated from scratch",
          "[engine][insights]") {
    for (uint32_t seed : {1u, 2u, 3u, 4u, 5u}) {
        CAPTURE(seed);
        Shop incremental;
        Shop scratch;
        RandomHistory history(seed, {&incremental, &scratch});
        for (int step = 0; step < 60; ++step) {
            history.Next();
            incremental.Generate(history.Now());
        }
        scratch.Generate(history.Now());
        const std::vector<Insight> a = incremental.engine().Insights("").value();
        const std::vector<Insight> b = scratch.engine().Insights("").value();
        CHECK(!a.empty());
        CHECK(InsightLines(a, false) == InsightLines(b, false));
        REQUIRE(a.size() == b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].generated_at <= b[i].generated_at);  // held since before, or new now
        }
    }
}

// Runs a stepped generation to its end, one unit of work per step; returns its steps.
int64_t StepToEnd(InsightsJob& job, InsightRun* run) {
    int64_t steps = 0;
    while (!job.IsDone()) {
        Status status = job.Step(0);
        INFO(status.ToString());
        REQUIRE(status.ok());
        ++steps;
    }
    *run = job.Run();
    return steps;
}

void CheckSameRun(const InsightRun& a, const InsightRun& b) {
    CHECK(a.generated_at == b.generated_at);
    CHECK(a.skus == b.skus);
    CHECK(a.added == b.added);
    CHECK(a.updated == b.updated);
    CHECK(a.unchanged == b.unchanged);
    CHECK(a.resolved == b.resolved);
    CHECK(a.purged == b.purged);
}

TEST_CASE(
    "insights generated in steps, reads in pages, equal one GenerateInsights, restock plan "
    "included",
    "[engine][insights]") {
    // Pages of the default size (one page here), of one SKU, one stored insight, one product
    // and one listing (every boundary), and of a few.
    const std::vector<std::pair<uint32_t, InsightsPaging>> runs = {
        {11u, InsightsPaging{}},
        {12u, InsightsPaging{1, 1, 1, 50}},
        {13u, InsightsPaging{2, 3, 2, 50}}};
    for (const auto& [seed, paging] : runs) {
        CAPTURE(seed, paging.sales_skus, paging.stored_insights);
        Shop stepped;
        Shop whole;
        RandomHistory history(seed, {&stepped, &whole});
        int64_t last_day = INT64_MIN;
        for (int step = 0; step < 40; ++step) {
            history.Next();
            const std::string now = history.Now();
            // Planned from scratch before the generation (nothing shared yet at this instant).
            const RestockPlan planned = whole.engine().PlanRestock(now).value();
            const uint64_t before = stepped.engine().Generation();
            // The default is what StartInsights uses; the others the same job paged finer.
            std::unique_ptr<InsightsJob> job = seed == 11u ? stepped.engine().StartInsights(now)
                                                           : std::make_unique<InsightsGeneration>(
                                                                 &stepped.engine(), now,
                                                                 /*own_transaction=*/true, paging);
            InsightRun run;
            const int64_t steps = StepToEnd(*job, &run);
            // A generation with nothing changed since the last computes nothing; one that
            // computes (every SKU, or the dirty ones) takes several steps.
            CHECK(steps > (run.skus == 0 ? 0 : 5));
            CHECK(job->Progress().percent == 100);
            CHECK(job->Progress().restarts == 0);
            const InsightRun expected = whole.Generate(now);
            CheckSameRun(run, expected);
            // It moves when a row changed, or when the local day moved (the day counts
            // shown are derived as of the generation's day).
            const int64_t offset = stepped.engine().GetInsightSettings()->utc_offset_minutes;
            const int64_t day = FloorDays(At(now) + offset * 60);
            CHECK((stepped.engine().Generation() != before) ==
                  (run.added + run.updated + run.resolved + run.purged > 0 || day != last_day));
            last_day = day;
            CHECK(InsightLines(stepped.engine().Insights("").value(), true) ==
                  InsightLines(whole.engine().Insights("").value(), true));
            // The plan the generation made alongside, from the same reads.
            CHECK(PlanLines(stepped.engine().PlanRestock(now).value()) == PlanLines(planned));
        }
    }
}

TEST_CASE("a stepped generation starts over when the data changes under it", "[engine][insights]") {
    Shop stepped;
    Shop whole;
    RandomHistory history(21, {&stepped, &whole});
    for (int step = 0; step < 30; ++step) history.Next();
    const std::string now = history.Now();
    std::unique_ptr<InsightsJob> job = stepped.engine().StartInsights(now);
    for (int i = 0; i < 5; ++i) REQUIRE(job->Step(0).ok());
    CHECK(job->Progress().phase == "reading");
    // Another write between two frames: what was read so far is stale.
    for (Shop* shop : {&stepped, &whole}) {
        shop->Receive("A", 500, now);
        shop->Sell("ebay", "B", 2, now);
    }
    InsightRun run;
    StepToEnd(*job, &run);
    CHECK(job->Progress().restarts == 1);
    CheckSameRun(run, whole.Generate(now));
    CHECK(InsightLines(stepped.engine().Insights("").value(), true) ==
          InsightLines(whole.engine().Insights("").value(), true));
    // A plan made before the change is never handed out after it.
    stepped.Receive("C", 7, now);
    whole.Receive("C", 7, now);
    CHECK(PlanLines(stepped.engine().PlanRestock(now).value()) ==
          PlanLines(whole.engine().PlanRestock(now).value()));
}

TEST_CASE("restock: demand over lead and review, safety, open POs, MOQ and pack size",
          "[engine][insights][restock]") {
    Shop shop;
    Engine& engine = shop.engine();
    shop.Product("MUG");
    shop.Product("LID");
    shop.Product("CUP");  // no vendor price
    REQUIRE(engine.SaveSupplier({"ACME", "Acme", "", 7, ""}).ok());
    REQUIRE(engine.SaveSupplier({"BOLT", "Bolt", "", 20, ""}).ok());
    // MUG: ACME is cheaper (lead time from the supplier, 7 days), BOLT dearer.
    shop.Remote("vendor_price", {"ACME", "MUG"}, {{"cost", 30000}, {"moq", 50}, {"pack_size", 12}});
    shop.Remote("vendor_price", {"BOLT", "MUG"}, {{"cost", 35000}, {"lead_time_days", 3}});
    shop.Remote("vendor_price", {"GHOST", "MUG"}, {{"cost", 1}});  // no such supplier: invalid
    shop.Remote("vendor_price", {"BOLT", "LID"}, {{"cost", 5000}, {"pack_size", 10}});
    const std::string now = "2027-05-31T12:00:00Z";
    const int64_t t = At(now);
    for (int day = 0; day < 30; ++day) {
        shop.Sell("amazon", "MUG", 1, Iso(t - day * kDay));  // 30 in the window: 1 a day
        shop.Sell("ebay", "LID", 2, Iso(t - day * kDay));    // 60: 2 a day
        shop.Sell("ebay", "CUP", 1, Iso(t - day * kDay));
    }
    shop.Sell("amazon", "MUG", 100, Iso(t - 30 * kDay));        // before the window
    shop.Receive("MUG", 30 + 100 + 3, "2027-01-01T00:00:00Z");  // available 3
    shop.Receive("LID", 60 + 10, "2027-01-01T00:00:00Z");       // available 10
    // 5 MUG inbound on an ordered PO; a draft PO is not inbound.
    REQUIRE(
        engine.CreatePurchaseOrder({"PO-1", "ACME", "", "", "", "", "", "", {{0, "MUG", 5, 0, {}}}})
            .ok());
    REQUIRE(engine.OrderPurchaseOrder("PO-1").ok());
    REQUIRE(
        engine.CreatePurchaseOrder({"PO-2", "ACME", "", "", "", "", "", "", {{0, "MUG", 9, 0, {}}}})
            .ok());

    RestockPlan plan = engine.PlanRestock(now).value();
    CHECK(plan.planned_at == now);
    REQUIRE(plan.lines.size() == 3);
    const RestockLine& cup = plan.lines[0];  // no supplier sorts first
    CHECK(cup.sku == "CUP");
    CHECK(cup.supplier.empty());
    const RestockLine& mug = plan.lines[1];
    CHECK(mug.sku == "MUG");
    CHECK(mug.supplier == "ACME");
    CHECK(mug.unit_cost == 30000);
    CHECK(mug.units_window == 30);
    CHECK(mug.lead_time_days == 7);
    CHECK(mug.demand == 21);       // 30 x (7 + 14) / 30
    CHECK(mug.safety_stock == 7);  // 30 x 7 / 30
    CHECK(mug.available == 3);
    CHECK(mug.inbound == 5);
    CHECK(mug.need == 20);      // 21 + 7 - 3 - 5
    CHECK(mug.quantity == 60);  // MOQ 50, then packs of 12
    CHECK(mug.derivation.find("need 20 = 21 + 7 - 3 available - 5 inbound") != std::string::npos);
    const RestockLine& lid = plan.lines[2];
    CHECK(lid.supplier == "BOLT");
    CHECK(lid.lead_time_days == 20);  // the supplier's
    CHECK(lid.demand == 68);          // 60 x 34 / 30
    CHECK(lid.safety_stock == 14);
    CHECK(lid.need == 72);      // 68 + 14 - 10
    CHECK(lid.quantity == 80);  // packs of 10

    // Preferring BOLT for MUG: its 3 days' lead time, no MOQ.
    REQUIRE(engine.SaveProductPlan({"MUG", std::nullopt, "BOLT"}).ok());
    plan = engine.PlanRestock(now).value();
    REQUIRE(plan.lines.size() == 3);
    CHECK(plan.lines[1].sku == "LID");
    CHECK(plan.lines[2].sku == "MUG");
    CHECK(plan.lines[2].supplier == "BOLT");
    CHECK(plan.lines[2].demand == 17);
    CHECK(plan.lines[2].quantity == 17 + 7 - 3 - 5);

    std::vector<PurchaseOrder> drafts = engine.CreateRestockPurchaseOrders(now).value();
    REQUIRE(drafts.size() == 1);  // CUP has no supplier
    CHECK(drafts[0].supplier_id == "BOLT");
    CHECK(drafts[0].status == kPoDraft);
    REQUIRE(drafts[0].lines.size() == 2);
    CHECK(drafts[0].lines[0].sku == "LID");
    CHECK(drafts[0].lines[0].quantity_ordered == 80);
    CHECK(drafts[0].lines[0].cost == 5000);
    CHECK(drafts[0].lines[1].sku == "MUG");
    CHECK(drafts[0].lines[1].quantity_ordered == 16);
    // Drafts are not inbound: the plan is unchanged until they are ordered.
    CHECK(engine.PlanRestock(now).value().lines.size() == 3);
    REQUIRE(engine.OrderPurchaseOrder(drafts[0].id).ok());
    plan = engine.PlanRestock(now).value();
    REQUIRE(plan.lines.size() == 1);
    CHECK(plan.lines[0].sku == "CUP");
}

// InsightRun::skus is what a generation computed: 0 when it reused the last one's result
// (insights_job.h, InsightsMemo).
TEST_CASE("a generation with nothing changed since the last computes nothing, same result",
          "[engine][insights][memo]") {
    Shop shop;
    Shop scratch;
    RandomHistory history(31, {&shop, &scratch});
    for (int step = 0; step < 30; ++step) history.Next();
    const std::string now = history.Now();
    const std::string later = Iso(At(now) - At(now) % kDay + kDay - 1);  // same day, UTC
    const InsightRun first = shop.Generate(now);
    REQUIRE(first.skus > 0);
    const std::string rows = InsightLines(shop.engine().Insights("").value(), true);
    const uint64_t generation = shop.engine().Generation();
    scratch.Generate(later);
    for (const std::string& at : {now, later, now}) {
        CAPTURE(at);
        const InsightRun again = shop.Generate(at);
        CHECK(again.skus == 0);
        CHECK(again.unchanged == first.added + first.updated + first.unchanged);
        CHECK(again.added + again.updated + again.resolved == 0);
        CHECK(shop.engine().Generation() == generation);
        CHECK(InsightLines(shop.engine().Insights("").value(), true) == rows);
        CHECK(InsightLines(shop.engine().Insights("").value(), false) ==
              InsightLines(scratch.engine().Insights("").value(), false));
        // The plan the reused generation hands out is the one made from scratch.
        CHECK(PlanLines(shop.engine().PlanRestock(at).value()) ==
              PlanLines(scratch.engine().PlanRestock(at).value()));
    }
    // Stepped: its first unit finds nothing changed, the second purges.
    std::unique_ptr<InsightsJob> job = shop.engine().StartInsights(later);
    InsightRun run;
    CHECK(StepToEnd(*job, &run) <= 2);
    CHECK(run.skus == 0);
    CHECK(job->Progress().percent == 100);
    // The next day: only the SKUs a day can change are computed, the same result as from
    // scratch.
    const std::string next_day = Iso(At(later) + 1);
    shop.Generate(next_day);
    scratch.Generate(next_day);
    CHECK(InsightLines(shop.engine().Insights("").value(), false) ==
          InsightLines(scratch.engine().Insights("").value(), false));
    CHECK(PlanLines(shop.engine().PlanRestock(next_day).value()) ==
          PlanLines(scratch.engine().PlanRestock(next_day).value()));
}

TEST_CASE("an order dated between two generations' instants makes the later one compute",
          "[engine][insights][memo]") {
    Shop shop;
    Shop scratch;
    for (Shop* s : {&shop, &scratch}) {
        s->Product("MUG");
        s->Receive("MUG", 5, "2027-01-01T00:00:00Z");
        // Recorded before the first generation, dated after its instant.
        s->Sell("amazon", "MUG", 2, "2027-03-01T15:00:00Z");
    }
    CHECK(shop.Generate("2027-03-01T10:00:00Z").skus > 0);
    CHECK(shop.Generate("2027-03-01T16:00:00Z").skus > 0);
    scratch.Generate("2027-03-01T16:00:00Z");
    CHECK(InsightLines(shop.engine().Insights("").value(), false) ==
          InsightLines(scratch.engine().Insights("").value(), false));
    // Back to an instant before the sale ("as of" the past): computed again too.
    CHECK(shop.Generate("2027-03-01T10:00:00Z").skus > 0);
    CHECK(shop.Generate("2027-03-01T11:00:00Z").skus == 0);
}

TEST_CASE("a write to any input of the insights makes the next generation compute",
          "[engine][insights][memo]") {
    Shop shop;
    Engine& engine = shop.engine();
    for (const char* sku : {"MUG", "LID", "SET"}) shop.Product(sku);
    REQUIRE(engine.SaveSupplier({"ACME", "Acme", "", 7, ""}).ok());
    const std::string now = "2027-03-01T12:00:00Z";
    std::string order;
    const std::vector<std::pair<std::string, std::function<void()>>> writes = {
        {"order", [&] { order = shop.Sell("amazon", "MUG", 1, "2027-02-01T00:00:00Z"); }},
        {"cancellation", [&] { REQUIRE(engine.CancelOrder("amazon", order).ok()); }},
        {"stock", [&] { shop.Receive("MUG", 3, "2027-02-01T00:00:00Z"); }},
        {"listing", [&] { shop.List("MUG", "ebay", "2027-01-01T00:00:00Z", 2); }},
        {"product", [&] { shop.Product("CUP"); }},
        {"product plan",
         [&] {
             REQUIRE(engine.SaveProductPlan({"MUG", 4, ""}).ok());
         }},
        {"setting", [&] { shop.Set([](InsightSettings& s) { s.slow_days = 40; }); }},
        {"channel fee",
         [&] {
             REQUIRE(engine.SaveChannelFee({"amazon", 1500, 30}).ok());
         }},
        {"supplier",
         [&] {
             REQUIRE(engine.SaveSupplier({"ACME", "Acme", "", 9, ""}).ok());
         }},
        {"vendor price",
         [&] {
             shop.Remote("vendor_price", {"ACME", "MUG"}, {{"cost", 30000}});
         }},
        {"purchase order",
         [&] {
             REQUIRE(engine
                         .CreatePurchaseOrder(
                             {"PO-1", "ACME", "", "", "", "", "", "", {{0, "MUG", 5, 0, {}}}})
                         .ok());
         }},
        {"purchase order ordered", [&] { REQUIRE(engine.OrderPurchaseOrder("PO-1").ok()); }},
        {"purchase order received",
         [&] {
             PoReceipt receipt;
             receipt.po_id = "PO-1";
             receipt.location = "MAIN";
             receipt.lines = {{"MUG", 2}};
             receipt.occurred_at = "2027-02-02T00:00:00Z";
             REQUIRE(engine.ReceivePurchaseOrder(receipt).ok());
         }},
        {"kit",
         [&] {
             REQUIRE(engine.DefineKit({"SET", {{"MUG", 1}, {"LID", 2}}}).ok());
         }},
        {"listing price",
         [&] { shop.List("MUG", "ebay", "2027-01-01T00:00:00Z", 2, "Active", 1999); }},
        {"listing closed",
         [&] { shop.List("MUG", "ebay", "2027-01-01T00:00:00Z", 2, "Inactive", 1999); }},
        {"import",
         [&] {
             // One listing row of a channel report, through the stepped import job.
             const std::string report =
                 "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1"
                 "\tfulfillment-channel\tstatus\r\nA lid\tL1\tLID\t4.00\t3\t\tB1\tDEFAULT"
                 "\tActive\r\n";
             Result<std::unique_ptr<ImportJob>> job = engine.StartImport({"lid.txt", report});
             REQUIRE(job.ok());
             while (!job.value()->IsDone()) REQUIRE(job.value()->Step(100).ok());
             REQUIRE(job.value()->Report().state == ImportState::kSucceeded);
         }},
        {"product deleted",
         [&] {
             shop.Product("TMP");
             shop.Generate(now);
             REQUIRE(engine.DeleteProduct("TMP").ok());
         }},
    };
    shop.Generate(now);
    for (const auto& [name, write] : writes) {
        CAPTURE(name);
        CHECK(shop.Generate(now).skus == 0);  // nothing changed: nothing computed
        write();
        CHECK(shop.Generate(now).skus > 0);
    }
}

// The write mark is the connection's own count of rows written (no trigger per row) and
// PRAGMA data_version: a commit by another connection to the file counts too.
TEST_CASE("a write by another connection makes the next generation compute",
          "[engine][insights][memo]") {
    testing::TempDbFile file("insights_other_connection");
    std::unique_ptr<Engine> engine = OpenOrDie(file.path());
    REQUIRE(engine->AddLocation({"MAIN", "", "Main", "warehouse"}).ok());
    REQUIRE(engine->SaveProduct({"MUG", "Mug", {}, {}, {}, {}}).ok());
    const std::string now = "2027-03-01T12:00:00Z";
    CHECK(engine->GenerateInsights(now).value().skus > 0);
    CHECK(engine->GenerateInsights(now).value().skus == 0);
    Result<std::unique_ptr<Db>> other = Db::Open(file.path());
    REQUIRE(other.ok());
    REQUIRE(other.value()
                ->Exec("INSERT OR REPLACE INTO settings (name, value, updated_at)"
                       " VALUES ('slow_days', 45, '')")
                .ok());
    CHECK(engine->GenerateInsights(now).value().skus > 0);
    CHECK(engine->GenerateInsights(now).value().skus == 0);
    // Deleting every row of a table (SQLite may truncate it) is seen as well.
    REQUIRE(other.value()->Exec("DELETE FROM settings").ok());
    CHECK(engine->GenerateInsights(now).value().skus > 0);
}

// The insights and the restock plan of a shop given the same script, generated once.
struct Scratch {
    std::string insights;
    std::string plan;
};
Scratch FromScratch(uint32_t seed, const std::vector<int64_t>& script) {
    Shop shop;
    RandomHistory history(seed, {&shop});
    for (int64_t step : script) history.Do(step);
    const std::string now = history.Now();
    shop.Generate(now);
    return {InsightLines(shop.engine().Insights("").value(), false),
            PlanLines(shop.engine().PlanRestock(now).value())};
}

TEST_CASE("insights of the dirty SKUs only, across days, equal insights generated from scratch",
          "[engine][insights][dirty]") {
    const int64_t advances[] = {1, 6, 29, 91, 0};
    for (uint32_t seed : {41u, 42u, 43u}) {
        CAPTURE(seed);
        Shop incremental;
        RandomHistory history(seed, {&incremental});
        std::vector<int64_t> script;
        auto apply = [&](int64_t step) {
            history.Do(step);
            script.push_back(step);
        };
        int64_t dirty_runs = 0;
        for (int round = 0; round < 10; ++round) {
            CAPTURE(round);
            // Stock moved, listings changed, plans, cancellations, settings: every SKU again.
            for (int i = 0; i < 3; ++i) apply(RandomHistory::kNext);
            incremental.Generate(history.Now());
            // Sales (noted with their SKUs) and days passing: only the dirty SKUs, stepped
            // (paged by one and two) or whole.
            for (int i = 0; i < 2; ++i) apply(RandomHistory::kSale);
            apply(advances[round % 5]);
            const std::string now = history.Now();
            InsightRun run;
            if (round % 2 == 0) {
                InsightsPaging paging{1 + round % 3, 1 + round % 2, 2, 100};
                InsightsGeneration job(&incremental.engine(), now, /*own_transaction=*/true,
                                       paging);
                StepToEnd(job, &run);
            } else {
                run = incremental.Generate(now);
            }
            if (run.skus > 0 && run.skus < 6) ++dirty_runs;
            const Scratch scratch = FromScratch(seed, script);
            CHECK(InsightLines(incremental.engine().Insights("").value(), false) ==
                  scratch.insights);
            CHECK(PlanLines(incremental.engine().PlanRestock(now).value()) == scratch.plan);
            // Once more the same day, a sale more: the written SKUs only.
            apply(RandomHistory::kSale);
            incremental.Generate(now);
            const Scratch again = FromScratch(seed, script);
            CHECK(InsightLines(incremental.engine().Insights("").value(), false) == again.insights);
            CHECK(PlanLines(incremental.engine().PlanRestock(now).value()) == again.plan);
        }
        CHECK(dirty_runs > 0);
    }
}

TEST_CASE("a day later a sale leaving the window is computed again; an untouched SKU keeps its row",
          "[engine][insights][dirty]") {
    Shop shop;
    Shop scratch;
    for (Shop* s : {&shop, &scratch}) {
        s->Set([](InsightSettings& settings) { settings.velocity_window_days = 7; });
        for (const char* sku : {"A", "B", "C", "D", "E", "F"}) s->Product(sku);
        s->Receive("A", 400, "2031-01-01T00:00:00Z");
        s->Receive("B", 50, "2031-01-01T00:00:00Z");
        // Today and the 6 days before it are the 7-day window: the first of them.
        s->Sell("amazon", "A", 7, "2031-02-24T10:00:00Z");
    }
    const std::string first = "2031-03-02T12:00:00Z";
    shop.Generate(first);
    auto find = [&](const std::string& sku, const std::string& kind) -> std::optional<Insight> {
        const std::vector<Insight> holding = shop.engine().Insights(kind).value();
        for (const Insight& i : holding) {
            if (i.sku == sku) return i;
        }
        return std::nullopt;
    };
    const std::optional<Insight> overstock = find("A", "overstock");
    REQUIRE(overstock);
    CHECK(Details(*overstock)["units_window"] == 7);
    const std::optional<Insight> slow = find("B", "slow_mover");
    REQUIRE(slow);
    CHECK(slow->generated_at == first);

    // The next day the sale has left the window: A alone is computed, and is no longer
    // overstocked (no sale in the window: no days of cover).
    const std::string next = "2031-03-03T12:00:00Z";
    const InsightRun run = shop.Generate(next);
    CHECK(run.skus == 1);
    CHECK(run.resolved == 1);
    CHECK(!find("A", "overstock"));
    CHECK(find("B", "slow_mover")->generated_at == first);
    scratch.Generate(next);
    CHECK(InsightLines(shop.engine().Insights("").value(), false) ==
          InsightLines(scratch.engine().Insights("").value(), false));
    CHECK(PlanLines(shop.engine().PlanRestock(next).value()) ==
          PlanLines(scratch.engine().PlanRestock(next).value()));

    // A sale of C later that day: C alone; B's row is still the one written first.
    const std::string later = "2031-03-03T18:00:00Z";
    for (Shop* s : {&shop, &scratch}) s->Sell("ebay", "C", 1, "2031-03-01T09:00:00Z");
    CHECK(shop.Generate(later).skus == 1);
    CHECK(find("B", "slow_mover")->generated_at == first);
    scratch.Generate(later);
    CHECK(InsightLines(shop.engine().Insights("").value(), false) ==
          InsightLines(scratch.engine().Insights("").value(), false));
    CHECK(PlanLines(shop.engine().PlanRestock(later).value()) ==
          PlanLines(scratch.engine().PlanRestock(later).value()));
}

}  // namespace
}  // namespace stocktake::engine
