// Converters for files the seller or a supplier made: supplier price sheets and catalogue
// CSVs whose columns the seller mapped.
#include <string>

#include "import/converters.h"
#include "import/supplier_price_sheet.h"

namespace stocktake::engine {

namespace {

class SupplierSheetConverter : public RowConverter {
  public:
    SupplierSheetConverter(const FormatBinding& binding, const std::vector<std::string>& header)
        : binding_(binding),
          cells_(binding, header),
          part_(cells_.Column("supplier_part_number")) {}

    RowOutcome Convert(std::span<const std::string_view> cells, int64_t line, RowWrites* out,
                       std::vector<RowError>* errors) override {
        cells_.Begin(cells, line, errors);
        views_.assign(cells.begin(), cells.end());
        result_ = ValidateSupplierPriceRow(binding_, views_);
        for (const FieldError& error : result_.errors) cells_.Error(error.column, error.message);
        if (cells_.HasErrors() || !result_.row) return RowOutcome::kReject;

        const SupplierPriceRow& row = *result_.row;
        RecordWrite& price = out->vendor_price;
        price.active = true;
        price.key = {row.supplier, row.sku, ""};
        price.Set(kVendorCost, FieldValue::Int(row.cost));
        if (!row.currency.empty()) price.Set(kVendorCurrency, FieldValue::Text(row.currency));
        const auto number = [&](int field, const std::optional<int64_t>& value, int column) {
            if (column >= 0) price.Set(field, value ? FieldValue::Int(*value) : FieldValue::Null());
        };
        number(kVendorMoq, row.moq, cells_.Column("moq"));
        number(kVendorPackSize, row.pack_size, cells_.Column("pack_size"));
        number(kVendorLeadTimeDays, row.lead_time_days, cells_.Column("lead_time_days"));
        if (part_ >= 0) price.Set(kVendorPartNumber, FieldValue::Text(cells_.Text(part_)));
        return RowOutcome::kImport;
    }

  private:
    FormatBinding binding_;
    RowCells cells_;
    int part_;
    std::vector<std::string_view> views_;
    SupplierRowResult result_;
};

// Generic catalogue rows become products. Empty cells keep what is stored (a catalogue
// with a blank description does not erase one); quantities are not stock levels yet.
class GenericCatalogConverter : public RowConverter {
  public:
    GenericCatalogConverter(const FormatBinding& binding, const std::vector<std::string>& header)
        : cells_(binding, header),
          sku_(cells_.Column("sku")),
          name_(cells_.Column("name")),
          gtin_(cells_.Column("gtin")),
          price_(cells_.Column("price")),
          cost_(cells_.Column("cost")) {
        for (const char* field : {"quantity"}) {
            const int column = cells_.Column(field);
            if (column >= 0) {
                AddNote("Column '" + header[static_cast<size_t>(column)] +
                        "' (mapped to quantity) was not imported: stock levels are recorded "
                        "through stock counts and receipts, not a catalogue file.");
            }
        }
        const struct {
            const char* field;
            int column;
        } texts[] = {{"description", kProductDescription},
                     {"brand", kProductBrand},
                     {"category", kProductCategory},
                     {"image_url", kProductImageUrl},
                     {"condition", kProductCondition},
                     {"weight", kProductWeight},
                     {"asin", kProductAsin},
                     {"currency", kProductCurrency}};
        for (const auto& text : texts) {
            const int column = cells_.Column(text.field);
            if (column >= 0) text_columns_.emplace_back(column, text.column);
        }
    }

    RowOutcome Convert(std::span<const std::string_view> cells, int64_t line, RowWrites* out,
                       std::vector<RowError>* errors) override {
        cells_.Begin(cells, line, errors);
        const std::string_view sku = cells_.Text(sku_);
        if (sku.empty()) cells_.Error(sku_, "the SKU is empty; every row needs one");
        const std::optional<FieldValue> price = cells_.Amount(price_, 2, false);
        const std::optional<FieldValue> cost = cells_.Amount(cost_, 4, false);
        const std::string_view gtin = cells_.Text(gtin_);
        std::string problem;
        RecordWrite& product = out->product;
        if (!SetProductGtin14(gtin, &gtin14_, &product, &problem)) {
            cells_.Error(gtin_, problem + "; fix the barcode or clear the cell");
        }
        if (cells_.HasErrors()) return RowOutcome::kReject;

        product.active = true;
        product.key[0] = sku;
        SetProductName(cells_.Text(name_), &name_key_, &product);
        if (!gtin.empty()) product.Set(kProductGtin, FieldValue::Text(gtin));
        for (const auto& [column, field] : text_columns_) {
            const std::string_view text = cells_.Text(column);
            if (!text.empty()) product.Set(field, FieldValue::Text(text));
        }
        if (price && price->kind == FieldValue::Kind::kInt) product.Set(kProductListPrice, *price);
        if (cost && cost->kind == FieldValue::Kind::kInt) product.Set(kProductCost, *cost);
        return RowOutcome::kImport;
    }

  private:
    RowCells cells_;
    int sku_, name_, gtin_, price_, cost_;
    std::vector<std::pair<int, int>> text_columns_;  // file column -> product column
    std::string name_key_;
    std::string gtin14_;
};

}  // namespace

std::unique_ptr<RowConverter> MakeSupplierSheetConverter(const FormatBinding& binding,
                                                         const std::vector<std::string>& header) {
    return std::make_unique<SupplierSheetConverter>(binding, header);
}

std::unique_ptr<RowConverter> MakeGenericCatalogConverter(const FormatBinding& binding,
                                                          const std::vector<std::string>& header) {
    return std::make_unique<GenericCatalogConverter>(binding, header);
}

}  // namespace stocktake::engine
