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

engine::ReallocationPull PullOf(const ReallocationPullForm& form) {
    engine::ReallocationPull pull;
    pull.entry_id = form.entry.id;
    pull.channel = form.channel;
    pull.quantity = form.quantity;
    pull.from_location = form.from_location;
    pull.to_location = form.to_location;
    return pull;
}

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
    const ReallocationPushForm& shown = ctx.operations->reallocation.push;
    ReallocationPushForm form = shown;  // ImGui edits a copy; App keeps the form
    std::vector<std::string> ids;
    std::vector<std::string> names;
    ChannelsWith(ctx, engine::kFeatureReallocationPush, &ids, &names);
    if (form.channel.empty() && !ids.empty()) form.channel = ids.front();
    if (ImGui::Button("Push a SKU...")) form.open = true;
    if (form.open && !ImGui::IsPopupOpen(kPushPopup)) ImGui::OpenPopup(kPushPopup);
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowSizeConstraints(
        ImVec2(std::min(font * 18.0f, ImGui::GetMainViewport()->WorkSize.x - font), 0.0f),
        ImVec2(font * 30.0f, font * 30.0f));
    if (ImGui::BeginPopupModal(kPushPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        const float width = FieldWidth(12.0f);
        ImGui::SetNextItemWidth(width);
        ImGui::InputTextWithHint("SKU", "the SKU to offer", &form.sku);
        StringCombo("From channel", ids, names, &form.channel, width);
        ImGui::SetNextItemWidth(width);
        ImGui::InputInt("Units (0 = all listed)", &form.quantity);
        form.quantity = std::max(0, form.quantity);
        ImGui::SetNextItemWidth(width);
        ImGui::InputTextWithHint("Reason", "e.g. slow on eBay", &form.reason);
        ImGui::PushTextWrapPos(font * 26.0f);
        if (!form.sku.empty()) {
            NumberBuffer n;
            TextHint((form.sku + " goes on the list from " + form.channel + ", offering " +
                      (form.quantity > 0 ? std::string(FormatCount(form.quantity, n)) + " unit(s)"
                                         : std::string("whatever is listed")) +
                      ". Nothing moves until another channel pulls it.")
                         .c_str());
        }
        ImGui::PopTextWrapPos();
        ImGui::BeginDisabled(form.sku.empty() || form.channel.empty());
        if (ImGui::Button("Push")) {
            engine::ReallocationPush push;
            push.sku = form.sku;
            push.channel = form.channel;
            push.reason = form.reason;
            if (form.quantity > 0) push.quantity = form.quantity;
            PostOperation(ctx.intents, PushReallocationIntent{push});
            form = ReallocationPushForm{false, "", form.channel, "", 0};
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Back")) form.open = false;
        if (!form.open) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (!(form == shown)) PostOperation(ctx.intents, EditReallocationPushIntent{form});
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
    const auto pull_button = [&](const engine::ReallocationEntry& e, size_t i) {
        if (e.state != engine::kReallocationOpen) return;
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("Pull...")) {
            ReallocationPullForm form;
            form.open = true;
            form.entry = e;
            form.quantity = static_cast<int>(e.quantity.value_or(1));
            PostOperation(ctx.intents, EditReallocationPullIntent{form});
        }
        ImGui::PopID();
    };
    if (ctx.narrow) {
        // A phone: one block per entry, "Pull..." beside its SKU.
        for (size_t i = 0; i < state.entries.size(); ++i) {
            const engine::ReallocationEntry& e = state.entries[i];
            glyphs_.Scan(e.sku);
            glyphs_.Scan(e.reason);
            NumberBuffer n;
            ImGui::Bullet();
            ImGui::TextUnformatted(e.sku.c_str());
            if (e.state == engine::kReallocationOpen) {
                ImGui::SameLine();
                pull_button(e, i);
            }
            ImGui::Indent();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%s from %s, %s%s%s",
                                e.quantity ? FormatCount(*e.quantity, n) : "listed units",
                                e.channel_origin.c_str(), e.state.c_str(),
                                e.reason.empty() ? "" : ": ", e.reason.c_str());
            ImGui::PopTextWrapPos();
            ImGui::Unindent();
        }
        return;
    }
    const float rows = std::min(static_cast<float>(state.entries.size()) + 1.6f, 10.0f);
    if (!BeginStretchTable("entries",
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
        pull_button(e, i);
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
    const ReallocationPullForm& shown = ctx.operations->reallocation.pull;
    ReallocationPullForm form = shown;  // ImGui edits a copy; App keeps the form
    if (form.open && !ImGui::IsPopupOpen(kPullPopup)) ImGui::OpenPopup(kPullPopup);
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowSizeConstraints(
        ImVec2(std::min(font * 18.0f, ImGui::GetMainViewport()->WorkSize.x - font), 0.0f),
        ImVec2(font * 30.0f, font * 30.0f));
    if (!ImGui::BeginPopupModal(kPullPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    std::vector<std::string> ids;
    std::vector<std::string> names;
    ChannelsWith(ctx, engine::kFeatureReallocationPull, &ids, &names);
    ids.erase(std::remove(ids.begin(), ids.end(), form.entry.channel_origin), ids.end());
    names.clear();  // the ids are the names here
    if (form.channel.empty() && !ids.empty()) form.channel = ids.front();
    const float width = FieldWidth(12.0f);
    ImGui::Text("%s, offered by %s", form.entry.sku.c_str(), form.entry.channel_origin.c_str());
    StringCombo("To channel", ids, names, &form.channel, width);
    ImGui::SetNextItemWidth(width);
    ImGui::InputInt("Units", &form.quantity);
    form.quantity = std::max(1, form.quantity);
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint("From location", "optional", &form.from_location);
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint("To location", "optional", &form.to_location);
    const bool half_transfer = form.from_location.empty() != form.to_location.empty();
    const engine::ReallocationPull pull = PullOf(form);
    ImGui::PushTextWrapPos(font * 26.0f);
    if (half_transfer) {
        ImGui::TextColored(kImportWarnColor, "Give both locations for a transfer, or neither.");
    } else {
        TextHint(PullPreviewText(form.entry, pull).c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::BeginDisabled(form.channel.empty() || half_transfer);
    if (ImGui::Button("Pull")) {
        PostOperation(ctx.intents, PullReallocationIntent{pull});
        form.open = false;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Back")) form.open = false;
    if (!form.open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    if (!(form == shown)) PostOperation(ctx.intents, EditReallocationPullIntent{form});
}

void ReallocationView::DrawMoves(const ViewContext& ctx) {
    const ReallocationState& state = ctx.operations->reallocation;
    ImGui::Spacing();
    ImGui::TextDisabled("Moves (the audit, newest first):");
    if (state.moves.empty()) {
        TextHint("No moves yet.");
        return;
    }
    const auto how = [](const engine::ReallocationMove& m) {
        return m.kind == engine::kMoveTransfer ? "stock transfer" : "listed quantity";
    };
    if (ctx.narrow) {
        // A phone: what moved in one line, when and how under it.
        for (const engine::ReallocationMove& m : state.moves) {
            NumberBuffer n;
            NumberBuffer when;
            ImGui::Bullet();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::Text("%s %s: %s to %s", FormatCount(m.quantity, n), m.sku.c_str(),
                        m.from_channel.c_str(), m.to_channel.c_str());
            ImGui::Indent();
            ImGui::TextDisabled("%s, %s", FormatTimestamp(m.at, when), how(m));
            ImGui::Unindent();
            ImGui::PopTextWrapPos();
        }
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
        CellText(how(m));
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
