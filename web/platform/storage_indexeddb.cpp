// Persistence of the database across page loads: its blocks in IndexedDB.
//
// The database lives in the engine's memory VFS (stocktake/engine/memory_vfs.h), so SQLite
// reads and writes pages inside the wasm heap. At start-up every saved block is loaded into
// it before the engine opens the database; after each commit the app asks for a save, which
// writes only the blocks the commits since the last save changed, in one IndexedDB
// transaction with the file's new length. A transaction either lands whole or not at all,
// so what IndexedDB holds is always some committed state of the database, and a small
// change costs a few 64 KiB blocks whatever the database's size.
//
// Why IndexedDB and not OPFS: writing part of an OPFS file in place needs a synchronous
// access handle, which exists only in a worker; the engine runs on the page's thread, and
// OPFS's asynchronous writable stream copies the whole file on every write. The JavaScript
// half is library_storage.js.
#include <emscripten/emscripten.h>

#include "platform/platform_internal.h"
#include "stocktake/engine/memory_vfs.h"

extern "C" {
void st_js_storage_load(const char* path, int block_bytes,
                        void (*callback)(int error, const char* message));
void st_js_storage_save_block(double index, const char* bytes, int size);
void st_js_storage_save_commit(double size, double block_count,
                               void (*callback)(int error, const char* message));

// Called by library_storage.js for each saved block while loading.
EMSCRIPTEN_KEEPALIVE int stocktake_storage_load_block(double index, const char* bytes, int size);
// Called when the database came from the storage of an earlier version of the app, so the
// first save writes all of it to the new store.
EMSCRIPTEN_KEEPALIVE void stocktake_storage_loaded_whole_file();
}

namespace stocktake::web {
namespace {

Platform* g_platform = nullptr;

void OnLoaded(int error, const char* message) {
    g_platform->OnStorageLoaded(error, message);
}

void OnSaved(int error, const char* message) {
    // Nothing is lost: the blocks of a failed save are written again next time.
    if (error != 0) engine::MarkFileChanged(kDatabasePath);
    g_platform->OnStorageSaved(error, message);
}

}  // namespace

void LoadStorage(Platform* platform) {
    g_platform = platform;
    Status registered = engine::RegisterMemoryVfs();
    if (!registered.ok()) {
        OnLoaded(1, registered.message().c_str());
        return;
    }
    st_js_storage_load(kDatabasePath, static_cast<int>(engine::kMemoryVfsBlockBytes), OnLoaded);
}

SaveRequest SaveStorage(Platform* platform) {
    g_platform = platform;
    Result<engine::FileChanges> changes = engine::TakeFileChanges(kDatabasePath);
    SaveRequest request;
    if (!changes.ok()) {
        // No database yet (nothing to save), or a write transaction is still open: its
        // pages are not a committed state, so the save waits for the commit.
        request.start = changes.status().code() == Code::kUnavailable ? SaveStart::kLater
                                                                      : SaveStart::kNothingToSave;
        return request;
    }
    for (int64_t index : changes->blocks) {
        Result<std::string_view> bytes = engine::FileBlock(kDatabasePath, index);
        if (!bytes.ok()) continue;  // cannot happen: index < block_count
        st_js_storage_save_block(static_cast<double>(index), bytes->data(),
                                 static_cast<int>(bytes->size()));
    }
    st_js_storage_save_commit(static_cast<double>(changes->size),
                              static_cast<double>(changes->block_count), OnSaved);
    request.start = SaveStart::kStarted;
    request.blocks = static_cast<int64_t>(changes->blocks.size());
    request.file_bytes = changes->size;
    return request;
}

}  // namespace stocktake::web

int stocktake_storage_load_block(double index, const char* bytes, int size) {
    stocktake::Status loaded =
        stocktake::engine::LoadFileBlock(stocktake::web::kDatabasePath, static_cast<int64_t>(index),
                                         std::string_view(bytes, static_cast<size_t>(size)));
    return loaded.ok() ? 0 : 1;
}

void stocktake_storage_loaded_whole_file() {
    stocktake::engine::MarkFileChanged(stocktake::web::kDatabasePath);
}
