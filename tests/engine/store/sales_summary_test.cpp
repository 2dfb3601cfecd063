// The sales summary (migration 13): after random order writes, edits, cancellations,
// shipments and ops from another device, the summary equals a recomputation from the order
// lines, and the sales read from it equal sales summed line by line.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/db_rows.h"
#include "engine/test_util.h"
#include "stocktake/engine/engine.h"
#include "stocktake/op.h"
#include "stocktake/time.h"
#include "store/db.h"
#include "store/sales_pager.h"
#include "store/sales_repo.h"

namespace stocktake::engine {
namespace {

using json = nlohmann::json;
using testing::Rows;

// The summary as the migration builds it from the order lines.
constexpr const char* kRecomputedDays = R"sql(
SELECT substr(o.ordered_at, 1, 10), l.sku, o.channel, sum(l.quantity), max(o.ordered_at)
  FROM order_lines l JOIN orders o ON o.id = l.order_id
 WHERE o.status <> 'cancelled'
 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3)sql";
constexpr const char* kStoredDays =
    "SELECT day, sku, channel, units, last_sale_at FROM sales_days ORDER BY 1, 2, 3";
constexpr const char* kRecomputedLast = R"sql(
SELECT l.sku, o.channel, max(o.ordered_at)
  FROM order_lines l JOIN orders o ON o.id = l.order_id
 WHERE o.status <> 'cancelled'
 GROUP BY 1, 2 ORDER BY 1, 2)sql";
constexpr const char* kStoredLast =
    "SELECT sku, channel, last_sale_at FROM sales_last ORDER BY 1, 2";

const char* const kChannels[] = {"amazon", "ebay", "shopify"};
const char* const kSkus[] = {"MUG", "CUP", "PLATE", "BOWL"};
constexpr int64_t kStart = 1'798'761'600;  // 2027-01-01T00:00:00Z

// A history of orders written every way the engine writes them, chosen by a seed.
class RandomOrders {
  public:
    RandomOrders(Engine& engine, uint32_t seed) : engine_(engine), random_(seed) {}

    int Pick(int n) { return static_cast<int>(random_() % static_cast<uint32_t>(n)); }
    // An instant in the first 6 days, at any second: several orders share a day.
    std::string Instant() { return FormatIso8601Utc(kStart + Pick(6 * 86400)); }

    void Step() {
        switch (Pick(8)) {
            case 0:
            case 1: Record(std::to_string(++orders_)); break;
            case 2: Record(Known()); break;  // an edit while open (refused once not)
            case 3: (void)engine_.CancelOrder(kChannels[0], Known()); break;
            case 4: (void)engine_.ShipOrder(kChannels[0], Known(), "MAIN"); break;
            case 5: Remote("order", {Id()}, RemoteOrder()); break;
            case 6:
                Remote("order_line", {Id(), std::to_string(1 + Pick(3))},
                       {{"sku", kSkus[Pick(4)]}, {"quantity", 1 + Pick(5)}});
                break;
            default:
                Remote(Pick(2) ? "order" : "order_line",
                       Pick(2) ? std::vector<std::string>{Id()}
                               : std::vector<std::string>{Id(), std::to_string(1 + Pick(3))},
                       {{kDeletedField, true}});
                break;
        }
    }

  private:
    std::string Known() { return std::to_string(1 + Pick(orders_ + 1)); }
    // Ids of this device's orders and of orders only another device knows.
    std::string Id() {
        return std::string(kChannels[0]) + ":" + std::to_string(1 + Pick(orders_ + 3));
    }

    void Record(const std::string& external_id) {
        Order order;
        order.channel = kChannels[0];
        order.external_id = external_id;
        order.ordered_at = Instant();
        const int lines = 1 + Pick(3);
        for (int i = 0; i < lines; ++i) order.lines.push_back({kSkus[Pick(4)], 1 + Pick(4), 500});
        (void)engine_.RecordOrder(order);  // Conflict once shipped or cancelled: no change
    }
    json RemoteOrder() {
        json fields = {{"external_id", "x"}};
        if (Pick(2)) fields["channel"] = kChannels[Pick(3)];
        if (Pick(2)) fields["ordered_at"] = Instant();
        if (Pick(2))
            fields["status"] = std::vector<const char*>{"open", "shipped", "cancelled"}[Pick(3)];
        return fields;
    }
    void Remote(const std::string& entity, std::vector<std::string> key, json payload) {
        Op op;
        op.device = std::string(32, 'f');
        op.seq = ++seq_;
        // Some ops older than this device's writes (they lose), some newer (they win).
        op.hlc =
            (static_cast<uint64_t>(NowUnixSeconds() * 1000 + (Pick(2) ? -60000 : 60000)) << 16) +
            static_cast<uint64_t>(seq_);
        op.entity = entity;
        op.key = std::move(key);
        op.payload = std::move(payload);
        Result<std::vector<OpOutcome>> outcomes = engine_.ApplyOps({op});
        REQUIRE(outcomes.ok());
    }

    Engine& engine_;
    std::mt19937 random_;
    int orders_ = 0;
    int64_t seq_ = 0;
};

// Units per window and the latest sale up to until, summed over every line.
std::map<std::pair<std::string, std::string>,
         std::tuple<std::array<int64_t, kSalesWindows>, std::string>>
SumLineByLine(Db& db, const std::array<std::string, kSalesWindows>& since,
              const std::string& until) {
    Result<Statement> stmt = db.Prepare(
        "SELECT l.sku, o.channel, o.ordered_at, l.quantity FROM order_lines l"
        " JOIN orders o ON o.id = l.order_id WHERE o.status <> 'cancelled'");
    REQUIRE(stmt.ok());
    std::map<std::pair<std::string, std::string>,
             std::tuple<std::array<int64_t, kSalesWindows>, std::string>>
        sums;
    for (;;) {
        Result<bool> row = stmt->Step();
        REQUIRE(row.ok());
        if (!row.value()) return sums;
        const std::string at = stmt->ColumnText(2);
        if (at > until) continue;
        auto& [units, last] = sums[{stmt->ColumnText(0), stmt->ColumnText(1)}];
        for (size_t i = 0; i < kSalesWindows; ++i) {
            if (at >= since[i]) units[i] += stmt->ColumnInt64(3);
        }
        last = std::max(last, at);
    }
}

TEST_CASE("the sales summary equals a recomputation from the order lines after random writes",
          "[engine][store][sales]") {
    for (uint32_t seed = 1; seed <= 6; ++seed) {
        INFO("seed " << seed);
        testing::TempDbFile file("sales_summary_" + std::to_string(seed));
        std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
        REQUIRE(engine->AddLocation({"MAIN", "", "Main", "warehouse"}).ok());
        Result<std::unique_ptr<Db>> db = Db::Open(file.path());
        REQUIRE(db.ok());
        RandomOrders history(*engine, seed);
        for (int step = 0; step < 120; ++step) {
            history.Step();
            INFO("step " << step);
            REQUIRE(Rows(*db.value(), kStoredDays, 5) == Rows(*db.value(), kRecomputedDays, 5));
            REQUIRE(Rows(*db.value(), kStoredLast, 3) == Rows(*db.value(), kRecomputedLast, 3));
        }
        CHECK_FALSE(Rows(*db.value(), kStoredDays, 5).empty());

        // Windows starting at any second of a day, until any instant (the past included).
        SalesRepo sales(db.value().get());
        for (int probe = 0; probe < 20; ++probe) {
            std::array<std::string, kSalesWindows> since;
            for (std::string& s : since) s = history.Instant();
            const std::string until = history.Instant();
            INFO("until " << until);
            const auto expected = SumLineByLine(*db.value(), since, until);
            auto check = [&](const std::vector<SalesTotals>& read) {
                REQUIRE(read.size() == expected.size());
                auto want = expected.begin();
                for (const SalesTotals& got : read) {
                    CHECK(std::make_pair(got.sku, got.channel) == want->first);
                    CHECK(got.units == std::get<0>(want->second));
                    CHECK(got.last_sale_at == std::get<1>(want->second));
                    ++want;
                }
            };
            Result<std::vector<SalesTotals>> read = sales.UnitsSoldSince(since, until);
            REQUIRE(read.ok());
            check(read.value());
            // In pages of 1 to 3 SKUs (a stepped generation's way): the same, in one order.
            const int64_t page_skus = 1 + probe % 3;
            INFO("pages of " << page_skus);
            SalesPager pager(db.value().get(), since, until, page_skus);
            std::vector<SalesTotals> paged;
            int64_t units = 0;
            while (!pager.done()) {
                const size_t before = paged.size();
                REQUIRE(pager.Next(&paged).ok());
                std::set<std::string> skus;
                for (size_t i = before; i < paged.size(); ++i) skus.insert(paged[i].sku);
                CHECK(static_cast<int64_t>(skus.size()) <= page_skus);
                ++units;
            }
            CHECK(units > 2);
            check(paged);
        }
    }
}

TEST_CASE("the sales summary is built for a database that had orders before it",
          "[engine][store][sales][migrations]") {
    testing::TempDbFile file("sales_summary_upgrade");
    {
        std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
        RandomOrders history(*engine, 99);
        for (int step = 0; step < 60; ++step) history.Step();
    }
    {
        // Back to version 12: no summary, no triggers.
        Result<std::unique_ptr<Db>> db = Db::Open(file.path());
        REQUIRE(db.ok());
        REQUIRE(db.value()
                    ->Exec("DROP VIEW sales_changes; DROP TABLE sales_days; DROP TABLE sales_last;"
                           "DROP INDEX orders_by_ordered_at; DROP TRIGGER order_line_added;"
                           "DROP TRIGGER order_line_removed; DROP TRIGGER order_line_changed;"
                           "DROP TRIGGER order_added; DROP TRIGGER order_removed;"
                           "DROP TRIGGER order_changed;"
                           "DELETE FROM schema_migrations WHERE version = 13;")
                    .ok());
        REQUIRE(
            Rows(*db.value(), "SELECT name FROM sqlite_schema WHERE type = 'trigger'", 1).empty());
    }
    std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
    Result<std::unique_ptr<Db>> db = Db::Open(file.path());
    REQUIRE(db.ok());
    CHECK_FALSE(Rows(*db.value(), kStoredDays, 5).empty());
    CHECK(Rows(*db.value(), kStoredDays, 5) == Rows(*db.value(), kRecomputedDays, 5));
    CHECK(Rows(*db.value(), kStoredLast, 3) == Rows(*db.value(), kRecomputedLast, 3));
}

}  // namespace
}  // namespace stocktake::engine
