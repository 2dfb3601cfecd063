#include "store/catalog_repo.h"

#include <string>

namespace stocktake::engine {

namespace {

constexpr std::string_view kUpsertProduct = R"sql(
INSERT INTO products (sku, name, description, product_id, product_id_type, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
ON CONFLICT (sku) DO UPDATE SET
    name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE products.name END,
    description = CASE WHEN excluded.description <> '' THEN excluded.description
                       ELSE products.description END,
    product_id = CASE WHEN excluded.product_id <> '' THEN excluded.product_id
                      ELSE products.product_id END,
    product_id_type = CASE WHEN excluded.product_id_type <> '' THEN excluded.product_id_type
                           ELSE products.product_id_type END,
    updated_at = excluded.updated_at
WHERE (excluded.name <> '' AND excluded.name IS NOT products.name)
   OR (excluded.description <> '' AND excluded.description IS NOT products.description)
   OR (excluded.product_id <> '' AND excluded.product_id IS NOT products.product_id)
   OR (excluded.product_id_type <> '' AND excluded.product_id_type IS NOT products.product_id_type)
)sql";

constexpr std::string_view kUpsertListing = R"sql(
INSERT INTO listings (sku, channel, marketplace, listing_id, asin, price_minor, quantity,
                      fulfillment, status, opened_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
ON CONFLICT (sku, channel, marketplace) DO UPDATE SET
    listing_id = excluded.listing_id,
    asin = excluded.asin,
    price_minor = excluded.price_minor,
    quantity = excluded.quantity,
    fulfillment = excluded.fulfillment,
    status = excluded.status,
    opened_at = excluded.opened_at,
    updated_at = excluded.updated_at
WHERE listings.listing_id IS NOT excluded.listing_id
   OR listings.asin IS NOT excluded.asin
   OR listings.price_minor IS NOT excluded.price_minor
   OR listings.quantity IS NOT excluded.quantity
   OR listings.fulfillment IS NOT excluded.fulfillment
   OR listings.status IS NOT excluded.status
   OR listings.opened_at IS NOT excluded.opened_at
)sql";

// ORDER BY terms per sort key; NULLs (unknown price, quantity, date) always sort last.
const char* OrderColumn(ListingSort sort) {
    switch (sort) {
        case ListingSort::kSku: return "l.sku";
        case ListingSort::kName: return "p.name COLLATE NOCASE";
        case ListingSort::kPrice: return "l.price_minor";
        case ListingSort::kQuantity: return "l.quantity";
        case ListingSort::kStatus: return "l.status COLLATE NOCASE";
        case ListingSort::kOpenedAt: return "l.opened_at";
        case ListingSort::kFulfillment: return "l.fulfillment";
    }
    return "l.sku";
}

// Escapes LIKE wildcards so the filter is a plain substring.
std::string LikePattern(std::string_view text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

Result<std::vector<CountByKey>> CountBy(Db* db, std::string_view sql) {
    Result<Statement> stmt = db->Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    std::vector<CountByKey> counts;
    for (;;) {
        Result<bool> row = stmt->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        counts.push_back(CountByKey{stmt->ColumnText(0), stmt->ColumnInt64(1)});
    }
    return counts;
}

}  // namespace

Status CatalogRepo::Upsert(const ListingUpsert& row, std::string_view now) {
    if (!upsert_product_.valid()) {
        Result<Statement> product = db_->Prepare(kUpsertProduct, /*persistent=*/true);
        if (!product.ok()) return product.status();
        Result<Statement> listing = db_->Prepare(kUpsertListing, /*persistent=*/true);
        if (!listing.ok()) return listing.status();
        upsert_product_ = std::move(product.value());
        upsert_listing_ = std::move(listing.value());
    }
    Statement& p = upsert_product_;
    p.BindText(1, row.sku);
    p.BindText(2, row.name);
    p.BindText(3, row.description);
    p.BindText(4, row.product_id);
    p.BindText(5, row.product_id_type);
    p.BindText(6, now);
    Status status = p.Run();
    if (!status.ok()) return status;

    Statement& l = upsert_listing_;
    l.BindText(1, row.sku);
    l.BindText(2, row.channel);
    l.BindText(3, row.marketplace);
    l.BindText(4, row.listing_id);
    l.BindText(5, row.asin);
    l.BindOptionalInt64(6, row.price_minor);
    l.BindOptionalInt64(7, row.quantity);
    l.BindText(8, row.fulfillment);
    l.BindText(9, row.status);
    l.BindTextOrNull(10, row.opened_at);
    l.BindText(11, now);
    return l.Run();
}

Result<std::vector<ListingRow>> CatalogRepo::Listings(const ListingQuery& query) {
    std::string sql =
        "SELECT l.sku, p.name, l.channel, l.marketplace, l.listing_id, l.asin, l.price_minor,"
        " l.quantity, l.fulfillment, l.status, l.opened_at"
        " FROM listings l JOIN products p ON p.sku = l.sku";
    if (!query.text.empty()) {
        sql +=
            " WHERE l.sku LIKE ?1 ESCAPE '\\' OR p.name LIKE ?1 ESCAPE '\\'"
            " OR l.asin LIKE ?1 ESCAPE '\\' OR l.listing_id LIKE ?1 ESCAPE '\\'";
    }
    const char* direction = query.descending ? " DESC" : " ASC";
    sql += " ORDER BY ";
    sql += OrderColumn(query.sort);
    sql += direction;
    sql += " NULLS LAST, l.sku ASC, l.channel ASC, l.marketplace ASC LIMIT ?2";

    Result<Statement> stmt = db_->Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    const std::string pattern = LikePattern(query.text);
    if (!query.text.empty()) stmt->BindText(1, pattern);
    stmt->BindInt64(2, query.limit < 0 ? -1 : query.limit);

    std::vector<ListingRow> rows;
    for (;;) {
        Result<bool> has_row = stmt->Step();
        if (!has_row.ok()) return has_row.status();
        if (!has_row.value()) break;
        const Statement& s = stmt.value();
        ListingRow row;
        row.sku = s.ColumnText(0);
        row.name = s.ColumnText(1);
        row.channel = s.ColumnText(2);
        row.marketplace = s.ColumnText(3);
        row.listing_id = s.ColumnText(4);
        row.asin = s.ColumnText(5);
        row.price_minor = s.ColumnOptionalInt64(6);
        row.quantity = s.ColumnOptionalInt64(7);
        row.fulfillment = s.ColumnText(8);
        row.status = s.ColumnText(9);
        row.opened_at = s.ColumnText(10);
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<Summary> CatalogRepo::Summarize() {
    Summary summary;
    {
        Result<Statement> stmt = db_->Prepare(
            "SELECT (SELECT count(*) FROM products),"
            " count(*), coalesce(sum(quantity), 0),"
            " coalesce(sum(fulfillment = 'fba'), 0)"
            " FROM listings");
        if (!stmt.ok()) return stmt.status();
        Result<bool> row = stmt->Step();
        if (!row.ok()) return row.status();
        summary.skus = stmt->ColumnInt64(0);
        summary.listings = stmt->ColumnInt64(1);
        summary.units = stmt->ColumnInt64(2);
        summary.fba_listings = stmt->ColumnInt64(3);
    }
    Result<std::vector<CountByKey>> by_channel = CountBy(
        db_,
        "SELECT channel, count(*) AS n FROM listings GROUP BY channel ORDER BY n DESC, channel");
    if (!by_channel.ok()) return by_channel.status();
    summary.by_channel = std::move(by_channel.value());
    Result<std::vector<CountByKey>> by_status = CountBy(
        db_, "SELECT status, count(*) AS n FROM listings GROUP BY status ORDER BY n DESC, status");
    if (!by_status.ok()) return by_status.status();
    summary.by_status = std::move(by_status.value());
    return summary;
}

}  // namespace stocktake::engine
