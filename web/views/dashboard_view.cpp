#include "views/dashboard_view.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "imgui.h"
#include "views/import_common.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

struct Tile {
    const char* label;
    const char* value;
    const char* hint;  // what the number is, on hover
    Screen opens;
};

// A tile: the label dimmed over its value; clicking it opens the rows behind the number.
void DrawTile(const ViewContext& ctx, const Tile& tile, int index) {
    ImGui::PushID(index);
    const float font = ImGui::GetFontSize();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = font * 3.4f;
    if (ImGui::Selectable("##tile", false, ImGuiSelectableFlags_None, ImVec2(width, height))) {
        ctx.intents->Post(ShowScreenIntent{tile.opens});
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tile.hint);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRect(start, ImVec2(start.x + width, start.y + height),
                  ImGui::GetColorU32(ImGuiCol_Border), ImGui::GetStyle().FrameRounding);
    const float pad = font * 0.5f;
    draw->AddText(ImVec2(start.x + pad, start.y + pad), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                  tile.label);
    draw->AddText(ImVec2(start.x + pad, start.y + pad + font * 1.4f),
                  ImGui::ColorConvertFloat4ToU32(kImportAccentColor), tile.value);
    ImGui::PopID();
}

int64_t DistinctSkus(const std::vector<engine::Insight>& insights, const std::string& kind) {
    std::set<std::string> skus;
    for (const engine::Insight& i : insights) {
        if (i.kind == kind) skus.insert(i.sku);
    }
    return static_cast<int64_t>(skus.size());
}

}  // namespace

void DashboardView::Derive(const InsightsState& insights) {
    derived_revision_ = insights.revision;
    if (!insights.loaded) {
        out_of_stock_ = slow_movers_ = aged_ = -1;
        return;
    }
    out_of_stock_ = DistinctSkus(insights.insights, "out_of_stock");
    slow_movers_ = DistinctSkus(insights.insights, "slow_mover");
    aged_ = DistinctSkus(insights.insights, "aged_listing");
}

void DashboardView::Draw(const ViewContext& ctx) {
    if (ctx.summary != nullptr && ctx.summary->skus == 0) {
        DrawEmptyState(ctx);
        return;
    }
    if (derived_revision_ != ctx.insights->revision) Derive(*ctx.insights);
    ImGui::BeginChild("dashboard", ImVec2(0.0f, 0.0f), false);
    const DashboardState& d = ctx.catalog->dashboard;
    ImGui::PushTextWrapPos(0.0f);
    if (!d.error.empty()) ImGui::TextColored(kImportErrorColor, "%s", d.error.c_str());
    if (!ctx.insights->error.empty()) {
        ImGui::TextColored(kImportErrorColor, "%s", ctx.insights->error.c_str());
    }
    ImGui::PopTextWrapPos();
    DrawTiles(ctx);
    ImGui::Spacing();
    DrawSales(ctx);
    ImGui::EndChild();
}

void DashboardView::DrawEmptyState(const ViewContext& ctx) {
    if (EmptyStatePanel(
            "Import your listings to begin",
            {"The dashboard shows your stock, its value, what is out of stock or slow, and what "
             "to reorder, once your catalogue is here. Start with your Amazon All Listings report "
             "or your own catalogue as CSV: you see what the import would change first."},
            "Choose file...", !ctx.wizard->IsBusy())) {
        ctx.intents->Post(ChooseFileIntent{});
    }
}

void DashboardView::DrawTiles(const ViewContext& ctx) {
    const DashboardState& d = ctx.catalog->dashboard;
    const InsightsState& insights = *ctx.insights;
    NumberBuffer skus, units, value, out, slow, aged, reorder;
    FormatCount(d.stock.skus, skus);
    FormatCount(d.stock.units_on_hand, units);
    // Costs are 10^-4 of the currency; the tile shows cents.
    FormatMoney((d.stock.value_at_cost_e4 + 50) / 100, value);
    const auto count_or_dash = [](int64_t n, NumberBuffer& out_buffer) {
        return n < 0 ? "-" : FormatCount(n, out_buffer);
    };
    count_or_dash(out_of_stock_, out);
    count_or_dash(slow_movers_, slow);
    count_or_dash(aged_, aged);
    count_or_dash(insights.plan ? static_cast<int64_t>(insights.plan->lines.size()) : -1, reorder);
    const Tile tiles[] = {
        {"SKUs", skus, "Products in your catalogue", Screen::kListings},
        {"Units on hand", units, "Units in stock over every location (the ledger's sum)",
         Screen::kStock},
        {"Stock value at cost", value,
         d.stock.skus_without_cost > 0 ? "Units on hand x cost. Some SKUs in stock have no cost "
                                         "and are left out: import a price sheet with costs."
                                       : "Units on hand x each product's cost",
         Screen::kStock},
        {"Out of stock", out, "Listed SKUs with nothing available (as of the last refresh)",
         Screen::kInsights},
        {"Slow movers", slow, "In stock, no sale for 30 days or more (as of the last refresh)",
         Screen::kInsights},
        {"Aged listings", aged, "Listed for more than 180 days (as of the last refresh)",
         Screen::kInsights},
        {"To reorder", reorder, "Products the restock plan says to order now", Screen::kRestock},
    };
    const int columns = ctx.narrow ? 2 : 4;
    if (!ImGui::BeginTable("tiles", columns, ImGuiTableFlags_SizingStretchSame)) return;
    int index = 0;
    for (const Tile& tile : tiles) {
        ImGui::TableNextColumn();
        DrawTile(ctx, tile, index++);
    }
    ImGui::EndTable();
    if (d.stock.skus_without_cost > 0) {
        NumberBuffer n;
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kImportWarnColor,
                           "%s SKUs in stock have no cost and are not in the stock value.",
                           FormatCount(d.stock.skus_without_cost, n));
        ImGui::PopTextWrapPos();
    }
    ImGui::PushTextWrapPos(0.0f);
    NumberBuffer when;
    if (insights.refreshed_at.empty()) {
        TextHint("Out of stock, slow movers and aged listings count the last insights refresh.");
    } else {
        ImGui::TextDisabled("Insights refreshed %s.", FormatTimestamp(insights.refreshed_at, when));
    }
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Refresh insights")) ctx.intents->Post(RefreshInsightsIntent{});
}

void DashboardView::DrawSales(const ViewContext& ctx) {
    const DashboardState& d = ctx.catalog->dashboard;
    ImGui::TextUnformatted("Units sold per day");
    ImGui::SameLine();
    for (int days : {30, 90}) {
        ImGui::SameLine();
        char label[16];
        std::snprintf(label, sizeof(label), "%d days", days);
        if (ImGui::RadioButton(label, d.sales_days == days) && d.sales_days != days) {
            ctx.intents->Post(SetSalesWindowIntent{days});
        }
    }
    if (d.sales.empty()) return;
    NumberBuffer total;
    char per_day[32];
    std::snprintf(per_day, sizeof(per_day), "%.1f",
                  static_cast<double>(d.sales_total) / static_cast<double>(d.sales.size()));
    ImGui::TextDisabled("%s units in %zu days, %s a day. %s to %s.",
                        FormatCount(d.sales_total, total), d.sales.size(), per_day,
                        d.sales.front().day.c_str(), d.sales.back().day.c_str());
    if (d.sales_total == 0) {  // an empty chart would be a blank block: say why instead
        ImGui::PushTextWrapPos(0.0f);
        TextHint(
            "No sales in this window yet: orders arrive from ShipStation or an orders "
            "import, then show here.");
        ImGui::PopTextWrapPos();
        return;
    }
    const float height = ImGui::GetFontSize() * (ctx.narrow ? 8.0f : 11.0f);
    const float max_units = *std::max_element(d.sales_plot.begin(), d.sales_plot.end());
    ImGui::PlotHistogram("##sales", d.sales_plot.data(), static_cast<int>(d.sales_plot.size()), 0,
                         nullptr, 0.0f, std::max(1.0f, max_units * 1.1f),
                         ImVec2(ImGui::GetContentRegionAvail().x, height));
}

}  // namespace stocktake::web
