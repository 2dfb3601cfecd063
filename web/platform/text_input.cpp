// The phone's on-screen keyboard: while an ImGui text field is active, a hidden <input>
// (library_input.js) has the focus, at the field's place, so the browser shows its
// keyboard; what is typed into it arrives here and goes to ImGui through the key queue.
// A hardware keyboard keeps reaching ImGui through GLFW as before (the input ignores what
// GLFW already delivered). When no field is active the input lets go of the focus, which
// hides the keyboard.
#include <GLFW/glfw3.h>
#include <emscripten.h>

#include "imgui.h"
#include "platform/key_queue.h"
#include "platform/platform_internal.h"

extern "C" {
void st_js_install_text_input();
void st_js_text_input_focus(int focused, double css_x, double css_y);
}

namespace stocktake::web {
namespace {

bool g_focused = false;
int g_ime_x = 0;  // where ImGui last put the text cursor (device pixels)
int g_ime_y = 0;

void OnImePosition(int x, int y) {
    g_ime_x = x;
    g_ime_y = y;
}

}  // namespace

void InstallTextInput() {
    ImGui::GetIO().ImeSetInputScreenPosFn = OnImePosition;
    st_js_install_text_input();
}

void SyncTextInput(float pixel_ratio) {
    const bool want = ImGui::GetIO().WantTextInput;
    if (want == g_focused) return;
    g_focused = want;
    st_js_text_input_focus(want ? 1 : 0, static_cast<double>(g_ime_x) / pixel_ratio,
                           static_cast<double>(g_ime_y) / pixel_ratio);
}

}  // namespace stocktake::web

extern "C" {

// Text the on-screen keyboard typed (UTF-8).
EMSCRIPTEN_KEEPALIVE void stocktake_text_typed(const char* utf8) {
    stocktake::web::QueueTypedText(utf8);
}

// A key the on-screen keyboard pressed that is not text: 1 Backspace, 2 Enter.
EMSCRIPTEN_KEEPALIVE void stocktake_text_key(int key) {
    if (key == 1) stocktake::web::QueueKeyTap(GLFW_KEY_BACKSPACE);
    if (key == 2) stocktake::web::QueueKeyTap(GLFW_KEY_ENTER);
}

}  // extern "C"
