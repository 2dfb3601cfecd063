// Touch on the canvas as ImGui sees a mouse (ImGui 1.86 has no touch of its own):
// - a tap (down and up without moving) becomes a hover, a press and a release on three
//   frames at the finger, so buttons, rows and fields react as to a click;
// - a finger moving more than a few pixels scrolls what is under it (as the mouse wheel:
//   one wheel step = 5 lines), and clicks nothing;
// - a finger held still for 0.4 s presses, and then drags (sliders, column borders). The
//   0.4 s are the page's clock from the touch's event, not ImGui's frame time: a long frame
//   (a refresh's slice on a slow phone) must not turn a swipe into a press.
// Emscripten's GLFW would turn a touch into a click at the last mouse position; the page's
// capture listener (library_input.js) keeps touches from it and sends them here. After a
// touch the mouse is parked off-screen (no hover left behind) until a real mouse moves.
#include <emscripten.h>

#include <cfloat>
#include <cmath>
#include <deque>

#include "imgui.h"
#include "platform/platform_internal.h"

extern "C" void st_js_install_touch();

namespace stocktake::web {
namespace {

constexpr float kTapSlopCss = 10.0f;             // movement that makes a touch a scroll
constexpr double kLongPressSeconds = 0.4;        // still this long: press and drag
constexpr float kCssPixelsPerWheelStep = 75.0f;  // 5 lines of 15 px

enum TouchType { kStart = 0, kMove = 1, kEnd = 2, kCancel = 3 };

struct MouseStep {
    float x, y;
    bool down;
};

struct TouchState {
    bool active = false;
    bool scrolling = false;
    bool pressed = false;
    float start_x = 0, start_y = 0, x = 0, y = 0;  // device pixels
    double start_ms = 0;                           // emscripten_get_now() at the touchstart event
};

TouchState g_touch;
std::deque<MouseStep> g_steps;  // one per frame
bool g_touch_mode = false;      // the last pointer was a finger
ImVec2 g_mouse_at_touch;        // where GLFW's mouse was then (a real mouse moves it)
float g_wheel_x = 0, g_wheel_y = 0;
float g_ratio = 1.0f;

}  // namespace

void InstallTouchInput() {
    st_js_install_touch();
}

void ApplyTouchInput(float pixel_ratio) {
    g_ratio = pixel_ratio;
    if (!g_touch_mode) return;
    ImGuiIO& io = ImGui::GetIO();
    // The GLFW backend has just set the mouse from GLFW: a real mouse moved since the touch.
    if (!g_touch.active && g_steps.empty() &&
        (io.MousePos.x != g_mouse_at_touch.x || io.MousePos.y != g_mouse_at_touch.y)) {
        g_touch_mode = false;
        return;
    }
    if (!g_steps.empty()) {
        const MouseStep step = g_steps.front();
        g_steps.pop_front();
        io.MousePos = ImVec2(step.x, step.y);
        io.MouseDown[0] = step.down;
    } else if (g_touch.active) {
        if (!g_touch.scrolling && !g_touch.pressed &&
            emscripten_get_now() - g_touch.start_ms >= kLongPressSeconds * 1000.0) {
            g_touch.pressed = true;
        }
        io.MousePos = ImVec2(g_touch.x, g_touch.y);
        io.MouseDown[0] = g_touch.pressed;
    } else {
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        io.MouseDown[0] = false;
    }
    io.MouseWheel += g_wheel_y;
    io.MouseWheelH += g_wheel_x;
    g_wheel_x = g_wheel_y = 0;
}

}  // namespace stocktake::web

using stocktake::web::g_touch;

extern "C" {

// A touch event on the canvas: type 0 start, 1 move, 2 end, 3 cancel; x, y in device
// pixels; touches = fingers still down.
EMSCRIPTEN_KEEPALIVE void stocktake_touch(int type, double x, double y, int touches) {
    using namespace stocktake::web;
    const float fx = static_cast<float>(x);
    const float fy = static_cast<float>(y);
    switch (type) {
        case kStart:
            if (g_touch.active || touches > 1) {  // a second finger: a pinch, not a tap
                g_touch.scrolling = true;
                return;
            }
            if (!g_touch_mode) g_mouse_at_touch = ImGui::GetIO().MousePos;
            g_touch_mode = true;
            g_touch = TouchState{true, false, false, fx, fy, fx, fy, emscripten_get_now()};
            break;
        case kMove: {
            if (!g_touch.active) return;
            const float slop = kTapSlopCss * g_ratio;
            if (!g_touch.scrolling && !g_touch.pressed &&
                std::hypot(fx - g_touch.start_x, fy - g_touch.start_y) > slop) {
                g_touch.scrolling = true;
            }
            if (g_touch.scrolling) {
                // The content follows the finger: dragging down shows what is above.
                const float step = kCssPixelsPerWheelStep * g_ratio;
                g_wheel_y += (fy - g_touch.y) / step;
                g_wheel_x += (fx - g_touch.x) / step;
            }
            g_touch.x = fx;
            g_touch.y = fy;
            break;
        }
        case kEnd:
        case kCancel:
            if (!g_touch.active) return;
            g_touch.active = false;
            if (g_touch.pressed) {
                g_steps.push_back({fx, fy, false});
            } else if (!g_touch.scrolling && type == kEnd) {
                g_steps.push_back({fx, fy, false});
                g_steps.push_back({fx, fy, true});
                g_steps.push_back({fx, fy, false});
            }
            break;
        default: break;
    }
}

}  // extern "C"
