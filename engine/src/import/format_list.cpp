#include "import/format_detect.h"
#include "import/formats.h"
#include "import/row_converter.h"
#include "stocktake/engine/formats.h"

namespace stocktake::engine {
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
        info.importable = IsImportableFormat(def.id);
        formats.push_back(std::move(info));
    }
    FormatInfo generic;
    generic.id = std::string(kGenericCatalogFormat);
    generic.display_name = std::string(kGenericCatalogDisplayName);
    generic.required_columns = {"sku"};
    generic.importable = true;
    formats.push_back(std::move(generic));
    return formats;
}

Result<ColumnMapping> ParseColumnMapping(std::string_view json) {
    Result<ColumnMapping> mapping = ColumnMappingFromJson(json);
    if (mapping.ok() && mapping->fields.count("sku") == 0) {
        return Status::InvalidArgument("it maps no column to \"sku\" (required)");
    }
    return mapping;
}

}  // namespace stocktake::engine
