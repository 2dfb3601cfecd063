// SyncView's "This device": its id, and the name it goes by on the organisation's device
// list. The field edits a copy of App's AdminState::device_name.draft (an intent per
// change); "Save name" keeps it on the device and the next push and pull send it.
#include <algorithm>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "views/import_common.h"
#include "views/operations_common.h"
#include "views/sync_view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

void SyncView::DrawDevice(const ViewContext& ctx) {
    const DeviceNameState& name = ctx.admin->device_name;
    // A name in any script: its glyphs join the font atlas (none missing: nothing posted).
    MissingGlyphs glyphs;
    glyphs.Scan(name.draft);
    glyphs.Scan(name.message);
    if (!glyphs.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs.Take()});
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted("This device");
    std::string draft = name.draft;
    ImGui::SetNextItemWidth(std::min(FieldWidth(16.0f), ImGui::GetContentRegionAvail().x -
                                                            ImGui::CalcTextSize("Name").x -
                                                            ImGui::GetStyle().ItemInnerSpacing.x));
    if (ImGui::InputTextWithHint("Name", "e.g. Dock phone 2", &draft)) {
        ctx.intents->Post(AdminIntent{EditDeviceNameIntent{draft}});
    }
    ImGui::BeginDisabled(name.draft == name.saved);
    if (ImGui::Button("Save name")) ctx.intents->Post(AdminIntent{SaveDeviceNameIntent{}});
    ImGui::EndDisabled();
    ImGui::PushTextWrapPos(0.0f);
    if (!name.message.empty()) {
        ImGui::TextColored(name.ok ? kImportOkColor : kImportErrorColor, "%s",
                           name.message.c_str());
    }
    if (name.saved.empty()) {
        TextHint(
            "No name given: the devices list shows this device by its browser and system "
            "(e.g. \"Chrome on Android\").");
    }
    ImGui::TextDisabled("Id %s", ctx.operations->device_id.c_str());
    TextHint(
        "Every change made here carries this id, so the server and your other devices "
        "can tell where it came from.");
    ImGui::PopTextWrapPos();
}

}  // namespace stocktake::web
