#include <emscripten.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "platform/scanner.h"

extern "C" {
void st_js_scanner_start();
void st_js_scanner_stop();
void st_js_scanner_place(int visible, double x, double y, double width, double height);
void st_js_scanner_feedback(int known);
void st_js_scanner_wedge(int enabled);
char* st_js_scanner_poll();  // malloc'd JSON array of events, or null when there are none
}

namespace stocktake::web {

namespace {

ScannerEvent::Kind KindOf(const std::string& name) {
    using Kind = ScannerEvent::Kind;
    if (name == "wedge") return Kind::kWedge;
    if (name == "camera_on") return Kind::kCameraOn;
    if (name == "camera_denied") return Kind::kCameraDenied;
    if (name == "camera_missing") return Kind::kCameraMissing;
    if (name == "camera_stopped") return Kind::kCameraStopped;
    return Kind::kDecoded;
}

}  // namespace

void StartCamera() {
    st_js_scanner_start();
}

void StopCamera() {
    st_js_scanner_stop();
}

void PlaceCameraPreview(bool visible, float x, float y, float width, float height) {
    st_js_scanner_place(visible ? 1 : 0, x, y, width, height);
}

void ScanFeedback(bool known) {
    st_js_scanner_feedback(known ? 1 : 0);
}

void EnableWedge(bool enabled) {
    st_js_scanner_wedge(enabled ? 1 : 0);
}

std::vector<ScannerEvent> TakeScannerEvents() {
    std::vector<ScannerEvent> events;
    char* text = st_js_scanner_poll();
    if (text == nullptr) return events;
    const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    std::free(text);
    if (!parsed.is_array()) return events;
    for (const nlohmann::json& item : parsed) {
        if (!item.is_object()) continue;
        ScannerEvent event;
        event.kind = KindOf(item.value("kind", std::string()));
        event.text = item.value("text", std::string());
        event.format = item.value("format", std::string());
        event.time_ms = item.value("t", 0.0);
        events.push_back(std::move(event));
    }
    return events;
}

}  // namespace stocktake::web
