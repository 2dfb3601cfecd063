#include "store/purchasing_repo.h"

namespace stocktake::engine {

namespace {

constexpr const char* kSupplierColumns = "id, name, email, lead_time_days, notes";

Supplier ReadSupplier(const Statement& s) {
    Supplier supplier;
    supplier.id = s.ColumnText(0);
    supplier.name = s.ColumnText(1);
    supplier.email = s.ColumnText(2);
    supplier.lead_time_days = s.ColumnOptionalInt64(3);
    supplier.notes = s.ColumnText(4);
    return supplier;
}

constexpr const char* kPoColumns =
    "id, supplier_id, status, created_at, coalesce(ordered_at, ''), coalesce(expected_at, ''),"
    " updated_at, notes";

PurchaseOrder ReadPo(const Statement& s) {
    PurchaseOrder po;
    po.id = s.ColumnText(0);
    po.supplier_id = s.ColumnText(1);
    po.status = s.ColumnText(2);
    po.created_at = s.ColumnText(3);
    po.ordered_at = s.ColumnText(4);
    po.expected_at = s.ColumnText(5);
    po.updated_at = s.ColumnText(6);
    po.notes = s.ColumnText(7);
    return po;
}

}  // namespace

std::string PoLineMovementPrefix(std::string_view po_id, int64_t line) {
    std::string prefix = "po:";
    prefix += po_id;
    prefix += ':';
    prefix += std::to_string(line);
    prefix += ':';
    return prefix;
}

Result<std::optional<Supplier>> PurchasingRepo::FindSupplier(std::string_view id) {
    Result<Statement> stmt =
        db_->Prepare(std::string("SELECT ") + kSupplierColumns + " FROM suppliers WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, id);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<Supplier>();
    return std::optional<Supplier>(ReadSupplier(stmt.value()));
}

Result<std::vector<Supplier>> PurchasingRepo::Suppliers() {
    Result<Statement> stmt =
        db_->Prepare(std::string("SELECT ") + kSupplierColumns + " FROM suppliers ORDER BY id");
    if (!stmt.ok()) return stmt.status();
    return CollectRows<Supplier>(stmt.value(), ReadSupplier);
}

Result<std::vector<PoLine>> PurchasingRepo::Lines(std::string_view po_id) {
    Result<Statement> stmt = db_->Prepare(
        "SELECT line, sku, quantity_ordered, quantity_received, cost FROM po_lines"
        " WHERE po_id = ?1 ORDER BY line");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, po_id);
    return CollectRows<PoLine>(stmt.value(), [](const Statement& s) {
        return PoLine{s.ColumnInt64(0), s.ColumnText(1), s.ColumnInt64(2), s.ColumnInt64(3),
                      s.ColumnOptionalInt64(4)};
    });
}

Result<std::optional<PurchaseOrder>> PurchasingRepo::FindPurchaseOrder(std::string_view id) {
    Result<Statement> stmt =
        db_->Prepare(std::string("SELECT ") + kPoColumns + " FROM purchase_orders WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, id);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<PurchaseOrder>();
    PurchaseOrder po = ReadPo(stmt.value());
    Result<std::vector<PoLine>> lines = Lines(id);
    if (!lines.ok()) return lines.status();
    po.lines = std::move(lines.value());
    return std::optional<PurchaseOrder>(std::move(po));
}

Result<std::vector<PurchaseOrder>> PurchasingRepo::PurchaseOrders(std::string_view status) {
    Result<Statement> stmt = db_->Prepare(std::string("SELECT ") + kPoColumns +
                                          " FROM purchase_orders WHERE ?1 = '' OR status = ?1"
                                          " ORDER BY created_at DESC, id DESC");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, status);
    Result<std::vector<PurchaseOrder>> pos = CollectRows<PurchaseOrder>(stmt.value(), ReadPo);
    if (!pos.ok()) return pos.status();
    for (PurchaseOrder& po : pos.value()) {
        Result<std::vector<PoLine>> lines = Lines(po.id);
        if (!lines.ok()) return lines.status();
        po.lines = std::move(lines.value());
    }
    return pos;
}

Result<int64_t> PurchasingRepo::ReceivedOnLedger(std::string_view po_id, int64_t line) {
    // A range on the unique index of movement ids: ';' is the character after ':'.
    std::string from = PoLineMovementPrefix(po_id, line);
    std::string to = from;
    to.back() = ';';
    Result<Statement> stmt = db_->Prepare(
        "SELECT coalesce(sum(delta), 0) FROM movements WHERE id >= ?1 AND id < ?2"
        " AND kind = 'receive'");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, from);
    stmt->BindText(2, to);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    return stmt->ColumnInt64(0);
}

Status PurchasingRepo::SetReceived(std::string_view po_id, int64_t line, int64_t quantity) {
    Result<Statement> stmt =
        db_->Prepare("UPDATE po_lines SET quantity_received = ?3 WHERE po_id = ?1 AND line = ?2");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, po_id);
    stmt->BindInt64(2, line);
    stmt->BindInt64(3, quantity);
    return stmt->Run();
}

Status PurchasingRepo::SetStatus(std::string_view po_id, std::string_view status) {
    Result<Statement> stmt = db_->Prepare("UPDATE purchase_orders SET status = ?2 WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, po_id);
    stmt->BindText(2, status);
    return stmt->Run();
}

Result<std::vector<InboundStock>> PurchasingRepo::Inbound(std::string_view sku) {
    Result<Statement> stmt = db_->Prepare(R"sql(
SELECT l.sku, sum(max(l.quantity_ordered - l.quantity_received, 0)),
       coalesce(min(nullif(p.expected_at, '')), '')
  FROM po_lines l JOIN purchase_orders p ON p.id = l.po_id
 WHERE p.status IN ('ordered', 'partially_received') AND (?1 = '' OR l.sku = ?1)
   AND l.quantity_ordered > l.quantity_received
 GROUP BY l.sku ORDER BY l.sku)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return CollectRows<InboundStock>(stmt.value(), [](const Statement& s) {
        return InboundStock{s.ColumnText(0), s.ColumnInt64(1), s.ColumnText(2)};
    });
}

Result<bool> PurchasingRepo::ProductExists(std::string_view sku) {
    Result<Statement> stmt = db_->Cached("SELECT 1 FROM products WHERE sku = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return stmt->Step();
}

}  // namespace stocktake::engine
