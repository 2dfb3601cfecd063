#include "views/reallocation_view.h"

#include <algorithm>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "views/import_common.h"
#include "views/operations_common.h"

namespace stocktake::web {
namespace {

constexpr const char* kPushPopup = "Push to the reallocation list?";
constexpr const char* kPullPopup = "Pull from the reallocation list?";

}  // namespace

std::string PullPreviewText(const engine::ReallocationEntry& entry,
                            const engine::ReallocationPull& pull) {
    NumberBuffer n;
    const std::string units = FormatCount(pull.quantity, n);
    if (!pull.from_location.empty() && !pull.to_location.empty()) {
        return units + " unit(s) of " + entry.sku + " move from " + pull.from_location + " to " +
               pull.to_location + " (a ledger transfer) for " + pull.channel + ".";
    }
    return entry.channel_origin + "'s listed quantity of " + entry.sku + " goes down by " + units +
           " and " + pull.channel + "'s goes up by as much.";
}

void ReallocationView::ChannelsWith(const ViewContext& ctx, const char* feature,
                                    std::vector<std::string>* ids,
                                    std::vector<std::string>* names) const {
    for (const engine::ChannelInfo& c : ctx.operations->reallocation.channels) {
        if (std::find(c.features.begin(), c.features.end(), feature) == c.features.end()) continue;
        ids->push_back(c.id);
        names->push_back(c.display_name);
    }
}

void ReallocationView::Draw(const ViewContext& ctx) {
    const ReallocationState& state = ctx.operations->reallocation;
    DrawOutcome(state.outcome);
    DrawError(state.error);
    DrawPush(ctx);
    ImGui::SameLine();
    if (ImGui::Button("Download CSV")) PostOperation(ctx.intents, DownloadReallocationsCsvIntent{});
    ImGui::Separator();
    DrawEntries(ctx);
    DrawPullConfirmation(ctx);
    DrawMoves(ctx);
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

// A SKU a channel sells slowly, offered to the others: the form, then a preview.
void ReallocationView::DrawPush(const ViewContext& ctx) {
    std::vector<std::string> ids;
    std::vector<std::string> names;
    ChannelsWith(ctx, engine::kFeatureReallocationPush, &ids, &names);
    if (push_channel_.empty() && !ids.empty()) push_channel_ = ids.front();
    if (ImGui::Button("Push a SKU...")) ImGui::OpenPopup(kPushPopup);
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowSizeConstraints(
        ImVec2(std::min(font * 18.0f, ImGui::GetMainViewport()->WorkSize.x - font), 0.0f),
        ImVec2(font * 30.0f, font * 30.0f));
    if (!ImGui::BeginPopupModal(kPushPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const float width = FieldWidth(12.0f);
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint("SKU", "the SKU to offer", &push_sku_);
    StringCombo("From channel", ids, names, &push_channel_, width);
    ImGui::SetNextItemWidth(width);
    ImGui::InputInt("Units (0 = all listed)", &push_qty_);
    push_qty_ = std::max(0, push_qty_);
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint("Reason", "e.g. slow on eBay", &push_reason_);
    ImGui::PushTextWrapPos(font * 26.0f);
    if (!push_sku_.empty()) {
        NumberBuffer n;
        TextHint((push_sku_ + " goes on the list from " + push_channel_ + ", offering " +
                  (push_qty_ > 0 ? std::string(FormatCount(push_qty_, n)) + " unit(s)"
                                 : std::string("whatever is listed")) +
                  ". Nothing moves until another channel pulls it.")
                     .c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::BeginDisabled(push_sku_.empty() || push_channel_.empty());
    if (ImGui::Button("Push")) {
        engine::ReallocationPush push;
        push.sku = push_sku_;
        push.channel = push_channel_;
        push.reason = push_reason_;
        if (push_qty_ > 0) push.quantity = push_qty_;
        PostOperation(ctx.intents, PushReallocationIntent{push});
        push_sku_.clear();
        push_reason_.clear();
        push_qty_ = 0;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Back")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void ReallocationView::DrawEntries(const ViewContext& ctx) {
    const ReallocationState& state = ctx.operations->reallocation;
    if (state.entries.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        TextHint(
            "The reallocation list is empty. Push a SKU that sells slowly on one channel "
            "so another channel can take its stock; Insights lists candidates under "
            "\"Move to another channel\".");
        ImGui::PopTextWrapPos();
        return;
    }
    ImGui::TextDisabled("On the list (newest first):");
    const float rows = std::min(static_cast<float>(state.entries.size()) + 1.6f, 10.0f);
    if (!BeginStretchTable("entries",
                           // "Pull..." next to the SKU: on a phone the table scrolls
                           // sideways and a last-column button is off screen.
                           {{"SKU", 1.2f},
                            {"Units", 0.5f},
                            {"", 0.9f},
                            {"From", 0.7f},
                            {"Reason", 1.4f},
                            {"State", 0.5f}},
                           rows * ImGui::GetFrameHeightWithSpacing(),
                           ImGui::GetFontSize() * 28.0f)) {
        return;
    }
    for (size_t i = 0; i < state.entries.size(); ++i) {
        const engine::ReallocationEntry& e = state.entries[i];
        glyphs_.Scan(e.sku);
        glyphs_.Scan(e.reason);
        NumberBuffer n;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        CellText(e.sku.c_str());
        ImGui::TableNextColumn();
        TextRightAligned(e.quantity ? FormatCount(*e.quantity, n) : "listed");
        ImGui::TableNextColumn();
        if (e.state == engine::kReallocationOpen) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::SmallButton("Pull...")) {
                pulling_ = e;
                pull_qty_ = static_cast<int>(e.quantity.value_or(1));
                pull_channel_.clear();
                ImGui::OpenPopup(kPullPopup);
            }
            ImGui::PopID();
        }
        ImGui::TableNextColumn();
        CellText(e.channel_origin.c_str());
        ImGui::TableNextColumn();
        CellText(e.reason.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.state.c_str());
    }
    ImGui::EndTable();
}

// Which channel takes the entry, how many units, and whether stock moves between locations
// (a ledger transfer) or only listed quantities; said in words before anything moves.
void ReallocationView::DrawPullConfirmation(const ViewContext& ctx) {
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowSizeConstraints(
        ImVec2(std::min(font * 18.0f, ImGui::GetMainViewport()->WorkSize.x - font), 0.0f),
        ImVec2(font * 30.0f, font * 30.0f));
    if (!ImGui::BeginPopupModal(kPullPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    std::vector<std::string> ids;
    std::vector<std::string> names;
    ChannelsWith(ctx, engine::kFeatureReallocationPull, &ids, &names);
    ids.erase(std::remove(ids.begin(), ids.end(), pulling_.channel_origin), ids.end());
    names.clear();  // the ids are the names here
    if (pull_channel_.empty() && !ids.empty()) pull_channel_ = ids.front();
    const float width = FieldWidth(12.0f);
    ImGui::Text("%s, offered by %s", pulling_.sku.c_str(), pulling_.channel_origin.c_str());
    StringCombo("To channel", ids, names, &pull_channel_, width);
    ImGui::SetNextItemWidth(width);
    ImGui::InputInt("Units", &pull_qty_);
    pull_qty_ = std::max(1, pull_qty_);
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint("From location", "optional", &pull_from_);
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint("To location", "optional", &pull_to_);
    const bool half_transfer = pull_from_.empty() != pull_to_.empty();
    engine::ReallocationPull pull;
    pull.entry_id = pulling_.id;
    pull.channel = pull_channel_;
    pull.quantity = pull_qty_;
    pull.from_location = pull_from_;
    pull.to_location = pull_to_;
    ImGui::PushTextWrapPos(font * 26.0f);
    if (half_transfer) {
        ImGui::TextColored(kImportWarnColor, "Give both locations for a transfer, or neither.");
    } else {
        TextHint(PullPreviewText(pulling_, pull).c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::BeginDisabled(pull_channel_.empty() || half_transfer);
    if (ImGui::Button("Pull")) {
        PostOperation(ctx.intents, PullReallocationIntent{pull});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Back")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void ReallocationView::DrawMoves(const ViewContext& ctx) {
    const ReallocationState& state = ctx.operations->reallocation;
    ImGui::Spacing();
    ImGui::TextDisabled("Moves (the audit, newest first):");
    if (state.moves.empty()) {
        TextHint("No moves yet.");
        return;
    }
    if (!BeginStretchTable("moves",
                           {{"When", 1.0f},
                            {"SKU", 1.0f},
                            {"From", 0.7f},
                            {"To", 0.7f},
                            {"Units", 0.5f},
                            {"How", 0.9f}},
                           0.0f, ImGui::GetFontSize() * 28.0f)) {
        return;
    }
    for (const engine::ReallocationMove& m : state.moves) {
        NumberBuffer n;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        CellText(FormatTimestamp(m.at, n));
        ImGui::TableNextColumn();
        CellText(m.sku.c_str());
        ImGui::TableNextColumn();
        CellText(m.from_channel.c_str());
        ImGui::TableNextColumn();
        CellText(m.to_channel.c_str());
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(m.quantity, n));
        ImGui::TableNextColumn();
        CellText(m.kind == engine::kMoveTransfer ? "stock transfer" : "listed quantity");
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
