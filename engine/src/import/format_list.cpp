#include "import/format_detect.h"
#include "import/formats.h"
#include "stocktake/engine/formats.h"

namespace stocktake::engine {
namespace {

// The formats whose rows the import job can write today; detection knows more.
bool IsImportable(const std::string& id) {
    return id == "amazon_all_listings";
}

}  // namespace

std::vector<FormatInfo> ListFormats() {
    std::vector<FormatInfo> formats;
    for (const FormatDef& def : KnownFormats()) {
        FormatInfo info;
        info.id = def.id;
        info.display_name = def.display_name;
        for (const ColumnDef& column : def.columns) {
            if (column.role == ColumnRole::kRequired)
                info.required_columns.push_back(column.display);
        }
        info.importable = IsImportable(def.id);
        formats.push_back(std::move(info));
    }
    FormatInfo generic;
    generic.id = std::string(kGenericCatalogFormat);
    generic.display_name = "Catalog CSV (columns mapped by you)";
    generic.required_columns = {"sku"};
    formats.push_back(std::move(generic));
    return formats;
}

}  // namespace stocktake::engine
