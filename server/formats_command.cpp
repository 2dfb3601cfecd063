// `stocktake formats [--json]`: the file formats the engine recognises by header. With
// --json one object, {"formats": [{"id", "name", "required_columns", "importable"}...]}.
#include <nlohmann/json.hpp>

#include "cli.h"
#include "stocktake/engine/formats.h"

namespace stocktake::server {

int FormatsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const bool json = args.size() == 1 && args[0] == "--json";
    if (!args.empty() && !json) {
        err << "stocktake: formats takes only --json\n";
        return kExitUsage;
    }
    const std::vector<engine::FormatInfo> formats = engine::ListFormats();
    if (json) {
        nlohmann::json list = nlohmann::json::array();
        for (const engine::FormatInfo& format : formats) {
            list.push_back({{"id", format.id},
                            {"name", format.display_name},
                            {"required_columns", format.required_columns},
                            {"importable", format.importable}});
        }
        out << nlohmann::json{{"formats", std::move(list)}}.dump() << "\n";
        return kExitOk;
    }
    for (const engine::FormatInfo& format : formats) {
        out << format.id << "\t" << format.display_name;
        if (!format.importable) out << " (recognised; import comes later)";
        out << "\n";
    }
    return kExitOk;
}

}  // namespace stocktake::server
