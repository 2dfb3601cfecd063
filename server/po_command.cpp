// Purchasing from the command line: `stocktake supplier`, `po` and `kit` run the engine's
// purchasing methods against --db and print short lines or, with --json, one JSON object.
// Engine errors exit 1, bad command lines 2 (like the stock commands, command_args.h).
#include <optional>

#include "cli.h"
#include "command_args.h"
#include "stocktake/decimal.h"
#include "stocktake/engine/engine.h"

namespace stocktake::server {
namespace {

using engine::PoLine;
using engine::PurchaseOrder;

// Costs are typed in currency units ("12.50") and kept in 10^-4 of them.
constexpr int kCostScale = 4;

Json NullIfEmpty(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

Json CostJson(const std::optional<int64_t>& cost) {
    return cost ? Json(FormatDecimalMinor(*cost, kCostScale)) : Json(nullptr);
}

Json PoJson(const PurchaseOrder& po) {
    Json lines = Json::array();
    for (const PoLine& l : po.lines) {
        lines.push_back({{"line", l.line},
                         {"sku", l.sku},
                         {"quantity_ordered", l.quantity_ordered},
                         {"quantity_received", l.quantity_received},
                         {"cost", CostJson(l.cost)}});
    }
    return {{"id", po.id},
            {"supplier_id", po.supplier_id},
            {"status", po.status},
            {"created_at", po.created_at},
            {"ordered_at", NullIfEmpty(po.ordered_at)},
            {"expected_at", NullIfEmpty(po.expected_at)},
            {"updated_at", po.updated_at},
            {"notes", po.notes},
            {"lines", std::move(lines)}};
}

std::string PoText(const PurchaseOrder& po) {
    std::string text = "Purchase order " + po.id + " from " + po.supplier_id + ": " + po.status;
    if (!po.ordered_at.empty()) text += ", ordered " + po.ordered_at;
    if (!po.expected_at.empty()) text += ", expected " + po.expected_at;
    text += "\n";
    if (po.lines.empty()) text += "  (no lines)\n";
    for (const PoLine& l : po.lines) {
        text += "  " + std::to_string(l.line) + ". " + l.sku + "  " +
                std::to_string(l.quantity_received) + "/" + std::to_string(l.quantity_ordered) +
                " received";
        if (l.cost) text += "  at " + FormatDecimalMinor(*l.cost, kCostScale);
        text += "\n";
    }
    return text;
}

Json SupplierJson(const engine::Supplier& s) {
    return {{"id", s.id},
            {"name", s.name},
            {"email", s.email},
            {"lead_time_days", s.lead_time_days ? Json(*s.lead_time_days) : Json(nullptr)},
            {"notes", s.notes}};
}

// "12.50" -> 125000; a usage problem otherwise.
bool ParseCost(const std::string& text, std::optional<int64_t>* cost, std::string* problem) {
    Result<int64_t> parsed = ParseDecimalMinor(text, kCostScale);
    if (!parsed.ok() || parsed.value() < 0) {
        *problem = "cost \"" + text + "\" is not an amount like 12.50";
        return false;
    }
    *cost = parsed.value();
    return true;
}

// SKU:QTY[:COST]; the SKU may itself hold ':' (the quantity is the first number after it
// that the rest parses as).
bool ParseLineSpec(const std::string& spec, PoLine* line, std::string* problem) {
    const size_t first = spec.find(':');
    if (first == std::string::npos || first == 0) {
        *problem = "--line \"" + spec + "\" is not SKU:QTY or SKU:QTY:COST";
        return false;
    }
    line->sku = spec.substr(0, first);
    const std::string rest = spec.substr(first + 1);
    const size_t second = rest.find(':');
    if (!ParseInt(rest.substr(0, second), &line->quantity_ordered)) {
        *problem = "--line \"" + spec + "\": the quantity must be a whole number";
        return false;
    }
    return second == std::string::npos || ParseCost(rest.substr(second + 1), &line->cost, problem);
}

// Runs one command against an open engine and returns its exit code.
class Runner : public CommandOutput {
  public:
    Runner(engine::Engine& engine, const CommandArgs& args, std::ostream& out, std::ostream& err)
        : CommandOutput(args, out, err), engine_(engine) {}

    const std::string& Operand(size_t i) const { return args_.operands[i]; }

    // Given options replace the stored fields; the others keep theirs.
    int SupplierAdd(std::optional<int64_t> lead_days) const {
        Result<std::optional<engine::Supplier>> found = engine_.FindSupplier(Operand(1));
        if (!found.ok()) return Fail(found.status());
        engine::Supplier s = found->value_or(engine::Supplier{});
        const bool existed = found->has_value();
        s.id = Operand(1);
        if (Has("--name")) s.name = Value("--name");
        if (Has("--email")) s.email = Value("--email");
        if (Has("--notes")) s.notes = Value("--notes");
        if (lead_days) s.lead_time_days = lead_days;
        if (s.name.empty()) s.name = s.id;
        Status status = engine_.SaveSupplier(s);
        if (!status.ok()) return Fail(status);
        return Print(SupplierJson(s), (existed ? "Updated supplier " : "Added supplier ") + s.id +
                                          (s.name != s.id ? " (" + s.name + ")" : "") + "\n");
    }

    int SupplierList() const {
        Result<std::vector<engine::Supplier>> all = engine_.Suppliers();
        if (!all.ok()) return Fail(all.status());
        Json rows = Json::array();
        std::string text = all->empty() ? "No suppliers.\n" : "";
        for (const engine::Supplier& s : all.value()) {
            rows.push_back(SupplierJson(s));
            text += s.id + "  " + s.name + (s.email.empty() ? "" : "  " + s.email) +
                    (s.lead_time_days ? "  " + std::to_string(*s.lead_time_days) + " days" : "") +
                    "\n";
        }
        return Print({{"suppliers", std::move(rows)}}, text);
    }

    int PoResult(const Result<PurchaseOrder>& po, const std::string& done) const {
        if (!po.ok()) return Fail(po.status());
        return Print(PoJson(po.value()), (done.empty() ? "" : done + "\n") + PoText(po.value()));
    }

    int PoCreate(const std::vector<PoLine>& lines) const {
        PurchaseOrder draft;
        draft.id = Value("--id");
        draft.supplier_id = Operand(1);
        draft.expected_at = Value("--expected");
        draft.notes = Value("--notes");
        draft.lines = lines;
        Result<PurchaseOrder> po = engine_.CreatePurchaseOrder(draft);
        return PoResult(po, po.ok() ? "Created draft " + po->id : "");
    }

    int PoReceive(int64_t quantity) const {
        engine::PoReceipt receipt;
        receipt.po_id = Operand(1);
        receipt.receipt_id = Value("--receipt");
        receipt.location = Value("--location");
        receipt.lines = {{Operand(2), quantity}};
        receipt.allow_over = args_.flags.count("--allow-over") != 0;
        receipt.occurred_at = Value("--at");
        Result<engine::PoReceiptResult> received = engine_.ReceivePurchaseOrder(receipt);
        if (!received.ok()) return Fail(received.status());
        const engine::PoReceiptResult& r = received.value();
        Json lines = Json::array();
        std::string text;
        for (const engine::PoReceivedLine& l : r.lines) {
            lines.push_back({{"sku", l.sku},
                             {"line", l.line},
                             {"quantity", l.quantity},
                             {"ordered", l.ordered},
                             {"received", l.received},
                             {"over_received", l.over_received},
                             {"already_recorded", l.already_recorded},
                             {"movement", MovementJson(l.movement)}});
            text += (l.already_recorded ? "Already recorded: receipt " : "Received: receipt ") +
                    r.receipt_id + ", " + std::to_string(l.quantity) + " " + l.sku + " at " +
                    l.movement.location + " (movement " + l.movement.id + "); " +
                    std::to_string(l.received) + "/" + std::to_string(l.ordered) + " received";
            if (l.over_received > 0) {
                text += ", " + std::to_string(l.over_received) + " more than ordered";
            }
            text += "\n";
        }
        text += "Purchase order " + r.po_id + " is " + r.status + "\n";
        return Print({{"po_id", r.po_id},
                      {"receipt_id", r.receipt_id},
                      {"status", r.status},
                      {"lines", std::move(lines)}},
                     text);
    }

    int PoList() const {
        Result<std::vector<PurchaseOrder>> all = engine_.PurchaseOrders(Value("--status"));
        if (!all.ok()) return Fail(all.status());
        Json rows = Json::array();
        std::string text = all->empty() ? "No purchase orders.\n" : "";
        for (const PurchaseOrder& po : all.value()) {
            int64_t ordered = 0;
            int64_t received = 0;
            for (const PoLine& l : po.lines) {
                ordered += l.quantity_ordered;
                received += l.quantity_received;
            }
            rows.push_back(PoJson(po));
            text += po.id + "  " + po.supplier_id + "  " + po.status + "  " +
                    std::to_string(po.lines.size()) + " lines, " + std::to_string(received) + "/" +
                    std::to_string(ordered) + " units received\n";
        }
        return Print({{"purchase_orders", std::move(rows)}}, text);
    }

    int KitSet(const engine::Kit& kit) const {
        Status status = engine_.DefineKit(kit);
        if (!status.ok()) return Fail(status);
        Result<std::optional<engine::Kit>> stored = engine_.FindKit(kit.sku);
        if (!stored.ok()) return Fail(stored.status());
        return PrintKits({stored->value_or(kit)}, false);
    }

    int KitList() const {
        Result<std::vector<engine::Kit>> kits = engine_.Kits();
        if (!kits.ok()) return Fail(kits.status());
        return PrintKits(kits.value(), true);
    }

  private:
    // One kit: its object; a list: {"kits": [...]}. Each with what it can still make.
    int PrintKits(const std::vector<engine::Kit>& kits, bool list) const {
        Json rows = Json::array();
        std::string text = kits.empty() ? "No kits.\n" : "";
        for (const engine::Kit& kit : kits) {
            Result<std::vector<engine::Availability>> available = engine_.Availabilities(kit.sku);
            if (!available.ok()) return Fail(available.status());
            const int64_t can_make = available->empty() ? 0 : available->front().available;
            Json components = Json::array();
            text += (list ? "" : "Kit ") + kit.sku + " =";
            for (const engine::KitComponent& c : kit.components) {
                components.push_back({{"sku", c.sku}, {"quantity", c.quantity}});
                text += components.size() == 1 ? " " : ", ";
                text += std::to_string(c.quantity);
                text += " x " + c.sku;
            }
            text += "; available ";
            text += std::to_string(can_make);
            text += '\n';
            rows.push_back(
                {{"sku", kit.sku}, {"components", std::move(components)}, {"available", can_make}});
        }
        return Print(list || rows.empty() ? Json{{"kits", std::move(rows)}} : rows[0], text);
    }

    engine::Engine& engine_;
};

int UsageError(const std::string& command, const std::string& message, std::ostream& err) {
    return server::UsageError(command, message, PrintPurchasingUsage, err);
}

using Shape = CommandShape;

std::optional<Shape> ShapeOf(const std::string& command, const std::string& sub) {
    if (command == "supplier") {
        if (sub == "add") return Shape{{"--name", "--email", "--lead-days", "--notes"}, {}, 2, 2};
        if (sub == "list") return Shape{};
    } else if (command == "po") {
        if (sub == "create") return Shape{{"--id", "--line", "--expected", "--notes"}, {}, 2, 2};
        if (sub == "add-line" || sub == "set-line") return Shape{{"--cost"}, {}, 4, 4};
        if (sub == "remove-line") return Shape{{}, {}, 3, 3};
        if (sub == "order") return Shape{{"--expected"}, {}, 2, 2};
        if (sub == "receive") {
            return Shape{{"--location", "--receipt", "--at"}, {"--allow-over"}, 4, 4};
        }
        if (sub == "cancel" || sub == "show") return Shape{{}, {}, 2, 2};
        if (sub == "list") return Shape{{"--status"}, {}, 1, 1};
    } else if (command == "kit") {
        if (sub == "set") return Shape{{}, {}, 3, SIZE_MAX};
        if (sub == "list") return Shape{};
    }
    return std::nullopt;
}

}  // namespace

void PrintPurchasingUsage(std::ostream& os) {
    os << "Usage:\n"
          "  stocktake supplier add ID [--name TEXT] [--email ADDRESS] [--lead-days N]\n"
          "                            [--notes TEXT]\n"
          "  stocktake supplier list\n"
          "  stocktake po create SUPPLIER [--id ID] [--line SKU:QTY[:COST]]... [--expected "
          "ISO8601]\n"
          "  stocktake po add-line PO SKU QTY [--cost COST]\n"
          "  stocktake po set-line PO SKU QTY [--cost COST]\n"
          "  stocktake po remove-line PO SKU\n"
          "  stocktake po order PO [--expected ISO8601]\n"
          "  stocktake po receive PO SKU QTY --location ID [--allow-over] [--receipt ID]\n"
          "                       [--at ISO8601]\n"
          "  stocktake po cancel PO\n"
          "  stocktake po show PO\n"
          "  stocktake po list [--status draft|ordered|partially_received|received|cancelled]\n"
          "  stocktake kit set KIT COMPONENT:QTY...\n"
          "  stocktake kit list\n"
          "\n"
          "Every command also takes --db PATH (default <data dir>/cli.db) and --json (one JSON\n"
          "object on stdout). A supplier's ID is the name its price sheets use. A PO is a\n"
          "draft (lines can change) until ordered; receiving adds stock at --location and\n"
          "sets it partially_received or received. --receipt names a delivery so that a\n"
          "re-run records it once. Receiving more than ordered needs --allow-over. COST is\n"
          "per unit in currency units (12.50). A kit has no stock of its own: orders, sales\n"
          "and shipments of a kit move its components.\n"
          "\n"
          "Exit status: 0 done, 1 the engine refused (message on stderr; with --json also\n"
          "{\"error\": ...}), 2 bad command line.\n";
}

int PurchasingCommand(const std::string& command, const std::vector<std::string>& argv,
                      const Config& config, std::ostream& out, std::ostream& err) {
    int exit_code = kExitUsage;
    std::optional<CommandArgs> parsed = ParseSubcommand(
        command, argv,
        {"--name", "--email", "--lead-days", "--notes", "--id", "--line", "--expected", "--cost",
         "--location", "--receipt", "--at", "--status"},
        {"--allow-over"}, [&](const std::string& sub) { return ShapeOf(command, sub); },
        PrintPurchasingUsage, out, err, &exit_code);
    if (!parsed) return exit_code;
    CommandArgs& args = *parsed;
    const std::string sub = args.operands[0];
    std::string problem;

    // Everything the command line can get wrong is settled before the database opens.
    std::optional<int64_t> lead_days;
    if (args.values.count("--lead-days") != 0) {
        int64_t days = 0;
        if (!ParseInt(args.values["--lead-days"], &days) || days < 0) {
            return UsageError(command, "--lead-days must be a whole number of days", err);
        }
        lead_days = days;
    }
    std::vector<PoLine> lines;
    auto [first, last] = args.repeated.equal_range("--line");
    for (auto it = first; it != last; ++it) {
        PoLine line;
        if (!ParseLineSpec(it->second, &line, &problem)) return UsageError(command, problem, err);
        lines.push_back(line);
    }
    PoLine edited;
    int64_t quantity = 0;
    if (command == "po" && (sub == "add-line" || sub == "set-line" || sub == "receive")) {
        if (!ParseInt(args.operands[3], &quantity)) {
            return UsageError(command, "QTY \"" + args.operands[3] + "\" is not a whole number",
                              err);
        }
        edited.sku = args.operands[2];
        edited.quantity_ordered = quantity;
        if (args.values.count("--cost") != 0 &&
            !ParseCost(args.values["--cost"], &edited.cost, &problem)) {
            return UsageError(command, problem, err);
        }
    }
    if (command == "po" && sub == "receive" && args.values["--location"].empty()) {
        return UsageError(command, "po receive needs --location (where the goods arrived)", err);
    }
    engine::Kit kit;
    if (command == "kit" && sub == "set") {
        kit.sku = args.operands[1];
        for (size_t i = 2; i < args.operands.size(); ++i) {
            const std::string& spec = args.operands[i];
            const size_t colon = spec.rfind(':');
            engine::KitComponent c;
            if (colon == std::string::npos || colon == 0 ||
                !ParseInt(spec.substr(colon + 1), &c.quantity)) {
                return UsageError(command, "\"" + spec + "\" is not COMPONENT:QTY", err);
            }
            c.sku = spec.substr(0, colon);
            kit.components.push_back(c);
        }
    }

    int failed = kExitFailure;
    std::unique_ptr<engine::Engine> opened = OpenCommandEngine(&args, config, out, err, &failed);
    if (!opened) return failed;
    engine::Engine& engine = *opened;
    Runner run(engine, args, out, err);
    const std::string po_id = args.operands.size() > 1 ? args.operands[1] : "";
    if (command == "supplier")
        return sub == "add" ? run.SupplierAdd(lead_days) : run.SupplierList();
    if (command == "kit") return sub == "set" ? run.KitSet(kit) : run.KitList();
    if (sub == "create") return run.PoCreate(lines);
    if (sub == "add-line") {
        return run.PoResult(engine.AddPoLine(po_id, edited),
                            "Added " + edited.sku + " to " + po_id);
    }
    if (sub == "set-line") {
        return run.PoResult(engine.SetPoLine(po_id, edited),
                            "Changed " + edited.sku + " on " + po_id);
    }
    if (sub == "remove-line") {
        return run.PoResult(engine.RemovePoLine(po_id, args.operands[2]),
                            "Removed " + args.operands[2] + " from " + po_id);
    }
    if (sub == "order") {
        return run.PoResult(engine.OrderPurchaseOrder(po_id, args.values["--expected"]),
                            "Ordered " + po_id);
    }
    if (sub == "receive") return run.PoReceive(quantity);
    if (sub == "cancel")
        return run.PoResult(engine.CancelPurchaseOrder(po_id), "Cancelled " + po_id);
    if (sub == "show") return run.PoResult(engine.GetPurchaseOrder(po_id), "");
    return run.PoList();
}

}  // namespace stocktake::server
