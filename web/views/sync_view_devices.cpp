// SyncView's device list: the organisation's devices as the server knows them, this one
// marked, with when each last sent and received changes. A phone gets one block per device
// instead of a table too wide for it.
#include "imgui.h"
#include "views/import_common.h"
#include "views/operations_common.h"
#include "views/sync_view.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

const char* When(const std::string& iso, NumberBuffer& out) {
    return iso.empty() ? "never" : FormatTimestamp(iso, out);
}

const char* NameOf(const SyncDevice& device) {
    return device.name.empty() ? "Unnamed device" : device.name.c_str();
}

}  // namespace

void SyncView::DrawDevices(const ViewContext& ctx) {
    const DevicesState& d = ctx.admin->devices;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted("Your organisation's devices");
    ImGui::SameLine();
    ImGui::BeginDisabled(d.busy);
    if (ImGui::SmallButton(d.loaded ? "Refresh##devices" : "Load##devices")) {
        ctx.intents->Post(AdminIntent{LoadDevicesIntent{}});
    }
    ImGui::EndDisabled();
    DrawError(d.error);
    if (!d.loaded) return;
    if (d.devices.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        TextHint("None yet: a device is listed after its first sync. Press Sync now.");
        ImGui::PopTextWrapPos();
        return;
    }
    const std::string& here = ctx.operations->device_id;
    MissingGlyphs glyphs;  // names in any script (none missing: nothing posted)
    for (const SyncDevice& device : d.devices) glyphs.Scan(device.name);
    if (!glyphs.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs.Take()});
    if (ctx.narrow) {
        for (const SyncDevice& device : d.devices) {
            NumberBuffer pushed;
            NumberBuffer pulled;
            ImGui::Bullet();
            ImGui::TextUnformatted(NameOf(device));
            if (device.id == here) {
                ImGui::SameLine();
                ImGui::TextColored(kImportOkColor, "this device");
            }
            ImGui::Indent();
            ImGui::TextDisabled("sent %s", When(device.last_push, pushed));
            ImGui::TextDisabled("received %s", When(device.last_pull, pulled));
            ImGui::Unindent();
        }
        return;
    }
    if (!BeginStretchTable("devices",
                           {{"Device", 1.6f},
                            {"Last sent", 1.0f},
                            {"Last received", 1.0f},
                            {"Cursor", 0.5f},
                            {"First seen", 1.0f}},
                           0.0f)) {
        return;
    }
    for (const SyncDevice& device : d.devices) {
        NumberBuffer n;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        CellText(NameOf(device));
        if (device.id == here) {
            ImGui::SameLine();
            ImGui::TextColored(kImportOkColor, "(this device)");
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Id %s", device.id.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(When(device.last_push, n));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(When(device.last_pull, n));
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(device.cursor, n));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(When(device.first_seen, n));
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
