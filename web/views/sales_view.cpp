#include "views/sales_view.h"

#include <algorithm>
#include <string>

#include "imgui.h"
#include "views/operations_common.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

constexpr const char* kPopup = "Units sold: the order lines";

}  // namespace

void SalesView::Draw(const ViewContext& ctx) {
    const SalesState& sales = ctx.operations->sales;
    if (sales.days <= 0) return;
    if (!ImGui::IsPopupOpen(kPopup)) ImGui::OpenPopup(kPopup);
    const float font = ImGui::GetFontSize();
    const ImVec2 screen = ImGui::GetMainViewport()->WorkSize;
    ImGui::SetNextWindowSize(ImVec2(std::min(font * 30.0f, screen.x - font),
                                    std::min(font * 24.0f, screen.y - font * 2.0f)));
    if (!ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_NoResize)) return;
    int64_t units = 0;
    for (const engine::SaleLine& l : sales.lines) units += l.quantity;
    NumberBuffer n;
    ImGui::TextWrapped("%s on %s, last %lld days: %s unit(s) in %zu line(s)", sales.sku.c_str(),
                       sales.channel.empty() ? "all channels" : sales.channel.c_str(),
                       static_cast<long long>(sales.days), FormatCount(units, n),
                       sales.lines.size());
    DrawError(sales.error);
    if (ImGui::Button("Close")) {
        PostOperation(ctx.intents, OpenSalesIntent{});
        ImGui::CloseCurrentPopup();
    }
    if (sales.lines.empty()) {
        TextHint("No order lines: nothing sold in this window.");
    } else if (BeginStretchTable(
                   "sale_lines",
                   {{"Ordered", 1.6f}, {"Order", 1.4f}, {"Channel", 0.6f}, {"Units", 0.4f}}, 0.0f,
                   font * 22.0f)) {
        for (const engine::SaleLine& l : sales.lines) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            CellText(FormatTimestamp(l.ordered_at, n));
            ImGui::TableNextColumn();
            CellText(l.order_id.c_str());
            ImGui::TableNextColumn();
            CellText(l.channel.c_str());
            ImGui::TableNextColumn();
            TextRightAligned(FormatCount(l.quantity, n));
        }
        ImGui::EndTable();
    }
    ImGui::EndPopup();
}

}  // namespace stocktake::web
