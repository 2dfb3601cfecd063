// Insights and the restock plan from the command line: `stocktake insights` brings the
// insights up to date and lists them; `stocktake restock` prints the plan and, with
// --create-pos, turns it into draft purchase orders. With --json each prints one JSON object.
// Engine errors exit 1, bad command lines 2 (command_args.h).
#include <algorithm>

#include "cli.h"
#include "command_args.h"
#include "stocktake/decimal.h"
#include "stocktake/engine/engine.h"

namespace stocktake::server {
namespace {

using engine::Insight;
using engine::RestockLine;

constexpr int kCostScale = 4;  // vendor costs are in 10^-4 of the currency

int UsageError(const std::string& command, const std::string& message, std::ostream& err) {
    err << "stocktake: " << command << ": " << message << "\n\n";
    PrintInsightsUsage(err);
    return kExitUsage;
}

// The details as JSON (they are stored as a JSON object's text).
Json DetailsJson(const std::string& details) {
    Json parsed = Json::parse(details, nullptr, false);
    return parsed.is_discarded() ? Json(details) : parsed;
}

// A table row: cells padded to widths.
std::string Row(const std::vector<std::string>& cells, const std::vector<size_t>& widths) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
        line += cells[i];
        if (i + 1 < cells.size()) line += std::string(widths[i] - cells[i].size() + 2, ' ');
    }
    return line + "\n";
}

std::string Table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> widths(rows.empty() ? 0 : rows[0].size(), 0);
    for (const auto& row : rows) {
        for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    }
    std::string text;
    for (const auto& row : rows) text += Row(row, widths);
    return text;
}

int Insights(engine::Engine& engine, const CommandArgs& args, std::ostream& out,
             std::ostream& err) {
    const auto at = args.values.find("--at");
    Result<engine::InsightRun> run =
        engine.GenerateInsights(at == args.values.end() ? "" : at->second);
    if (!run.ok()) return FailWith(run.status(), args.json, out, err);
    const auto kind = args.values.find("--kind");
    Result<std::vector<Insight>> insights =
        engine.Insights(kind == args.values.end() ? "" : kind->second);
    if (!insights.ok()) return FailWith(insights.status(), args.json, out, err);
    if (args.json) {
        Json rows = Json::array();
        for (const Insight& i : insights.value()) {
            rows.push_back({{"sku", i.sku},
                            {"channel", i.channel},
                            {"kind", i.kind},
                            {"generated_at", i.generated_at},
                            {"details", DetailsJson(i.details)}});
        }
        out << Dump(Json{{"insights", std::move(rows)}});
        return kExitOk;
    }
    if (insights->empty()) {
        out << "No insights as of " << run->generated_at << ".\n";
        return kExitOk;
    }
    std::vector<std::vector<std::string>> rows = {{"KIND", "SKU", "CHANNEL", "SINCE", "DETAILS"}};
    for (const Insight& i : insights.value()) {
        rows.push_back(
            {i.kind, i.sku, i.channel.empty() ? "(all)" : i.channel, i.generated_at, i.details});
    }
    out << Table(rows);
    return kExitOk;
}

Json CostJson(const std::optional<int64_t>& cost) {
    return cost ? Json(FormatDecimalMinor(*cost, kCostScale)) : Json(nullptr);
}

Json LineJson(const RestockLine& l) {
    return {{"sku", l.sku},
            {"supplier", l.supplier.empty() ? Json(nullptr) : Json(l.supplier)},
            {"quantity", l.quantity},
            {"unit_cost", CostJson(l.unit_cost)},
            {"units_window", l.units_window},
            {"window_days", l.window_days},
            {"lead_time_days", l.lead_time_days},
            {"review_period_days", l.review_period_days},
            {"safety_stock_days", l.safety_stock_days},
            {"demand", l.demand},
            {"safety_stock", l.safety_stock},
            {"available", l.available},
            {"inbound", l.inbound},
            {"need", l.need},
            {"moq", l.moq},
            {"pack_size", l.pack_size},
            {"derivation", l.derivation}};
}

int Restock(engine::Engine& engine, const CommandArgs& args, std::ostream& out, std::ostream& err) {
    const auto at = args.values.find("--at");
    const std::string now = at == args.values.end() ? "" : at->second;
    Result<engine::RestockPlan> plan = engine.PlanRestock(now);
    if (!plan.ok()) return FailWith(plan.status(), args.json, out, err);
    std::vector<engine::PurchaseOrder> drafts;
    if (args.flags.count("--create-pos") != 0) {
        Result<std::vector<engine::PurchaseOrder>> made = engine.CreateRestockPurchaseOrders(now);
        if (!made.ok()) return FailWith(made.status(), args.json, out, err);
        drafts = std::move(made.value());
    }
    if (args.json) {
        Json lines = Json::array();
        for (const RestockLine& l : plan->lines) lines.push_back(LineJson(l));
        Json pos = Json::array();
        for (const engine::PurchaseOrder& po : drafts) {
            pos.push_back({{"id", po.id},
                           {"supplier_id", po.supplier_id},
                           {"lines", static_cast<int64_t>(po.lines.size())}});
        }
        out << Dump(Json{{"planned_at", plan->planned_at},
                         {"lines", std::move(lines)},
                         {"purchase_orders", std::move(pos)}});
        return kExitOk;
    }
    if (plan->lines.empty()) {
        out << "Nothing to reorder as of " << plan->planned_at << ".\n";
    } else {
        std::vector<std::vector<std::string>> rows = {{"SUPPLIER", "SKU", "ORDER", "WHY"}};
        for (const RestockLine& l : plan->lines) {
            rows.push_back({l.supplier.empty() ? "(none)" : l.supplier, l.sku,
                            std::to_string(l.quantity), l.derivation});
        }
        out << Table(rows);
    }
    for (const engine::PurchaseOrder& po : drafts) {
        out << "Draft purchase order " << po.id << " for " << po.supplier_id << ": "
            << po.lines.size() << " line(s)\n";
    }
    return kExitOk;
}

}  // namespace

void PrintInsightsUsage(std::ostream& os) {
    os << "Usage:\n"
          "  stocktake insights [--kind KIND] [--at ISO8601] [--db PATH] [--json]\n"
          "      bring the insights up to date (as of --at, default now) and list them.\n"
          "      KIND: slow_mover, out_of_stock, aged_listing, negative_stock, low_stock,\n"
          "      overstock, reallocation_candidate.\n"
          "  stocktake restock [--create-pos] [--at ISO8601] [--db PATH] [--json]\n"
          "      the restock plan: what to order from whom, and how each quantity is\n"
          "      derived; --create-pos makes one draft purchase order per supplier.\n";
}

int InsightsCommand(const std::string& command, const std::vector<std::string>& argv,
                    const Config& config, std::ostream& out, std::ostream& err) {
    std::string problem;
    const bool restock = command == "restock";
    CommandArgs args = ParseArgs(
        argv, restock ? std::set<std::string>{"--at"} : std::set<std::string>{"--at", "--kind"},
        restock ? std::set<std::string>{"--create-pos"} : std::set<std::string>{}, &problem);
    if (args.help) {
        PrintInsightsUsage(out);
        return kExitOk;
    }
    if (!problem.empty()) return UsageError(command, problem, err);
    if (!args.operands.empty()) {
        return UsageError(command, "unexpected argument \"" + args.operands[0] + "\"", err);
    }
    int failed = kExitFailure;
    std::unique_ptr<engine::Engine> opened = OpenCommandEngine(&args, config, out, err, &failed);
    if (!opened) return failed;
    return restock ? Restock(*opened, args, out, err) : Insights(*opened, args, out, err);
}

}  // namespace stocktake::server
