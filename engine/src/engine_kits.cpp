// Engine's kit methods: defining kits. How a kit moves and what it has available is in
// stock/kits; SQL in store/kits_repo.
#include <algorithm>

#include "stock/ledger.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/store.h"
#include "sync/entity_writes.h"

namespace stocktake::engine {

namespace {

Status ValidateKitShape(Kit* kit) {
    if (kit->sku.empty()) return Status::InvalidArgument("a kit needs its SKU");
    if (kit->components.empty()) {
        return Status::InvalidArgument("kit " + kit->sku +
                                       " needs at least one component (COMPONENT:QTY)");
    }
    std::sort(kit->components.begin(), kit->components.end(),
              [](const KitComponent& a, const KitComponent& b) { return a.sku < b.sku; });
    for (size_t i = 0; i < kit->components.size(); ++i) {
        const KitComponent& c = kit->components[i];
        if (c.sku.empty())
            return Status::InvalidArgument("kit " + kit->sku + " has a component without a SKU");
        if (c.sku == kit->sku) {
            return Status::InvalidArgument("kit " + kit->sku + " cannot contain itself");
        }
        if (c.quantity <= 0 || c.quantity > kMaxPurchaseQuantity) {
            return Status::InvalidArgument("kit " + kit->sku + " needs between 1 and " +
                                           std::to_string(kMaxPurchaseQuantity) + " of " + c.sku +
                                           " (got " + std::to_string(c.quantity) + ")");
        }
        if (i > 0 && kit->components[i - 1].sku == c.sku) {
            return Status::InvalidArgument("kit " + kit->sku + " names " + c.sku +
                                           " twice; give its total quantity once");
        }
    }
    return Status::Ok();
}

}  // namespace

Status Engine::DefineKit(const Kit& input) {
    Kit kit = input;
    Status valid = ValidateKitShape(&kit);
    if (!valid.ok()) return valid;
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status = InTransaction(*store_, [&]() -> Status {
        Status known = RequireProduct(*store_, kit.sku, "kit");
        if (!known.ok()) return known;
        Result<bool> is_component = store_->kits().IsComponent(kit.sku);
        if (!is_component.ok()) return is_component.status();
        if (is_component.value()) {
            return Status::InvalidArgument(kit.sku +
                                           " is a component of another kit, so it cannot be a kit "
                                           "(kits do not nest)");
        }
        Result<std::vector<StockLevel>> levels = store_->stock().Levels(kit.sku);
        if (!levels.ok()) return levels.status();
        for (const StockLevel& level : levels.value()) {
            if (level.on_hand != 0) {
                return Status(Code::kConflict,
                              kit.sku + " has " + std::to_string(level.on_hand) + " on hand at " +
                                  level.location +
                                  "; a kit has no stock of its own, so move that stock out "
                                  "(an adjust) before making it a kit");
            }
        }
        for (const KitComponent& c : kit.components) {
            known = RequireProduct(*store_, c.sku, "component");
            if (!known.ok()) return known;
            Result<std::optional<Kit>> nested = store_->kits().FindKit(c.sku);
            if (!nested.ok()) return nested.status();
            if (nested.value()) {
                return Status::InvalidArgument("component " + c.sku + " of kit " + kit.sku +
                                               " is a kit itself; list its components instead "
                                               "(kits do not nest)");
            }
        }
        return WriteKit(*store_, kit, now);
    });
    if (status.ok()) ++generation_;
    return status;
}

Result<std::vector<Kit>> Engine::Kits() const {
    return store_->kits().Kits();
}

Result<std::optional<Kit>> Engine::FindKit(const std::string& sku) const {
    return store_->kits().FindKit(sku);
}

}  // namespace stocktake::engine
