// libFuzzer target for the whole import: bytes -> reader -> format -> converters -> store.
// The first input byte picks the format override (or detection) and whether it is a dry
// run; the rest is the file. Checks that the engine never crashes and that:
//   - a failed import saved nothing (the catalogue is as it was) and has a reason;
//   - a finished import accounts for every row it read;
//   - a dry run changes nothing, whatever it found.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "stocktake/engine/engine.h"

namespace {

using stocktake::engine::Engine;
using stocktake::engine::ImportReport;
using stocktake::engine::ImportRequest;
using stocktake::engine::ImportState;

#define Check(condition) CheckImpl(condition, #condition, __LINE__)

void CheckImpl(bool condition, const char* text, int line) {
    if (condition) return;
    std::fprintf(stderr, "invariant broken at line %d: %s\n", line, text);
    std::abort();
}

constexpr const char* kFormats[] = {
    "",  // detect
    "amazon_all_listings",
    "amazon_active_listings",
    "amazon_fba_manage_inventory",
    "ebay_active_listings",
    "shopify_products",
    "supplier_price_sheet",
};

int64_t CatalogueSize(const Engine& engine) {
    auto listings = engine.Listings({});
    auto prices = engine.VendorPrices("");
    Check(listings.ok() && prices.ok());
    return static_cast<int64_t>(listings->size() + prices->size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    // One in-memory engine for the whole run: state carried between inputs is part of what
    // is fuzzed (re-imports, suggestions against earlier rows).
    static std::unique_ptr<Engine> engine = [] {
        auto opened = Engine::Open(":memory:");
        Check(opened.ok());
        return std::move(opened.value());
    }();
    const uint8_t control = data[0];
    ImportRequest request("fuzz", std::string(reinterpret_cast<const char*>(data + 1), size - 1));
    request.format = kFormats[control % (sizeof(kFormats) / sizeof(kFormats[0]))];
    request.dry_run = (control & 0x80) != 0;
    if ((control & 0x40) != 0) {
        stocktake::engine::ColumnMapping mapping;
        mapping.fields["sku"] = {"sku", 1};
        mapping.fields["name"] = {"name", 1};
        mapping.fields["gtin"] = {"gtin", 1};
        mapping.fields["price"] = {"price", 1};
        request.format = "generic_catalog";
        request.mapping = mapping;
    }
    const bool dry_run = request.dry_run;
    const int64_t before = CatalogueSize(*engine);

    auto result = engine->ImportFile(std::move(request));
    Check(result.ok());  // a bad file is a failed report, never a failed call
    const ImportReport& report = result.value();
    if (report.state == ImportState::kFailed) {
        Check(!report.error.empty());
        Check(report.successful == 0);
        Check(CatalogueSize(*engine) == before);
    } else {
        Check(report.state == ImportState::kSucceeded);
        Check(report.processed() == report.total);
        Check(report.created + report.changed + report.unchanged == report.successful);
        if (dry_run) Check(CatalogueSize(*engine) == before);
    }
    return 0;
}
