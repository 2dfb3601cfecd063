// The converter of each importable format (row_converter.h's factory picks one). Internal.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "import/row_cells.h"
#include "import/row_converter.h"

namespace stocktake::engine {

// Amazon All / Active / Inactive Listings: a product and its Amazon listing.
std::unique_ptr<RowConverter> MakeAmazonListingsConverter(const FormatBinding& binding,
                                                          const std::vector<std::string>& header);
// Amazon FBA Manage Inventory: the FBA listing's fulfillable quantity, price and ASIN.
std::unique_ptr<RowConverter> MakeFbaInventoryConverter(const FormatBinding& binding,
                                                        const std::vector<std::string>& header);
// eBay active listings: a product and its eBay listing.
std::unique_ptr<RowConverter> MakeEbayListingsConverter(const FormatBinding& binding,
                                                        const std::vector<std::string>& header);
// Shopify product export: a product per variant SKU and its Shopify listing.
std::unique_ptr<RowConverter> MakeShopifyProductsConverter(const FormatBinding& binding,
                                                           const std::vector<std::string>& header);
// Supplier price sheet: vendor_prices rows.
std::unique_ptr<RowConverter> MakeSupplierSheetConverter(const FormatBinding& binding,
                                                         const std::vector<std::string>& header);
// Generic catalogue (the user's mapping): products.
std::unique_ptr<RowConverter> MakeGenericCatalogConverter(const FormatBinding& binding,
                                                          const std::vector<std::string>& header);

// Shared product bits: sets name (+ its NameKey in *name_key) when name is not empty.
void SetProductName(std::string_view name, std::string* name_key, RecordWrite* product);
// Sets gtin14 from a product code when it is a valid GTIN (ASINs and the like are not).
// Returns false, with *problem set, when the text has a GTIN's shape (all digits, 8-14 long)
// but is not a valid one: a typo or a spreadsheet's damage worth reporting.
bool SetProductGtin14(std::string_view code, std::string* gtin14, RecordWrite* product,
                      std::string* problem);

}  // namespace stocktake::engine
