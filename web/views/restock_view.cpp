#include "views/restock_view.h"

#include <cinttypes>

#include "imgui.h"
#include "views/import_common.h"
#include "views/insights_view.h"

namespace stocktake::web {
namespace {

constexpr const char* kConfirmPopup = "Create draft purchase orders?";

}  // namespace

void RestockView::Summarize(const InsightsState& state) {
    summarized_revision_ = state.revision;
    orders_.clear();
    unorderable_lines_ = 0;
    if (!state.plan.has_value()) return;
    // The plan's lines come by supplier, so each supplier's lines are adjacent.
    for (const engine::RestockLine& line : state.plan->lines) {
        glyphs_.Scan(line.sku);
        glyphs_.Scan(line.supplier);
        if (line.supplier.empty()) {
            ++unorderable_lines_;
            continue;
        }
        if (orders_.empty() || orders_.back().supplier != line.supplier) {
            orders_.push_back(SupplierOrder{line.supplier, 0, 0});
        }
        ++orders_.back().lines;
        orders_.back().units += line.quantity;
    }
}

void RestockView::Draw(const ViewContext& ctx) {
    const InsightsState& state = *ctx.insights;
    if (summarized_revision_ != state.revision) Summarize(state);
    const bool has_lines = state.plan.has_value() && !state.plan->lines.empty();

    // Wraps onto a second line on a phone.
    ButtonRow buttons({"Refresh plan", "Download CSV", "Create draft purchase orders..."});
    if (buttons.Button(0)) ctx.intents->Post(RefreshInsightsIntent{});
    // An empty plan downloads too: a header-only file says "nothing to order" as of now.
    if (buttons.Button(1, state.plan.has_value())) ctx.intents->Post(DownloadRestockCsvIntent{});
    if (buttons.Button(2, !orders_.empty())) ImGui::OpenPopup(kConfirmPopup);
    DrawConfirmation(ctx);
    DrawChannelFiles(ctx);

    ImGui::PushTextWrapPos(0.0f);
    if (!state.restock_message.empty()) {
        ImGui::TextColored(state.restock_message_is_error ? kImportErrorColor : kImportOkColor,
                           "%s", state.restock_message.c_str());
    }
    if (!state.error.empty()) ImGui::TextColored(kImportErrorColor, "%s", state.error.c_str());
    if (state.generating) {
        DrawRefreshProgress(state, "Updating the plan");
        if (!state.plan.has_value()) {
            ImGui::PopTextWrapPos();
            return;
        }
        TextHint("Showing the last plan until the update is done.");
    }
    if (!has_lines) {
        ImGui::Spacing();
        TextHint(
            "Nothing to reorder: every product's stock and inbound orders cover its demand "
            "over the lead time and review period plus safety stock. Demand comes from your "
            "sales: import your orders, then Refresh.");
        ImGui::PopTextWrapPos();
        return;
    }
    NumberBuffer when;
    ImGui::TextDisabled("%zu products to order, as of %s", state.plan->lines.size(),
                        FormatTimestamp(state.plan->planned_at, when));
    ImGui::PopTextWrapPos();

    if (!BeginStretchTable("restock",
                           {{"Supplier", 1.0f}, {"SKU", 1.0f}, {"Order", 0.5f}, {"Why", 4.0f}},
                           0.0f, ImGui::GetFontSize() * 34.0f)) {
        return;
    }
    // Rows wrap their derivation, so their heights differ: no clipper (plans are short).
    for (const engine::RestockLine& line : state.plan->lines) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (line.supplier.empty()) {
            ImGui::TextColored(kImportWarnColor, "no vendor price");
        } else {
            ImGui::TextUnformatted(line.supplier.c_str());
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(line.sku.c_str());
        ImGui::TableNextColumn();
        NumberBuffer n;
        TextRightAligned(FormatCount(line.quantity, n));
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(line.derivation.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

// The marketplaces' own quantity files, each after its channel's rules: what the seller
// uploads to put the stock figures in front of buyers.
void RestockView::DrawChannelFiles(const ViewContext& ctx) {
    if (channel_labels_.empty()) {
        for (const engine::ChannelInfo& channel : ctx.engine->Channels()) {
            for (const std::string& feature : channel.features) {
                if (feature != engine::kFeatureQuantityFile) continue;
                channel_ids_.push_back(channel.id);
                channel_labels_.push_back(channel.display_name + " file");
            }
        }
    }
    ImGui::TextDisabled("Quantity files to upload, after each channel's rules:");
    std::vector<const char*> labels;
    for (const std::string& label : channel_labels_) labels.push_back(label.c_str());
    ButtonRow buttons(labels);
    for (size_t i = 0; i < channel_ids_.size(); ++i) {
        if (buttons.Button(i)) ctx.intents->Post(DownloadChannelFileIntent{channel_ids_[i]});
    }
}

// What creating the drafts would write, before it writes anything.
void RestockView::DrawConfirmation(const ViewContext& ctx) {
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowSizeConstraints(
        ImVec2(std::min(font * 20.0f, ImGui::GetMainViewport()->WorkSize.x), 0.0f),
        ImVec2(font * 32.0f, font * 30.0f));
    if (!ImGui::BeginPopupModal(kConfirmPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        return;
    }
    ImGui::Text("%zu draft purchase order(s) will be created:", orders_.size());
    for (const SupplierOrder& order : orders_) {
        NumberBuffer lines;
        NumberBuffer units;
        ImGui::BulletText("%s: %s line(s), %s units", order.supplier.c_str(),
                          FormatCount(order.lines, lines), FormatCount(order.units, units));
    }
    if (unorderable_lines_ > 0) {
        ImGui::TextColored(kImportWarnColor,
                           "%" PRId64 " line(s) without a vendor price are left out.",
                           unorderable_lines_);
    }
    TextHint("Drafts can be edited or deleted before they are sent.");
    ImGui::Spacing();
    if (ImGui::Button("Create drafts")) {
        ctx.intents->Post(CreateRestockPosIntent{});
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace stocktake::web
