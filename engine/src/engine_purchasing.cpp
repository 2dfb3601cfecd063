// Engine's purchasing methods: suppliers and purchase orders. Receiving appends receive
// movements through the ledger (stock/ledger.h); SQL in store/purchasing_repo.
#include <algorithm>

#include "stock/ledger.h"
#include "stock/movement_rules.h"
#include "stock/po_receipts.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/store.h"
#include "sync/entity_writes.h"

namespace stocktake::engine {

namespace {

// A cost beyond 10^9 currency units per unit (in 10^-4) is a typo, not a price.
constexpr int64_t kMaxCost = 10'000'000'000'000;
constexpr int64_t kMaxLeadDays = 3650;

std::string Now() {
    return FormatIso8601Utc(NowUnixSeconds());
}

// PO and receipt ids become part of movement ids ("po:<po>:<line>:<receipt>"), so they
// may not hold ':' (which would make two receipts' ids collide) or spaces.
Status ValidateToken(const std::string& id, const char* what) {
    if (id.empty()) return Status::InvalidArgument(std::string(what) + " cannot be empty");
    if (id.size() > 64) {
        return Status::InvalidArgument(std::string(what) + " '" + id.substr(0, 64) +
                                       "...' is longer than 64 characters");
    }
    for (const char c : id) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '/' ||
                        c == '#';
        if (!ok) {
            return Status::InvalidArgument(std::string(what) + " '" + id +
                                           "' may hold only letters, digits and - _ . / #");
        }
    }
    return Status::Ok();
}

Status ValidateQuantity(int64_t quantity, const std::string& what) {
    if (quantity <= 0) {
        return Status::InvalidArgument(what + " must be a positive number of units (got " +
                                       std::to_string(quantity) + ")");
    }
    if (quantity > kMaxPurchaseQuantity) {
        return Status::InvalidArgument(what + " of " + std::to_string(quantity) +
                                       " units is beyond " + std::to_string(kMaxPurchaseQuantity) +
                                       "; check for a scanned barcode in the quantity");
    }
    return Status::Ok();
}

Status ValidateCost(const std::optional<int64_t>& cost, const std::string& sku) {
    if (cost && (*cost < 0 || *cost > kMaxCost)) {
        return Status::InvalidArgument("the cost of " + sku + " must be between 0 and " +
                                       std::to_string(kMaxCost / 10000) + " per unit");
    }
    return Status::Ok();
}

Status ValidateSupplier(const Supplier& s) {
    if (s.id.empty()) return Status::InvalidArgument("a supplier needs an id");
    if (s.id.size() > 100)
        return Status::InvalidArgument("a supplier id has at most 100 characters");
    for (const char c : s.id) {
        if (static_cast<unsigned char>(c) < 0x20) {
            return Status::InvalidArgument("supplier id '" + s.id + "' holds a control character");
        }
    }
    if (!s.email.empty() &&
        (s.email.find('@') == std::string::npos || s.email.find(' ') != std::string::npos)) {
        return Status::InvalidArgument("email '" + s.email +
                                       "' is not an address like orders@acme.com");
    }
    if (s.lead_time_days && (*s.lead_time_days < 0 || *s.lead_time_days > kMaxLeadDays)) {
        return Status::InvalidArgument("lead time must be 0 to " + std::to_string(kMaxLeadDays) +
                                       " days (got " + std::to_string(*s.lead_time_days) + ")");
    }
    return Status::Ok();
}

Result<PurchaseOrder> LoadPo(Store& store, const std::string& id) {
    Result<std::optional<PurchaseOrder>> found = store.purchasing().FindPurchaseOrder(id);
    if (!found.ok()) return found.status();
    if (!found.value()) {
        return Status::NotFound("purchase order " + id +
                                " does not exist; list them with stocktake po list");
    }
    return std::move(**found);
}

// Conflict unless po is a draft: lines change only before the PO is sent.
Status RequireDraft(const PurchaseOrder& po) {
    if (po.status == kPoDraft) return Status::Ok();
    if (po.status == kPoOrdered || po.status == kPoPartiallyReceived) {
        return Status(Code::kConflict, "purchase order " + po.id + " is " + po.status +
                                           "; its lines change only while it is a draft (cancel "
                                           "it and create a new one)");
    }
    return Status(Code::kConflict,
                  "purchase order " + po.id + " is " + po.status + " and can no longer change");
}

// A line's SKU must be a product, and not a kit (order the components).
Status CheckLine(Store& store, const std::string& po_id, const PoLine& line) {
    if (line.sku.empty()) return Status::InvalidArgument("a purchase order line needs a SKU");
    Status ok = ValidateQuantity(line.quantity_ordered,
                                 "the quantity of " + line.sku + " on purchase order " + po_id);
    if (ok.ok()) ok = ValidateCost(line.cost, line.sku);
    if (!ok.ok()) return ok;
    ok = RequireProduct(store, line.sku, "SKU");
    if (!ok.ok()) return ok;
    Result<std::optional<Kit>> kit = store.kits().FindKit(line.sku);
    if (!kit.ok()) return kit.status();
    if (kit.value()) {
        return Status::InvalidArgument(line.sku +
                                       " is a kit and has no stock of its own; order its "
                                       "components instead");
    }
    return Status::Ok();
}

PoLine* LineFor(PurchaseOrder& po, const std::string& sku) {
    for (PoLine& line : po.lines) {
        if (line.sku == sku) return &line;
    }
    return nullptr;
}

}  // namespace

Status Engine::SaveSupplier(const Supplier& supplier) {
    Status valid = ValidateSupplier(supplier);
    if (!valid.ok()) return valid;
    const std::string now = Now();
    Status status =
        InTransaction(*store_, [&]() -> Status { return WriteSupplier(*store_, supplier, now); });
    if (status.ok()) ++generation_;
    return status;
}

Result<std::vector<Supplier>> Engine::Suppliers() const {
    return store_->purchasing().Suppliers();
}

Result<std::optional<Supplier>> Engine::FindSupplier(const std::string& id) const {
    return store_->purchasing().FindSupplier(id);
}

Result<PurchaseOrder> Engine::CreatePurchaseOrder(const PurchaseOrder& draft) {
    const std::string now = Now();
    PurchaseOrder stored;
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<PurchaseOrder> inserted = InsertPurchaseOrder(draft, now);
        if (!inserted.ok()) return inserted.status();
        stored = std::move(inserted.value());
        return Status::Ok();
    });
    if (!status.ok()) return status;
    ++generation_;
    return stored;
}

Result<PurchaseOrder> Engine::InsertPurchaseOrder(PurchaseOrder po, const std::string& now) {
    if (po.id.empty()) {
        // Short enough to read out, random enough that two devices never pick the same one.
        po.id = "PO-" + now.substr(0, 4) + now.substr(5, 2) + now.substr(8, 2) + "-" +
                NewMovementId().substr(0, 6);
    }
    Status valid = ValidateToken(po.id, "a purchase order id");
    if (!valid.ok()) return valid;
    if (po.supplier_id.empty()) {
        return Status::InvalidArgument("a purchase order needs a supplier");
    }
    if (!po.expected_at.empty()) {
        valid = NormalizeInstantOrNow(&po.expected_at, "expected_at");
        if (!valid.ok()) return valid;
    }
    po.status = kPoDraft;
    po.created_at = now;
    po.updated_at = now;
    po.ordered_at.clear();
    for (size_t i = 0; i < po.lines.size(); ++i) {
        po.lines[i].line = static_cast<int64_t>(i + 1);
        po.lines[i].quantity_received = 0;
        for (size_t j = 0; j < i; ++j) {
            if (po.lines[j].sku == po.lines[i].sku) {
                return Status::InvalidArgument("purchase order " + po.id + " names " +
                                               po.lines[i].sku + " twice; order its total once");
            }
        }
    }
    Result<std::optional<Supplier>> supplier = store_->purchasing().FindSupplier(po.supplier_id);
    if (!supplier.ok()) return supplier.status();
    if (!supplier.value()) {
        return Status::NotFound("supplier " + po.supplier_id +
                                " does not exist; add it first (stocktake supplier add)");
    }
    Result<std::optional<PurchaseOrder>> existing = store_->purchasing().FindPurchaseOrder(po.id);
    if (!existing.ok()) return existing.status();
    if (existing.value()) {
        return Status(Code::kConflict, "purchase order " + po.id +
                                           " already exists; add lines to it with po add-line");
    }
    for (const PoLine& line : po.lines) {
        Status ok = CheckLine(*store_, po.id, line);
        if (!ok.ok()) return ok;
    }
    Status saved = WritePurchaseOrderHeader(*store_, po, now);
    for (size_t i = 0; saved.ok() && i < po.lines.size(); ++i) {
        saved = WritePoLine(*store_, po.id, po.lines[i], now);
    }
    if (!saved.ok()) return saved;
    return LoadPo(*store_, po.id);
}

Result<PurchaseOrder> Engine::AddPoLine(const std::string& po_id, const PoLine& input) {
    return EditDraftPo(po_id, [&](PurchaseOrder& po, const std::string& now) -> Status {
        if (LineFor(po, input.sku) != nullptr) {
            return Status(Code::kConflict, "purchase order " + po_id + " has a line for " +
                                               input.sku + " already; change its quantity instead");
        }
        PoLine line = input;
        line.quantity_received = 0;
        line.line = 1;
        for (const PoLine& other : po.lines) line.line = std::max(line.line, other.line + 1);
        Status ok = CheckLine(*store_, po_id, line);
        if (ok.ok()) ok = WritePoLine(*store_, po_id, line, now);
        if (ok.ok()) po.lines.push_back(line);
        return ok;
    });
}

Result<PurchaseOrder> Engine::SetPoLine(const std::string& po_id, const PoLine& input) {
    return EditDraftPo(po_id, [&](PurchaseOrder& po, const std::string& now) -> Status {
        PoLine* line = LineFor(po, input.sku);
        if (line == nullptr) {
            return Status::NotFound("purchase order " + po_id + " has no line for " + input.sku +
                                    "; add one with po add-line");
        }
        line->quantity_ordered = input.quantity_ordered;
        line->cost = input.cost;
        Status ok = CheckLine(*store_, po_id, *line);
        return ok.ok() ? WritePoLine(*store_, po_id, *line, now) : ok;
    });
}

Result<PurchaseOrder> Engine::RemovePoLine(const std::string& po_id, const std::string& sku) {
    return EditDraftPo(po_id, [&](PurchaseOrder& po, const std::string& now) -> Status {
        const PoLine* line = LineFor(po, sku);
        if (line == nullptr) {
            return Status::NotFound("purchase order " + po_id + " has no line for " + sku);
        }
        Status ok = DeletePoLine(*store_, po_id, line->line, now);
        if (ok.ok()) po.lines.erase(po.lines.begin() + (line - po.lines.data()));
        return ok;
    });
}

Result<PurchaseOrder> Engine::EditDraftPo(
    const std::string& po_id,
    const std::function<Status(PurchaseOrder&, const std::string& now)>& change) {
    const std::string now = Now();
    PurchaseOrder stored;
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<PurchaseOrder> po = LoadPo(*store_, po_id);
        if (!po.ok()) return po.status();
        Status ok = RequireDraft(*po);
        if (ok.ok()) ok = change(*po, now);
        if (!ok.ok()) return ok;
        po->updated_at = now;
        ok = WritePurchaseOrderHeader(*store_, *po, now);
        if (!ok.ok()) return ok;
        stored = std::move(po.value());
        return Status::Ok();
    });
    if (!status.ok()) return status;
    ++generation_;
    return stored;
}

Result<PurchaseOrder> Engine::OrderPurchaseOrder(const std::string& po_id,
                                                 const std::string& expected_at) {
    std::string expected = expected_at;
    if (!expected.empty()) {
        Status valid = NormalizeInstantOrNow(&expected, "expected_at");
        if (!valid.ok()) return valid;
    }
    const int64_t now_seconds = NowUnixSeconds();
    const std::string now = FormatIso8601Utc(now_seconds);
    PurchaseOrder stored;
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<PurchaseOrder> po = LoadPo(*store_, po_id);
        if (!po.ok()) return po.status();
        if (po->status != kPoDraft) {
            return Status(Code::kConflict, "purchase order " + po_id + " is " + po->status +
                                               "; only a draft can be ordered");
        }
        if (po->lines.empty()) {
            return Status::InvalidArgument("purchase order " + po_id +
                                           " has no lines; add some (po add-line) before ordering");
        }
        if (!expected.empty()) {
            po->expected_at = expected;
        } else if (po->expected_at.empty()) {
            Result<std::optional<Supplier>> supplier =
                store_->purchasing().FindSupplier(po->supplier_id);
            if (!supplier.ok()) return supplier.status();
            if (supplier.value() && (*supplier)->lead_time_days) {
                po->expected_at =
                    FormatIso8601Utc(now_seconds + *(*supplier)->lead_time_days * 86400);
            }
        }
        po->status = kPoOrdered;
        po->ordered_at = now;
        po->updated_at = now;
        Status saved = WritePurchaseOrderHeader(*store_, *po, now);
        if (!saved.ok()) return saved;
        stored = std::move(po.value());
        return Status::Ok();
    });
    if (!status.ok()) return status;
    ++generation_;
    return stored;
}

Result<PoReceiptResult> Engine::ReceivePurchaseOrder(const PoReceipt& input) {
    PoReceipt receipt = input;
    if (receipt.receipt_id.empty()) receipt.receipt_id = NewMovementId().substr(0, 16);
    Status valid = ValidateToken(receipt.receipt_id, "a receipt id");
    if (!valid.ok()) return valid;
    if (receipt.location.empty()) {
        return Status::InvalidArgument("say where the goods arrived (a location)");
    }
    if (receipt.lines.empty()) {
        return Status::InvalidArgument("the receipt for purchase order " + receipt.po_id +
                                       " has no lines; say which SKUs arrived");
    }
    for (size_t i = 0; i < receipt.lines.size(); ++i) {
        valid = ValidateQuantity(receipt.lines[i].quantity,
                                 "the received quantity of " + receipt.lines[i].sku);
        if (!valid.ok()) return valid;
        for (size_t j = 0; j < i; ++j) {
            if (receipt.lines[j].sku == receipt.lines[i].sku) {
                return Status::InvalidArgument("the receipt names " + receipt.lines[i].sku +
                                               " twice; give its total once");
            }
        }
    }
    if (!receipt.occurred_at.empty()) {
        valid = NormalizeInstantOrNow(&receipt.occurred_at, "occurred_at");
        if (!valid.ok()) return valid;
    }
    const std::string now = Now();
    PoReceiptResult result;
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<PurchaseOrder> loaded = LoadPo(*store_, receipt.po_id);
        if (!loaded.ok()) return loaded.status();
        PurchaseOrder& po = loaded.value();
        Result<std::optional<Location>> location = store_->stock().FindLocation(receipt.location);
        if (!location.ok()) return location.status();
        if (!location.value()) {
            return Status::NotFound("location '" + receipt.location +
                                    "' does not exist; add it first (stocktake location add)");
        }
        const bool open = po.status == kPoOrdered || po.status == kPoPartiallyReceived;
        bool moved = false;
        for (const PoReceiptLine& in : receipt.lines) {
            PoLine* line = LineFor(po, in.sku);
            if (line == nullptr) {
                return Status::NotFound(in.sku + " is not on purchase order " + po.id +
                                        "; receive it on the PO that ordered it");
            }
            PoReceivedLine out;
            out.sku = in.sku;
            out.line = line->line;
            out.quantity = in.quantity;
            out.ordered = line->quantity_ordered;
            const std::string id = PoLineMovementPrefix(po.id, line->line) + receipt.receipt_id;
            Result<std::optional<Movement>> existing = store_->stock().FindMovement(id);
            if (!existing.ok()) return existing.status();
            if (existing.value()) {
                // A re-sent receipt: the same facts move nothing; other facts are a conflict.
                if ((*existing)->delta != in.quantity ||
                    (*existing)->location != receipt.location) {
                    return Status(Code::kConflict,
                                  "receipt " + receipt.receipt_id + " of " + in.sku + " on " +
                                      po.id +
                                      " is already recorded with other values; use "
                                      "another receipt id for another delivery");
                }
                out.already_recorded = true;
                out.movement = std::move(**existing);
                out.received = line->quantity_received;
                result.lines.push_back(std::move(out));
                continue;
            }
            if (!open) {
                return Status(Code::kConflict,
                              po.status == kPoDraft
                                  ? "purchase order " + po.id +
                                        " is a draft; order it first (stocktake po order " + po.id +
                                        ")"
                                  : "purchase order " + po.id + " is " + po.status +
                                        " and can no longer change");
            }
            const int64_t before = line->quantity_received;
            const int64_t after = before + in.quantity;
            if (after > line->quantity_ordered && !receipt.allow_over) {
                return Status(Code::kConflict,
                              "receiving " + std::to_string(in.quantity) + " " + in.sku + " on " +
                                  po.id + " makes " + std::to_string(after) + " of " +
                                  std::to_string(line->quantity_ordered) +
                                  " ordered; check the delivery, or allow over-receipt "
                                  "(--allow-over) to accept the extra " +
                                  std::to_string(after - std::max(before, line->quantity_ordered)));
            }
            out.over_received =
                std::max<int64_t>(0, after - std::max(before, line->quantity_ordered));
            Movement m;
            m.id = id;
            m.sku = in.sku;
            m.location = receipt.location;
            m.delta = in.quantity;
            m.kind = MovementKind::kReceive;
            m.reason = "receipt " + receipt.receipt_id;
            m.reference = "po:" + po.id;
            m.occurred_at = receipt.occurred_at.empty() ? now : receipt.occurred_at;
            m.recorded_by = receipt.recorded_by;
            Result<Movement> appended = AppendMovement(*store_, std::move(m), now);
            if (!appended.ok()) return appended.status();
            out.movement = std::move(appended.value());
            // The ledger is the truth: the line's total is its receive movements' sum.
            Result<int64_t> received = store_->purchasing().ReceivedOnLedger(po.id, line->line);
            if (!received.ok()) return received.status();
            line->quantity_received = received.value();
            out.received = line->quantity_received;
            Status saved = WritePoLine(*store_, po.id, *line, now);
            if (!saved.ok()) return saved;
            moved = true;
            result.lines.push_back(std::move(out));
        }
        if (moved) {
            po.status = StatusAfterReceipts(po);
            po.updated_at = now;
            Status saved = WritePurchaseOrderHeader(*store_, po, now);
            if (!saved.ok()) return saved;
        }
        result.po_id = po.id;
        result.receipt_id = receipt.receipt_id;
        result.status = po.status;
        return Status::Ok();
    });
    if (!status.ok()) return status;
    ++generation_;
    return result;
}

Result<PurchaseOrder> Engine::CancelPurchaseOrder(const std::string& po_id) {
    const std::string now = Now();
    PurchaseOrder stored;
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<PurchaseOrder> po = LoadPo(*store_, po_id);
        if (!po.ok()) return po.status();
        if (po->status == kPoReceived || po->status == kPoCancelled) {
            return Status(Code::kConflict, "purchase order " + po_id + " is " + po->status +
                                               " and can no longer be cancelled");
        }
        po->status = kPoCancelled;
        po->updated_at = now;
        Status saved = WritePurchaseOrderHeader(*store_, *po, now);
        if (!saved.ok()) return saved;
        stored = std::move(po.value());
        return Status::Ok();
    });
    if (!status.ok()) return status;
    ++generation_;
    return stored;
}

Result<PurchaseOrder> Engine::GetPurchaseOrder(const std::string& po_id) const {
    return LoadPo(*store_, po_id);
}

Result<std::vector<PurchaseOrder>> Engine::PurchaseOrders(const std::string& status) const {
    if (!status.empty() && status != kPoDraft && status != kPoOrdered &&
        status != kPoPartiallyReceived && status != kPoReceived && status != kPoCancelled) {
        return Status::InvalidArgument("status '" + status +
                                       "' is unknown; use draft, ordered, partially_received, "
                                       "received or cancelled");
    }
    return store_->purchasing().PurchaseOrders(status);
}

Result<std::vector<InboundStock>> Engine::Inbound(const std::string& sku) const {
    return store_->purchasing().Inbound(sku);
}

Result<int64_t> Engine::InboundQuantity(const std::string& sku) const {
    Result<std::vector<InboundStock>> rows = store_->purchasing().Inbound(sku);
    if (!rows.ok()) return rows.status();
    int64_t total = 0;
    for (const InboundStock& row : rows.value()) total += row.quantity;
    return total;
}

}  // namespace stocktake::engine
