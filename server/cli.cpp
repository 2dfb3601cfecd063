#include "cli.h"

#include "version.h"

namespace stocktake::server {

void PrintUsage(std::ostream& os) {
    os << "Usage: stocktake <command> [options]\n"
          "\n"
          "Commands:\n"
          "  serve                     serve the app and its API (configured by the APP_*\n"
          "                            variables below; stocktake serve --help)\n"
          "  migrate [--json]          bring APP_DATABASE_URL's schema up to date (serve\n"
          "                            does it too, at startup)\n"
          "  import FILE [--db PATH] [--format NAME] [--mapping FILE.json] [--dry-run]\n"
          "              [--json]      import a catalogue file (Amazon, Shopify, eBay, supplier\n"
          "                            prices, mapped CSV) into PATH (default <data dir>/cli.db)\n"
          "                            and summarise it; stocktake import --help for more\n"
          "  location add ID [--parent ID] [--name TEXT]\n"
          "                            add a warehouse, or a bin inside --parent\n"
          "  move SKU LOCATION QTY --kind KIND [--reason TEXT] [--reference TEXT] [--id ID]\n"
          "              [--at ISO8601]  record a stock movement (QTY signed: -2 for a sale)\n"
          "  transfer SKU FROM TO QTY [--reason TEXT]\n"
          "                            move QTY units between two locations\n"
          "  count SKU LOCATION COUNTED [--seen POSITION] [--blind] [--id ID] [--at ISO8601]\n"
          "                            record a cycle count and its adjustment\n"
          "  stock [SKU] [--location ID] [--at ISO8601 | --why | --negative | --check]\n"
          "                            on-hand per location; stocktake stock --help for more\n"
          "                            (stock commands take --db PATH and --json too)\n"
          "  supplier add ID [--name TEXT] [--email ADDRESS] [--lead-days N]\n"
          "                            add or update a supplier (supplier list: all of them)\n"
          "  po create SUPPLIER [--id ID] [--line SKU:QTY[:COST]]...\n"
          "                            start a draft purchase order; then po add-line PO SKU QTY,\n"
          "                            order PO, receive PO SKU QTY --location ID [--allow-over]\n"
          "                            [--receipt ID], cancel PO, show PO, list [--status S];\n"
          "                            stocktake po --help for more\n"
          "  kit set KIT COMPONENT:QTY...\n"
          "                            make KIT a kit of its components (kit list: all kits)\n"
          "  channel export CHANNEL [--out FILE] [--kind quantity|price|delist]\n"
          "                            write the marketplace's bulk file after the channel's\n"
          "                            rules (also channel list, rules, simulate)\n"
          "  realloc list|push|pull|moves|purge|export\n"
          "                            the reallocation list; stocktake channel --help for more\n"
          "  insights [--kind KIND] [--at ISO8601]\n"
          "                            bring the insights up to date and list them\n"
          "  restock [--create-pos] [--at ISO8601]\n"
          "                            the restock plan; --create-pos makes draft POs\n"
          "  org create NAME           create an organisation (prints its id)\n"
          "  user add|list|disable --org ID ...\n"
          "                            manage an organisation's users; stocktake user --help\n"
          "  webhook token|secret create|add|list|revoke --org ID\n"
          "                            ShipStation webhook URL tokens and signing secrets;\n"
          "                            stocktake webhook --help\n"
          "  formats [--json]          list the file formats recognised by their header\n"
          "  version                   print the version\n"
          "  help                      print this help\n"
          "\n";
    PrintEnvironmentHelp(os);
    os << "\n"
          "Exit status: 0 success, 1 failure, 2 bad command line or environment.\n";
}

void PrintServerUsage(std::ostream& os) {
    os << "Usage: stocktake serve\n"
          "       stocktake migrate [--json]\n"
          "\n"
          "serve migrates the database (APP_DATABASE_URL) to this version's schema, then\n"
          "serves the app and its API until SIGINT or SIGTERM. migrate only migrates, and\n"
          "prints the versions it applied (--json: one object). Several servers may share one\n"
          "PostgreSQL database (replicas behind a load balancer); each migrates safely.\n"
          "\n";
    PrintEnvironmentHelp(os);
}

int RunCli(const std::vector<std::string>& args, const EnvMap& env, std::ostream& out,
           std::ostream& err) {
    if (args.empty()) {
        PrintUsage(err);
        return kExitUsage;
    }
    const std::string& command = args[0];
    if (command == "help" || command == "--help" || command == "-h") {
        PrintUsage(out);
        return kExitOk;
    }
    if (command == "version" || command == "--version") {
        out << "stocktake " << kVersion << "\n";
        return kExitOk;
    }
    if (command == "formats") return FormatsCommand({args.begin() + 1, args.end()}, out, err);
    const bool stock = command == "location" || command == "move" || command == "transfer" ||
                       command == "count" || command == "stock";
    const bool purchasing = command == "supplier" || command == "po" || command == "kit";
    const bool channels = command == "channel" || command == "realloc";
    const bool insights = command == "insights" || command == "restock";
    const bool server = command == "serve" || command == "migrate";
    const bool accounts = command == "org" || command == "user";
    const bool webhooks = command == "webhook";
    if (!server && command != "import" && !stock && !purchasing && !channels && !insights &&
        !accounts && !webhooks) {
        err << "stocktake: unknown command \"" << command << "\"\n\n";
        PrintUsage(err);
        return kExitUsage;
    }

    if (command == "import" || stock || purchasing || server) {
        for (size_t i = 1; i < args.size() && args[i] != "--"; ++i) {
            if (args[i] == "--help" || args[i] == "-h") {
                if (server) {
                    PrintServerUsage(out);
                } else if (stock) {
                    PrintStockUsage(out);
                } else if (purchasing) {
                    PrintPurchasingUsage(out);
                } else {
                    PrintImportUsage(out);
                }
                return kExitOk;
            }
        }
    }

    Result<Config> config = ParseConfig(env);
    if (!config.ok()) {
        err << "stocktake: " << config.status().message() << "\n";
        return kExitUsage;
    }
    if (command == "serve") {
        if (args.size() == 2 && (args[1] == "--help" || args[1] == "-h")) {
            PrintUsage(out);
            return kExitOk;
        }
        // serve's stdout is JSON lines (its log) with or without --json, which it accepts
        // like every subcommand; the human banner goes to stderr.
        const bool json_only = args.size() == 2 && args[1] == "--json";
        if (args.size() > 1 && !json_only) {
            err << "stocktake: serve takes no arguments (configure it with APP_* "
                   "variables)\n\n";
            PrintServerUsage(err);
            return kExitUsage;
        }
        Result<AuthConfig> auth = ParseAuthConfig(env);
        if (!auth.ok()) {
            err << "stocktake: " << auth.status().message() << "\n";
            return kExitUsage;
        }
        return ServeCommand(*config, *auth, out, err);
    }
    if (webhooks) return WebhookCommand({args.begin() + 1, args.end()}, *config, out, err);
    if (accounts) return AccountCommand(command, {args.begin() + 1, args.end()}, *config, out, err);
    if (command == "migrate")
        return MigrateCommand({args.begin() + 1, args.end()}, *config, out, err);
    if (channels) return ChannelCommand(command, {args.begin() + 1, args.end()}, *config, out, err);
    if (insights)
        return InsightsCommand(command, {args.begin() + 1, args.end()}, *config, out, err);
    if (stock) return StockCommand(command, {args.begin() + 1, args.end()}, *config, out, err);
    if (purchasing) {
        return PurchasingCommand(command, {args.begin() + 1, args.end()}, *config, out, err);
    }
    return ImportCommand({args.begin() + 1, args.end()}, *config, out, err);
}

}  // namespace stocktake::server
