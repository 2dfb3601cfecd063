#include "stock/ledger.h"

#include "stock/movement_rules.h"
#include "store/store.h"
#include "sync/ledger_json.h"
#include "sync/outbox.h"

namespace stocktake::engine {

namespace {

// Whether a re-sent movement is the one stored. A re-send that left occurred_at to the
// engine ("now") cannot know the stored time, so the time is compared only when given.
bool SameFacts(const Movement& stored, const Movement& sent, bool time_given) {
    return stored.sku == sent.sku && stored.location == sent.location &&
           stored.delta == sent.delta && stored.kind == sent.kind &&
           (!time_given || stored.occurred_at == sent.occurred_at);
}

}  // namespace

// Runs body in one transaction: committed when it returns OK, rolled back otherwise.
Status InTransaction(Store& store, const std::function<Status()>& body) {
    if (store.import_running()) {
        return Status(Code::kConflict,
                      "an import is running; wait for it to finish, then record stock again");
    }
    Status status = store.db().Begin();
    if (!status.ok()) return status;
    status = body();
    if (status.ok()) status = store.db().Commit();
    if (!status.ok()) (void)store.db().Rollback();
    return status;
}

Status RequireProduct(Store& store, const std::string& sku, const std::string& role) {
    Result<bool> exists = store.purchasing().ProductExists(sku);
    if (!exists.ok()) return exists.status();
    if (exists.value()) return Status::Ok();
    return Status::NotFound(role + " " + sku +
                            " is not in the catalogue; import it (stocktake import) first");
}

// Validates, resolves the location, and appends unless the id is already recorded.
Result<Movement> AppendMovement(Store& store, Movement movement, const std::string& now) {
    if (movement.id.empty()) movement.id = NewMovementId();
    const bool time_given = !movement.occurred_at.empty();
    Status valid = ValidateMovement(&movement);
    if (!valid.ok()) return valid;
    Result<std::optional<Movement>> existing = store.stock().FindMovement(movement.id);
    if (!existing.ok()) return existing.status();
    if (existing.value()) {
        if (!SameFacts(**existing, movement, time_given)) {
            return Status(Code::kConflict,
                          "movement " + movement.id + " is already recorded with other values");
        }
        return **existing;
    }
    Status known = RequireProduct(store, movement.sku, "SKU");
    if (!known.ok()) return known;
    Result<std::optional<Location>> location = store.stock().FindLocation(movement.location);
    if (!location.ok()) return location.status();
    if (!location.value()) {
        return Status::NotFound("location '" + movement.location +
                                "' does not exist; add it first (stocktake location add)");
    }
    if (movement.device.empty()) {
        Result<DeviceState> device = store.sync().Device();
        if (!device.ok()) return device.status();
        movement.device = device->device_id;
    }
    Result<int64_t> position = store.stock().Append(movement, now);
    if (!position.ok()) return position.status();
    movement.position = position.value();
    Result<Op> op = RecordLocalOp(store, "movement", {movement.id}, MovementToJson(movement));
    if (!op.ok()) return op.status();
    return movement;
}

Status WriteLocation(Store& store, const Location& location, const std::string& now) {
    nlohmann::json fields = {{"name", location.name}, {"kind", location.kind}};
    fields["parent_id"] =
        location.parent_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(location.parent_id);
    return WriteRecord(store, "location", {location.id}, std::move(fields), now);
}

Status InsertCount(Store& store, const Count& count) {
    Status inserted = store.stock().InsertCount(count);
    if (!inserted.ok()) return inserted;
    Result<Op> op = RecordLocalOp(store, "count", {count.id}, CountToJson(count));
    return op.ok() ? Status::Ok() : op.status();
}

}  // namespace stocktake::engine
