#include "store/kits_repo.h"

namespace stocktake::engine {

Result<std::optional<Kit>> KitsRepo::FindKit(std::string_view sku) {
    Result<Statement> stmt = db_->Prepare(
        "SELECT component_sku, quantity FROM kits WHERE kit_sku = ?1 ORDER BY component_sku");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    Result<std::vector<KitComponent>> components =
        CollectRows<KitComponent>(stmt.value(), [](const Statement& s) {
            return KitComponent{s.ColumnText(0), s.ColumnInt64(1)};
        });
    if (!components.ok()) return components.status();
    if (components->empty()) return std::optional<Kit>();
    return std::optional<Kit>(Kit{std::string(sku), std::move(components.value())});
}

Result<std::vector<Kit>> KitsRepo::Kits() {
    Result<Statement> stmt = db_->Prepare(
        "SELECT kit_sku, component_sku, quantity FROM kits ORDER BY kit_sku, component_sku");
    if (!stmt.ok()) return stmt.status();
    std::vector<Kit> kits;
    for (;;) {
        Result<bool> row = stmt->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) return kits;
        std::string kit_sku = stmt->ColumnText(0);
        if (kits.empty() || kits.back().sku != kit_sku) kits.push_back(Kit{kit_sku, {}});
        kits.back().components.push_back(KitComponent{stmt->ColumnText(1), stmt->ColumnInt64(2)});
    }
}

Result<bool> KitsRepo::IsComponent(std::string_view sku) {
    Result<Statement> stmt = db_->Prepare("SELECT 1 FROM kits WHERE component_sku = ?1 LIMIT 1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return stmt->Step();
}

}  // namespace stocktake::engine
