#include "import/row_converter.h"

#include <algorithm>

#include "import/converters.h"
#include "import/formats.h"
#include "stocktake/gtin.h"

namespace stocktake::engine {

namespace {

using Maker = std::unique_ptr<RowConverter> (*)(const FormatBinding&,
                                                const std::vector<std::string>&);

struct Importable {
    std::string_view format_id;
    Maker make;
};

constexpr Importable kImportable[] = {
    {"amazon_all_listings", MakeAmazonListingsConverter},
    {"amazon_active_listings", MakeAmazonListingsConverter},
    {"amazon_inactive_listings", MakeAmazonListingsConverter},
    {"amazon_fba_manage_inventory", MakeFbaInventoryConverter},
    {"ebay_active_listings", MakeEbayListingsConverter},
    {"shopify_products", MakeShopifyProductsConverter},
    {"supplier_price_sheet", MakeSupplierSheetConverter},
    {kGenericCatalogFormat, MakeGenericCatalogConverter},
};

bool IsAsciiAlnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

bool IsImportableFormat(std::string_view format_id) {
    for (const Importable& entry : kImportable) {
        if (entry.format_id == format_id) return true;
    }
    return false;
}

Result<std::unique_ptr<RowConverter>> MakeRowConverter(const FormatBinding& binding,
                                                       const std::vector<std::string>& header) {
    for (const Importable& entry : kImportable) {
        if (entry.format_id != binding.format_id) continue;
        std::unique_ptr<RowConverter> converter = entry.make(binding, header);
        if (!binding.unrecognised_columns.empty()) {
            std::string names;
            for (const int column : binding.unrecognised_columns) {
                if (column < 0 || static_cast<size_t>(column) >= header.size()) continue;
                if (!names.empty()) names += ", ";
                names += "'" + header[static_cast<size_t>(column)] + "'";
            }
            if (!names.empty()) {
                converter->AddNote("Columns not imported: " + names +
                                   (binding.format_id == kGenericCatalogFormat
                                        ? " (not mapped to a field)."
                                        : " (not part of this format as Stocktake knows it)."));
            }
        }
        return converter;
    }
    const std::string name =
        binding.display_name.empty() ? std::string(binding.format_id) : binding.display_name;
    return Status::Unsupported(
        "This file is " + name +
        ". Stocktake recognises it but cannot import its rows yet: they hold stock movements, "
        "orders or recommendations, which arrive with the stock ledger. Import a listings "
        "report, a catalogue or a supplier price sheet instead.");
}

std::string NameKey(std::string_view name) {
    std::string key;
    key.reserve(name.size());
    for (const char ch : name) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c >= 0x80 || IsAsciiAlnum(c)) {
            key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : ch;
        }
    }
    return key;
}

void SetProductName(std::string_view name, std::string* name_key, RecordWrite* product) {
    if (name.empty()) return;
    product->Set(kProductName, FieldValue::Text(name));
    *name_key = NameKey(name);
    product->Set(kProductNameKey, FieldValue::Text(*name_key));
}

bool SetProductGtin14(std::string_view code, std::string* gtin14, RecordWrite* product,
                      std::string* problem) {
    if (code.empty()) return true;
    // A letter makes it an ASIN or an internal code: not a GTIN and not an error, which
    // NormalizeToGtin14 would also conclude, at the cost of building an error message
    // (most Amazon rows carry an ASIN here).
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    if (std::any_of(code.begin(), code.end(), letter)) return true;
    Result<Gtin> gtin = NormalizeToGtin14(code);
    if (gtin.ok()) {
        *gtin14 = gtin->gtin14;
        product->Set(kProductGtin14, FieldValue::Text(*gtin14));
        return true;
    }
    bool digits = code.size() >= 8 && code.size() <= 14;
    for (const char c : code) digits = digits && c >= '0' && c <= '9';
    if (!digits) return true;  // an ASIN, an internal code: not a GTIN, not an error
    *problem = gtin.status().message();
    return false;
}

}  // namespace stocktake::engine
