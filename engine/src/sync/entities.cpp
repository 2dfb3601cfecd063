#include "sync/entities.h"

#include "stocktake/json_text.h"
#include "store/records_repo.h"

namespace stocktake::engine {

const TableSpec* RecordSpecOf(std::string_view entity) {
    for (const TableSpec* spec :
         {&ProductsTable(), &ListingsTable(), &VendorPricesTable(), &LocationsTable(),
          &OrdersTable(), &OrderLinesTable(), &SuppliersTable(), &PurchaseOrdersTable(),
          &PoLinesTable(), &KitComponentsTable(), &ChannelRulesTable(), &ReallocationsTable(),
          &ReallocationMovesTable(), &SettingsTable(), &ChannelFeesTable(), &ProductPlansTable(),
          &BarcodesTable()}) {
        if (entity == spec->entity) return spec;
    }
    return nullptr;
}

std::string KeyText(const std::vector<std::string>& key) {
    return JsonStringArray(key);
}

}  // namespace stocktake::engine
