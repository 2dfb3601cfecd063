// Engine::ResolveBarcode and LinkBarcode: links, the products' GTINs (every form of the
// code), FNSKUs from the FBA inventory report, exact SKUs, and links syncing as ops.
#include <catch2/catch.hpp>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::OpenOrDie;
using testing::ReadFixture;

// The Shopify fixture: CB-BAM-L has Variant Barcode 0680242554716 (a UPC-A written as 13
// digits), WB-750-SS has none.
std::unique_ptr<Engine> CatalogEngine() {
    std::unique_ptr<Engine> engine = OpenOrDie();
    Result<ImportReport> report =
        engine->ImportFile("products.csv", ReadFixture("formats/shopify_products.csv"));
    REQUIRE(report.ok());
    REQUIRE(report->state == ImportState::kSucceeded);
    return engine;
}

std::string SkuOf(const Engine& engine, const std::string& code, std::string* how = nullptr) {
    Result<ResolvedBarcode> resolved = engine.ResolveBarcode(code);
    INFO(code << ": " << resolved.status().ToString());
    REQUIRE(resolved.ok());
    if (how) *how = resolved->matched_by;
    return resolved->sku;
}

TEST_CASE("a product's GTIN resolves in every form a scanner sends", "[engine][barcode]") {
    std::unique_ptr<Engine> engine = CatalogEngine();
    std::string how;
    for (const std::string code :
         {"680242554716", "0680242554716", "00680242554716", "]E00680242554716", " 680242554716\n",
          "(01)00680242554716(10)LOT9(17)270100"}) {
        CHECK(SkuOf(*engine, code, &how) == "CB-BAM-L");
        CHECK(how == "gtin");
    }
    Result<ResolvedBarcode> gs1 = engine->ResolveBarcode(
        "]C1"
        "0100680242554716"
        "10LOT9");
    REQUIRE(gs1.ok());
    CHECK(gs1->gtin14 == "00680242554716");
    CHECK(gs1->gs1.lot == "LOT9");
    CHECK(!gs1->name.empty());
}

TEST_CASE("a UPC-E resolves to the product with its UPC-A", "[engine][barcode]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    // UPC-E 04252614 expands to UPC-A 042100005264.
    const std::string csv =
        "Handle,Title,Variant SKU,Variant Price,Variant Barcode\n"
        "soap,Soap bar,SOAP-1,3.00,042100005264\n";
    Result<ImportReport> report = engine->ImportFile("products.csv", csv);
    REQUIRE(report.ok());
    REQUIRE(report->successful == 1);
    CHECK(SkuOf(*engine, "04252614") == "SOAP-1");
}

TEST_CASE("an exact SKU resolves; an unknown code is NotFound and a bad GTIN says why",
          "[engine][barcode]") {
    std::unique_ptr<Engine> engine = CatalogEngine();
    std::string how;
    CHECK(SkuOf(*engine, "WB-750-SS", &how) == "WB-750-SS");
    CHECK(how == "sku");
    Result<ResolvedBarcode> unknown = engine->ResolveBarcode("4006381333931");
    CHECK(unknown.status().code() == Code::kNotFound);
    CHECK_THAT(unknown.status().message(), Catch::Contains("link it"));
    Result<ResolvedBarcode> bad = engine->ResolveBarcode("4006381333932");
    CHECK(bad.status().code() == Code::kInvalidArgument);
    CHECK_THAT(bad.status().message(), Catch::Contains("check digit"));
    CHECK(engine->ResolveBarcode("(01)00680242554717").status().code() == Code::kInvalidArgument);
    CHECK(engine->ResolveBarcode("").status().code() == Code::kInvalidArgument);
}

TEST_CASE("a linked code resolves to its product, before the GTINs", "[engine][barcode]") {
    std::unique_ptr<Engine> engine = CatalogEngine();
    CHECK(engine->LinkBarcode("4006381333931", "WB-750-SS").ok());
    CHECK(engine->LinkBarcode("supplier-77", "WB-750-SS").ok());
    CHECK(engine->LinkBarcode("x002ghijkl", "WB-750-SS").ok());
    std::string how;
    CHECK(SkuOf(*engine, "04006381333931", &how) == "WB-750-SS");  // stored as GTIN-14
    CHECK(how == "link");
    CHECK(SkuOf(*engine, "supplier-77") == "WB-750-SS");
    CHECK(SkuOf(*engine, "X002GHIJKL") == "WB-750-SS");  // FNSKUs in upper case

    Result<std::vector<BarcodeLink>> links = engine->BarcodeLinks("WB-750-SS");
    REQUIRE(links.ok());
    REQUIRE(links->size() == 3);
    CHECK(links->at(0).code == "04006381333931");
    CHECK(links->at(0).kind == "gtin");
    CHECK(links->at(1).code == "X002GHIJKL");
    CHECK(links->at(1).kind == "fnsku");
    CHECK(links->at(2).kind == "alias");

    // A link overrides the GTIN a product has; relinking moves it.
    CHECK(engine->LinkBarcode("0680242554716", "WB-750-SS").ok());
    CHECK(SkuOf(*engine, "680242554716") == "WB-750-SS");
    CHECK(engine->LinkBarcode("0680242554716", "CB-BAM-L").ok());
    CHECK(SkuOf(*engine, "680242554716") == "CB-BAM-L");

    CHECK(engine->LinkBarcode("123", "NOPE").code() == Code::kNotFound);
    CHECK(engine->LinkBarcode("(01)00680242554717", "CB-BAM-L").code() == Code::kInvalidArgument);
}

TEST_CASE("the FBA inventory report links each FNSKU to its SKU", "[engine][barcode]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    Result<ImportReport> report =
        engine->ImportFile("fba.txt", ReadFixture("formats/amazon_fba_manage_inventory.txt"));
    REQUIRE(report.ok());
    REQUIRE(report->successful > 0);
    std::string how;
    CHECK(SkuOf(*engine, "X001ABCDEF", &how) == "CB-BAM-L");
    CHECK(how == "link");
    const int64_t pending = engine->PendingOpCount().value();
    // Importing the same file again changes no link and records no op for it.
    Result<ImportReport> again =
        engine->ImportFile("fba.txt", ReadFixture("formats/amazon_fba_manage_inventory.txt"));
    REQUIRE(again.ok());
    CHECK(engine->PendingOpCount().value() == pending);
}

TEST_CASE("a link is an op another device applies", "[engine][barcode]") {
    std::unique_ptr<Engine> phone = CatalogEngine();
    std::unique_ptr<Engine> laptop = CatalogEngine();
    REQUIRE(phone->LinkBarcode("4006381333931", "WB-750-SS").ok());
    Result<std::vector<Op>> ops = phone->LocalOps(0, 1'000'000);
    REQUIRE(ops.ok());
    REQUIRE(!ops->empty());
    const Op& link = ops->back();
    CHECK(link.entity == "barcode");
    CHECK(link.key == std::vector<std::string>{"04006381333931"});
    Result<std::vector<OpOutcome>> applied = laptop->ApplyOps({link});
    REQUIRE(applied.ok());
    CHECK(laptop->ResolveBarcode("4006381333931")->sku == "WB-750-SS");
}

}  // namespace
}  // namespace stocktake::engine
