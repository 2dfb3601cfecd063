// Engine's stock methods: locations and the ledger. Validation in stock/movement_rules,
// SQL in store/stock_repo; this file holds the transactions and the idempotence rule.

#include "stock/kits.h"
#include "stock/ledger.h"
#include "stock/movement_rules.h"
#include "stock/transfer.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/store.h"

namespace stocktake::engine {

Status Engine::AddLocation(const Location& location) {
    if (location.id.empty()) return Status::InvalidArgument("a location needs an id");
    if (location.kind != "warehouse" && location.kind != "bin") {
        return Status::InvalidArgument("location kind '" + location.kind +
                                       "' is unknown; use warehouse or bin");
    }
    if ((location.kind == "warehouse") != location.parent_id.empty()) {
        return Status::InvalidArgument(location.kind == "warehouse"
                                           ? "a warehouse has no parent location"
                                           : "a bin belongs to a warehouse or another bin");
    }
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::optional<Location>> existing = store_->stock().FindLocation(location.id);
        if (!existing.ok()) return existing.status();
        if (existing.value()) {
            return Status(Code::kConflict, "location '" + location.id + "' already exists");
        }
        if (!location.parent_id.empty()) {
            Result<std::optional<Location>> parent =
                store_->stock().FindLocation(location.parent_id);
            if (!parent.ok()) return parent.status();
            if (!parent.value()) {
                return Status::NotFound("parent location '" + location.parent_id +
                                        "' does not exist");
            }
        }
        return WriteLocation(*store_, location, now);
    });
    if (status.ok()) ++generation_;
    return status;
}

Result<std::vector<Location>> Engine::Locations() const {
    return store_->stock().Locations();
}

Result<Movement> Engine::RecordMovement(Movement movement) {
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    // A kit's movement is its components' (stock/kits.h): the caller gets the kit's view.
    if (movement.id.empty()) movement.id = NewMovementId();
    Movement recorded = movement;
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::vector<Movement>> appended = AppendExpandingKits(*store_, movement, now);
        if (!appended.ok()) return appended.status();
        const Movement& last = appended->back();
        if (appended->size() == 1 && last.sku == movement.sku) {
            recorded = last;
        } else {
            recorded.occurred_at = last.occurred_at;
            recorded.position = last.position;
        }
        return Status::Ok();
    });
    if (!status.ok()) return status;
    ++generation_;
    return recorded;
}

Result<std::vector<Movement>> Engine::Transfer(const std::string& sku, const std::string& from,
                                               const std::string& to, int64_t quantity,
                                               const std::string& reason) {
    if (quantity <= 0) {
        return Status::InvalidArgument("a transfer moves a positive quantity");
    }
    if (from == to) return Status::InvalidArgument("a transfer needs two different locations");
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    std::vector<Movement> recorded;
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::vector<Movement>> legs =
            AppendTransfer(*store_, sku, from, to, quantity, reason, now);
        if (!legs.ok()) return legs.status();
        recorded = std::move(legs.value());
        return Status::Ok();
    });
    if (!status.ok()) return status;
    ++generation_;
    return recorded;
}

Result<int64_t> Engine::LedgerPosition() const {
    return store_->stock().LastPosition();
}

Result<Count> Engine::RecordCount(Count count) {
    if (count.id.empty()) count.id = NewMovementId();
    if (count.sku.empty() || count.location.empty()) {
        return Status::InvalidArgument("a count needs a SKU and the location counted");
    }
    if (count.counted < 0) {
        return Status::InvalidArgument("a count cannot find fewer than 0 units");
    }
    if (count.seen_position < 0) {
        return Status::InvalidArgument("seen_position is a ledger position (0 or more)");
    }
    Status counted_at_ok = NormalizeInstantOrNow(&count.counted_at, "counted_at");
    if (!counted_at_ok.ok()) return counted_at_ok;
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Count recorded;
    Status status = InTransaction(*store_, [&]() -> Status {
        Status not_kit = RefuseKit(*store_, count.sku, "a count");
        if (!not_kit.ok()) return not_kit;
        Result<std::optional<Count>> existing = store_->stock().FindCount(count.id);
        if (!existing.ok()) return existing.status();
        if (existing.value()) {
            const Count& stored = **existing;
            if (stored.sku != count.sku || stored.location != count.location ||
                stored.counted != count.counted || stored.seen_position != count.seen_position) {
                return Status(Code::kConflict,
                              "count " + count.id + " is already recorded with other values");
            }
            recorded = stored;
            return Status::Ok();
        }
        // Only what the counter could have seen: later movements are not in the count.
        Result<int64_t> expected =
            store_->stock().SumUpTo(count.sku, count.location, count.seen_position);
        if (!expected.ok()) return expected.status();
        count.expected = expected.value();
        if (count.counted != count.expected) {
            Movement adjust;
            adjust.id = "count:" + count.id;
            adjust.sku = count.sku;
            adjust.location = count.location;
            adjust.delta = count.counted - count.expected;
            adjust.kind = MovementKind::kCountAdjust;
            adjust.reason = count.blind ? "blind count" : "count";
            adjust.reference = "count " + count.id;
            adjust.occurred_at = count.counted_at;
            adjust.recorded_by = count.counted_by;
            Result<Movement> appended = AppendMovement(*store_, std::move(adjust), now);
            if (!appended.ok()) return appended.status();
            count.movement_id = appended->id;
        } else {
            // Nothing to adjust, but the place must exist for the count to mean anything.
            Result<std::optional<Location>> location = store_->stock().FindLocation(count.location);
            if (!location.ok()) return location.status();
            if (!location.value()) {
                return Status::NotFound("location '" + count.location + "' does not exist");
            }
        }
        Status inserted = InsertCount(*store_, count);
        if (inserted.ok()) recorded = count;
        return inserted;
    });
    if (!status.ok()) return status;
    ++generation_;
    return recorded;
}

Result<std::vector<Count>> Engine::LastCounts(const std::string& sku) const {
    return store_->stock().LastCounts(sku);
}

Result<std::vector<StockLevel>> Engine::StockLevels(const std::string& sku) const {
    return store_->stock().Levels(sku);
}

Result<std::vector<StockLevel>> Engine::NegativeStock() const {
    return store_->stock().NegativeLevels();
}

Result<int64_t> Engine::OnHandAt(const std::string& sku, const std::string& location,
                                 const std::string& at) const {
    Result<int64_t> when = ParseIso8601(at);
    if (!when.ok()) return when.status();
    return store_->stock().OnHandAt(sku, location, FormatIso8601Utc(when.value()));
}

Result<std::vector<Movement>> Engine::ExplainOnHand(const std::string& sku,
                                                    const std::string& location) const {
    return store_->stock().Movements(sku, location);
}

Result<std::vector<StockMismatch>> Engine::CheckStockLevels() const {
    return store_->stock().Mismatches();
}

Result<std::vector<Movement>> Engine::RecordMovements(const std::vector<Movement>& movements) {
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    std::vector<Movement> recorded;
    Status status = InTransaction(*store_, [&]() -> Status {
        recorded.clear();
        for (size_t i = 0; i < movements.size(); ++i) {
            Result<std::vector<Movement>> appended =
                AppendExpandingKits(*store_, movements[i], now);
            if (!appended.ok()) {
                return Status(appended.status().code(), "movement " + std::to_string(i + 1) + ": " +
                                                            appended.status().message());
            }
            for (Movement& m : appended.value()) recorded.push_back(std::move(m));
        }
        return Status::Ok();
    });
    if (!status.ok()) return status;
    ++generation_;
    return recorded;
}

}  // namespace stocktake::engine
