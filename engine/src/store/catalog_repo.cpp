#include "store/catalog_repo.h"

#include <string>

namespace stocktake::engine {

namespace {

// ORDER BY terms per sort key; NULLs (unknown price, quantity, date) always sort last.
const char* OrderColumn(ListingSort sort) {
    switch (sort) {
        case ListingSort::kSku: return "p.sku";
        case ListingSort::kName: return "p.name COLLATE NOCASE";
        case ListingSort::kPrice: return "l.price_minor";
        case ListingSort::kQuantity: return "l.quantity";
        case ListingSort::kStatus: return "l.status COLLATE NOCASE";
        case ListingSort::kOpenedAt: return "l.opened_at";
        case ListingSort::kFulfillment: return "l.fulfillment";
    }
    return "p.sku";
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
    return CollectRows<CountByKey>(stmt.value(), [](const Statement& s) {
        return CountByKey{s.ColumnText(0), s.ColumnInt64(1)};
    });
}

}  // namespace

Result<std::string> CatalogRepo::OtherSku(Statement* stmt, std::string_view sql,
                                          std::string_view value, std::string_view sku) {
    if (!stmt->valid()) {
        Result<Statement> prepared = db_->Prepare(sql, /*persistent=*/true);
        if (!prepared.ok()) return prepared.status();
        *stmt = std::move(prepared.value());
    }
    stmt->BindText(1, value);
    stmt->BindText(2, sku);
    Result<bool> row = stmt->Step();
    std::string other = row.ok() && row.value() ? stmt->ColumnText(0) : std::string();
    stmt->Reset();
    if (!row.ok()) return row.status();
    return other;
}

Result<std::string> CatalogRepo::OtherSkuWithGtin14(std::string_view gtin14, std::string_view sku) {
    return OtherSku(&by_gtin14_,
                    "SELECT sku FROM products WHERE gtin14 = ?1 AND gtin14 <> '' AND sku <> ?2"
                    " ORDER BY sku LIMIT 1",
                    gtin14, sku);
}

Result<std::string> CatalogRepo::OtherSkuWithNameKey(std::string_view name_key,
                                                     std::string_view sku) {
    return OtherSku(&by_name_key_,
                    "SELECT sku FROM products WHERE name_key = ?1 AND name_key <> ''"
                    " AND sku <> ?2 ORDER BY sku LIMIT 1",
                    name_key, sku);
}

Status CatalogRepo::EnsureNameKeyIndex() {
    // The definition of migrations 4 and 6 (SQLite stores it without IF NOT EXISTS).
    return db_->Exec(
        "CREATE INDEX IF NOT EXISTS products_by_name_key ON products(name_key, sku)"
        " WHERE name_key <> ''");
}

Result<std::vector<VendorPrice>> CatalogRepo::VendorPrices(std::string_view sku) {
    Result<Statement> stmt = db_->Prepare(
        "SELECT supplier, sku, cost, currency, moq, pack_size, lead_time_days,"
        " supplier_part_number FROM vendor_prices WHERE ?1 = '' OR sku = ?1"
        " ORDER BY supplier, sku");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return CollectRows<VendorPrice>(stmt.value(), [](const Statement& s) {
        VendorPrice price;
        price.supplier = s.ColumnText(0);
        price.sku = s.ColumnText(1);
        price.cost = s.ColumnInt64(2);
        price.currency = s.ColumnText(3);
        price.moq = s.ColumnOptionalInt64(4);
        price.pack_size = s.ColumnOptionalInt64(5);
        price.lead_time_days = s.ColumnOptionalInt64(6);
        price.supplier_part_number = s.ColumnText(7);
        return price;
    });
}

Result<std::vector<ExportedListing>> CatalogRepo::ChannelListings(std::string_view channel) {
    Result<Statement> stmt = db_->Prepare(
        "SELECT l.sku, p.name, p.description, p.product_id, p.product_id_type, l.listing_id,"
        " l.asin, l.fulfillment, l.status, coalesce(l.opened_at, ''), l.price_minor, l.quantity"
        " FROM listings l JOIN products p ON p.sku = l.sku WHERE l.channel = ?1"
        " ORDER BY l.sku, l.marketplace");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, channel);
    return CollectRows<ExportedListing>(stmt.value(), [](const Statement& s) {
        ExportedListing row;
        row.sku = s.ColumnText(0);
        row.name = s.ColumnText(1);
        row.description = s.ColumnText(2);
        row.product_id = s.ColumnText(3);
        row.product_id_type = s.ColumnText(4);
        row.listing_id = s.ColumnText(5);
        row.asin = s.ColumnText(6);
        row.fulfillment = s.ColumnText(7);
        row.status = s.ColumnText(8);
        row.opened_at = s.ColumnText(9);
        row.price_minor = s.ColumnOptionalInt64(10);
        row.quantity = s.ColumnOptionalInt64(11);
        return row;
    });
}

Result<std::vector<ListingRow>> CatalogRepo::Listings(const ListingQuery& query) {
    std::string sql =
        "SELECT p.sku, p.name, coalesce(l.channel, ''), coalesce(l.marketplace, ''),"
        " coalesce(l.listing_id, ''), coalesce(l.asin, ''), l.price_minor, l.quantity,"
        " coalesce(l.fulfillment, ''), coalesce(l.status, ''), l.opened_at, p.gtin,"
        " p.list_price_minor";
    sql += query.include_unlisted ? " FROM products p LEFT JOIN listings l ON l.sku = p.sku"
                                  : " FROM listings l JOIN products p ON p.sku = l.sku";
    // One SKU reads its own rows by the primary key, not the whole table.
    sql += query.sku.empty() ? " WHERE 1" : " WHERE p.sku = ?3";
    if (!query.text.empty()) {
        sql +=
            " AND (p.sku LIKE ?1 ESCAPE '\\' OR p.name LIKE ?1 ESCAPE '\\'"
            " OR l.asin LIKE ?1 ESCAPE '\\' OR l.listing_id LIKE ?1 ESCAPE '\\'"
            " OR p.gtin LIKE ?1 ESCAPE '\\' OR p.gtin14 LIKE ?1 ESCAPE '\\')";
    }
    const char* direction = query.descending ? " DESC" : " ASC";
    sql += " ORDER BY ";
    sql += OrderColumn(query.sort);
    sql += direction;
    sql += " NULLS LAST, p.sku ASC, l.channel ASC, l.marketplace ASC LIMIT ?2";

    Result<Statement> stmt = db_->Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    const std::string pattern = LikePattern(query.text);
    if (!query.text.empty()) stmt->BindText(1, pattern);
    stmt->BindInt64(2, query.limit < 0 ? -1 : query.limit);
    if (!query.sku.empty()) stmt->BindText(3, query.sku);

    return CollectRows<ListingRow>(stmt.value(), [](const Statement& s) {
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
        row.gtin = s.ColumnText(11);
        row.list_price_minor = s.ColumnOptionalInt64(12);
        return row;
    });
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
