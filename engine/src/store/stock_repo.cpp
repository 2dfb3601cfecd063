#include "store/stock_repo.h"

namespace stocktake::engine {

namespace {

constexpr const char* kMovementColumns =
    "position, id, sku, location_id, delta, kind, reason, reference, lot, expiry, occurred_at,"
    " recorded_by, device";

Movement ReadMovement(const Statement& s) {
    Movement m;
    m.position = s.ColumnInt64(0);
    m.id = s.ColumnText(1);
    m.sku = s.ColumnText(2);
    m.location = s.ColumnText(3);
    m.delta = s.ColumnInt64(4);
    m.kind = MovementKindFromName(s.ColumnText(5)).value_or(MovementKind::kAdjust);
    m.reason = s.ColumnText(6);
    m.reference = s.ColumnText(7);
    m.lot = s.ColumnText(8);
    m.expiry = s.ColumnText(9);
    m.occurred_at = s.ColumnText(10);
    m.recorded_by = s.ColumnText(11);
    m.device = s.ColumnText(12);
    return m;
}

Result<std::vector<StockLevel>> ReadLevels(Result<Statement> stmt) {
    if (!stmt.ok()) return stmt.status();
    return CollectRows<StockLevel>(stmt.value(), [](const Statement& s) {
        return StockLevel{s.ColumnText(0), s.ColumnText(1), s.ColumnInt64(2)};
    });
}

}  // namespace

Result<std::optional<Location>> StockRepo::FindLocation(std::string_view id) {
    Result<Statement> stmt =
        db_->Cached("SELECT id, coalesce(parent_id, ''), name, kind FROM locations WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, id);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<Location>();
    return std::optional<Location>(Location{stmt->ColumnText(0), stmt->ColumnText(1),
                                            stmt->ColumnText(2), stmt->ColumnText(3)});
}

Result<std::vector<Location>> StockRepo::Locations() {
    Result<Statement> stmt =
        db_->Prepare("SELECT id, coalesce(parent_id, ''), name, kind FROM locations ORDER BY id");
    if (!stmt.ok()) return stmt.status();
    return CollectRows<Location>(stmt.value(), [](const Statement& s) {
        return Location{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3)};
    });
}

Result<std::optional<Movement>> StockRepo::FindMovement(std::string_view id) {
    static const std::string kSql =
        std::string("SELECT ") + kMovementColumns + " FROM movements WHERE id = ?1";
    Result<Statement> stmt = db_->Cached(kSql.c_str());
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, id);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<Movement>();
    return std::optional<Movement>(ReadMovement(stmt.value()));
}

Result<int64_t> StockRepo::Append(const Movement& m, std::string_view now) {
    Result<Statement> insert = db_->Cached(
        "INSERT INTO movements (id, sku, location_id, delta, kind, reason, reference, lot,"
        " expiry, occurred_at, recorded_at, recorded_by, device)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    if (!insert.ok()) return insert.status();
    Statement& s = insert.value();
    s.BindText(1, m.id);
    s.BindText(2, m.sku);
    s.BindText(3, m.location);
    s.BindInt64(4, m.delta);
    s.BindText(5, MovementKindName(m.kind));
    s.BindText(6, m.reason);
    s.BindText(7, m.reference);
    s.BindText(8, m.lot);
    s.BindText(9, m.expiry);
    s.BindText(10, m.occurred_at);
    s.BindText(11, now);
    s.BindText(12, m.recorded_by);
    s.BindText(13, m.device);
    Status status = s.Run();
    if (!status.ok()) return status;
    const int64_t position = db_->LastInsertRowId();

    Result<Statement> level = db_->Cached(
        "INSERT INTO stock_levels (sku, location_id, on_hand) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (sku, location_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand");
    if (!level.ok()) return level.status();
    level->BindText(1, m.sku);
    level->BindText(2, m.location);
    level->BindInt64(3, m.delta);
    status = level->Run();
    if (!status.ok()) return status;
    return position;
}

Result<StockValuation> StockRepo::Valuation() {
    // On-hand per SKU over its locations first: a SKU oversold in one bin and stocked in
    // another is valued at its net stock, and an oversold SKU adds nothing.
    Result<Statement> stmt = db_->Prepare(
        "WITH per_sku AS (SELECT sku, sum(on_hand) AS units FROM stock_levels GROUP BY sku"
        "                 HAVING sum(on_hand) > 0)"
        " SELECT (SELECT count(*) FROM products), count(s.sku), coalesce(sum(s.units), 0),"
        "        coalesce(sum(s.units * p.cost), 0),"
        "        coalesce(sum(p.cost IS NULL), 0)"
        "   FROM per_sku s LEFT JOIN products p ON p.sku = s.sku");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    StockValuation v;
    v.skus = stmt->ColumnInt64(0);
    v.skus_in_stock = stmt->ColumnInt64(1);
    v.units_on_hand = stmt->ColumnInt64(2);
    v.value_at_cost_e4 = stmt->ColumnInt64(3);
    v.skus_without_cost = stmt->ColumnInt64(4);
    return v;
}

Result<std::vector<StockLevel>> StockRepo::Levels(std::string_view sku) {
    // Two statements, not "?1 = '' OR sku = ?1", which SQLite cannot answer from the key.
    // One SKU's is read per SKU by a generation of the dirty SKUs: prepared once.
    Result<Statement> stmt =
        sku.empty()
            ? db_->Prepare(
                  "SELECT sku, location_id, on_hand FROM stock_levels ORDER BY sku, location_id")
            : db_->Cached(
                  "SELECT sku, location_id, on_hand FROM stock_levels WHERE sku = ?1"
                  " ORDER BY location_id");
    if (stmt.ok() && !sku.empty()) stmt->BindText(1, sku);
    return ReadLevels(std::move(stmt));
}

Result<std::vector<StockLevel>> StockRepo::NegativeLevels() {
    return ReadLevels(
        db_->Prepare("SELECT sku, location_id, on_hand FROM stock_levels WHERE on_hand < 0"
                     " ORDER BY sku, location_id"));
}

Result<int64_t> StockRepo::OnHandAt(std::string_view sku, std::string_view location,
                                    std::string_view at) {
    Result<Statement> stmt = db_->Prepare(
        "SELECT coalesce(sum(delta), 0) FROM movements WHERE sku = ?1"
        " AND (?2 = '' OR location_id = ?2) AND occurred_at <= ?3");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    stmt->BindText(2, location);
    stmt->BindText(3, at);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    return stmt->ColumnInt64(0);
}

Result<std::vector<Movement>> StockRepo::Movements(std::string_view sku,
                                                   std::string_view location) {
    Result<Statement> stmt =
        db_->Prepare(std::string("SELECT ") + kMovementColumns +
                     " FROM movements WHERE sku = ?1 AND (?2 = '' OR location_id = ?2)"
                     " ORDER BY occurred_at, position");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    stmt->BindText(2, location);
    return CollectRows<Movement>(stmt.value(), ReadMovement);
}

Result<std::vector<Movement>> StockRepo::MovementsReferencing(std::string_view sku,
                                                              std::string_view reference) {
    // By the SKU index; the reference filter then reads only that SKU's rows.
    Result<Statement> stmt = db_->Prepare(
        std::string("SELECT ") + kMovementColumns +
        " FROM movements WHERE sku = ?1 AND (reference = ?2 OR substr(reference, 1, length(?2) "
        "+ 2) = ?2 || ', ') ORDER BY occurred_at, position");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    stmt->BindText(2, reference);
    return CollectRows<Movement>(stmt.value(), ReadMovement);
}

Result<int64_t> StockRepo::LastPosition() {
    Result<Statement> stmt = db_->Prepare("SELECT coalesce(max(position), 0) FROM movements");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    return stmt->ColumnInt64(0);
}

Result<int64_t> StockRepo::SumUpTo(std::string_view sku, std::string_view location,
                                   int64_t position) {
    Result<Statement> stmt = db_->Cached(
        "SELECT coalesce(sum(delta), 0) FROM movements WHERE sku = ?1 AND location_id = ?2"
        " AND position <= ?3");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    stmt->BindText(2, location);
    stmt->BindInt64(3, position);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    return stmt->ColumnInt64(0);
}

namespace {

constexpr const char* kCountColumns =
    "id, sku, location_id, counted, seen_position, blind, counted_at, counted_by, expected,"
    " coalesce(movement_id, '')";

Count ReadCount(const Statement& s) {
    Count c;
    c.id = s.ColumnText(0);
    c.sku = s.ColumnText(1);
    c.location = s.ColumnText(2);
    c.counted = s.ColumnInt64(3);
    c.seen_position = s.ColumnInt64(4);
    c.blind = s.ColumnInt64(5) != 0;
    c.counted_at = s.ColumnText(6);
    c.counted_by = s.ColumnText(7);
    c.expected = s.ColumnInt64(8);
    c.movement_id = s.ColumnText(9);
    return c;
}

}  // namespace

Result<std::optional<Count>> StockRepo::FindCount(std::string_view id) {
    static const std::string kSql =
        std::string("SELECT ") + kCountColumns + " FROM counts WHERE id = ?1";
    Result<Statement> stmt = db_->Cached(kSql.c_str());
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, id);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<Count>();
    return std::optional<Count>(ReadCount(stmt.value()));
}

Status StockRepo::InsertCount(const Count& c) {
    Result<Statement> stmt = db_->Prepare(
        "INSERT INTO counts (id, sku, location_id, counted, seen_position, blind, counted_at,"
        " counted_by, expected, movement_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!stmt.ok()) return stmt.status();
    Statement& s = stmt.value();
    s.BindText(1, c.id);
    s.BindText(2, c.sku);
    s.BindText(3, c.location);
    s.BindInt64(4, c.counted);
    s.BindInt64(5, c.seen_position);
    s.BindInt64(6, c.blind ? 1 : 0);
    s.BindText(7, c.counted_at);
    s.BindText(8, c.counted_by);
    s.BindInt64(9, c.expected);
    s.BindTextOrNull(10, c.movement_id);
    return s.Run();
}

Result<std::vector<Count>> StockRepo::LastCounts(std::string_view sku) {
    Result<Statement> stmt = db_->Prepare(
        std::string("SELECT ") + kCountColumns +
        " FROM counts c WHERE (?1 = '' OR sku = ?1) AND NOT EXISTS (SELECT 1 FROM counts n"
        " WHERE n.sku = c.sku AND n.location_id = c.location_id AND n.counted_at > c.counted_at)"
        " ORDER BY counted_at DESC, sku, location_id");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return CollectRows<Count>(stmt.value(), ReadCount);
}

Result<std::vector<StockMismatch>> StockRepo::Mismatches() {
    // Both directions: a summary row without movements, and movements without a row.
    Result<Statement> stmt = db_->Prepare(R"sql(
WITH ledger AS (SELECT sku, location_id, sum(delta) AS total FROM movements
                GROUP BY sku, location_id)
SELECT l.sku, l.location_id, coalesce(s.on_hand, 0), l.total
  FROM ledger l LEFT JOIN stock_levels s USING (sku, location_id)
 WHERE s.on_hand IS NOT l.total
UNION ALL
SELECT s.sku, s.location_id, s.on_hand, 0
  FROM stock_levels s LEFT JOIN ledger l USING (sku, location_id)
 WHERE l.total IS NULL AND s.on_hand <> 0
ORDER BY 1, 2)sql");
    if (!stmt.ok()) return stmt.status();
    return CollectRows<StockMismatch>(stmt.value(), [](const Statement& s) {
        return StockMismatch{s.ColumnText(0), s.ColumnText(1), s.ColumnInt64(2), s.ColumnInt64(3)};
    });
}

}  // namespace stocktake::engine
