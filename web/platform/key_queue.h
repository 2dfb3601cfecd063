// Keyboard events between frames, replayed so that Dear ImGui 1.86 sees every key.
// 1.86 samples key state once per frame (io.KeysDown); a key pressed and released between
// two frames is never seen, which drops Backspace or Ctrl+A at low frame rates (software
// GL, a busy phone). The queue feeds events in order and ends a frame's batch at the
// release of a key pressed in that batch, or at a character typed after an editing key,
// so every press lands in a frame of its own. (1.87's input queue does the same inside
// ImGui.) Main thread only.
#pragma once

struct GLFWwindow;

namespace stocktake::web {

// Replaces the ImGui GLFW backend's key and char callbacks on window with queueing ones.
// REQUIRES: called after ImGui_ImplGlfw_InitForOpenGL(window, true).
void InstallKeyQueue(GLFWwindow* window);

// Feeds the next batch of queued events to ImGui. Call once per frame before
// ImGui_ImplGlfw_NewFrame().
void FeedQueuedKeys();
// Text and keys from the hidden text input (a phone's on-screen keyboard), queued like
// typed characters and a press + release of a GLFW key.
void QueueTypedText(const char* utf8);
void QueueKeyTap(int glfw_key);

}  // namespace stocktake::web
