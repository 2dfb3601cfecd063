#include "sync/entities.h"

#include <nlohmann/json.hpp>

#include "store/records_repo.h"

namespace stocktake::engine {

const TableSpec* RecordSpecOf(std::string_view entity) {
    for (const TableSpec* spec :
         {&ProductsTable(), &ListingsTable(), &VendorPricesTable(), &LocationsTable(),
          &OrdersTable(), &OrderLinesTable(), &SuppliersTable(), &PurchaseOrdersTable(),
          &PoLinesTable(), &KitComponentsTable(), &SettingsTable(), &ChannelFeesTable(),
          &ProductPlansTable()}) {
        if (entity == spec->entity) return spec;
    }
    return nullptr;
}

std::string KeyText(const std::vector<std::string>& key) {
    return nlohmann::json(key).dump();
}

}  // namespace stocktake::engine
