#include "views/orders_view.h"

#include <algorithm>

#include "imgui.h"
#include "views/import_common.h"
#include "views/operations_common.h"

namespace stocktake::web {
namespace {

const std::vector<std::string> kStatuses = {"", "open", "shipped", "cancelled"};
const std::vector<std::string> kStatusLabels = {"Any status", "Open", "Shipped", "Cancelled"};

}  // namespace

void OrdersView::Draw(const ViewContext& ctx) {
    const OrdersState& state = ctx.operations->orders;
    DrawFilters(ctx);
    DrawError(state.error);
    if (state.open.has_value()) DrawOpenOrder(ctx);
    DrawList(ctx);
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void OrdersView::DrawFilters(const ViewContext& ctx) {
    const OrdersState& state = ctx.operations->orders;
    if (channel_ids_.empty()) {
        channel_ids_.push_back("");
        channel_labels_.push_back("Any channel");
        for (const engine::ChannelInfo& c : ctx.engine->Channels()) {
            channel_ids_.push_back(c.id);
            channel_labels_.push_back(c.display_name);
        }
    }
    FilterOrdersIntent filter = state.filter;
    const float width = FieldWidth(9.0f);
    bool changed = StringCombo("##status", kStatuses, kStatusLabels, &filter.status, width);
    ImGui::SameLine();
    changed |= StringCombo("##channel", channel_ids_, channel_labels_, &filter.channel, width);
    if (changed) PostOperation(ctx.intents, filter);
}

void OrdersView::DrawOpenOrder(const ViewContext& ctx) {
    const engine::OrderDetail& order = *ctx.operations->orders.open;
    NumberBuffer when;
    // Close first: on a phone the line is cut at its end.
    if (ImGui::SmallButton("Close")) PostOperation(ctx.intents, OpenOrderIntent{});
    ImGui::SameLine();
    ImGui::TextColored(kImportAccentColor, "%s order %s", order.channel.c_str(),
                       order.external_id.c_str());
    ImGui::TextDisabled("%s, ordered %s", order.status.c_str(),
                        FormatTimestamp(order.ordered_at, when));
    const float font = ImGui::GetFontSize();
    const float rows = static_cast<float>(order.lines.size()) + 1.3f;
    if (BeginStretchTable("order_lines",
                          {{"#", 0.3f},
                           {"SKU", 1.6f},
                           {"Qty", 0.6f},
                           {"Price", 0.7f},
                           {"Reserved", 0.8f},
                           {"Shipped", 0.8f}},
                          std::min(rows, 8.0f) * ImGui::GetFrameHeightWithSpacing(),
                          font * 24.0f)) {
        for (const engine::OrderLineDetail& line : order.lines) {
            glyphs_.Scan(line.sku);
            NumberBuffer n;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(line.line));
            ImGui::TableNextColumn();
            CellText(line.sku.c_str());
            ImGui::TableNextColumn();
            TextRightAligned(FormatCount(line.quantity, n));
            ImGui::TableNextColumn();
            TextRightAligned(line.price_minor ? FormatMoney(*line.price_minor, n) : "-");
            ImGui::TableNextColumn();
            TextRightAligned(FormatCount(line.reserved, n));
            ImGui::TableNextColumn();
            TextRightAligned(FormatCount(line.shipped, n));
        }
        ImGui::EndTable();
    }
    if (order.movements.empty()) {
        TextHint(order.status == "open" ? "Nothing has shipped yet: the lines hold stock."
                                        : "No stock moved for this order.");
    } else {
        ImGui::TextDisabled("Stock movements for this order:");
        const float mrows = static_cast<float>(order.movements.size()) + 1.6f;
        if (BeginStretchTable("order_moves",
                              {{"When", 1.2f},
                               {"SKU", 1.2f},
                               {"Location", 0.8f},
                               {"Units", 0.5f},
                               {"Kind", 0.6f}},
                              std::min(mrows, 6.0f) * ImGui::GetFrameHeightWithSpacing(),
                              font * 24.0f)) {
            for (const engine::Movement& m : order.movements) {
                NumberBuffer n;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                CellText(FormatTimestamp(m.occurred_at, n));
                ImGui::TableNextColumn();
                CellText(m.sku.c_str());
                ImGui::TableNextColumn();
                CellText(m.location.c_str());
                ImGui::TableNextColumn();
                TextRightAligned(FormatCount(m.delta, n));
                ImGui::TableNextColumn();
                CellText(engine::MovementKindName(m.kind));
            }
            ImGui::EndTable();
        }
    }
    ImGui::Separator();
}

void OrdersView::DrawList(const ViewContext& ctx) {
    const OrdersState& state = ctx.operations->orders;
    if (state.orders.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        TextHint(state.filter.status.empty() && state.filter.channel.empty()
                     ? "No orders yet. Orders arrive from ShipStation through the server: sign "
                       "in on the Sync screen, and they appear here after the next sync."
                     : "No orders match these filters.");
        ImGui::PopTextWrapPos();
        return;
    }
    ImGui::TextDisabled("%zu order(s), newest first. Select one to see its lines.",
                        state.orders.size());
    if (!BeginStretchTable("orders",
                           {{"Date", 1.0f},
                            {"Channel", 0.8f},
                            {"Order", 1.3f},
                            {"Status", 0.7f},
                            {"Lines", 0.5f},
                            {"Units", 0.5f}},
                           0.0f, ImGui::GetFontSize() * 26.0f)) {
        return;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(state.orders.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const engine::OrderSummary& o = state.orders[static_cast<size_t>(i)];
            glyphs_.Scan(o.external_id);
            const bool open = state.open.has_value() && state.open->channel == o.channel &&
                              state.open->external_id == o.external_id;
            NumberBuffer n;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            if (ImGui::Selectable(FormatDate(o.ordered_at, n), open,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                PostOperation(ctx.intents, OpenOrderIntent{o.channel, o.external_id});
            }
            ImGui::PopID();
            ImGui::TableNextColumn();
            CellText(o.channel.c_str());
            ImGui::TableNextColumn();
            CellText(o.external_id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(o.status.c_str());
            ImGui::TableNextColumn();
            TextRightAligned(FormatCount(o.lines, n));
            ImGui::TableNextColumn();
            TextRightAligned(FormatCount(o.units, n));
        }
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
