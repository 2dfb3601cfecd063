#include "platform/key_queue.h"

#include <GLFW/glfw3.h>

#include <cstring>
#include <deque>
#include <vector>

#include "imgui_impl_glfw.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8

namespace stocktake::web {
namespace {

struct KeyEvent {
    bool is_char = false;
    int key = 0;  // GLFW key, or the code point when is_char
    int scancode = 0;
    int action = 0;
    int mods = 0;
};

GLFWwindow* g_window = nullptr;
std::deque<KeyEvent> g_events;

void QueueKey(GLFWwindow*, int key, int scancode, int action, int mods) {
    g_events.push_back(KeyEvent{false, key, scancode, action, mods});
}

void QueueChar(GLFWwindow*, unsigned int code_point) {
    g_events.push_back(KeyEvent{true, static_cast<int>(code_point), 0, 0, 0});
}

// Keys that edit or navigate rather than type (GLFW numbers them from 256), or any key
// with a shortcut modifier: ImGui handles these after the frame's typed characters, so a
// character typed after them must wait for the next frame to keep its order.
bool IsEditingPress(const KeyEvent& event) {
    return event.action == GLFW_PRESS &&
           (event.key >= GLFW_KEY_ESCAPE || (event.mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)));
}

}  // namespace

void InstallKeyQueue(GLFWwindow* window) {
    g_window = window;
    glfwSetKeyCallback(window, QueueKey);
    glfwSetCharCallback(window, QueueChar);
}

void QueueTypedText(const char* utf8) {
    // UTF-8 -> code points (ImGui's own decoder), queued as the char callback would.
    const char* end = utf8 + std::strlen(utf8);
    while (utf8 < end) {
        unsigned int c = 0;
        const int n = ImTextCharFromUtf8(&c, utf8, end);
        if (n <= 0) break;
        utf8 += n;
        if (c != 0) QueueChar(g_window, c);
    }
}

void QueueKeyTap(int glfw_key) {
    g_events.push_back(KeyEvent{false, glfw_key, 0, GLFW_PRESS, 0});
    g_events.push_back(KeyEvent{false, glfw_key, 0, GLFW_RELEASE, 0});
}

void FeedQueuedKeys() {
    std::vector<int> pressed_this_frame;
    bool editing_key_pressed = false;
    while (!g_events.empty()) {
        const KeyEvent& event = g_events.front();
        if (event.is_char) {
            if (editing_key_pressed) break;
            ImGui_ImplGlfw_CharCallback(g_window, static_cast<unsigned int>(event.key));
        } else {
            if (event.action == GLFW_RELEASE) {
                bool pressed_now = false;
                for (int key : pressed_this_frame) pressed_now |= key == event.key;
                if (pressed_now) break;
            }
            if (event.action == GLFW_PRESS) pressed_this_frame.push_back(event.key);
            editing_key_pressed |= IsEditingPress(event);
            ImGui_ImplGlfw_KeyCallback(g_window, event.key, event.scancode, event.action,
                                       event.mods);
        }
        g_events.pop_front();
    }
}

}  // namespace stocktake::web
