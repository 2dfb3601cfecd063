// The memory VFS: SQLite files kept in memory, in fixed-size blocks, with a record of which
// blocks changed, so a platform with no synchronous file system (the browser) can keep a
// database across page loads by saving only the blocks a commit changed.
//
// Why not emscripten's in-memory file system: its files live in JavaScript arrays, so every
// page SQLite reads or writes crosses into JavaScript, and a growing file is copied whole at
// each step (a 1M-row import spent half its time there). Saving such a file to IndexedDB
// also rewrites it whole. Here a page read is a memcpy inside the wasm heap, and a save
// costs what the commit changed, not what the database holds.
//
// Typical use (the browser platform):
//   RegisterMemoryVfs();
//   for each saved block: LoadFileBlock(path, index, bytes);   // before the engine opens it
//   Engine::Open(path, MemoryVfsEngineOptions());
//   ... after each commit:
//   Result<FileChanges> changes = TakeFileChanges(path);   // then write FileBlock(path, i)
//                                                          // for each changed block
//
// Thread safety: the functions below may be called from any thread; a file is used by one
// connection at a time (locks are not enforced between connections).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/engine.h"
#include "stocktake/status.h"

namespace stocktake::engine {

inline constexpr const char* kMemoryVfsName = "stocktake-memory";
// A multiple of every SQLite page size up to 64 KiB, so no page spans two blocks.
inline constexpr int64_t kMemoryVfsBlockBytes = int64_t{64} << 10;

// Registers the VFS with SQLite under kMemoryVfsName. Later calls do nothing.
Status RegisterMemoryVfs();

// How to open a database that lives in this VFS: the journal in memory too (the file is
// memory, saved only after commits), and a page cache of 256 MiB. Pages the cache lets go
// are copied back from the blocks when needed again; with the default 32 MiB, a 200k-row
// import spent half its time on that (docs/PERFORMANCE.md). The cache is a bound, not an
// allocation: a small database uses what it needs. Pages are read in place (mmap_bytes), so
// the cache holds the pages a transaction changes, not every page read.
EngineOptions MemoryVfsEngineOptions();

// Puts saved bytes into block index of path (creating the file), before SQLite opens it.
// The file grows to cover the block. Loaded blocks count as saved, not as changes.
Status LoadFileBlock(const std::string& path, int64_t index, std::string_view bytes);

// What changed in a file since the previous TakeFileChanges (or since it was loaded).
struct FileChanges {
    int64_t size = 0;             // the file's size now, in bytes
    int64_t block_count = 0;      // blocks that make up size (blocks past it are gone)
    std::vector<int64_t> blocks;  // indexes of the changed blocks, ascending, < block_count
};

// Returns and forgets the file's changed blocks. Unavailable while a write transaction
// holds the file (SQLite's RESERVED lock or above): its blocks are not a committed state, so
// saving them could leave a torn database behind. NotFound for a file that does not exist.
Result<FileChanges> TakeFileChanges(const std::string& path);

// The bytes of block index now (the last block may be shorter). Valid until SQLite next
// writes the file; a save copies them at once.
Result<std::string_view> FileBlock(const std::string& path, int64_t index);

// Counts every block of the file as changed, e.g. after a save that failed, so the next
// save writes them again.
void MarkFileChanged(const std::string& path);

// Removes the file (the next open starts an empty one). For tests and for starting over.
void DeleteMemoryFile(const std::string& path);

}  // namespace stocktake::engine
