#include "views/sync_view.h"

#include <algorithm>
#include <cstring>

#include "imgui.h"
#include "views/import_common.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

constexpr float kFieldWidth = 320.0f;

// As wide as kFieldWidth, narrower when the screen is (a phone): the labels stay whole.
void Field(const char* label, char* buffer, size_t size, ImGuiInputTextFlags flags = 0) {
    const float labels =
        ImGui::CalcTextSize("Organisation").x + ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SetNextItemWidth(std::min(kFieldWidth * ImGui::GetIO().FontGlobalScale,
                                     ImGui::GetContentRegionAvail().x - labels));
    ImGui::InputText(label, buffer, size, flags);
}

}  // namespace

void SyncView::Draw(const ViewContext& ctx) {
    const SyncState& sync = *ctx.sync;
    ImGui::TextUnformatted("Sync");
    ImGui::Separator();
    if (sync.signed_in) {
        DrawSignedIn(ctx);
    } else {
        DrawSignedOut(ctx);
    }
    if (!sync.error.empty()) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, kImportErrorColor);
        ImGui::TextWrapped("%s", sync.error.c_str());
        ImGui::PopStyleColor();
    }
    DrawDevice(ctx);
    if (sync.signed_in) {
        DrawDevices(ctx);
        DrawDeliveries(ctx);
    }
}

void SyncView::DrawSignedOut(const ViewContext& ctx) {
    const SyncState& sync = *ctx.sync;
    ImGui::TextWrapped(
        "Everything works on this device without an account. Sign in to share stock, "
        "listings and orders with your team's other devices.");
    if (sync.pending_ops > 0) {
        NumberBuffer n;
        ImGui::Text("%s changes made here will be sent after you sign in.",
                    FormatCount(sync.pending_ops, n));
    }
    ImGui::Spacing();
    if (creating_) Field("Organisation", organisation_.data(), organisation_.size());
    Field("Email", email_.data(), email_.size());
    Field("Password", password_.data(), password_.size(), ImGuiInputTextFlags_Password);
    if (creating_) TextHint("At least 12 characters.");
    ImGui::BeginDisabled(sync.busy || email_[0] == '\0' || password_[0] == '\0');
    if (ImGui::Button(creating_ ? "Create account" : "Sign in")) {
        if (creating_) {
            ctx.intents->Post(
                CreateAccountIntent{organisation_.data(), email_.data(), password_.data()});
        } else {
            ctx.intents->Post(SignInIntent{email_.data(), password_.data()});
        }
        password_.fill('\0');  // not kept in memory longer than needed
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::SmallButton(creating_ ? "I have an account" : "New organisation?")) {
        creating_ = !creating_;
    }
    if (sync.busy) ImGui::TextDisabled("%s...", sync.activity.c_str());
}

void SyncView::DrawSignedIn(const ViewContext& ctx) {
    const SyncState& sync = *ctx.sync;
    ImGui::Text("Signed in as %s", sync.email.c_str());
    ImGui::Spacing();
    // Figures beside their labels, not across a wide window.
    const float table_width =
        std::min(ImGui::GetContentRegionAvail().x, 480.0f * ImGui::GetIO().FontGlobalScale);
    if (ImGui::BeginTable("sync_figures", 2, ImGuiTableFlags_SizingStretchProp,
                          ImVec2(table_width, 0.0f))) {
        NumberBuffer n;
        FigureRow("Changes waiting to be sent", FormatCount(sync.pending_ops, n));
        NumberBuffer when;
        FigureRow("Last sync",
                  sync.last_sync_at.empty() ? "never" : FormatTimestamp(sync.last_sync_at, when));
        FigureRow("Now", sync.busy ? sync.activity.c_str()
                                   : (sync.activity.empty() ? "Idle" : sync.activity.c_str()));
        ImGui::EndTable();
    }
    ImGui::BeginDisabled(sync.busy);
    if (ImGui::Button("Sync now")) ctx.intents->Post(SyncNowIntent{});
    ImGui::SameLine();
    if (ImGui::Button("Sign out")) ctx.intents->Post(SignOutIntent{});
    ImGui::EndDisabled();
    // Wrapped: a phone-width window would clip it.
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped(
        "Changes are sent a moment after you make them, and other devices' every 15 s.");
    ImGui::PopStyleColor();
}

}  // namespace stocktake::web
