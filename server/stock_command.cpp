// Stock from the command line: `stocktake location add`, `move`, `transfer`, `count` and
// `stock` run the engine's ledger methods against --db and print short lines or, with
// --json, one JSON object. Engine errors exit 1, bad command lines 2.
#include <optional>

#include "cli.h"
#include "command_args.h"
#include "stocktake/engine/engine.h"

namespace stocktake::server {
namespace {

using engine::Movement;
using engine::StockLevel;
using StockArgs = CommandArgs;

std::string KindNames() {
    std::string names;
    for (int k = 0; k <= static_cast<int>(engine::MovementKind::kCountAdjust); ++k) {
        names += (k == 0 ? "" : ", ") +
                 std::string(engine::MovementKindName(static_cast<engine::MovementKind>(k)));
    }
    return names;
}

// Runs one command against an open engine and returns its exit code.
class Runner {
  public:
    Runner(engine::Engine& engine, const StockArgs& args, std::ostream& out, std::ostream& err)
        : engine_(engine), args_(args), out_(out), err_(err) {}

    int Fail(const Status& status) const { return FailWith(status, args_.json, out_, err_); }
    int Print(const Json& doc, const std::string& text, int code = kExitOk) const {
        out_ << (args_.json ? Dump(doc) : text);
        return code;
    }
    std::string Value(const std::string& name) const {
        auto it = args_.values.find(name);
        return it == args_.values.end() ? "" : it->second;
    }
    bool Flag(const std::string& name) const { return args_.flags.count(name) != 0; }
    const std::string& Operand(size_t i) const { return args_.operands[i]; }

    int LocationAdd() const {
        engine::Location location{Operand(1), Value("--parent"), Value("--name"),
                                  Value("--parent").empty() ? "warehouse" : "bin"};
        if (location.name.empty()) location.name = location.id;
        Status status = engine_.AddLocation(location);
        if (!status.ok()) return Fail(status);
        std::string text = "Added " + location.kind + " " + location.id;
        if (!location.parent_id.empty()) text += " in " + location.parent_id;
        return Print({{"id", location.id},
                      {"parent_id", location.parent_id},
                      {"name", location.name},
                      {"kind", location.kind}},
                     text + "\n");
    }

    int Move(engine::MovementKind kind, int64_t delta) const {
        Movement m;
        m.id = Value("--id");
        m.sku = Operand(0);
        m.location = Operand(1);
        m.delta = delta;
        m.kind = kind;
        m.reason = Value("--reason");
        m.reference = Value("--reference");
        m.occurred_at = Value("--at");
        Result<Movement> recorded = engine_.RecordMovement(m);
        if (!recorded.ok()) return Fail(recorded.status());
        const Movement& r = *recorded;
        return Print(MovementJson(r), std::string("Recorded ") + engine::MovementKindName(r.kind) +
                                          " " + Signed(r.delta) + " " + r.sku + " at " +
                                          r.location + ": movement " + r.id + ", position " +
                                          std::to_string(r.position) + ", " + r.occurred_at + "\n");
    }

    int Transfer(int64_t quantity) const {
        Result<std::vector<Movement>> moved =
            engine_.Transfer(Operand(0), Operand(1), Operand(2), quantity, Value("--reason"));
        if (!moved.ok()) return Fail(moved.status());
        Json legs = Json::array();
        std::string text = "Transferred " + std::to_string(quantity) + " " + Operand(0) + " from " +
                           Operand(1) + " to " + Operand(2) + "\n";
        for (const Movement& m : *moved) {
            legs.push_back(MovementJson(m));
            text += "  " + std::string(engine::MovementKindName(m.kind)) + " " + Signed(m.delta) +
                    " at " + m.location + ": movement " + m.id + ", position " +
                    std::to_string(m.position) + "\n";
        }
        return Print({{"movements", std::move(legs)}}, text);
    }

    int CountCommand(int64_t counted, int64_t seen) const {
        engine::Count count;
        count.id = Value("--id");
        count.sku = Operand(0);
        count.location = Operand(1);
        count.counted = counted;
        count.seen_position = seen;
        count.blind = Flag("--blind");
        count.counted_at = Value("--at");
        Result<engine::Count> recorded = engine_.RecordCount(count);
        if (!recorded.ok()) return Fail(recorded.status());
        const engine::Count& c = *recorded;
        const int64_t adjustment = c.counted - c.expected;
        std::string text = "Counted " + std::to_string(c.counted) + " " + c.sku + " at " +
                           c.location + " (count " + c.id + "): expected " +
                           std::to_string(c.expected) + " at position " +
                           std::to_string(c.seen_position) + ", ";
        text += c.movement_id.empty()
                    ? "no adjustment\n"
                    : "adjusted " + Signed(adjustment) + " by movement " + c.movement_id + "\n";
        return Print({{"id", c.id},
                      {"sku", c.sku},
                      {"location", c.location},
                      {"counted", c.counted},
                      {"expected", c.expected},
                      {"adjustment", adjustment},
                      {"seen_position", c.seen_position},
                      {"blind", c.blind},
                      {"counted_at", c.counted_at},
                      {"movement_id", c.movement_id.empty() ? Json(nullptr) : Json(c.movement_id)}},
                     text);
    }

    int Stock() const {
        const std::string sku = args_.operands.empty() ? "" : Operand(0);
        const std::string location = Value("--location");
        if (Flag("--check")) {
            Result<std::vector<engine::StockMismatch>> bad = engine_.CheckStockLevels();
            if (!bad.ok()) return Fail(bad.status());
            Json rows = Json::array();
            std::string text = bad->empty() ? "Stock levels agree with the ledger.\n" : "";
            for (const engine::StockMismatch& m : *bad) {
                rows.push_back({{"sku", m.sku},
                                {"location", m.location},
                                {"summary", m.summary},
                                {"ledger", m.ledger}});
                text += "Mismatch: " + m.sku + " at " + m.location + ": summary " +
                        std::to_string(m.summary) + ", ledger " + std::to_string(m.ledger) + "\n";
            }
            if (!bad->empty()) err_ << "stocktake: stock levels disagree with the ledger\n";
            return Print({{"ok", bad->empty()}, {"mismatches", std::move(rows)}}, text,
                         bad->empty() ? kExitOk : kExitFailure);
        }
        if (!Value("--at").empty()) {
            Result<int64_t> on_hand = engine_.OnHandAt(sku, location, Value("--at"));
            if (!on_hand.ok()) return Fail(on_hand.status());
            return Print({{"sku", sku},
                          {"location", location.empty() ? Json(nullptr) : Json(location)},
                          {"at", Value("--at")},
                          {"on_hand", *on_hand}},
                         sku + " at " + (location.empty() ? "all locations" : location) + " on " +
                             Value("--at") + ": " + std::to_string(*on_hand) + "\n");
        }
        if (Flag("--why")) {
            Result<std::vector<Movement>> moves = engine_.ExplainOnHand(sku, location);
            if (!moves.ok()) return Fail(moves.status());
            Json rows = Json::array();
            int64_t sum = 0;
            std::string text;
            for (const Movement& m : *moves) {
                sum += m.delta;
                rows.push_back(MovementJson(m));
                text += "  " + m.occurred_at + "  #" + std::to_string(m.position) + "  " +
                        engine::MovementKindName(m.kind) + " " + Signed(m.delta) + " at " +
                        m.location + (m.reason.empty() ? "" : " (" + m.reason + ")") + "\n";
            }
            text += sku + " on hand" + (location.empty() ? "" : " at " + location) + ": " +
                    std::to_string(sum) + "\n";
            return Print({{"sku", sku},
                          {"location", location.empty() ? Json(nullptr) : Json(location)},
                          {"on_hand", sum},
                          {"movements", std::move(rows)}},
                         text);
        }
        const bool negative = Flag("--negative");
        Result<std::vector<StockLevel>> all =
            negative ? engine_.NegativeStock() : engine_.StockLevels(sku);
        if (!all.ok()) return Fail(all.status());
        Json rows = Json::array();
        std::string text;
        for (const StockLevel& l : *all) {
            if ((!sku.empty() && l.sku != sku) || (!location.empty() && l.location != location)) {
                continue;
            }
            rows.push_back({{"sku", l.sku}, {"location", l.location}, {"on_hand", l.on_hand}});
            text += l.sku + "  " + l.location + "  " + std::to_string(l.on_hand) + "\n";
        }
        if (rows.empty()) text = negative ? "No negative stock.\n" : "No stock recorded.\n";
        return Print({{negative ? "negative" : "levels", std::move(rows)}}, text);
    }

  private:
    engine::Engine& engine_;
    const StockArgs& args_;
    std::ostream& out_;
    std::ostream& err_;
};

int UsageError(const std::string& command, const std::string& message, std::ostream& err) {
    err << "stocktake: " << command << ": " << message << "\n\n";
    PrintStockUsage(err);
    return kExitUsage;
}

}  // namespace

void PrintStockUsage(std::ostream& os) {
    os << "Usage:\n"
          "  stocktake location add ID [--parent ID] [--name TEXT]\n"
          "  stocktake move SKU LOCATION QTY --kind KIND [--reason TEXT] [--reference TEXT]\n"
          "                 [--id ID] [--at ISO8601]\n"
          "  stocktake transfer SKU FROM TO QTY [--reason TEXT]\n"
          "  stocktake count SKU LOCATION COUNTED [--seen POSITION] [--blind] [--id ID]\n"
          "                  [--at ISO8601]\n"
          "  stocktake stock [SKU] [--location ID] [--at ISO8601 | --why | --negative | --check]\n"
          "\n"
          "Every command also takes --db PATH (default <data dir>/cli.db) and --json (one JSON\n"
          "object on stdout). QTY is signed for move (-2 for a sale), positive for transfer.\n"
          "KIND: "
       << KindNames()
       << ". --id makes a re-run record once.\n"
          "count --seen: the ledger position the count began at (default: now); movements\n"
          "after it survive the count. stock --at and --why need a SKU.\n"
          "\n"
          "Exit status: 0 done, 1 the engine refused (message on stderr; with --json also\n"
          "{\"error\": ...}) or stock --check found mismatches, 2 bad command line.\n";
}

int StockCommand(const std::string& command, const std::vector<std::string>& argv,
                 const Config& config, std::ostream& out, std::ostream& err) {
    // Options, flags and operand count (min, max) per command.
    std::set<std::string> values = {"--id", "--at"};
    std::set<std::string> flags;
    size_t min = 2;
    size_t max = 2;
    if (command == "location") {
        values = {"--parent", "--name"};
    } else if (command == "move") {
        values.insert({"--kind", "--reason", "--reference"});
        min = max = 3;
    } else if (command == "transfer") {
        values = {"--reason"};
        min = max = 4;
    } else if (command == "count") {
        values.insert("--seen");
        flags = {"--blind"};
        min = max = 3;
    } else {
        values = {"--at", "--location"};
        flags = {"--why", "--negative", "--check"};
        min = 0;
        max = 1;
    }
    std::string problem;
    StockArgs args = ParseArgs(argv, values, flags, &problem);
    if (!problem.empty()) return UsageError(command, problem, err);
    if (args.help) {
        PrintStockUsage(out);
        return kExitOk;
    }
    if (command == "location" && (args.operands.empty() || args.operands[0] != "add")) {
        return UsageError(command, "the only location command is \"location add ID\"", err);
    }
    if (args.operands.size() < min || args.operands.size() > max) {
        return UsageError(command, "wrong number of arguments", err);
    }
    int64_t qty = 0;
    if ((command == "move" || command == "count") && !ParseInt(args.operands[2], &qty)) {
        return UsageError(command, "\"" + args.operands[2] + "\" is not a whole number", err);
    }
    if (command == "transfer" && (!ParseInt(args.operands[3], &qty) || qty <= 0)) {
        return UsageError(command, "QTY must be a positive whole number", err);
    }
    std::optional<engine::MovementKind> kind;
    if (command == "move") {
        kind = engine::MovementKindFromName(args.values["--kind"]);
        if (!kind) return UsageError(command, "--kind must be one of " + KindNames(), err);
    }
    int64_t seen = -1;
    if (command == "count" && args.values.count("--seen") != 0 &&
        (!ParseInt(args.values["--seen"], &seen) || seen < 0)) {
        return UsageError(command, "--seen must be a ledger position (0 or more)", err);
    }
    const int modes = static_cast<int>(args.flags.count("--why") + args.flags.count("--negative") +
                                       args.flags.count("--check") + args.values.count("--at"));
    if (command == "stock") {
        if (modes > 1) {
            return UsageError(command, "use one of --at, --why, --negative, --check", err);
        }
        if ((args.flags.count("--why") != 0 || args.values.count("--at") != 0) &&
            args.operands.empty()) {
            return UsageError(command, "--at and --why need a SKU", err);
        }
    }

    int failed = kExitFailure;
    std::unique_ptr<engine::Engine> opened = OpenCommandEngine(&args, config, out, err, &failed);
    if (!opened) return failed;
    Runner runner(*opened, args, out, err);
    if (command == "location") return runner.LocationAdd();
    if (command == "move") return runner.Move(*kind, qty);
    if (command == "transfer") return runner.Transfer(qty);
    if (command == "count") {
        if (seen < 0) {
            Result<int64_t> position = opened->LedgerPosition();
            if (!position.ok()) return runner.Fail(position.status());
            seen = *position;
        }
        return runner.CountCommand(qty, seen);
    }
    return runner.Stock();
}

}  // namespace stocktake::server
