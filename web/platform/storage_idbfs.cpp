// Persistence of kDataDir (the SQLite database file) across page loads.
//
// Choice for v0: Emscripten's IDBFS. kDataDir is an in-memory file system that is filled
// from IndexedDB once at start-up (FS.syncfs(true), before the engine opens the database)
// and written back after each finished import (FS.syncfs(false)). It is simple and works in
// every browser; the cost is that a save rewrites the whole database file, and data changed
// after the last save is lost if the tab dies before the save finishes (the app warns before
// leaving while a save is pending). An OPFS-backed SQLite VFS in a worker (incremental,
// synchronous writes) is the later, larger step.
#include "platform/platform_internal.h"

extern "C" {
void st_js_storage_load(const char* mount_point, void (*callback)(int error, const char* message));
void st_js_storage_save(void (*callback)(int error, const char* message));
}

namespace stocktake::web {
namespace {

Platform* g_platform = nullptr;

void OnLoaded(int error, const char* message) {
    g_platform->OnStorageLoaded(error, message);
}
void OnSaved(int error, const char* message) {
    g_platform->OnStorageSaved(error, message);
}

}  // namespace

void LoadStorage(Platform* platform) {
    g_platform = platform;
    st_js_storage_load(kDataDir, OnLoaded);
}

void SaveStorage(Platform* platform) {
    g_platform = platform;
    st_js_storage_save(OnSaved);
}

}  // namespace stocktake::web
