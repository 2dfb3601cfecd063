#include "stock/kits.h"

#include <algorithm>
#include <map>

#include "stock/ledger.h"
#include "stock/movement_rules.h"
#include "store/store.h"

namespace stocktake::engine {

namespace {

bool ExpandsToComponents(MovementKind kind) {
    return kind == MovementKind::kSale || kind == MovementKind::kShip ||
           kind == MovementKind::kReturn;
}

std::string ComponentList(const Kit& kit) {
    std::string list;
    for (const KitComponent& c : kit.components) {
        if (!list.empty()) list += ", ";
        list += c.sku;
    }
    return list;
}

}  // namespace

int64_t KitsFrom(int64_t available, int64_t per_kit) {
    int64_t kits = available / per_kit;
    if (available % per_kit != 0 && available < 0) --kits;
    return kits;
}

Result<std::vector<Movement>> AppendExpandingKits(Store& store, Movement movement,
                                                  const std::string& now) {
    Result<std::optional<Kit>> kit = store.kits().FindKit(movement.sku);
    if (!kit.ok()) return kit.status();
    std::vector<Movement> appended;
    if (!kit.value()) {
        Result<Movement> one = AppendMovement(store, std::move(movement), now);
        if (!one.ok()) return one.status();
        appended.push_back(std::move(one.value()));
        return appended;
    }
    if (!ExpandsToComponents(movement.kind)) {
        return Status::InvalidArgument(
            movement.sku + " is a kit and has no stock of its own; record the " +
            MovementKindName(movement.kind) + " on its components (" + ComponentList(**kit) + ")");
    }
    if (movement.id.empty()) movement.id = NewMovementId();
    // One instant for every component; a re-send (already recorded) keeps the stored one.
    if (movement.occurred_at.empty()) {
        Result<std::optional<Movement>> first =
            store.stock().FindMovement(movement.id + ":" + (*kit)->components.front().sku);
        if (!first.ok()) return first.status();
        if (!first.value()) movement.occurred_at = now;
    }
    for (const KitComponent& component : (*kit)->components) {
        Movement part = movement;
        part.id += ':';
        part.id += component.sku;
        part.sku = component.sku;
        if (__builtin_mul_overflow(movement.delta, component.quantity, &part.delta)) {
            return Status::InvalidArgument("the movement of kit " + movement.sku + " moves " +
                                           std::to_string(movement.delta) +
                                           " kits: too many units of " + component.sku);
        }
        if (part.reference.empty()) part.reference = "kit " + movement.sku;
        Result<Movement> one = AppendMovement(store, std::move(part), now);
        if (!one.ok()) return one.status();
        appended.push_back(std::move(one.value()));
    }
    return appended;
}

Status RefuseKit(Store& store, const std::string& sku, const char* what) {
    Result<std::optional<Kit>> kit = store.kits().FindKit(sku);
    if (!kit.ok()) return kit.status();
    if (!kit.value()) return Status::Ok();
    return Status::InvalidArgument(sku + " is a kit and has no stock of its own; record " + what +
                                   " on its components (" + ComponentList(**kit) + ")");
}

Status AddKitAvailabilities(Store& store, const std::string& sku, std::vector<Availability>* rows) {
    std::vector<Kit> kits;
    if (sku.empty()) {
        Result<std::vector<Kit>> all = store.kits().Kits();
        if (!all.ok()) return all.status();
        kits = std::move(all.value());
    } else {
        Result<std::optional<Kit>> one = store.kits().FindKit(sku);
        if (!one.ok()) return one.status();
        if (!one.value()) return Status::Ok();
        kits.push_back(std::move(**one));
    }
    if (kits.empty()) return Status::Ok();
    std::map<std::string, int64_t> available;
    for (const Availability& row : *rows) available[row.sku] = row.available;
    std::vector<Availability> kit_rows;
    for (const Kit& kit : kits) {
        Availability row;
        row.sku = kit.sku;
        row.kit = true;
        for (size_t i = 0; i < kit.components.size(); ++i) {
            const KitComponent& c = kit.components[i];
            auto known = available.find(c.sku);
            if (known == available.end() && !sku.empty()) {
                // Only the kit was asked for: its components' rows are not in *rows yet.
                Result<std::vector<Availability>> own = store.orders().Availabilities(c.sku);
                if (!own.ok()) return own.status();
                known = available.emplace(c.sku, own->empty() ? 0 : own->front().available).first;
            }
            const int64_t from = KitsFrom(known == available.end() ? 0 : known->second, c.quantity);
            row.available = i == 0 ? from : std::min(row.available, from);
        }
        row.on_hand = row.available;
        kit_rows.push_back(std::move(row));
    }
    // A kit's own rows (stock recorded before it became a kit) give way to the computed ones.
    rows->erase(std::remove_if(rows->begin(), rows->end(),
                               [&](const Availability& r) {
                                   return std::any_of(
                                       kit_rows.begin(), kit_rows.end(),
                                       [&](const Availability& k) { return k.sku == r.sku; });
                               }),
                rows->end());
    rows->insert(rows->end(), kit_rows.begin(), kit_rows.end());
    std::sort(rows->begin(), rows->end(),
              [](const Availability& a, const Availability& b) { return a.sku < b.sku; });
    return Status::Ok();
}

}  // namespace stocktake::engine
