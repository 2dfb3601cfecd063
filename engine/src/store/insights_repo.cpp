#include "store/insights_repo.h"

#include <algorithm>

#include "stocktake/time.h"
#include "store/batch_insert.h"
#include "store/stored_insights_pages.h"

namespace stocktake::engine {

namespace {

Insight ReadInsight(const Statement& s) {
    return Insight{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                   s.ColumnText(4)};
}

// The rows of the reads of every SKU and of one SKU, selected with the same columns.
ProductPlan ReadProductPlan(const Statement& s) {
    return ProductPlan{s.ColumnText(0), s.ColumnOptionalInt64(1), s.ColumnText(2)};
}

// The instant a column's text states, or none (NULL, "" or text that is not an instant).
std::optional<int64_t> ColumnInstant(const Statement& s, int column) {
    Result<int64_t> seconds = ParseIso8601(s.ColumnView(column));
    if (!seconds.ok()) return std::nullopt;
    return seconds.value();
}

ListingFacts ReadListingFacts(const Statement& s) {
    return ListingFacts{s.ColumnText(0),          s.ColumnText(1),     s.ColumnOptionalInt64(2),
                        s.ColumnOptionalInt64(3), ColumnInstant(s, 4), s.ColumnText(5)};
}

ProductFacts ReadProductFacts(const Statement& s) {
    return ProductFacts{s.ColumnText(0), ColumnInstant(s, 1), s.ColumnOptionalInt64(2),
                        s.ColumnOptionalInt64(3)};
}

// The rows to make room for in a page of at most limit rows: the limit, unless it is only a
// bound far above any page (the room is taken before a row is read).
size_t PageRoom(int64_t limit) {
    return static_cast<size_t>(std::clamp<int64_t>(limit, 0, int64_t{1} << 16));
}

// The first row of stmt read by read, or none.
template <typename T, typename Read>
Result<std::optional<T>> OptionalRow(Statement& stmt, Read read) {
    Result<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<T>();
    return std::optional<T>(read(stmt));
}

// Rows by kind, keeping their order within a kind: one move each, as there are a handful
// of kinds.
std::vector<Insight> GroupedByKind(std::vector<Insight> rows) {
    std::vector<std::string> kinds;
    std::vector<size_t> rank(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        auto it = std::find(kinds.begin(), kinds.end(), rows[i].kind);
        rank[i] = static_cast<size_t>(it - kinds.begin());
        if (it == kinds.end()) kinds.push_back(rows[i].kind);
    }
    std::vector<size_t> order(kinds.size());
    for (size_t k = 0; k < kinds.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return kinds[a] < kinds[b]; });
    std::vector<size_t> first(kinds.size(), 0);  // by rank: where its rows begin
    std::vector<size_t> count(kinds.size(), 0);
    for (size_t r : rank) ++count[r];
    size_t at = 0;
    for (size_t k : order) {
        first[k] = at;
        at += count[k];
    }
    std::vector<Insight> grouped(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) grouped[first[rank[i]]++] = std::move(rows[i]);
    return grouped;
}

// Writes the rows of insights[begin, end), holding (resolved_at NULL), with verb ("INSERT OR
// ..."); an empty generated_at is written as generated_at.
Status WriteRange(Db* db, const char* verb, const std::vector<Insight>& insights, size_t begin,
                  size_t end, std::string_view generated_at) {
    // resolved_at is left to its default, NULL (the insight holds): a NULL bound per row was a
    // sixth of the binds.
    BatchInsert batch(
        db, std::string(verb) + " INTO insights (sku, channel, kind, generated_at, details)", 5);
    // The rows outlive the batch: bound without a copy.
    for (size_t i = begin; i < end; ++i) {
        const Insight& insight = insights[i];
        batch.AddTextView(insight.sku);
        batch.AddTextView(insight.channel);
        batch.AddTextView(insight.kind);
        batch.AddTextView(insight.generated_at.empty() ? generated_at : insight.generated_at);
        batch.AddTextView(insight.details);
        Status ok = batch.EndRow();
        if (!ok.ok()) return ok;
    }
    return batch.Flush();
}

}  // namespace

Result<std::vector<std::pair<std::string, int64_t>>> InsightsRepo::Settings() {
    Result<Statement> stmt = db_->Prepare("SELECT name, value FROM settings ORDER BY name");
    if (!stmt.ok()) return stmt.status();
    return CollectRows<std::pair<std::string, int64_t>>(stmt.value(), [](const Statement& s) {
        return std::make_pair(s.ColumnText(0), s.ColumnInt64(1));
    });
}

Result<std::vector<ChannelFee>> InsightsRepo::ChannelFees() {
    Result<Statement> stmt =
        db_->Prepare("SELECT channel, percent_bp, fixed_minor FROM channel_fees ORDER BY channel");
    if (!stmt.ok()) return stmt.status();
    return CollectRows<ChannelFee>(stmt.value(), [](const Statement& s) {
        return ChannelFee{s.ColumnText(0), s.ColumnInt64(1), s.ColumnInt64(2)};
    });
}

Result<std::vector<ProductPlan>> InsightsRepo::ProductPlans() {
    Result<Statement> stmt = db_->Prepare(
        "SELECT sku, reorder_point, preferred_supplier FROM product_plans ORDER BY sku");
    if (!stmt.ok()) return stmt.status();
    return CollectRows<ProductPlan>(stmt.value(), ReadProductPlan);
}

Result<std::vector<ListingFacts>> InsightsRepo::ActiveListingsPage(const ListingFacts* after,
                                                                   int64_t limit) {
    // The key as a row value: a seek into the primary key, then its order. Cached: a
    // generation reads ~75 pages at 100k SKUs, and parsing each again cost more than its seek.
    static constexpr const char* kPage[] = {
        R"sql(
SELECT sku, channel, price_minor, quantity, opened_at, marketplace FROM listings
 WHERE lower(status) IN ('', 'active') ORDER BY sku, channel, marketplace LIMIT ?4)sql",
        R"sql(
SELECT sku, channel, price_minor, quantity, opened_at, marketplace FROM listings
 WHERE lower(status) IN ('', 'active') AND (sku, channel, marketplace) > (?1, ?2, ?3)
 ORDER BY sku, channel, marketplace LIMIT ?4)sql"};
    Result<Statement> stmt = db_->Cached(kPage[after == nullptr ? 0 : 1]);
    if (!stmt.ok()) return stmt.status();
    if (after != nullptr) {
        stmt->BindText(1, after->sku);
        stmt->BindText(2, after->channel);
        stmt->BindText(3, after->marketplace);
    }
    stmt->BindInt64(4, limit);
    return CollectRows<ListingFacts>(stmt.value(), ReadListingFacts, PageRoom(limit));
}

Result<std::vector<ProductFacts>> InsightsRepo::ProductsPage(const ProductFacts* after,
                                                             int64_t limit) {
    static constexpr const char* kPage[] = {
        "SELECT sku, created_at, list_price_minor, cost FROM products ORDER BY sku LIMIT ?2",
        "SELECT sku, created_at, list_price_minor, cost FROM products WHERE sku > ?1"
        " ORDER BY sku LIMIT ?2"};
    Result<Statement> stmt = db_->Cached(kPage[after == nullptr ? 0 : 1]);
    if (!stmt.ok()) return stmt.status();
    if (after != nullptr) stmt->BindText(1, after->sku);
    stmt->BindInt64(2, limit);
    return CollectRows<ProductFacts>(stmt.value(), ReadProductFacts, PageRoom(limit));
}

Result<std::optional<ProductFacts>> InsightsRepo::ProductOf(std::string_view sku) {
    Result<Statement> stmt =
        db_->Cached("SELECT sku, created_at, list_price_minor, cost FROM products WHERE sku = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return OptionalRow<ProductFacts>(stmt.value(), ReadProductFacts);
}

Result<std::vector<ListingFacts>> InsightsRepo::ActiveListingsOf(std::string_view sku) {
    Result<Statement> stmt = db_->Cached(R"sql(
SELECT sku, channel, price_minor, quantity, opened_at, marketplace FROM listings
 WHERE sku = ?1 AND lower(status) IN ('', 'active') ORDER BY channel, marketplace)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return CollectRows<ListingFacts>(stmt.value(), ReadListingFacts);
}

Status InsightsRepo::SkusDatedBetween(const std::pair<std::string, std::string>& slow,
                                      const std::pair<std::string, std::string>& aged,
                                      std::vector<std::string>* skus) {
    // No index by these instants. An empty or NULL instant is no day (insights/inputs.h
    // LocalDay): no threshold to cross.
    for (const char* sql : {"SELECT sku FROM products WHERE (created_at >= ?1 AND created_at <= ?2)"
                            " OR (created_at <> '' AND created_at NOT GLOB ?5)",
                            "SELECT sku FROM listings WHERE (opened_at >= ?1 AND opened_at <= ?2)"
                            " OR (opened_at >= ?3 AND opened_at <= ?4)"
                            " OR (opened_at <> '' AND opened_at NOT GLOB ?5)"}) {
        Result<Statement> stmt = db_->Prepare(sql);
        if (!stmt.ok()) return stmt.status();
        stmt->BindText(1, slow.first);
        stmt->BindText(2, slow.second);
        stmt->BindText(3, aged.first);
        stmt->BindText(4, aged.second);
        stmt->BindText(
            5, "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z");
        for (;;) {
            Result<bool> row = stmt->Step();
            if (!row.ok()) return row.status();
            if (!row.value()) break;
            skus->push_back(stmt->ColumnText(0));
        }
    }
    return Status::Ok();
}

Result<std::optional<ProductPlan>> InsightsRepo::ProductPlanOf(std::string_view sku) {
    Result<Statement> stmt = db_->Cached(
        "SELECT sku, reorder_point, preferred_supplier FROM product_plans WHERE sku = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return OptionalRow<ProductPlan>(stmt.value(), ReadProductPlan);
}

Result<std::vector<StoredInsight>> InsightsRepo::StoredOf(std::string_view sku) {
    Result<Statement> stmt = db_->Cached(
        "SELECT sku, channel, kind, generated_at, details, coalesce(resolved_at, '')"
        " FROM insights WHERE sku = ?1 ORDER BY channel, kind");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return CollectRows<StoredInsight>(stmt.value(), ReadStoredInsight);
}

Result<std::vector<Insight>> InsightsRepo::Current(std::string_view kind) {
    // Read in the primary key's order and grouped by kind here: ORDER BY kind, sku, channel
    // sorted every current insight again in SQLite's sorter, a third of reading them all.
    Result<Statement> stmt = db_->Prepare(
        "SELECT sku, channel, kind, generated_at, details FROM insights"
        " WHERE resolved_at IS NULL AND (?1 = '' OR kind = ?1) ORDER BY sku, channel, kind");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, kind);
    Result<std::vector<Insight>> rows = CollectRows<Insight>(stmt.value(), ReadInsight);
    if (!rows.ok() || !kind.empty()) return rows;
    return GroupedByKind(std::move(rows.value()));
}

Status InsightsRepo::PutRange(const std::vector<Insight>& insights, size_t begin, size_t end) {
    return WriteRange(db_, "INSERT OR REPLACE", insights, begin, end, "");
}

Status InsightsRepo::AddRange(const std::vector<Insight>& insights, size_t begin, size_t end,
                              std::string_view generated_at) {
    // OR FAIL: a statement that can fail midway without undoing its own rows needs no
    // statement journal, where OR REPLACE (its NOT NULL columns abort) and a plain INSERT
    // copied every page each statement touched into one (docs/PERFORMANCE.md, "Insights
    // from scratch, session 15"). A failure fails the caller's transaction all the same.
    return WriteRange(db_, "INSERT OR FAIL", insights, begin, end, generated_at);
}

Status InsightsRepo::Resolve(const Insight& insight, std::string_view at) {
    Result<Statement> stmt = db_->Cached(
        "UPDATE insights SET resolved_at = ?4 WHERE sku = ?1 AND channel = ?2 AND kind = ?3");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, insight.sku);
    stmt->BindText(2, insight.channel);
    stmt->BindText(3, insight.kind);
    stmt->BindText(4, at);
    return stmt->Run();
}

Result<int64_t> InsightsRepo::PurgeResolvedBefore(std::string_view before) {
    Result<Statement> stmt =
        db_->Prepare("DELETE FROM insights WHERE resolved_at IS NOT NULL AND resolved_at < ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, before);
    Status status = stmt->Run();
    if (!status.ok()) return status;
    return db_->Changes();
}

Result<std::optional<int64_t>> InsightsRepo::GenerationDay() {
    Result<Statement> stmt =
        db_->Prepare("SELECT local_day FROM insights_generation WHERE singleton = 1");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<int64_t>();
    return std::optional<int64_t>(stmt->ColumnInt64(0));
}

Result<bool> InsightsRepo::SetGenerationDay(int64_t local_day) {
    // The WHERE keeps a generation of the same day from writing (nor moving the write mark
    // of insights_job.h's memo).
    Result<Statement> stmt = db_->Cached(
        "INSERT INTO insights_generation (singleton, local_day) VALUES (1, ?1)"
        " ON CONFLICT (singleton) DO UPDATE SET local_day = excluded.local_day"
        " WHERE local_day <> excluded.local_day");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, local_day);
    Status status = stmt->Run();
    if (!status.ok()) return status;
    return db_->Changes() > 0;
}

}  // namespace stocktake::engine
