#include "export/reallocations_export.h"

#include "export/delimited_writer.h"

namespace stocktake::engine {

std::string WriteReallocationsCsv(const std::vector<ReallocationEntry>& entries) {
    DelimitedWriter writer(DelimitedWriterOptions::GuardedSpreadsheetCsv());
    writer.WriteRow(
        {"id", "sku", "channel_origin", "reason", "quantity", "state", "added_at", "added_by"});
    for (const ReallocationEntry& e : entries) {
        const std::string quantity = e.quantity ? std::to_string(*e.quantity) : std::string();
        writer.WriteRow(
            {e.id, e.sku, e.channel_origin, e.reason, quantity, e.state, e.added_at, e.added_by});
    }
    return writer.Take();
}

}  // namespace stocktake::engine
