// `stocktake migrate [--json]`: brings APP_DATABASE_URL's schema up to date and says what
// it applied. `serve` does the same at startup; this is for deployments that migrate
// before rolling out new replicas, and for checking a database by hand.
#include <nlohmann/json.hpp>

#include "cli.h"
#include "storage/migrations.h"
#include "storage/storage.h"

namespace stocktake::server {

int MigrateCommand(const std::vector<std::string>& args, const Config& config, std::ostream& out,
                   std::ostream& err) {
    const bool json = args.size() == 1 && args[0] == "--json";
    if (!args.empty() && !json) {
        err << "stocktake: migrate takes only --json\n\n";
        PrintServerUsage(err);
        return kExitUsage;
    }
    // One connection: migrations run one after another.
    Result<std::unique_ptr<SqlDatabase>> db = OpenSqlDatabase(config.database_url, 1);
    if (!db.ok()) {
        err << "stocktake: " << db.status().message() << "\n";
        return kExitFailure;
    }
    MigrationReport report;
    Status migrated = Migrate(**db, &report);
    if (!migrated.ok()) {
        err << "stocktake: " << migrated.message() << "\n";
        return kExitFailure;
    }
    const std::string backend = (*db)->Backend();
    if (json) {
        nlohmann::ordered_json applied = nlohmann::ordered_json::array();
        for (const Migration& migration : report.applied) {
            applied.push_back({{"version", migration.version}, {"name", migration.name}});
        }
        nlohmann::ordered_json doc = {
            {"backend", backend}, {"from", report.from}, {"to", report.to}, {"applied", applied}};
        out << doc.dump() << "\n";
        return kExitOk;
    }
    if (report.applied.empty()) {
        out << backend << " database is up to date at schema version " << report.to << "\n";
        return kExitOk;
    }
    for (const Migration& migration : report.applied) {
        out << "applied " << migration.version << " " << migration.name << "\n";
    }
    out << backend << " database migrated from schema version " << report.from << " to "
        << report.to << "\n";
    return kExitOk;
}

}  // namespace stocktake::server
