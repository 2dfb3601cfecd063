// Channels and the reallocation list from the command line: `stocktake channel` (list,
// rules, simulate, export) and `stocktake realloc` (list, push, pull, moves, purge,
// export). They run the engine's channel methods against --db and print short lines or,
// with --json, one JSON object. Exit codes as for the stock commands (command_args.h).
#include <fstream>
#include <optional>

#include "cli.h"
#include "command_args.h"
#include "stocktake/decimal.h"
#include "stocktake/engine/engine.h"

namespace stocktake::server {
namespace {

using engine::BulkFile;
using engine::ReallocationEntry;
using engine::ReallocationMove;
using engine::SimulatedListing;

Json OptionalJson(const std::optional<int64_t>& value) {
    return value ? Json(*value) : Json(nullptr);
}

// Velocities and risks as text with two decimals, without locale or floating to_chars.
std::string Hundredths(double value) {
    const double scaled = value * 100.0 + (value >= 0 ? 0.5 : -0.5);
    return FormatDecimalMinor(static_cast<int64_t>(scaled), 2);
}

Json RulesJson(const engine::ChannelRules& r) {
    return {{"channel", r.channel},
            {"max_quantity", OptionalJson(r.max_quantity)},
            {"percent_of_available", r.percent_of_available},
            {"min_quantity", r.min_quantity},
            {"zero_below", r.zero_below},
            {"update_delay_minutes", OptionalJson(r.update_delay_minutes)}};
}

Json EntryJson(const ReallocationEntry& e) {
    return {{"id", e.id},
            {"sku", e.sku},
            {"channel_origin", e.channel_origin},
            {"reason", e.reason},
            {"quantity", OptionalJson(e.quantity)},
            {"state", e.state},
            {"added_at", e.added_at},
            {"added_by", e.added_by}};
}

Json MoveJson(const ReallocationMove& m) {
    return {{"id", m.id},
            {"entry_id", m.entry_id},
            {"sku", m.sku},
            {"from_channel", m.from_channel},
            {"to_channel", m.to_channel},
            {"from_location", m.from_location},
            {"to_location", m.to_location},
            {"quantity", m.quantity},
            {"kind", m.kind},
            {"by", m.by},
            {"at", m.at},
            {"reference", m.reference}};
}

std::string MoveText(const ReallocationMove& m) {
    std::string text = m.at + "  " + m.sku + "  " + std::to_string(m.quantity) + " from " +
                       m.from_channel + " to " + m.to_channel + " (" + m.kind;
    if (m.kind == engine::kMoveTransfer) {
        text += " " + m.from_location + " -> " + m.to_location;
    }
    return text + (m.by.empty() ? "" : ", by " + m.by) + ")\n";
}

// Writes text to path; a usage of the file system the engine leaves to its caller.
Status WriteFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return Status::IOError("cannot write " + path);
    return Status::Ok();
}

class Runner : public CommandOutput {
  public:
    Runner(engine::Engine& engine, const CommandArgs& args, std::ostream& out, std::ostream& err)
        : CommandOutput(args, out, err), engine_(engine) {}

    std::string Operand(size_t i) const {
        return i < args_.operands.size() ? args_.operands[i] : "";
    }

    int ChannelList() const {
        Json rows = Json::array();
        std::string text;
        for (const engine::ChannelInfo& c : engine_.Channels()) {
            rows.push_back({{"id", c.id},
                            {"display_name", c.display_name},
                            {"features", c.features},
                            {"update_delay_minutes", c.update_delay_minutes}});
            text += c.id + "  " + c.display_name + "  delay " +
                    std::to_string(c.update_delay_minutes) + " min ";
            for (const std::string& f : c.features) text += " " + f;
            text += "\n";
        }
        return Print({{"channels", std::move(rows)}}, text);
    }

    // Options given change the stored rules; without any, prints them.
    int ChannelRules(const std::optional<engine::ChannelRules>& edit) const {
        if (edit) {
            Status saved = engine_.SaveChannelRules(*edit);
            if (!saved.ok()) return Fail(saved);
        }
        Result<engine::ChannelRules> rules = engine_.GetChannelRules(Operand(1));
        if (!rules.ok()) return Fail(rules.status());
        const engine::ChannelRules& r = rules.value();
        return Print(RulesJson(r), std::string(edit ? "Saved rules for " : "Rules for ") +
                                       r.channel + ": " + std::to_string(r.percent_of_available) +
                                       "% of available, min " + std::to_string(r.min_quantity) +
                                       ", max " +
                                       (r.max_quantity ? std::to_string(*r.max_quantity) : "none") +
                                       ", zero below " + std::to_string(r.zero_below) + "\n");
    }

    int ChannelSimulate() const {
        Result<std::vector<SimulatedListing>> listings =
            engine_.SimulateChannels(Operand(1), Value("--at"));
        if (!listings.ok()) return Fail(listings.status());
        Json rows = Json::array();
        int64_t at_risk = 0;
        std::string text = listings->empty() ? "No listings.\n" : "";
        for (const SimulatedListing& s : listings.value()) {
            at_risk += s.oversell_risk ? 1 : 0;
            rows.push_back({{"channel", s.channel},
                            {"sku", s.sku},
                            {"marketplace", s.marketplace},
                            {"listing_id", s.listing_id},
                            {"fulfillment", s.fulfillment},
                            {"available", s.available},
                            {"listed", OptionalJson(s.listed)},
                            {"would_show", OptionalJson(s.would_show)},
                            {"decided_by", s.decided_by},
                            {"units_sold_30d", s.units_sold_30d},
                            {"velocity_per_day", s.velocity_per_day},
                            {"update_delay_minutes", s.update_delay_minutes},
                            {"sales_during_delay", s.sales_during_delay},
                            {"oversell_risk", s.oversell_risk}});
            text += s.channel + "  " + s.sku + "  shows " +
                    (s.would_show ? std::to_string(*s.would_show) : "(channel's stock)") + " of " +
                    std::to_string(s.available) + " (" + s.decided_by + "), " +
                    Hundredths(s.velocity_per_day) + "/day, " + Hundredths(s.sales_during_delay) +
                    " during the update delay" + (s.oversell_risk ? "  OVERSELL RISK" : "") + "\n";
        }
        return Print({{"listings", std::move(rows)}, {"at_risk", at_risk}}, text);
    }

    int ChannelExport(const engine::ChannelExportOptions& options) const {
        Result<BulkFile> file = engine_.ChannelFile(Operand(1), options);
        if (!file.ok()) return Fail(file.status());
        const std::string path = Value("--out").empty() ? file->file_name : Value("--out");
        Status written = WriteFile(path, file->text);
        if (!written.ok()) return Fail(written);
        std::string text = "Wrote " + std::to_string(file->rows) + " rows to " + path + " (" +
                           file->channel + " " + file->kind + " file)\n";
        for (const std::string& note : file->notes) text += "  " + note + "\n";
        return Print({{"channel", file->channel},
                      {"kind", file->kind},
                      {"file", path},
                      {"media_type", file->media_type},
                      {"rows", file->rows},
                      {"skipped", file->skipped},
                      {"notes", file->notes}},
                     text);
    }

    int ReallocList() const {
        Result<std::vector<ReallocationEntry>> entries = engine_.Reallocations(Value("--state"));
        if (!entries.ok()) return Fail(entries.status());
        Json rows = Json::array();
        std::string text = entries->empty() ? "The reallocation list is empty.\n" : "";
        for (const ReallocationEntry& e : entries.value()) {
            rows.push_back(EntryJson(e));
            text += e.id + "  " + e.sku + "  from " + e.channel_origin + "  " + e.state + "  " +
                    e.added_at + (e.reason.empty() ? "" : "  " + e.reason) + "\n";
        }
        return Print({{"reallocations", std::move(rows)}}, text);
    }

    int ReallocPush(std::optional<int64_t> quantity) const {
        engine::ReallocationPush push;
        push.sku = Operand(1);
        push.channel = Operand(2);
        push.reason = Value("--reason");
        push.quantity = quantity;
        push.added_by = Value("--by");
        push.at = Value("--at");
        Result<ReallocationEntry> entry = engine_.PushReallocation(push);
        if (!entry.ok()) return Fail(entry.status());
        return Print(
            EntryJson(entry.value()),
            "Offered " + entry->sku + " from " + entry->channel_origin + " as " + entry->id + "\n");
    }

    int ReallocPull(int64_t quantity) const {
        engine::ReallocationPull pull;
        pull.entry_id = Operand(1);
        pull.channel = Operand(2);
        pull.quantity = quantity;
        pull.by = Value("--by");
        pull.at = Value("--at");
        pull.from_location = Value("--from-location");
        pull.to_location = Value("--to-location");
        Result<ReallocationMove> move = engine_.PullReallocation(pull);
        if (!move.ok()) return Fail(move.status());
        return Print(MoveJson(move.value()), "Moved: " + MoveText(move.value()));
    }

    int ReallocMoves() const {
        Result<std::vector<ReallocationMove>> moves = engine_.ReallocationMoves(Operand(1));
        if (!moves.ok()) return Fail(moves.status());
        Json rows = Json::array();
        std::string text = moves->empty() ? "No moves.\n" : "";
        for (const ReallocationMove& m : moves.value()) {
            rows.push_back(MoveJson(m));
            text += MoveText(m);
        }
        return Print({{"moves", std::move(rows)}}, text);
    }

    int ReallocPurge() const {
        Result<int64_t> purged = engine_.PurgeReallocations(Value("--at"));
        if (!purged.ok()) return Fail(purged.status());
        return Print({{"purged", purged.value()}},
                     "Purged " + std::to_string(purged.value()) + " entries older than " +
                         std::to_string(engine::kReallocationRetentionDays) + " days\n");
    }

    int ReallocExport() const {
        Result<std::string> csv = engine_.ReallocationsCsv();
        if (!csv.ok()) return Fail(csv.status());
        const std::string path = Value("--out").empty() ? "reallocations.csv" : Value("--out");
        Status written = WriteFile(path, csv.value());
        if (!written.ok()) return Fail(written);
        Result<std::vector<ReallocationEntry>> entries = engine_.Reallocations("");
        const int64_t rows = entries.ok() ? static_cast<int64_t>(entries->size()) : 0;
        return Print({{"file", path}, {"rows", rows}},
                     "Wrote " + std::to_string(rows) + " entries to " + path + "\n");
    }

  private:
    engine::Engine& engine_;
};

std::optional<CommandShape> ShapeOf(const std::string& command, const std::string& sub) {
    if (command == "channel") {
        if (sub == "list") return CommandShape{};
        if (sub == "rules") {
            return CommandShape{
                {"--max", "--percent", "--min", "--zero-below", "--delay"}, {}, 2, 2};
        }
        if (sub == "simulate") return CommandShape{{"--at"}, {}, 1, 2};
        if (sub == "export") {
            return CommandShape{
                {"--out", "--kind", "--price-change", "--price", "--location"}, {}, 2, 2};
        }
    } else if (command == "realloc") {
        if (sub == "list") return CommandShape{{"--state"}, {}, 1, 1};
        if (sub == "push")
            return CommandShape{{"--reason", "--quantity", "--by", "--at"}, {}, 3, 3};
        if (sub == "pull") {
            return CommandShape{{"--by", "--at", "--from-location", "--to-location"}, {}, 4, 4};
        }
        if (sub == "moves") return CommandShape{{}, {}, 1, 2};
        if (sub == "purge") return CommandShape{{"--at"}, {}, 1, 1};
        if (sub == "export") return CommandShape{{"--out"}, {}, 1, 1};
    }
    return std::nullopt;
}

int UsageError(const std::string& command, const std::string& message, std::ostream& err) {
    return server::UsageError(command, message, PrintChannelUsage, err);
}

// A count option: a whole number >= 0 ("none" clears --max), else a usage problem.
bool CountOption(const CommandArgs& args, const std::string& name, std::optional<int64_t>* value,
                 std::string* problem) {
    auto it = args.values.find(name);
    if (it == args.values.end()) return true;
    if (name == "--max" && it->second == "none") {
        value->reset();
        return true;
    }
    int64_t n = 0;
    if (!ParseInt(it->second, &n) || n < 0) {
        *problem = name + " must be a whole number of 0 or more";
        return false;
    }
    *value = n;
    return true;
}

// The rules as stored, changed by the options given; nullopt when none is given.
bool RulesEdit(engine::Engine& engine, const CommandArgs& args,
               std::optional<engine::ChannelRules>* edit, std::string* problem) {
    bool any = false;
    for (const char* name : {"--max", "--percent", "--min", "--zero-below", "--delay"}) {
        any = any || args.values.count(name) != 0;
    }
    if (!any) return true;
    Result<engine::ChannelRules> stored = engine.GetChannelRules(args.operands[1]);
    engine::ChannelRules rules = stored.ok() ? stored.value() : engine::ChannelRules{};
    rules.channel = args.operands[1];
    std::optional<int64_t> percent = rules.percent_of_available;
    std::optional<int64_t> min = rules.min_quantity;
    std::optional<int64_t> zero_below = rules.zero_below;
    if (!CountOption(args, "--max", &rules.max_quantity, problem) ||
        !CountOption(args, "--percent", &percent, problem) ||
        !CountOption(args, "--min", &min, problem) ||
        !CountOption(args, "--zero-below", &zero_below, problem) ||
        !CountOption(args, "--delay", &rules.update_delay_minutes, problem)) {
        return false;
    }
    rules.percent_of_available = percent.value_or(100);
    rules.min_quantity = min.value_or(0);
    rules.zero_below = zero_below.value_or(0);
    *edit = rules;
    return true;
}

bool ExportOptions(const CommandArgs& args, engine::ChannelExportOptions* options,
                   std::string* problem) {
    auto value = [&](const char* name) {
        auto it = args.values.find(name);
        return it == args.values.end() ? std::string() : it->second;
    };
    const std::string kind = value("--kind");
    if (kind == "price") {
        options->kind = engine::BulkFileKind::kPrice;
    } else if (kind == "delist") {
        options->kind = engine::BulkFileKind::kDelist;
    } else if (!kind.empty() && kind != "quantity") {
        *problem = "--kind is quantity, price or delist";
        return false;
    }
    const std::string change = value("--price-change");
    if (!change.empty()) {
        // A percent with up to two decimals ("-2.5"), kept in basis points.
        Result<int64_t> bp = ParseDecimalMinor(change, 2);
        if (!bp.ok()) {
            *problem = "--price-change is a percent like -2.5 or 10";
            return false;
        }
        options->price_change_basis_points = bp.value();
    }
    auto [first, last] = args.repeated.equal_range("--price");
    for (auto it = first; it != last; ++it) {
        const size_t colon = it->second.rfind(':');
        Result<int64_t> price = colon == std::string::npos
                                    ? Result<int64_t>(Status::InvalidArgument(""))
                                    : ParseDecimalMinor(it->second.substr(colon + 1), 2);
        if (colon == 0 || !price.ok() || price.value() <= 0) {
            *problem = "--price \"" + it->second + "\" is not SKU:PRICE (12.50)";
            return false;
        }
        options->prices[it->second.substr(0, colon)] = price.value();
    }
    options->location = value("--location");
    return true;
}

}  // namespace

void PrintChannelUsage(std::ostream& os) {
    os << "Usage:\n"
          "  stocktake channel list\n"
          "  stocktake channel rules CHANNEL [--max N|none] [--percent P] [--min N]\n"
          "                          [--zero-below N] [--delay MINUTES]\n"
          "  stocktake channel simulate [CHANNEL] [--at ISO8601]\n"
          "  stocktake channel export CHANNEL [--out FILE] [--kind quantity|price|delist]\n"
          "                           [--price-change PERCENT] [--price SKU:PRICE]...\n"
          "                           [--location NAME]\n"
          "  stocktake realloc list [--state open|taken]\n"
          "  stocktake realloc push SKU CHANNEL [--reason TEXT] [--quantity N] [--by NAME]\n"
          "  stocktake realloc pull ENTRY CHANNEL QTY [--from-location ID --to-location ID]\n"
          "                         [--by NAME]\n"
          "  stocktake realloc moves [SKU]\n"
          "  stocktake realloc purge [--at ISO8601]\n"
          "  stocktake realloc export [--out FILE]\n"
          "\n"
          "Every command also takes --db PATH (default <data dir>/cli.db) and --json (one JSON\n"
          "object on stdout). Rules apply to available stock (on hand minus open orders): zero\n"
          "below N, then P% of it, raised to --min, capped at --max. simulate shows what each\n"
          "listing would show now, its 30-day velocity and the oversell risk over the channel's\n"
          "update delay. export writes the marketplace's own bulk file (default name in the\n"
          "current directory); nothing is sent anywhere. A pull moves listed quantity from the\n"
          "offering channel's listing to the taker's, or with both locations transfers stock;\n"
          "each move is audited (realloc moves). Entries purge after 90 days.\n"
          "\n"
          "Exit status: 0 done, 1 the engine refused (message on stderr; with --json also\n"
          "{\"error\": ...}), 2 bad command line.\n";
}

int ChannelCommand(const std::string& command, const std::vector<std::string>& argv,
                   const Config& config, std::ostream& out, std::ostream& err) {
    int exit_code = kExitUsage;
    std::optional<CommandArgs> parsed = ParseSubcommand(
        command, argv,
        {"--max", "--percent", "--min", "--zero-below", "--delay", "--at", "--out", "--kind",
         "--price-change", "--price", "--location", "--state", "--reason", "--quantity", "--by",
         "--from-location", "--to-location"},
        {}, [&](const std::string& sub) { return ShapeOf(command, sub); }, PrintChannelUsage, out,
        err, &exit_code);
    if (!parsed) return exit_code;
    CommandArgs& args = *parsed;
    const std::string sub = args.operands[0];
    std::string problem;
    engine::ChannelExportOptions export_options;
    if (sub == "export" && command == "channel" &&
        !ExportOptions(args, &export_options, &problem)) {
        return UsageError(command, problem, err);
    }
    std::optional<int64_t> quantity;
    if (!CountOption(args, "--quantity", &quantity, &problem)) {
        return UsageError(command, problem, err);
    }
    int64_t pulled = 0;
    if (sub == "pull" && !ParseInt(args.operands[3], &pulled)) {
        return UsageError(command, "QTY \"" + args.operands[3] + "\" is not a whole number", err);
    }

    int failed = kExitFailure;
    std::unique_ptr<engine::Engine> opened = OpenCommandEngine(&args, config, out, err, &failed);
    if (!opened) return failed;
    Runner run(*opened, args, out, err);
    if (command == "channel") {
        if (sub == "list") return run.ChannelList();
        if (sub == "simulate") return run.ChannelSimulate();
        if (sub == "export") return run.ChannelExport(export_options);
        std::optional<engine::ChannelRules> edit;
        if (!RulesEdit(*opened, args, &edit, &problem)) return UsageError(command, problem, err);
        return run.ChannelRules(edit);
    }
    if (sub == "list") return run.ReallocList();
    if (sub == "push") return run.ReallocPush(quantity);
    if (sub == "pull") return run.ReallocPull(pulled);
    if (sub == "moves") return run.ReallocMoves();
    if (sub == "purge") return run.ReallocPurge();
    return run.ReallocExport();
}

}  // namespace stocktake::server
