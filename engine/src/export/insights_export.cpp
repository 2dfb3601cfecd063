#include "export/delimited_writer.h"
#include "stocktake/decimal.h"
#include "stocktake/engine/export.h"

namespace stocktake::engine {

std::string InsightsCsv(const std::vector<Insight>& insights) {
    DelimitedWriter writer(DelimitedWriterOptions::GuardedSpreadsheetCsv());
    writer.WriteRow({"sku", "channel", "kind", "generated_at", "details"});
    for (const Insight& i : insights) {
        writer.WriteRow({i.sku, i.channel, i.kind, i.generated_at, i.details});
    }
    return writer.Take();
}

std::string RestockPlanCsv(const RestockPlan& plan) {
    DelimitedWriter writer(DelimitedWriterOptions::GuardedSpreadsheetCsv());
    writer.WriteRow({"supplier", "sku", "quantity", "unit_cost", "units_window", "window_days",
                     "lead_time_days", "review_period_days", "safety_stock_days", "demand",
                     "safety_stock", "available", "inbound", "need", "moq", "pack_size",
                     "derivation"});
    for (const RestockLine& l : plan.lines) {
        const std::vector<std::string> cells = {
            l.supplier,
            l.sku,
            std::to_string(l.quantity),
            l.unit_cost ? FormatDecimalMinor(*l.unit_cost, 4) : std::string(),
            std::to_string(l.units_window),
            std::to_string(l.window_days),
            std::to_string(l.lead_time_days),
            std::to_string(l.review_period_days),
            std::to_string(l.safety_stock_days),
            std::to_string(l.demand),
            std::to_string(l.safety_stock),
            std::to_string(l.available),
            std::to_string(l.inbound),
            std::to_string(l.need),
            std::to_string(l.moq),
            std::to_string(l.pack_size),
            l.derivation};
        writer.WriteRow(cells);
    }
    return writer.Take();
}

}  // namespace stocktake::engine
