// Engine's barcode methods: which product a scanned code names, and linking a code to a
// product. Parsing in barcode/gs1.cpp; SQL in store/barcodes_repo; links are "barcode"
// records written through the outbox, so they sync like any seller edit.
#include <algorithm>
#include <cctype>

#include "stock/ledger.h"
#include "stocktake/engine/engine.h"
#include "stocktake/gtin.h"
#include "stocktake/time.h"
#include "store/store.h"
#include "sync/outbox.h"

namespace stocktake::engine {

namespace {

// A scanned code as the link table keys it: GTINs (plain or inside a GS1 element string) as
// GTIN-14, FNSKUs in upper case, anything else as scanned.
struct CodeKey {
    std::string code;
    std::string kind;    // "gtin", "fnsku" or "alias"
    std::string gtin14;  // "" unless a GTIN
    Gs1Data gs1;
    std::string gtin_problem;  // a code shaped like a GTIN whose check digit is wrong
};

bool AllDigits(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

Result<CodeKey> ReadCode(std::string_view scanned) {
    const std::string_view text = StripSymbologyId(scanned);
    if (text.empty()) return Status::InvalidArgument("the barcode is empty");
    CodeKey key;
    if (IsGs1ElementString(scanned)) {
        Result<Gs1Data> gs1 = ParseGs1(scanned);
        if (!gs1.ok()) return gs1.status();
        if (gs1->gtin14.empty()) {
            return Status::InvalidArgument(
                "GS1 code has no GTIN (01), so it names no product; scan the item's GTIN");
        }
        key.gs1 = std::move(gs1.value());
        key.code = key.gtin14 = key.gs1.gtin14;
        key.kind = "gtin";
        return key;
    }
    if (AllDigits(text)) {
        Result<Gtin> gtin = NormalizeToGtin14(text);
        if (gtin.ok()) {
            key.code = key.gtin14 = gtin->gtin14;
            key.kind = "gtin";
            return key;
        }
        key.gtin_problem = gtin.status().message();
    }
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
        return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    });
    if (IsFnsku(upper)) {
        key.code = upper;
        key.kind = "fnsku";
        return key;
    }
    key.code = std::string(text);
    key.kind = "alias";
    return key;
}

}  // namespace

Result<ResolvedBarcode> Engine::ResolveBarcode(const std::string& code) const {
    Result<CodeKey> key = ReadCode(code);
    if (!key.ok()) return key.status();
    BarcodesRepo& repo = store_->barcode_links();
    ResolvedBarcode resolved;
    resolved.code = std::string(StripSymbologyId(code));
    resolved.gtin14 = key->gtin14;
    resolved.gs1 = key->gs1;
    const auto found = [&](const ProductRef& product, const char* how) {
        resolved.sku = product.sku;
        resolved.name = product.name;
        resolved.matched_by = how;
        return resolved;
    };

    Result<std::optional<BarcodeLink>> link = repo.FindLink(key->code);
    if (!link.ok()) return link.status();
    if (link.value()) {
        Result<std::optional<ProductRef>> product = repo.ProductWithSku(link.value()->sku);
        if (!product.ok()) return product.status();
        // A link to a product deleted since falls through to the other ways in.
        if (product.value()) return found(*product.value(), "link");
    }
    if (!key->gtin14.empty()) {
        Result<std::optional<ProductRef>> product = repo.ProductWithGtin14(key->gtin14);
        if (!product.ok()) return product.status();
        if (product.value()) return found(*product.value(), "gtin");
    }
    Result<std::optional<ProductRef>> product = repo.ProductWithSku(resolved.code);
    if (!product.ok()) return product.status();
    if (product.value()) return found(*product.value(), "sku");
    if (!key->gtin_problem.empty()) {
        return Status::InvalidArgument("'" + resolved.code + "' is not a valid GTIN (" +
                                       key->gtin_problem + ") and no product is linked to it");
    }
    return Status::NotFound("no product has barcode '" + resolved.code +
                            "'; link it to a product to scan it");
}

Status Engine::LinkBarcode(const std::string& code, const std::string& sku) {
    Result<CodeKey> key = ReadCode(code);
    if (!key.ok()) return key.status();
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::optional<ProductRef>> product = store_->barcode_links().ProductWithSku(sku);
        if (!product.ok()) return product.status();
        if (!product.value()) return Status::NotFound("product " + sku + " does not exist");
        return WriteRecord(*store_, "barcode", {key->code},
                           {{"sku", sku}, {"kind", key->kind}, {kDeletedField, false}}, now);
    });
    if (status.ok()) ++generation_;
    return status;
}

Result<std::vector<BarcodeLink>> Engine::BarcodeLinks(const std::string& sku) const {
    return store_->barcode_links().LinksOf(sku);
}

}  // namespace stocktake::engine
