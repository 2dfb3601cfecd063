// Every format fixture through Engine::ImportFile: what each writes, and the formats that
// are recognised but refused.
#include <catch2/catch.hpp>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"
#include "stocktake/engine/formats.h"

namespace stocktake::engine {
namespace {

using testing::AllListings;
using testing::OpenOrDie;
using testing::ReadFixture;

std::optional<ListingRow> FindOn(const Engine& engine, const std::string& sku,
                                 const std::string& channel) {
    for (ListingRow& row : AllListings(engine)) {
        if (row.sku == sku && row.channel == channel) return row;
    }
    return std::nullopt;
}

ImportReport ImportFixture(Engine& engine, const std::string& path, std::string format = "") {
    ImportRequest request("upload", ReadFixture(path));
    request.format = std::move(format);
    Result<ImportReport> report = engine.ImportFile(std::move(request));
    REQUIRE(report.ok());
    CAPTURE(path, report->error);
    return report.value();
}

TEST_CASE("Amazon Active Listings import with status Active", "[engine][formats]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const ImportReport report = ImportFixture(*engine, "formats/amazon_active_listings.txt");
    REQUIRE(report.state == ImportState::kSucceeded);
    CHECK(report.format == "amazon_active_listings");
    CHECK(report.failed == 0);
    const auto bottle = FindOn(*engine, "WB-750-SS", "amazon");
    REQUIRE(bottle);
    CHECK(bottle->status == "Active");
    CHECK(bottle->price_minor == 1569);
    CHECK(bottle->quantity == 42);
    CHECK(bottle->opened_at == "2022-03-15T09:26:37Z");
    const auto board = FindOn(*engine, "CB-BAM-L", "amazon");
    REQUIRE(board);
    CHECK(board->fulfillment == "fba");
    CHECK_FALSE(board->quantity.has_value());
}

TEST_CASE("the user's override reads the same header as Inactive Listings", "[engine][formats]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const ImportReport report =
        ImportFixture(*engine, "formats/amazon_active_listings.txt", "amazon_inactive_listings");
    REQUIRE(report.state == ImportState::kSucceeded);
    CHECK(report.format == "amazon_inactive_listings");
    CHECK(FindOn(*engine, "WB-750-SS", "amazon")->status == "Inactive");
}

TEST_CASE("an override that does not fit names the missing columns and changes nothing",
          "[engine][formats]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const ImportReport report =
        ImportFixture(*engine, "formats/generic_catalog.csv", "amazon_all_listings");
    CHECK(report.state == ImportState::kFailed);
    CHECK(report.error.find("seller-sku") != std::string::npos);
    CHECK(AllListings(*engine).empty());
}

TEST_CASE("FBA Manage Inventory fills the quantity All Listings leaves unknown",
          "[engine][formats]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportFixture(*engine, "formats/amazon_active_listings.txt");
    REQUIRE_FALSE(FindOn(*engine, "CB-BAM-L", "amazon")->quantity.has_value());
    const ImportReport report = ImportFixture(*engine, "formats/amazon_fba_manage_inventory.txt");
    REQUIRE(report.state == ImportState::kSucceeded);
    CHECK(report.format == "amazon_fba_manage_inventory");
    const auto board = FindOn(*engine, "CB-BAM-L", "amazon");
    REQUIRE(board);
    CHECK(board->quantity == 30);  // afn-fulfillable-quantity
    CHECK(board->fulfillment == "fba");
    // Columns the inventory report lacks keep what the listings report said.
    CHECK(board->opened_at == "2021-08-16T03:35:17Z");
    CHECK(board->status == "Active");
    CHECK(report.changed >= 1);
}

TEST_CASE("eBay active listings import; a variation parent without a SKU is reported",
          "[engine][formats]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const ImportReport report = ImportFixture(*engine, "formats/ebay_active_listings.csv");
    REQUIRE(report.state == ImportState::kSucceeded);
    CHECK(report.format == "ebay_active_listings");
    const auto driver = FindOn(*engine, "SYNC-TARGET", "ebay");
    REQUIRE(driver);
    CHECK(driver->name == "Impact Driver");
    CHECK(driver->listing_id == "800262913581");
    CHECK(driver->price_minor == 12353);
    CHECK(driver->quantity == 1);
    CHECK(driver->opened_at == "2026-06-29T23:00:01Z");
    CHECK(FindOn(*engine, "TS-RED", "ebay"));
    REQUIRE(report.failed >= 1);
    CHECK(report.errors.front().line == 3);
    CHECK(report.errors.front().column == "Custom label (SKU)");
    CHECK(report.errors.front().message.find("no Custom label (SKU)") != std::string::npos);
}

TEST_CASE("Shopify products: variants carry their product's title; image rows are skipped",
          "[engine][formats]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const ImportReport report = ImportFixture(*engine, "formats/shopify_products.csv");
    REQUIRE(report.state == ImportState::kSucceeded);
    CHECK(report.format == "shopify_products");
    CHECK(report.failed == 0);
    const auto black = FindOn(*engine, "WB-750-BK", "shopify");
    REQUIRE(black);
    CHECK(black->name == "Stainless Steel Water Bottle");  // from the handle's first row
    CHECK(black->quantity == -2);                          // oversold: kept
    CHECK(black->price_minor == 1569);
    CHECK(black->listing_id == "water-bottle");
    const auto board = FindOn(*engine, "CB-BAM-L", "shopify");
    REQUIRE(board);
    CHECK(board->status == "active");
}

TEST_CASE("a supplier price sheet fills vendor prices, not the catalogue", "[engine][formats]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const ImportReport report = ImportFixture(*engine, "formats/supplier_price_sheet.csv");
    REQUIRE(report.state == ImportState::kSucceeded);
    CHECK(report.format == "supplier_price_sheet");
    CHECK(report.successful == 2);
    CHECK(AllListings(*engine).empty());
    Result<std::vector<VendorPrice>> prices = engine->VendorPrices("");
    REQUIRE(prices.ok());
    REQUIRE(prices->size() == 2);
    const VendorPrice& outdoor = prices->front();  // by supplier: "Acme Outdoor" first
    CHECK(outdoor.supplier == "Acme Outdoor");
    CHECK(outdoor.sku == "WB-750-SS");
    CHECK(outdoor.cost == 40375);  // 4.0375 in 10^-4 units
    CHECK(outdoor.currency == "USD");
    CHECK(outdoor.moq == 1000);
    CHECK(outdoor.pack_size == 24);
    CHECK(outdoor.lead_time_days == 14);
    CHECK(engine->VendorPrices("CB-BAM-L")->size() == 1);

    // A second sheet with a changed cost updates the one row; same sheet again: no change.
    const ImportReport again = ImportFixture(*engine, "formats/supplier_price_sheet.csv");
    CHECK(again.unchanged == 2);
    CHECK(again.created == 0);
}

TEST_CASE("recognised formats that hold movements or orders are refused, changing nothing",
          "[engine][formats]") {
    const char* path =
        GENERATE("formats/amazon_fba_ledger_detail.txt", "formats/amazon_fba_ledger_summary.txt",
                 "formats/amazon_restock.txt", "formats/shipstation_orders.csv",
                 "formats/shopify_inventory.csv");
    CAPTURE(path);
    std::unique_ptr<Engine> engine = OpenOrDie();
    const ImportReport report = ImportFixture(*engine, path);
    CHECK(report.state == ImportState::kFailed);
    CHECK(report.error.find("cannot import its rows yet") != std::string::npos);
    CHECK_FALSE(report.format.empty());
    CHECK(AllListings(*engine).empty());
    bool listed_as_not_importable = false;
    for (const FormatInfo& info : ListFormats()) {
        if (info.id == report.format) listed_as_not_importable = !info.importable;
    }
    CHECK(listed_as_not_importable);
}

struct Malformed {
    const char* what;
    std::string bytes;
    const char* message_part;
};

std::string SupplierHeader() {
    return "supplier,sku,cost\n";
}

TEST_CASE("malformed files are refused with a clear error and change nothing",
          "[engine][formats][malformed]") {
    std::string wide = SupplierHeader();
    wide.pop_back();
    for (int i = 0; i < 5000; ++i) wide += ",extra" + std::to_string(i);
    wide += "\nAcme,SKU-1,1.00\n";
    // UTF-8 settled by the first rows (invalid bytes there would read as windows-1252),
    // then a file cut inside a character.
    std::string truncated = SupplierHeader() + "Acme,SKU-日本,1.00\n";
    for (int i = 0; truncated.size() < 100 * 1024; ++i) {
        truncated += "Acme,SKU-" + std::to_string(i) + ",1.00\n";
    }
    truncated += "Acme,SKU-\xE6\x97";
    const Malformed c = GENERATE_COPY(values<Malformed>({
        {"binary garbage",
         std::string("\x7F"
                     "ELF\x02\x01\x01\x00\x00\x00garbage",
                     16),
         "binary data"},
        {"truncated UTF-8", truncated, "could not be read"},
        {"a 10 MB single line", SupplierHeader() + "Acme,SKU-2," + std::string(10 << 20, '9'),
         "could not be read"},
        {"an unbalanced quote", SupplierHeader() + "Acme,\"SKU-3,1.00\nAcme,SKU-4,2.00\n",
         "could not be read"},
        {"5,000 columns", wide, "could not be read"},
    }));
    CAPTURE(c.what);
    std::unique_ptr<Engine> engine = OpenOrDie();
    const ImportReport before = ImportFixture(*engine, "formats/supplier_price_sheet.csv");
    REQUIRE(before.state == ImportState::kSucceeded);
    Result<ImportReport> report = engine->ImportFile("bad.csv", c.bytes);
    REQUIRE(report.ok());
    CAPTURE(report->error);
    CHECK(report->state == ImportState::kFailed);
    CHECK(report->error.find(c.message_part) != std::string::npos);
    CHECK(report->successful == 0);
    Result<std::vector<VendorPrice>> prices = engine->VendorPrices("");
    REQUIRE(prices.ok());
    CHECK(prices->size() == 2);  // the sheet imported before, nothing else
    for (const VendorPrice& price : *prices) CHECK(price.sku.rfind("SKU-", 0) != 0);
}

}  // namespace
}  // namespace stocktake::engine
