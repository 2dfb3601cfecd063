// Channels as plug-ins: the rules (each at its boundary, and together), rules stored and
// synced, the simulator's quantities, velocity and oversell risk, and every channel's bulk
// files checked against their exact header lines with a parsed row.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/channels_test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::Cells;
using testing::ChannelsEngine;
using testing::Lines;
using testing::OpenOrDie;

ChannelRules Rules(std::optional<int64_t> max, int64_t percent, int64_t min, int64_t zero_below) {
    ChannelRules rules;
    rules.channel = "amazon";
    rules.max_quantity = max;
    rules.percent_of_available = percent;
    rules.min_quantity = min;
    rules.zero_below = zero_below;
    return rules;
}

void CheckShown(const ChannelRules& rules, int64_t available, int64_t quantity,
                const std::string& decided_by) {
    CAPTURE(available);
    const ChannelQuantity shown = ApplyChannelRules(rules, available);
    CHECK(shown.quantity == quantity);
    CHECK(shown.decided_by == decided_by);
}

TEST_CASE("each channel rule applies at its boundary", "[engine][channels][rules]") {
    SECTION("defaults list everything available, nothing when none is") {
        const ChannelRules rules = Rules(std::nullopt, 100, 0, 0);
        CheckShown(rules, 7, 7, "available");
        CheckShown(rules, 1, 1, "available");
        CheckShown(rules, 0, 0, "out_of_stock");
        CheckShown(rules, -3, 0, "out_of_stock");
    }
    SECTION("zero below N hides the last N-1 units") {
        const ChannelRules rules = Rules(std::nullopt, 100, 0, 5);
        CheckShown(rules, 4, 0, "zero_below");
        CheckShown(rules, 5, 5, "available");
    }
    SECTION("percent of available rounds down") {
        CheckShown(Rules(std::nullopt, 50, 0, 0), 7, 3, "percent");
        CheckShown(Rules(std::nullopt, 50, 0, 0), 1, 0, "percent");
        CheckShown(Rules(std::nullopt, 0, 0, 0), 100, 0, "percent");
        CheckShown(Rules(std::nullopt, 99, 0, 0), 100, 99, "percent");
    }
    SECTION("minimum quantity raises the share but never beyond what is available") {
        const ChannelRules rules = Rules(std::nullopt, 50, 4, 0);
        CheckShown(rules, 6, 4, "min_quantity");  // 3 raised to 4
        CheckShown(rules, 3, 3, "min_quantity");  // 1 raised to all 3 there are
        CheckShown(rules, 8, 4, "percent");       // 4 is the minimum already
        CheckShown(rules, 9, 4, "percent");
    }
    SECTION("max listed quantity caps") {
        CheckShown(Rules(10, 100, 0, 0), 10, 10, "available");
        CheckShown(Rules(10, 100, 0, 0), 11, 10, "max_quantity");
        CheckShown(Rules(0, 100, 0, 0), 5, 0, "max_quantity");
    }
    SECTION("together: buffer, then share, then minimum, then cap") {
        const ChannelRules rules = Rules(5, 50, 2, 3);
        CheckShown(rules, 2, 0, "zero_below");
        CheckShown(rules, 3, 2, "min_quantity");  // 1 raised to 2
        CheckShown(rules, 4, 2, "percent");
        CheckShown(rules, 10, 5, "percent");
        CheckShown(rules, 12, 5, "max_quantity");  // 6 capped
    }
}

TEST_CASE("channels are registered plug-ins with their features", "[engine][channels]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::vector<ChannelInfo> channels = engine->Channels();
    std::vector<std::string> ids;
    for (const ChannelInfo& c : channels) ids.push_back(c.id);
    CHECK(ids == std::vector<std::string>{"amazon", "ebay", "shopify", "woot"});
    const auto has = [](const ChannelInfo& c, const char* feature) {
        return std::find(c.features.begin(), c.features.end(), feature) != c.features.end();
    };
    CHECK(has(channels[0], kFeaturePriceFile));
    CHECK_FALSE(has(channels[2], kFeaturePriceFile));  // Shopify's inventory file has no price
    CHECK(has(channels[3], kFeatureReallocationPull));
    CHECK_FALSE(has(channels[3], kFeatureReallocationPush));  // Woot only takes
    for (const ChannelInfo& c : channels) CHECK(c.update_delay_minutes > 0);
}

TEST_CASE("channel rules are stored, validated and synced to other devices",
          "[engine][channels][rules]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    Result<ChannelRules> defaults = engine->GetChannelRules("ebay");
    REQUIRE(defaults.ok());
    CHECK(defaults->percent_of_available == 100);
    CHECK_FALSE(defaults->max_quantity.has_value());

    ChannelRules rules = Rules(20, 80, 1, 2);
    rules.channel = "ebay";
    rules.update_delay_minutes = 15;
    REQUIRE(engine->SaveChannelRules(rules).ok());
    Result<ChannelRules> stored = engine->GetChannelRules("ebay");
    REQUIRE(stored.ok());
    CHECK(stored->max_quantity == 20);
    CHECK(stored->percent_of_available == 80);
    CHECK(stored->min_quantity == 1);
    CHECK(stored->zero_below == 2);
    CHECK(stored->update_delay_minutes == 15);
    CHECK(engine->GetChannelRules("amazon")->percent_of_available == 100);

    ChannelRules bad = rules;
    bad.percent_of_available = 101;
    CHECK(engine->SaveChannelRules(bad).code() == Code::kInvalidArgument);
    bad = rules;
    bad.zero_below = -1;
    CHECK(engine->SaveChannelRules(bad).code() == Code::kInvalidArgument);
    bad = rules;
    bad.channel = "etsy";
    CHECK(engine->SaveChannelRules(bad).code() == Code::kNotFound);

    Result<std::vector<Op>> ops = engine->LocalOps(0, 100);
    REQUIRE(ops.ok());
    REQUIRE(ops->size() == 1);
    CHECK(ops->front().entity == "channel_rules");
    std::unique_ptr<Engine> other = OpenOrDie();
    REQUIRE(other->ApplyOps(ops.value()).ok());
    Result<ChannelRules> synced = other->GetChannelRules("ebay");
    REQUIRE(synced.ok());
    CHECK(synced->max_quantity == 20);
    CHECK(synced->percent_of_available == 80);
    CHECK(synced->update_delay_minutes == 15);
}

TEST_CASE("a SKU whose stock the ledger does not know is left out of quantity files",
          "[engine][channels][files]") {
    // Only its listing was imported: writing 0 would take a stocked listing off sale.
    std::unique_ptr<Engine> engine = ChannelsEngine();
    REQUIRE(engine->SaveProduct({"CUP", "Cup", {}, {}, {}, {}}).ok());
    testing::PutListing(*engine, "CUP", "amazon", {{"price_minor", 500}, {"quantity", 7}});
    Result<BulkFile> file = engine->ChannelFile("amazon");
    REQUIRE(file.ok());
    CHECK(file->text.find("CUP") == std::string::npos);
    CHECK(file->skipped == 2);  // TEA (Amazon's own stock) and CUP
    REQUIRE(file->notes.size() == 2);
    CHECK(file->notes[1] ==
          "1 listing left out: Stocktake has no stock figures for their SKUs yet (receive or "
          "count them first)");
    // The simulator shows no figure for it, and says why.
    const std::vector<SimulatedListing> simulated = engine->SimulateChannels("amazon").value();
    for (const SimulatedListing& s : simulated) {
        if (s.sku == "CUP") {
            CHECK_FALSE(s.would_show.has_value());
            CHECK(s.decided_by == "stock_not_tracked");
        }
    }
    // Once stock is received, the ledger decides.
    REQUIRE(engine->RecordMovement(testing::Move("CUP", "MAIN", 3, MovementKind::kReceive)).ok());
    file = engine->ChannelFile("amazon");
    REQUIRE(file.ok());
    CHECK(file->skipped == 1);
    CHECK(file->text.find("CUP\t\t\t\t3\t") != std::string::npos);
}

TEST_CASE("quantity files have each marketplace's header and one row per listing after rules",
          "[engine][channels][files]") {
    std::unique_ptr<Engine> engine = ChannelsEngine();
    ChannelRules amazon = Rules(std::nullopt, 50, 0, 0);  // MUG 10 -> 5, LID 2 -> 1
    REQUIRE(engine->SaveChannelRules(amazon).ok());

    SECTION("Amazon: Flat.File.PriceInventory, FBA left out") {
        Result<BulkFile> file = engine->ChannelFile("amazon");
        REQUIRE(file.ok());
        CHECK(file->file_name == "amazon_quantity.txt");
        CHECK(file->rows == 2);
        CHECK(file->skipped == 1);  // TEA: Amazon's own stock
        REQUIRE(file->notes.size() == 1);
        CHECK(file->notes[0] == "1 listing left out: the channel holds their stock");
        const std::vector<std::string> lines = Lines(file->text);
        REQUIRE(lines.size() == 5);
        CHECK(lines[0] ==
              "TemplateType=PriceInventory\tVersion=2018.0924\tThe top 3 rows are for Amazon "
              "use only. Do not modify or delete the top 3 rows.");
        CHECK(lines[1] ==
              "SKU\tPrice\tMinimum Seller Allowed Price\tMaximum Seller Allowed Price\t"
              "Quantity\tHandling Time\tFulfillment Channel");
        CHECK(lines[2] ==
              "sku\tprice\tminimum-seller-allowed-price\tmaximum-seller-allowed-price\t"
              "quantity\thandling-time\tfulfillment-channel");
        CHECK(Cells(lines[3], '\t') ==
              std::vector<std::string>{"LID", "", "", "", "1", "", "DEFAULT"});
        CHECK(Cells(lines[4], '\t') ==
              std::vector<std::string>{"MUG", "", "", "", "5", "", "DEFAULT"});
    }
    SECTION("eBay: File Exchange Revise rows by item number and custom label") {
        Result<BulkFile> file = engine->ChannelFile("ebay");
        REQUIRE(file.ok());
        CHECK(file->file_name == "ebay_quantity.csv");
        CHECK(file->media_type == "text/csv");
        const std::vector<std::string> lines = Lines(file->text);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] ==
              "*Action(SiteID=US|Country=US|Currency=USD|Version=1193),ItemID,CustomLabel,"
              "Quantity,StartPrice");
        CHECK(Cells(lines[1], ',') ==
              std::vector<std::string>{"Revise", "110001", "MUG", "10", ""});
    }
    SECTION("Shopify: inventory CSV with On hand (new)") {
        ChannelExportOptions options;
        options.location = "Warehouse 1";
        Result<BulkFile> file = engine->ChannelFile("shopify", options);
        REQUIRE(file.ok());
        const std::vector<std::string> lines = Lines(file->text);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] ==
              "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,"
              "Option3 Value,SKU,HS Code,COO,Location,Bin name,Incoming (not editable),"
              "Unavailable (not editable),Committed (not editable),Available (not editable),"
              "On hand (current),On hand (new)");
        const std::vector<std::string> row = Cells(lines[1], ',');
        REQUIRE(row.size() == 19);
        CHECK(row[0] == "mug");
        CHECK(row[1] == "Mug");
        CHECK(row[8] == "MUG");
        CHECK(row[11] == "Warehouse 1");
        CHECK(row[18] == "10");
    }
    SECTION("Woot: plain sku, quantity, price") {
        Result<BulkFile> file = engine->ChannelFile("woot");
        REQUIRE(file.ok());
        const std::vector<std::string> lines = Lines(file->text);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == "sku,quantity,price");
        CHECK(Cells(lines[1], ',') == std::vector<std::string>{"MUG", "10", ""});
    }
    SECTION("open orders reserve stock before the rules apply") {
        REQUIRE(engine->RecordOrder({"ebay", "E-1", "", "", {{"MUG", 4, 1300}}}).ok());
        Result<BulkFile> file = engine->ChannelFile("woot");
        REQUIRE(file.ok());
        CHECK(Cells(Lines(file->text)[1], ',') == std::vector<std::string>{"MUG", "6", ""});
    }
    SECTION("an unknown channel is refused") {
        CHECK(engine->ChannelFile("etsy").status().code() == Code::kNotFound);
    }
}

TEST_CASE("price and delist files: adjusted prices, only listings with nothing to show",
          "[engine][channels][files]") {
    std::unique_ptr<Engine> engine = ChannelsEngine();
    SECTION("prices move by basis points, rounded half away from zero to the cent") {
        ChannelExportOptions options;
        options.kind = BulkFileKind::kPrice;
        options.price_change_basis_points = -250;  // 12.50 -> 12.1875 -> 12.19; 3.00 -> 2.925
        Result<BulkFile> file = engine->ChannelFile("amazon", options);
        REQUIRE(file.ok());
        CHECK(file->file_name == "amazon_price.txt");
        const std::vector<std::string> lines = Lines(file->text);
        REQUIRE(lines.size() == 6);  // FBA prices change too
        CHECK(Cells(lines[3], '\t') == std::vector<std::string>{"LID", "2.93", "", "", "", "", ""});
        CHECK(Cells(lines[4], '\t') ==
              std::vector<std::string>{"MUG", "12.19", "", "", "", "", ""});
        CHECK(Cells(lines[5], '\t') == std::vector<std::string>{"TEA", "7.80", "", "", "", "", ""});
    }
    SECTION("a price named for a SKU replaces the adjusted one") {
        ChannelExportOptions options;
        options.kind = BulkFileKind::kPrice;
        options.prices["MUG"] = 1199;
        Result<BulkFile> file = engine->ChannelFile("ebay", options);
        REQUIRE(file.ok());
        CHECK(Cells(Lines(file->text)[1], ',') ==
              std::vector<std::string>{"Revise", "110001", "MUG", "", "11.99"});
    }
    SECTION("Shopify has no price file") {
        ChannelExportOptions options;
        options.kind = BulkFileKind::kPrice;
        CHECK(engine->ChannelFile("shopify", options).status().code() == Code::kUnsupported);
    }
    SECTION("delisting covers the out-of-stock listings only") {
        ChannelRules amazon = Rules(std::nullopt, 100, 0, 3);  // LID: 2 available < 3
        REQUIRE(engine->SaveChannelRules(amazon).ok());
        ChannelExportOptions options;
        options.kind = BulkFileKind::kDelist;
        Result<BulkFile> file = engine->ChannelFile("amazon", options);
        REQUIRE(file.ok());
        const std::vector<std::string> lines = Lines(file->text);
        REQUIRE(lines.size() == 4);
        CHECK(Cells(lines[3], '\t') ==
              std::vector<std::string>{"LID", "", "", "", "0", "", "DEFAULT"});
        CHECK(file->rows == 1);
        CHECK(file->skipped == 1);  // TEA (FBA); MUG has stock to show
        // Nothing stored changed: the file is the action.
        Result<std::vector<SimulatedListing>> listings = engine->SimulateChannels("amazon");
        REQUIRE(listings.ok());
        CHECK(listings->front().listed == 2);
    }
}

TEST_CASE("the simulator shows each listing's quantity, velocity and oversell risk",
          "[engine][channels][simulate]") {
    std::unique_ptr<Engine> engine = ChannelsEngine();
    const std::string now = "2026-11-24T12:00:00Z";
    // eBay sold 6 MUG in the 30 days before now (one order already shipped); the cancelled
    // order, the order from 31 days ago and Amazon's order do not count for eBay.
    REQUIRE(
        engine->RecordOrder({"ebay", "E-1", "", "2026-11-20T10:00:00Z", {{"MUG", 2, 1300}}}).ok());
    REQUIRE(engine->ShipOrder("ebay", "E-1", "MAIN").ok());  // MUG on hand 8
    REQUIRE(engine->RecordOrder({"ebay", "E-2", "", "2026-10-25T12:00:00Z", {{"MUG", 4, 1300}}})
                .ok());  // exactly 30 days before: inside the window
    REQUIRE(
        engine->RecordOrder({"ebay", "E-3", "", "2026-11-01T10:00:00Z", {{"MUG", 5, 1300}}}).ok());
    REQUIRE(engine->CancelOrder("ebay", "E-3").ok());
    REQUIRE(engine->RecordOrder({"ebay", "E-4", "", "2026-10-24T11:59:59Z", {{"MUG", 3, 1300}}})
                .ok());  // one second too old
    REQUIRE(engine->RecordOrder({"amazon", "A-1", "", "2026-11-23T10:00:00Z", {{"MUG", 1, 1250}}})
                .ok());
    // MUG: on hand 8, reserved 4 + 3 + 1 open = 8, available 0. Make some available again.
    REQUIRE(engine->RecordMovement(testing::Move("MUG", "MAIN", 3, MovementKind::kReceive)).ok());

    Result<std::vector<SimulatedListing>> ebay = engine->SimulateChannels("ebay", now);
    REQUIRE(ebay.ok());
    REQUIRE(ebay->size() == 1);
    const SimulatedListing& mug = ebay->front();
    CHECK(mug.sku == "MUG");
    CHECK(mug.available == 3);
    CHECK(mug.listed == 4);
    CHECK(mug.would_show == 3);
    CHECK(mug.units_sold_30d == 6);
    CHECK(mug.velocity_per_day == Approx(0.2));
    CHECK(mug.update_delay_minutes == 240);
    CHECK(mug.sales_during_delay == Approx(0.2 / 6));
    CHECK_FALSE(mug.oversell_risk);

    SECTION("a long update delay makes a fast seller a risk") {
        ChannelRules rules;
        rules.channel = "ebay";
        rules.update_delay_minutes = 15 * 1440;  // 15 days x 0.2/day = 3 units >= 3 available
        REQUIRE(engine->SaveChannelRules(rules).ok());
        Result<std::vector<SimulatedListing>> again = engine->SimulateChannels("ebay", now);
        REQUIRE(again.ok());
        CHECK(again->front().sales_during_delay == Approx(3.0));
        CHECK(again->front().oversell_risk);
        rules.update_delay_minutes = 15 * 1440 - 1;  // just under 3 units
        REQUIRE(engine->SaveChannelRules(rules).ok());
        again = engine->SimulateChannels("ebay", now);
        REQUIRE(again.ok());
        CHECK_FALSE(again->front().oversell_risk);
    }
    SECTION("every channel, FBA listings marked as the channel's stock") {
        Result<std::vector<SimulatedListing>> all = engine->SimulateChannels("", now);
        REQUIRE(all.ok());
        REQUIRE(all->size() == 6);
        const SimulatedListing& tea = all->at(2);
        CHECK(tea.channel == "amazon");
        CHECK(tea.sku == "TEA");
        CHECK_FALSE(tea.would_show.has_value());
        CHECK(tea.decided_by == "channel_stock");
        CHECK_FALSE(tea.oversell_risk);
        CHECK(all->at(1).sku == "MUG");
        CHECK(all->at(1).units_sold_30d == 1);  // Amazon's own order only
    }
    SECTION("a time that is not ISO-8601 is refused") {
        CHECK(engine->SimulateChannels("ebay", "yesterday").status().code() ==
              Code::kInvalidArgument);
    }
}

}  // namespace
}  // namespace stocktake::engine
