#include "store/barcodes_repo.h"

namespace stocktake::engine {

Result<std::optional<BarcodeLink>> BarcodesRepo::FindLink(std::string_view code) {
    Result<Statement> stmt = db_->Cached("SELECT code, sku, kind FROM barcodes WHERE code = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, code);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<BarcodeLink>();
    return std::optional<BarcodeLink>(
        BarcodeLink{stmt->ColumnText(0), stmt->ColumnText(1), stmt->ColumnText(2)});
}

Result<std::vector<BarcodeLink>> BarcodesRepo::LinksOf(std::string_view sku) {
    Result<Statement> stmt =
        db_->Prepare("SELECT code, sku, kind FROM barcodes WHERE sku = ?1 ORDER BY code");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return CollectRows<BarcodeLink>(stmt.value(), [](const Statement& s) {
        return BarcodeLink{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2)};
    });
}

Result<std::optional<ProductRef>> BarcodesRepo::ProductWithGtin14(std::string_view gtin14) {
    return OneProduct(
        "SELECT sku, name FROM products WHERE gtin14 = ?1 AND gtin14 <> '' ORDER BY sku LIMIT 1",
        gtin14);
}

Result<std::optional<ProductRef>> BarcodesRepo::ProductWithSku(std::string_view sku) {
    return OneProduct("SELECT sku, name FROM products WHERE sku = ?1", sku);
}

Result<std::optional<ProductRef>> BarcodesRepo::OneProduct(const char* sql,
                                                           std::string_view value) {
    Result<Statement> stmt = db_->Cached(sql);
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, value);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<ProductRef>();
    return std::optional<ProductRef>(ProductRef{stmt->ColumnText(0), stmt->ColumnText(1)});
}

}  // namespace stocktake::engine
