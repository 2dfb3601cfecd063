// Converters for marketplace listing reports: Amazon (All / Active / Inactive Listings,
// FBA Manage Inventory), eBay active listings and the Shopify product export.
#include <string>

#include "import/amazon_listings.h"
#include "import/converters.h"
#include "import/tsv_lines.h"
#include "stocktake/ascii.h"

namespace stocktake::engine {

namespace {

constexpr std::string_view kAmazon = "amazon";
constexpr std::string_view kEbay = "ebay";
constexpr std::string_view kShopify = "shopify";

// Starts the writes of a row that lists product `sku` on `channel`: the product (named
// when name is not empty) and the listing with the price and quantity the file has.
RecordWrite& StartListingRow(std::string_view sku, std::string_view name, std::string_view channel,
                             const std::optional<FieldValue>& price,
                             const std::optional<FieldValue>& quantity, std::string* name_key,
                             RowWrites* out) {
    out->product.active = true;
    out->product.key[0] = sku;
    SetProductName(name, name_key, &out->product);
    RecordWrite& listing = out->listing;
    listing.active = true;
    listing.key = {sku, channel, ""};
    if (price) listing.Set(kListingPrice, *price);
    if (quantity) listing.Set(kListingQuantity, *quantity);
    return listing;
}

// Amazon listing reports. Row rules live in amazon_listings.h (ParseListingRow); this
// turns its fields into writes. Active and Inactive Listings have no status column: the
// report's name is the status.
class AmazonListingsConverter : public RowConverter {
  public:
    AmazonListingsConverter(const FormatBinding& binding, const std::vector<std::string>& header)
        : default_status_(binding.format_id == "amazon_active_listings"     ? "Active"
                          : binding.format_id == "amazon_inactive_listings" ? "Inactive"
                                                                            : "") {
        const std::vector<std::string_view> names(header.begin(), header.end());
        Result<ListingsHeader> parsed = ParseListingsHeaderFields(names);
        // The binding found seller-sku under one of its aliases; ParseListingsHeaderFields
        // knows only the English name, so fall back to the binding's columns.
        if (parsed.ok()) header_ = std::move(parsed.value());
        header_.names = header;
        const auto column = [&](const char* field, int* member) {
            const auto it = binding.fields.find(field);
            if (it != binding.fields.end()) *member = it->second;
        };
        column("sku", &header_.seller_sku);
        column("name", &header_.item_name);
        column("description", &header_.item_description);
        column("listing_id", &header_.listing_id);
        column("price", &header_.price);
        column("quantity", &header_.quantity);
        column("open_date", &header_.open_date);
        column("product_id_type", &header_.product_id_type);
        column("asin", &header_.asin1);
        column("product_id", &header_.product_id);
        column("fulfillment_channel", &header_.fulfillment_channel);
        column("status", &header_.status);
    }

    RowOutcome Convert(std::span<const std::string_view> cells, int64_t line, RowWrites* out,
                       std::vector<RowError>* errors) override {
        cells_.assign(cells.begin(), cells.end());
        if (!ParseListingRow(header_, cells_, line, &row_, errors)) return RowOutcome::kReject;
        RecordWrite& product = out->product;
        product.active = true;
        product.key[0] = row_.sku;
        SetProductName(row_.name, &name_key_, &product);
        if (!row_.description.empty()) {
            product.Set(kProductDescription, FieldValue::Text(row_.description));
        }
        if (!row_.product_id.empty()) {
            product.Set(kProductId, FieldValue::Text(row_.product_id));
            std::string ignored;  // product-id mixes ASINs, UPCs, EANs: no GTIN, no error
            SetProductGtin14(row_.product_id, &gtin14_, &product, &ignored);
        }
        if (!row_.product_id_type.empty()) {
            product.Set(kProductIdType, FieldValue::Text(row_.product_id_type));
        }

        RecordWrite& listing = out->listing;
        listing.active = true;
        listing.key = {row_.sku, kAmazon, ""};
        const auto text_if = [&](int column, int field, std::string_view value) {
            if (column >= 0) listing.Set(field, FieldValue::Text(value));
        };
        text_if(header_.listing_id, kListingId, row_.listing_id);
        text_if(header_.asin1, kListingAsin, row_.asin);
        if (header_.price >= 0) {
            listing.Set(kListingPrice,
                        row_.price_minor ? FieldValue::Int(*row_.price_minor) : FieldValue::Null());
        }
        if (header_.quantity >= 0) {
            listing.Set(kListingQuantity,
                        row_.quantity ? FieldValue::Int(*row_.quantity) : FieldValue::Null());
        }
        listing.Set(kListingFulfillment, FieldValue::Text(row_.fulfillment));
        if (header_.status >= 0) {
            listing.Set(kListingStatus, FieldValue::Text(row_.status));
        } else if (!default_status_.empty()) {
            listing.Set(kListingStatus, FieldValue::Text(default_status_));
        }
        if (header_.open_date >= 0) {
            listing.Set(kListingOpenedAt, row_.opened_at.empty()
                                              ? FieldValue::Null()
                                              : FieldValue::Text(row_.opened_at));
        }
        return RowOutcome::kImport;
    }

  private:
    std::string_view default_status_;
    ListingsHeader header_;
    std::vector<std::string_view> cells_;
    ListingFields row_;
    std::string name_key_;
    std::string gtin14_;
};

class FbaInventoryConverter : public RowConverter {
  public:
    FbaInventoryConverter(const FormatBinding& binding, const std::vector<std::string>& header)
        : cells_(binding, header),
          sku_(cells_.Column("sku")),
          name_(cells_.Column("name")),
          asin_(cells_.Column("asin")),
          fnsku_(cells_.Column("fnsku")),
          price_(cells_.Column("price")),
          quantity_(cells_.Column("quantity")) {}

    RowOutcome Convert(std::span<const std::string_view> cells, int64_t line, RowWrites* out,
                       std::vector<RowError>* errors) override {
        cells_.Begin(cells, line, errors);
        const std::string_view sku = cells_.Text(sku_);
        if (sku.empty()) cells_.Error(sku_, "sku is empty; every row needs the SKU it lists");
        const std::optional<FieldValue> price = cells_.Amount(price_, 2, false);
        const std::optional<FieldValue> quantity = cells_.Quantity(quantity_);
        if (cells_.HasErrors()) return RowOutcome::kReject;

        RecordWrite& listing =
            StartListingRow(sku, cells_.Text(name_), kAmazon, price, quantity, &name_key_, out);
        if (asin_ >= 0) listing.Set(kListingAsin, FieldValue::Text(cells_.Text(asin_)));
        listing.Set(kListingFulfillment, FieldValue::Text("fba"));
        // The FNSKU is the code on the label Amazon's warehouse scans: linked, a scan of
        // the label finds the product (Engine::ResolveBarcode).
        const std::string_view fnsku = fnsku_ >= 0 ? cells_.Text(fnsku_) : std::string_view();
        if (!fnsku.empty()) {
            out->barcode.active = true;
            out->barcode.key[0] = fnsku;
            out->barcode.Set(kBarcodeSku, FieldValue::Text(sku));
            out->barcode.Set(kBarcodeKind, FieldValue::Text("fnsku"));
        }
        return RowOutcome::kImport;
    }

  private:
    RowCells cells_;
    int sku_, name_, asin_, fnsku_, price_, quantity_;
    std::string name_key_;
};

class EbayListingsConverter : public RowConverter {
  public:
    EbayListingsConverter(const FormatBinding& binding, const std::vector<std::string>& header)
        : cells_(binding, header),
          item_(cells_.Column("item_number")),
          sku_(cells_.Column("sku")),
          name_(cells_.Column("name")),
          quantity_(cells_.Column("quantity")),
          price_(cells_.Column("price")),
          start_price_(cells_.Column("start_price")),
          currency_(cells_.Column("currency")),
          opened_(cells_.Column("open_date")) {}

    RowOutcome Convert(std::span<const std::string_view> cells, int64_t line, RowWrites* out,
                       std::vector<RowError>* errors) override {
        cells_.Begin(cells, line, errors);
        const std::string_view sku = cells_.Text(sku_);
        if (sku.empty()) {
            cells_.Error(sku_,
                         "the listing has no Custom label (SKU); give it one in eBay (Seller "
                         "Hub > Listings > Edit) so Stocktake can match it to your products");
        }
        const int price_column = !cells_.Text(price_).empty() ? price_ : start_price_;
        const std::optional<FieldValue> price = cells_.Amount(price_column, 2, false);
        const std::optional<FieldValue> quantity = cells_.Quantity(quantity_);
        const std::optional<FieldValue> opened = cells_.Date(opened_, &opened_at_);
        if (cells_.HasErrors()) return RowOutcome::kReject;

        RecordWrite& listing =
            StartListingRow(sku, cells_.Text(name_), kEbay, price, quantity, &name_key_, out);
        listing.Set(kListingId, FieldValue::Text(cells_.Text(item_)));
        if (currency_ >= 0) listing.Set(kListingCurrency, FieldValue::Text(cells_.Text(currency_)));
        if (opened) listing.Set(kListingOpenedAt, *opened);
        listing.Set(kListingStatus, FieldValue::Text("Active"));
        return RowOutcome::kImport;
    }

  private:
    RowCells cells_;
    int item_, sku_, name_, quantity_, price_, start_price_, currency_, opened_;
    std::string opened_at_;
    std::string name_key_;
};

// Shopify writes one row per variant and per extra image; the product's own columns
// (title, body, vendor) appear only on its first row, so they are carried along the handle.
class ShopifyProductsConverter : public RowConverter {
  public:
    ShopifyProductsConverter(const FormatBinding& binding, const std::vector<std::string>& header)
        : cells_(binding, header),
          handle_(cells_.Column("handle")),
          name_(cells_.Column("name")),
          description_(cells_.Column("description")),
          vendor_(cells_.Column("vendor")),
          category_(cells_.Column("category")),
          type_(cells_.Column("product_type")),
          sku_(cells_.Column("sku")),
          quantity_(cells_.Column("quantity")),
          price_(cells_.Column("price")),
          gtin_(cells_.Column("gtin")),
          image_(cells_.Column("image_url")),
          status_(cells_.Column("status")),
          cost_(cells_.Column("cost")) {}

    RowOutcome Convert(std::span<const std::string_view> cells, int64_t line, RowWrites* out,
                       std::vector<RowError>* errors) override {
        cells_.Begin(cells, line, errors);
        const std::string_view handle = cells_.Text(handle_);
        if (handle != current_handle_) {
            current_handle_ = std::string(handle);
            title_.clear();
            body_.clear();
            vendor_text_.clear();
            category_text_.clear();
            status_text_.clear();
        }
        // The first row of a handle carries the product's columns.
        const auto carry = [&](int column, std::string* kept) {
            const std::string_view text = cells_.Text(column);
            if (!text.empty()) *kept = std::string(text);
        };
        carry(name_, &title_);
        carry(description_, &body_);
        carry(vendor_, &vendor_text_);
        carry(category_ >= 0 && !cells_.Text(category_).empty() ? category_ : type_,
              &category_text_);
        carry(status_, &status_text_);

        const std::string_view sku = cells_.Text(sku_);
        if (sku.empty()) {
            if (cells_.Text(price_).empty() && cells_.Text(quantity_).empty()) {
                return cells_.HasErrors() ? RowOutcome::kReject : RowOutcome::kSkip;
            }
            cells_.Error(sku_,
                         "the variant has no SKU; give every variant a SKU in Shopify (Products "
                         "> the product > Variants) so Stocktake can track it");
        }
        const std::optional<FieldValue> price = cells_.Amount(price_, 2, false);
        const std::optional<FieldValue> cost = cells_.Amount(cost_, 4, false);
        const std::optional<FieldValue> quantity = cells_.Quantity(quantity_);
        const std::string_view barcode = cells_.Text(gtin_);
        std::string problem;
        RecordWrite& product = out->product;
        if (!SetProductGtin14(barcode, &gtin14_, &product, &problem)) {
            cells_.Error(gtin_, problem + "; fix the barcode or clear the cell");
        }
        if (cells_.HasErrors()) return RowOutcome::kReject;

        RecordWrite& listing =
            StartListingRow(sku, title_, kShopify, price, quantity, &name_key_, out);
        listing.Set(kListingId, FieldValue::Text(current_handle_));
        if (!status_text_.empty()) listing.Set(kListingStatus, FieldValue::Text(status_text_));
        const auto text_if = [&](const std::string& text, int field) {
            if (!text.empty()) product.Set(field, FieldValue::Text(text));
        };
        text_if(body_, kProductDescription);
        text_if(vendor_text_, kProductBrand);
        text_if(category_text_, kProductCategory);
        if (!barcode.empty()) product.Set(kProductGtin, FieldValue::Text(barcode));
        if (image_ >= 0 && !cells_.Text(image_).empty()) {
            product.Set(kProductImageUrl, FieldValue::Text(cells_.Text(image_)));
        }
        if (cost && cost->kind == FieldValue::Kind::kInt) product.Set(kProductCost, *cost);
        return RowOutcome::kImport;
    }

  private:
    RowCells cells_;
    int handle_, name_, description_, vendor_, category_, type_, sku_, quantity_, price_, gtin_,
        image_, status_, cost_;
    std::string current_handle_, title_, body_, vendor_text_, category_text_, status_text_;
    std::string name_key_;
    std::string gtin14_;
};

}  // namespace

std::unique_ptr<RowConverter> MakeAmazonListingsConverter(const FormatBinding& binding,
                                                          const std::vector<std::string>& header) {
    return std::make_unique<AmazonListingsConverter>(binding, header);
}

std::unique_ptr<RowConverter> MakeFbaInventoryConverter(const FormatBinding& binding,
                                                        const std::vector<std::string>& header) {
    return std::make_unique<FbaInventoryConverter>(binding, header);
}

std::unique_ptr<RowConverter> MakeEbayListingsConverter(const FormatBinding& binding,
                                                        const std::vector<std::string>& header) {
    return std::make_unique<EbayListingsConverter>(binding, header);
}

std::unique_ptr<RowConverter> MakeShopifyProductsConverter(const FormatBinding& binding,
                                                           const std::vector<std::string>& header) {
    return std::make_unique<ShopifyProductsConverter>(binding, header);
}

}  // namespace stocktake::engine
