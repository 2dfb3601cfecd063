// App's part for this device's name (Sync & settings): the saved name and the field's text
// are AdminState::device_name; saving goes through SyncClient, which sends the name with
// every push and pull so the organisation's device list shows it. And the test hooks of
// the device name and the resumed scanner session (web/platform/test_hooks_gaps.cpp).
#include <nlohmann/json.hpp>

#include "app/app.h"

namespace stocktake::web {
namespace {

using nlohmann::json;

// What the gaps test hook may ask. Append only.
enum class GapsTestAction {
    kTypeDeviceName = 1,  // text: the field's new text
    kSaveDeviceName = 2,
};

}  // namespace

void App::LoadDeviceName() {
    if (device_name_loaded_ || engine_ == nullptr) return;
    device_name_loaded_ = true;
    admin_.device_name.saved = sync_.state().device_name;
    admin_.device_name.draft = admin_.device_name.saved;
    ++admin_.revision;
}

void App::SaveDeviceName() {
    DeviceNameState& name = admin_.device_name;
    const Status saved = sync_.SetDeviceName(name.draft);
    name.ok = saved.ok();
    if (!saved.ok()) {
        name.message = saved.message();  // the typed text stays in the field to fix
        return;
    }
    name.saved = sync_.state().device_name;
    name.draft = name.saved;
    name.message = name.saved.empty()
                       ? "Saved: the server names this device from its browser again."
                       : "Saved: \"" + name.saved + "\" is sent with the next sync.";
}

std::string App::GapsTestState() const {
    const DeviceNameState& name = admin_.device_name;
    const json state = {{"deviceName", name.saved},
                        {"draft", name.draft},
                        {"message", name.message},
                        {"ok", name.ok},
                        {"sent", sync_.state().device_name}};
    return state.dump(-1, ' ', false, json::error_handler_t::replace);
}

void App::OnGapsTestAction(int action, std::string text) {
    switch (static_cast<GapsTestAction>(action)) {
        case GapsTestAction::kTypeDeviceName:
            intents_.Post(AdminIntent{EditDeviceNameIntent{std::move(text)}});
            break;
        case GapsTestAction::kSaveDeviceName:
            intents_.Post(AdminIntent{SaveDeviceNameIntent{}});
            break;
    }
}

}  // namespace stocktake::web
