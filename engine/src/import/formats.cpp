#include "import/formats.h"

#include <initializer_list>

#include "stocktake/ascii.h"

namespace stocktake::engine {

namespace {

constexpr ColumnRole kReq = ColumnRole::kRequired;
constexpr ColumnRole kKnown = ColumnRole::kKnown;
constexpr ColumnRole kExtra = ColumnRole::kExtra;

// Length of the space-like sequence at text[pos] (ASCII whitespace, NBSP U+00A0, ideographic
// space U+3000), or 0. Spreadsheet round trips and CJK input methods leave the latter two.
size_t SpaceLength(std::string_view text, size_t pos) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') return 1;
    if (c == 0xC2 && pos + 1 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0xA0) {
        return 2;
    }
    if (c == 0xE3 && pos + 2 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0x80 &&
        static_cast<unsigned char>(text[pos + 2]) == 0x80) {
        return 3;
    }
    return 0;
}

std::string_view StripBomAndTrim(std::string_view text) {
    // The reader strips a file's BOM, but a header that went through a spreadsheet can keep
    // one on its first cell ("\xEF\xBB\xBFItem number" in eBay downloads).
    while (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    size_t begin = 0;
    while (begin < text.size()) {
        const size_t n = SpaceLength(text, begin);
        if (n == 0) break;
        begin += n;
    }
    size_t end = text.size();
    while (end > begin) {
        // Space-like sequences are 1 to 3 bytes; try each length ending at `end`.
        size_t n = 0;
        for (size_t len = 1; len <= 3 && len <= end - begin; ++len) {
            if (SpaceLength(text, end - len) == len) {
                n = len;
                break;
            }
        }
        if (n == 0) break;
        end -= n;
    }
    return text.substr(begin, end - begin);
}

ColumnDef Col(std::string field, ColumnRole role, std::string_view display,
              std::initializer_list<std::string_view> aliases = {}) {
    ColumnDef def;
    def.field = std::move(field);
    def.role = role;
    def.display = std::string(display);
    def.aliases.push_back(NormalizeHeaderName(display));
    for (std::string_view alias : aliases) def.aliases.push_back(NormalizeHeaderName(alias));
    return def;
}

// An optional block recognised by name prefix (trailing '*' in the docs).
ColumnDef Prefixes(std::string_view display, std::initializer_list<std::string_view> prefixes) {
    ColumnDef def;
    def.role = kExtra;
    def.display = std::string(display);
    for (std::string_view prefix : prefixes) def.prefixes.push_back(LooseHeaderName(prefix));
    return def;
}

std::vector<std::string> Names(std::initializer_list<std::string_view> names) {
    std::vector<std::string> out;
    for (std::string_view name : names) out.push_back(NormalizeHeaderName(name));
    return out;
}

// The merchant listings family (formats.md 1.1, 1.3). Chinese aliases are from the header
// quoted in jlevers/selling-partner-api#525: it keeps the English order, names listing-id and
// product-id both 商品编码 and nine unrelated columns 不适用项目 ("not applicable"). Columns
// are claimed in this order, first unclaimed match wins, so the repeats land where they
// belong. Japanese aliases come from a fixture's comments (formats.md marks them unconfirmed).
std::vector<ColumnDef> ListingColumns(bool all_listings) {
    constexpr std::string_view kNa = "不适用项目";
    std::vector<ColumnDef> cols = {
        Col("name", kKnown, "item-name", {"商品名称", "商品名"}),
        Col("description", kKnown, "item-description", {"商品描述"}),
        Col("listing_id", kKnown, "listing-id", {"商品编码", "出品ID"}),
        Col("sku", kReq, "seller-sku", {"卖家 SKU", "出品者SKU"}),
        Col("price", kKnown, "price", {"价格", "価格"}),
        Col("quantity", kKnown, "quantity", {"数量"}),
        Col("open_date", kKnown, "open-date", {"开售日期", "出品日"}),
        Col("image_url", kKnown, "image-url", {kNa}),
        Col("", kKnown, "item-is-marketplace", {"是否为商城中的商品"}),
        Col("product_id_type", kKnown, "product-id-type", {"商品编码类型", "商品IDタイプ"}),
        Col("", kKnown, "zshop-shipping-fee", {kNa}),
        Col("item_note", kKnown, "item-note", {"商品备注", "コンディション説明"}),
        Col("condition", kKnown, "item-condition", {"商品状况", "コンディション"}),
        Col("", kKnown, "zshop-category1", {kNa}),
        Col("", kKnown, "zshop-browse-path", {kNa}),
        Col("", kKnown, "zshop-storefront-feature", {kNa}),
        Col("asin", kKnown, "asin1"),
        Col("", kKnown, "asin2", {kNa}),
        Col("", kKnown, "asin3", {kNa}),
        Col("", kKnown, "will-ship-internationally", {"国际配送", "国外へ配送可"}),
        Col("", kKnown, "expedited-shipping", {"加急配送", "迅速な配送"}),
        Col("", kKnown, "zshop-boldface", {kNa}),
        Col("product_id", kKnown, "product-id", {"商品编码", "商品ID"}),
        Col("", kKnown, "bid-for-featured-placement", {kNa}),
        Col("", kKnown, "add-delete", {"添加-删除"}),
        Col("pending_quantity", kKnown, "pending-quantity", {"等待购买数量"}),
        Col("fulfillment_channel", kKnown, "fulfillment-channel",
            {"配送渠道", "フルフィルメント・チャンネル"}),
        Col("", kKnown, "merchant-shipping-group", {"卖家配送组"}),
    };
    if (all_listings) {
        // `status` is what tells All Listings from Active and Inactive (29 vs 28 columns).
        cols.push_back(Col("status", kReq, "status", {"状态"}));
        // 2025 UK layout: two trailing columns (formats.md 1.1, "Newer All Listings").
        cols.push_back(Col("minimum_order_quantity", kExtra, "Minimum order quantity"));
        cols.push_back(Col("", kExtra, "Sell remainder"));
    }
    cols.push_back(Col("", kExtra, "ポイント"));  // JP points column
    return cols;
}

// The B2B ("Business Price") block of Active Listings (caponica, 47 columns; airbyte's
// GET_MERCHANT_LISTINGS_DATA schema has the same names).
void AddB2bBlock(std::vector<ColumnDef>* cols) {
    cols->push_back(Col("business_price", kExtra, "Business Price"));
    cols->push_back(Col("", kExtra, "Quantity Price Type"));
    cols->push_back(Col("", kExtra, "Progressive Price Type"));
    cols->push_back(
        Prefixes("Quantity/Progressive tiers", {"Quantity Lower Bound ", "Quantity Price ",
                                                "Progressive Lower Bound ", "Progressive Price "}));
}

std::vector<FormatDef> BuildFormats() {
    std::vector<FormatDef> formats;

    {
        FormatDef f;
        f.id = "amazon_all_listings";
        f.display_name = "Amazon All Listings report";
        f.columns = ListingColumns(/*all_listings=*/true);
        formats.push_back(std::move(f));
    }
    const std::string kActiveInactiveNote =
        "Active and Inactive Listings reports have the same 28 columns (the All Listings "
        "columns without status), so the header alone cannot tell them apart; only the B2B "
        "price block, seen in Active Listings, points one way.";
    {
        FormatDef f;
        f.id = "amazon_active_listings";
        f.display_name = "Amazon Active Listings report";
        f.columns = ListingColumns(/*all_listings=*/false);
        AddB2bBlock(&f.columns);
        f.contra = Names({"status", "状态"});
        f.note = kActiveInactiveNote;
        formats.push_back(std::move(f));
    }
    {
        // Header from airbyte's GET_MERCHANT_LISTINGS_INACTIVE_DATA schema: the Active
        // Listings columns, no status, no B2B block.
        FormatDef f;
        f.id = "amazon_inactive_listings";
        f.display_name = "Amazon Inactive Listings report";
        f.columns = ListingColumns(/*all_listings=*/false);
        // The B2B block has only been seen in Active Listings files: it tips the tie.
        f.contra = Names({"status", "状态", "Business Price"});
        f.note = kActiveInactiveNote;
        formats.push_back(std::move(f));
    }
    {
        // GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA (formats.md 1.4). The ALL_INVENTORY variant
        // gains columns mid-file without notice: the afn-/mfn- prefixes and `store` cover them.
        FormatDef f;
        f.id = "amazon_fba_manage_inventory";
        f.display_name = "Amazon FBA Manage Inventory report";
        f.columns = {
            Col("sku", kReq, "sku"),
            Col("fnsku", kReq, "fnsku"),
            Col("asin", kKnown, "asin"),
            Col("name", kKnown, "product-name"),
            Col("condition", kKnown, "condition"),
            Col("price", kKnown, "your-price"),
            Col("mfn_listing_exists", kKnown, "mfn-listing-exists"),
            Col("mfn_fulfillable_quantity", kKnown, "mfn-fulfillable-quantity"),
            Col("afn_listing_exists", kKnown, "afn-listing-exists"),
            Col("afn_warehouse_quantity", kKnown, "afn-warehouse-quantity"),
            Col("quantity", kReq, "afn-fulfillable-quantity"),
            Col("afn_unsellable_quantity", kKnown, "afn-unsellable-quantity"),
            Col("afn_reserved_quantity", kKnown, "afn-reserved-quantity"),
            Col("afn_total_quantity", kKnown, "afn-total-quantity"),
            Col("", kKnown, "per-unit-volume"),
            Col("afn_inbound_working_quantity", kKnown, "afn-inbound-working-quantity"),
            Col("afn_inbound_shipped_quantity", kKnown, "afn-inbound-shipped-quantity"),
            Col("afn_inbound_receiving_quantity", kKnown, "afn-inbound-receiving-quantity"),
            Col("afn_researching_quantity", kKnown, "afn-researching-quantity"),
            Col("afn_reserved_future_supply", kKnown, "afn-reserved-future-supply"),
            Col("afn_future_supply_buyable", kKnown, "afn-future-supply-buyable"),
            Col("", kExtra, "store"),
            Prefixes("afn-*/mfn-* columns", {"afn-", "mfn-"}),
        };
        formats.push_back(std::move(f));
    }
    {
        // GET_LEDGER_DETAIL_VIEW_DATA (formats.md 1.5).
        FormatDef f;
        f.id = "amazon_fba_ledger_detail";
        f.display_name = "Amazon FBA Inventory Ledger (detailed view)";
        f.columns = {
            Col("date", kReq, "Date"),
            Col("fnsku", kReq, "FNSKU"),
            Col("asin", kKnown, "ASIN"),
            Col("sku", kReq, "MSKU"),
            Col("name", kKnown, "Title"),
            Col("event_type", kReq, "EventType"),
            Col("reference_id", kKnown, "ReferenceID"),
            Col("quantity", kReq, "Quantity"),
            Col("fulfillment_center", kKnown, "FulfillmentCenter"),
            Col("disposition", kKnown, "Disposition"),
            Col("reason", kKnown, "Reason"),
            Col("country", kKnown, "Country", {"Country/Region Code", "Country/Region"}),
            Col("reconciled_quantity", kKnown, "ReconciledQuantity"),
            Col("unreconciled_quantity", kKnown, "UnreconciledQuantity"),
            Col("", kExtra, "Date and Time"),
        };
        f.contra = Names({"EndingWarehouseBalance", "StartingWarehouseBalance"});
        formats.push_back(std::move(f));
    }
    {
        // GET_LEDGER_SUMMARY_VIEW_DATA (formats.md 1.5).
        FormatDef f;
        f.id = "amazon_fba_ledger_summary";
        f.display_name = "Amazon FBA Inventory Ledger (summary view)";
        f.columns = {
            Col("date", kReq, "Date"),
            Col("fnsku", kReq, "FNSKU"),
            Col("asin", kKnown, "ASIN"),
            Col("sku", kReq, "MSKU"),
            Col("name", kKnown, "Title"),
            Col("disposition", kKnown, "Disposition"),
            Col("starting_balance", kKnown, "StartingWarehouseBalance"),
            Col("", kKnown, "InTransitBetweenWarehouses"),
            Col("receipts", kKnown, "Receipts"),
            Col("customer_shipments", kKnown, "CustomerShipments"),
            Col("customer_returns", kKnown, "CustomerReturns"),
            Col("vendor_returns", kKnown, "VendorReturns"),
            Col("", kKnown, "WarehouseTransferIn/Out"),
            Col("found", kKnown, "Found"),
            Col("lost", kKnown, "Lost"),
            Col("damaged", kKnown, "Damaged"),
            Col("disposed", kKnown, "Disposed"),
            Col("other_events", kKnown, "OtherEvents"),
            Col("quantity", kReq, "EndingWarehouseBalance"),
            Col("unknown_events", kKnown, "UnknownEvents"),
            Col("location", kKnown, "Location", {"Country", "Country/Region Code"}),
        };
        f.contra = Names({"EventType", "ReferenceID"});
        formats.push_back(std::move(f));
    }
    {
        // GET_RESTOCK_INVENTORY_RECOMMENDATIONS_REPORT (formats.md 1.6): first column is
        // `Country` or `Country/Region Code` depending on the account (models #1068).
        FormatDef f;
        f.id = "amazon_restock";
        f.display_name = "Amazon Restock Inventory recommendations";
        f.columns = {
            Col("country", kKnown, "Country", {"Country/Region Code", "Country/Region"}),
            Col("name", kKnown, "Product Name"),
            Col("fnsku", kKnown, "FNSKU"),
            Col("sku", kReq, "Merchant SKU"),
            Col("asin", kKnown, "ASIN"),
            Col("condition", kKnown, "Condition"),
            Col("supplier", kKnown, "Supplier"),
            Col("supplier_sku", kKnown, "Supplier part no.", {"Supplier part no"}),
            Col("currency", kKnown, "Currency code"),
            Col("price", kKnown, "Price"),
            Col("", kKnown, "Sales last 30 days"),
            Col("units_sold_30d", kKnown, "Units Sold Last 30 Days"),
            Col("", kKnown, "Total Units"),
            Col("inbound", kKnown, "Inbound"),
            Col("quantity", kKnown, "Available"),
            Col("", kKnown, "FC transfer"),
            Col("", kKnown, "FC Processing"),
            Col("", kKnown, "Customer Order"),
            Col("", kKnown, "Unfulfillable"),
            Col("", kKnown, "Working"),
            Col("", kKnown, "Shipped"),
            Col("", kKnown, "Receiving"),
            Col("", kKnown, "Fulfilled by"),
            Col("", kKnown, "Total Days of Supply (including units from open shipments)"),
            Col("", kKnown, "Days of Supply at Amazon Fulfillment Network"),
            Col("", kKnown, "Alert"),
            Col("recommended_quantity", kReq, "Recommended replenishment qty"),
            Col("recommended_ship_date", kKnown, "Recommended ship date"),
            Col("", kKnown, "Recommended action"),
            Col("", kKnown, "Unit storage size"),
        };
        formats.push_back(std::move(f));
    }
    {
        // Shopify product CSV, both header generations (formats.md 3.2; help.shopify.com
        // "Using CSV files to import and export products", which names `URL handle`,
        // `Inventory quantity`, `Option1 name`/`Option1 value` and the Markets columns).
        FormatDef f;
        f.id = "shopify_products";
        f.display_name = "Shopify product export";
        f.columns = {
            Col("handle", kReq, "Handle", {"URL handle"}),
            Col("name", kReq, "Title"),
            Col("description", kKnown, "Body (HTML)", {"Description"}),
            Col("vendor", kKnown, "Vendor"),
            Col("category", kKnown, "Product Category"),
            Col("product_type", kKnown, "Type"),
            Col("", kKnown, "Tags"),
            Col("", kKnown, "Published", {"Published on online store"}),
            Col("", kKnown, "Option1 Name"),
            Col("", kKnown, "Option1 Value"),
            Col("", kKnown, "Option2 Name"),
            Col("", kKnown, "Option2 Value"),
            Col("", kKnown, "Option3 Name"),
            Col("", kKnown, "Option3 Value"),
            Col("sku", kKnown, "Variant SKU", {"SKU"}),
            Col("weight_grams", kKnown, "Variant Grams", {"Weight value (grams)"}),
            Col("", kKnown, "Variant Inventory Tracker", {"Inventory tracker"}),
            Col("quantity", kKnown, "Variant Inventory Qty", {"Inventory quantity"}),
            Col("", kKnown, "Variant Inventory Policy", {"Continue selling when out of stock"}),
            Col("", kKnown, "Variant Fulfillment Service", {"Fulfillment service"}),
            Col("price", kKnown, "Variant Price", {"Price"}),
            Col("compare_at_price", kKnown, "Variant Compare At Price",
                {"Variant Compare-at Price", "Compare-at price"}),
            Col("", kKnown, "Variant Requires Shipping", {"Requires shipping"}),
            Col("", kKnown, "Variant Taxable", {"Charge tax"}),
            Col("gtin", kKnown, "Variant Barcode", {"Barcode"}),
            Col("image_url", kKnown, "Image Src", {"Product image URL"}),
            Col("", kKnown, "Image Position", {"Image position"}),
            Col("", kKnown, "Image Alt Text"),
            Col("", kKnown, "Gift Card"),
            Col("", kKnown, "SEO Title"),
            Col("", kKnown, "SEO Description"),
            Col("", kKnown, "Google Shopping / Google Product Category"),
            Col("status", kKnown, "Status"),
            Col("", kExtra, "Variant Image", {"Variant image URL"}),
            Col("", kExtra, "Variant Weight Unit", {"Weight unit for display"}),
            Col("", kExtra, "Variant Tax Code"),
            Col("cost", kExtra, "Cost per item"),
            Col("", kExtra, "Standard Product Type"),
            Col("", kExtra, "Custom Product Type"),
            Prefixes(
                "Markets, Google Shopping, metafield and linked-option columns",
                {"included / ", "price / ", "compare at price / ", "compare-at price / ",
                 "google shopping / ", "option1 linked to", "option2 linked to",
                 "option3 linked to", "unit price ", "product.metafields.", "variant.metafields."}),
        };
        formats.push_back(std::move(f));
    }
    {
        // Shopify inventory CSV (formats.md 3.2): 2024 "(not editable)"/"(current)" names and
        // the 2023 plain names. The older column-per-location layout has no Location column
        // and is left to the mapping screen.
        FormatDef f;
        f.id = "shopify_inventory";
        f.display_name = "Shopify inventory export";
        f.columns = {
            Col("handle", kReq, "Handle"),
            Col("name", kKnown, "Title"),
            Col("", kKnown, "Option1 Name"),
            Col("", kKnown, "Option1 Value"),
            Col("", kKnown, "Option2 Name"),
            Col("", kKnown, "Option2 Value"),
            Col("", kKnown, "Option3 Name"),
            Col("", kKnown, "Option3 Value"),
            Col("sku", kKnown, "SKU"),
            Col("", kKnown, "HS Code"),
            Col("", kKnown, "COO"),
            Col("location", kReq, "Location"),
            Col("", kKnown, "Bin name"),
            Col("incoming", kKnown, "Incoming (not editable)", {"Incoming"}),
            Col("unavailable", kKnown, "Unavailable (not editable)", {"Unavailable"}),
            Col("committed", kKnown, "Committed (not editable)", {"Committed"}),
            Col("available", kKnown, "Available (not editable)", {"Available"}),
            Col("quantity", kKnown, "On hand (current)", {"On hand"}),
            Col("on_hand_new", kExtra, "On hand (new)"),
        };
        f.contra = Names({"Variant SKU", "Variant Price", "Body (HTML)"});
        formats.push_back(std::move(f));
    }
    {
        // eBay Seller Hub "Active listings" download (formats.md 3.1). Item-specific columns
        // ("CD:Grade - (ID: 27502)") vary by category.
        FormatDef f;
        f.id = "ebay_active_listings";
        f.display_name = "eBay active listings report";
        f.columns = {
            Col("item_number", kReq, "Item number"),
            Col("name", kReq, "Title"),
            Col("variation", kKnown, "Variation details"),
            Col("sku", kReq, "Custom label (SKU)"),
            Col("quantity", kReq, "Available quantity"),
            Col("", kKnown, "Format"),
            Col("currency", kKnown, "Currency"),
            Col("start_price", kKnown, "Start price"),
            Col("", kKnown, "Auction Buy It Now price"),
            Col("", kKnown, "Reserve price"),
            Col("price", kKnown, "Current price"),
            Col("sold_quantity", kKnown, "Sold quantity"),
            Col("", kKnown, "Watchers"),
            Col("", kKnown, "Bids"),
            Col("open_date", kKnown, "Start date"),
            Col("", kKnown, "End date"),
            Col("", kKnown, "eBay category 1 name"),
            Col("", kKnown, "eBay category 1 number"),
            Col("", kKnown, "eBay category 2 name"),
            Col("", kKnown, "eBay category 2 number"),
            Col("condition", kKnown, "Condition"),
            Col("epid", kKnown, "eBay Product ID(ePID)"),
            Col("", kKnown, "Listing site"),
            Prefixes("item specifics (CD:...)", {"cd:", "p:"}),
        };
        formats.push_back(std::move(f));
    }
    {
        // ShipStation CSV export: columns are chosen by the user and named "Group - Field"
        // (formats.md 2.4); no default list is documented, so only order number, SKU and
        // quantity are required and any other "Group - Field" column is recognised.
        FormatDef f;
        f.id = "shipstation_orders";
        f.display_name = "ShipStation order export";
        f.columns = {
            Col("order_number", kReq, "Order - Number"),
            Col("sku", kReq, "Item - SKU"),
            Col("quantity", kReq, "Item - Qty", {"Item - Quantity"}),
            Col("name", kKnown, "Item - Name"),
            Col("price", kKnown, "Item - Unit Price"),
            Col("order_date", kKnown, "Date - Order Date"),
            Col("ship_date", kKnown, "Date - Shipped Date"),
            Col("", kKnown, "Ship To - Name"),
            Col("", kKnown, "Ship To - Postal Code"),
            Col("country", kKnown, "Ship To - Country"),
            Col("", kKnown, "Shipment - Weight (Oz)"),
            Col("", kKnown, "Carrier - Service Selected"),
            Col("", kKnown, "Shipment - Zone"),
            Prefixes("other \"Group - Field\" columns",
                     {"order - ", "item - ", "ship to - ", "bill to - ", "shipment - ",
                      "carrier - ", "date - ", "customer - ", "store - ", "market - "}),
        };
        formats.push_back(std::move(f));
    }
    {
        // Our own schema (issue 3): what a supplier sends, upserted into vendor_prices.
        FormatDef f;
        f.id = "supplier_price_sheet";
        f.display_name = "Supplier price sheet";
        f.columns = {
            Col("supplier", kReq, "supplier", {"supplier name", "vendor", "vendor name"}),
            Col("sku", kReq, "sku",
                {"supplier sku", "vendor sku", "item sku", "seller sku", "merchant sku"}),
            Col("cost", kReq, "cost",
                {"unit cost", "cost price", "cost per unit", "unit price", "buy price",
                 "purchase price", "wholesale price"}),
            Col("currency", kKnown, "currency", {"currency code", "ccy"}),
            Col("moq", kKnown, "moq",
                {"min order qty", "minimum order quantity", "min order quantity",
                 "minimum order qty", "min qty"}),
            Col("pack_size", kKnown, "pack size",
                {"pack qty", "case pack", "case qty", "units per case", "units per pack",
                 "inner pack"}),
            Col("lead_time_days", kKnown, "lead time",
                {"lead time (days)", "lead time days", "lead days", "leadtime (days)"}),
            Col("supplier_part_number", kExtra, "supplier part no.",
                {"supplier part no", "supplier part number", "part number", "mpn"}),
            Col("name", kExtra, "description", {"product name", "item name", "name", "title"}),
            Col("gtin", kExtra, "barcode", {"gtin", "upc", "ean"}),
        };
        formats.push_back(std::move(f));
    }
    return formats;
}

}  // namespace

std::string NormalizeHeaderName(std::string_view raw) {
    const std::string_view text = StripBomAndTrim(raw);
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const size_t space = SpaceLength(text, i);
        if (space > 0) {
            i += space;
            continue;
        }
        const char c = text[i++];
        if (c == '_' || c == '-') continue;
        out += AsciiLower(c);
    }
    return out;
}

std::string LooseHeaderName(std::string_view raw) {
    const std::string_view text = StripBomAndTrim(raw);
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (size_t i = 0; i < text.size();) {
        const size_t space = SpaceLength(text, i);
        if (space > 0) {
            pending_space = true;
            i += space;
            continue;
        }
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += AsciiLower(text[i++]);
    }
    return out;
}

const std::vector<FormatDef>& KnownFormats() {
    static const std::vector<FormatDef>* const kFormats =
        new std::vector<FormatDef>(BuildFormats());
    return *kFormats;
}

const FormatDef* FindFormat(std::string_view id) {
    for (const FormatDef& format : KnownFormats()) {
        if (format.id == id) return &format;
    }
    return nullptr;
}

}  // namespace stocktake::engine
