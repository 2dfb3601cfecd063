// Wiring between the platform's own files (not for the app layer: include platform.h there).
#pragma once

#include <cstdint>
#include <string>

#include "platform/platform.h"

namespace stocktake::web {

// browser_files.cpp: routes files from the page (input + drag-and-drop) to platform's client.
void InstallFileInput(Platform* platform);
void OpenBrowserFilePicker();
// Saves bytes as a download named file_name (Blob + object URL + a temporary <a download>).
void DownloadBrowserFile(const std::string& file_name, const std::string& bytes,
                         const std::string& mime_type);

// browser_http.cpp: routes fetch() answers to platform's client.
void InstallHttp(Platform* platform);

// storage_indexeddb.cpp: loads the saved database into the memory VFS (-> OnStorageLoaded),
// and saves the blocks commits changed (-> OnStorageSaved).
void LoadStorage(Platform* platform);
enum class SaveStart {
    kStarted,        // OnStorageSaved follows
    kLater,          // a write transaction is open: try again after it commits
    kNothingToSave,  // no database yet
};
struct SaveRequest {
    SaveStart start = SaveStart::kNothingToSave;
    int64_t blocks = 0;      // with kStarted: the blocks being written
    int64_t file_bytes = 0;  // with kStarted: the database's size
};
SaveRequest SaveStorage(Platform* platform);

// test_hooks.cpp: makes the exported stocktake_* test hooks read this platform. Every
// test_hooks_*.cpp reaches it through TestHooksPlatform (nullptr before InstallTestHooks),
// or the app's snapshot through CurrentTestSnapshot (empty before).
void InstallTestHooks(const Platform* platform);
const Platform* TestHooksPlatform();
PlatformClient* TestHooksClient();
TestSnapshot CurrentTestSnapshot();

// touch_input.cpp: touches on the canvas become ImGui taps, scrolling and long-press drags
// (Emscripten's GLFW would click at a stale position). ApplyTouchInput after the GLFW
// backend's NewFrame, before ImGui::NewFrame.
void InstallTouchInput();
void ApplyTouchInput(float pixel_ratio);

// text_input.cpp: a focused hidden <input> while an ImGui text field is active, so a phone
// shows its on-screen keyboard; what is typed there reaches ImGui. SyncTextInput after each
// frame.
void InstallTextInput();
void SyncTextInput(float pixel_ratio);

}  // namespace stocktake::web
