// SyncView's lower part: the webhook deliveries the server could not
// process (dead letters, with the reason) or has yet to (pending), each dead one with Replay.
#include <algorithm>

#include "imgui.h"
#include "views/import_common.h"
#include "views/operations_common.h"
#include "views/sync_view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

void SyncView::DrawDeliveries(const ViewContext& ctx) {
    const DeliveriesState& d = ctx.operations->deliveries;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted("ShipStation deliveries waiting or failed");
    ImGui::SameLine();
    ImGui::BeginDisabled(d.busy);
    if (ImGui::SmallButton(d.loaded ? "Refresh" : "Load")) {
        PostOperation(ctx.intents, LoadDeliveriesIntent{});
    }
    ImGui::EndDisabled();
    DrawOutcome(d.outcome);
    if (!d.loaded) return;
    if (d.deliveries.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        TextHint("None: every ShipStation notification the server received was processed.");
        ImGui::PopTextWrapPos();
        return;
    }
    // A phone gets one block per delivery: a four-column table scrolled sideways there and
    // cut off the Replay button.
    if (ctx.narrow) {
        for (const WebhookDelivery& w : d.deliveries) {
            NumberBuffer when;
            NumberBuffer tries;
            const bool dead = w.status == "dead";
            ImGui::Bullet();
            ImGui::TextColored(dead ? kImportErrorColor : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                               "%s", dead ? "failed" : "waiting");
            ImGui::SameLine();
            ImGui::TextDisabled("%s, %s tries", FormatTimestamp(w.received_at, when),
                                FormatCount(w.attempts, tries));
            ImGui::Indent();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(w.reason.empty() ? w.last_error.c_str() : w.reason.c_str());
            ImGui::PopTextWrapPos();
            if (dead) {
                ImGui::PushID(static_cast<int>(w.id));
                ImGui::BeginDisabled(d.busy);
                if (ImGui::Button("Replay")) PostOperation(ctx.intents, ReplayDeliveryIntent{w.id});
                ImGui::EndDisabled();
                ImGui::PopID();
            }
            ImGui::Unindent();
        }
        return;
    }
    if (!BeginStretchTable("deliveries",
                           {{"Received", 0.9f}, {"Status", 0.6f}, {"Tries", 0.35f}, {"Why", 3.0f}},
                           0.0f, ImGui::GetFontSize() * 22.0f)) {
        return;
    }
    for (const WebhookDelivery& w : d.deliveries) {
        NumberBuffer n;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        CellText(FormatTimestamp(w.received_at, n));
        ImGui::TableNextColumn();
        if (w.status == "dead") {
            ImGui::TextColored(kImportErrorColor, "failed");
            ImGui::PushID(static_cast<int>(w.id));
            ImGui::BeginDisabled(d.busy);
            if (ImGui::SmallButton("Replay")) {
                PostOperation(ctx.intents, ReplayDeliveryIntent{w.id});
            }
            ImGui::EndDisabled();
            ImGui::PopID();
        } else {
            ImGui::TextUnformatted("waiting");
        }
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(w.attempts, n));
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(w.reason.empty() ? w.last_error.c_str() : w.reason.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
