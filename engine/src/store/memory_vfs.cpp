// The memory VFS (memory_vfs.h): SQLite's file interface over blocks in memory.
#include "stocktake/engine/memory_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#include "store/sqlite_init.h"

namespace stocktake::engine {
namespace {

constexpr int64_t kBlock = kMemoryVfsBlockBytes;

size_t At(int64_t index) {
    return static_cast<size_t>(index);
}

// One file's bytes. Blocks are allocated as the file grows; a block past the end of the
// file is freed, so a truncated file does not keep its memory. Bytes of a block past the
// end of the file are undefined: a new block is not zeroed, because the pages written into
// it next would overwrite the zeros, and in wasm zeroing was the first touch of the fresh
// memory behind the database, 11 % of a 1M-row import's profile (docs/PERFORMANCE.md,
// "Import speed, session 14"). A write past the end zeroes the gap it leaves instead.
//
// SQLite reads pages in place (xFetch) when the connection's mmap_size allows: no copy and
// no page cache line for them. A block never moves, so a fetched page stays valid while the
// file grows; blocks past a shrunk end are freed only once no fetched page is out.
struct MemoryFile {
    std::vector<std::unique_ptr<char[]>> blocks;
    std::vector<bool> changed;  // per block, since the last TakeFileChanges
    int64_t size = 0;
    int lock = SQLITE_LOCK_NONE;  // the open connection's lock level
    int64_t fetched = 0;          // pages handed out by Fetch and not yet given back

    int64_t BlockCount() const { return (size + kBlock - 1) / kBlock; }

    void EnsureBlocks(int64_t count) {
        while (static_cast<int64_t>(blocks.size()) < count) {
            blocks.emplace_back(new char[kBlock]);  // not zeroed: see above
            changed.push_back(true);
        }
    }

    // Zeroes [from, to) (within allocated blocks): a gap reads as zeros, as on a real file.
    void Zero(int64_t from, int64_t to, bool mark_changed) {
        while (from < to) {
            const int64_t n = std::min(to - from, kBlock - from % kBlock);
            std::memset(blocks[At(from / kBlock)].get() + from % kBlock, 0, static_cast<size_t>(n));
            if (mark_changed) changed[At(from / kBlock)] = true;
            from += n;
        }
    }

    // Copies bytes in at offset, growing the file; mark_changed false for loading.
    void Write(const char* data, int64_t length, int64_t offset, bool mark_changed) {
        EnsureBlocks((offset + length + kBlock - 1) / kBlock);
        if (offset > size) Zero(size, offset, mark_changed);
        while (length > 0) {
            const int64_t index = offset / kBlock;
            const int64_t within = offset % kBlock;
            const int64_t n = std::min(length, kBlock - within);
            std::memcpy(blocks[At(index)].get() + within, data, static_cast<size_t>(n));
            if (mark_changed) changed[At(index)] = true;
            data += n;
            offset += n;
            length -= n;
        }
        size = std::max(size, offset);
    }

    // Copies out; returns the bytes past the end of the file that could not be read.
    int64_t Read(char* out, int64_t length, int64_t offset) const {
        const int64_t available = std::clamp<int64_t>(size - offset, 0, length);
        int64_t done = 0;
        while (done < available) {
            const int64_t at = offset + done;
            const int64_t n = std::min(available - done, kBlock - at % kBlock);
            std::memcpy(out + done, blocks[At(at / kBlock)].get() + at % kBlock,
                        static_cast<size_t>(n));
            done += n;
        }
        std::memset(out + available, 0, static_cast<size_t>(length - available));
        return length - available;
    }

    // The bytes [offset, offset + length) where they lie, or null when they span blocks or
    // pass the end (SQLite then reads a copy).
    char* Fetch(int64_t offset, int64_t length) {
        if (offset < 0 || length <= 0 || offset + length > size) return nullptr;
        if (offset / kBlock != (offset + length - 1) / kBlock) return nullptr;
        ++fetched;
        return blocks[At(offset / kBlock)].get() + offset % kBlock;
    }

    // A null page: SQLite asks to drop every mapping, when none is out.
    void Unfetch(const void* page) {
        if (page != nullptr && fetched > 0) --fetched;
        FreeBlocksPastEnd();
    }

    void Truncate(int64_t new_size) {
        if (new_size >= size) return;  // SQLite only shrinks; growing is by writing
        size = new_size;
        // The last block is shorter now (a later write past the end zeroes its gap).
        if (size % kBlock != 0) changed[At(BlockCount() - 1)] = true;
        FreeBlocksPastEnd();
    }

    void FreeBlocksPastEnd() {
        if (fetched > 0) return;  // a fetched page may lie in them
        blocks.resize(At(BlockCount()));
        changed.resize(At(BlockCount()));
    }
};

// Named files live here; a file opened without a name (SQLite's temporary files) lives
// only in its handle.
std::mutex g_mutex;
std::map<std::string, std::shared_ptr<MemoryFile>>& Files() {
    static auto* files = new std::map<std::string, std::shared_ptr<MemoryFile>>();
    return *files;
}

std::shared_ptr<MemoryFile> FindFile(const std::string& path) {
    std::lock_guard<std::mutex> lock(g_mutex);
    const auto found = Files().find(path);
    return found == Files().end() ? nullptr : found->second;
}

// What SQLite allocates per open file (szOsFile): its methods first, as SQLite requires.
struct Handle {
    sqlite3_file base;
    MemoryFile* file;                    // == owner.get()
    std::shared_ptr<MemoryFile>* owner;  // heap-allocated: SQLite's memory is raw
    std::string* delete_on_close;        // the name to forget when closed, or null
};

MemoryFile& FileOf(sqlite3_file* f) {
    return *reinterpret_cast<Handle*>(f)->file;
}

int Close(sqlite3_file* f) {
    Handle* handle = reinterpret_cast<Handle*>(f);
    if (handle->delete_on_close != nullptr) {
        DeleteMemoryFile(*handle->delete_on_close);
        delete handle->delete_on_close;
    }
    handle->file->lock = SQLITE_LOCK_NONE;
    delete handle->owner;
    return SQLITE_OK;
}

int Read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
    const int64_t missing = FileOf(f).Read(static_cast<char*>(out), amount, offset);
    return missing == 0 ? SQLITE_OK : SQLITE_IOERR_SHORT_READ;
}

int Write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
    FileOf(f).Write(static_cast<const char*>(data), amount, offset, true);
    return SQLITE_OK;
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
    FileOf(f).Truncate(size);
    return SQLITE_OK;
}

int Sync(sqlite3_file*, int) {
    return SQLITE_OK;  // durability is the platform's save, after the commit
}

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
    *size = FileOf(f).size;
    return SQLITE_OK;
}

int Lock(sqlite3_file* f, int level) {
    FileOf(f).lock = std::max(FileOf(f).lock, level);
    return SQLITE_OK;
}

int Unlock(sqlite3_file* f, int level) {
    FileOf(f).lock = std::min(FileOf(f).lock, level);
    return SQLITE_OK;
}

int CheckReservedLock(sqlite3_file*, int* reserved) {
    *reserved = 0;  // one connection per file: nobody else holds it
    return SQLITE_OK;
}

int FileControl(sqlite3_file*, int, void*) {
    return SQLITE_NOTFOUND;
}

int SectorSize(sqlite3_file*) {
    return 4096;
}

int DeviceCharacteristics(sqlite3_file*) {
    // Writing a page never disturbs its neighbours, so SQLite need not journal them.
    return SQLITE_IOCAP_POWERSAFE_OVERWRITE | SQLITE_IOCAP_SAFE_APPEND;
}

int Fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    *out = FileOf(f).Fetch(offset, amount);
    return SQLITE_OK;
}

int Unfetch(sqlite3_file* f, sqlite3_int64, void* page) {
    FileOf(f).Unfetch(page);
    return SQLITE_OK;
}

// Version 3 for xFetch: SQLite reads pages in place (MemoryFile). No shared memory: no WAL.
const sqlite3_io_methods kIoMethods = {3,
                                       Close,
                                       Read,
                                       Write,
                                       Truncate,
                                       Sync,
                                       FileSize,
                                       Lock,
                                       Unlock,
                                       CheckReservedLock,
                                       FileControl,
                                       SectorSize,
                                       DeviceCharacteristics,
                                       nullptr,
                                       nullptr,
                                       nullptr,
                                       nullptr,
                                       Fetch,
                                       Unfetch};

int Open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    Handle* handle = reinterpret_cast<Handle*>(f);
    handle->base.pMethods = nullptr;  // until opened: SQLite then skips xClose
    std::shared_ptr<MemoryFile> file;
    if (name == nullptr) {
        file = std::make_shared<MemoryFile>();
    } else {
        std::lock_guard<std::mutex> lock(g_mutex);
        auto& files = Files();
        const auto found = files.find(name);
        if (found != files.end()) {
            file = found->second;
        } else if ((flags & SQLITE_OPEN_CREATE) == 0) {
            return SQLITE_CANTOPEN;
        } else {
            file = std::make_shared<MemoryFile>();
            files.emplace(name, file);
        }
    }
    handle->file = file.get();
    handle->owner = new std::shared_ptr<MemoryFile>(std::move(file));
    handle->delete_on_close = name != nullptr && (flags & SQLITE_OPEN_DELETEONCLOSE) != 0
                                  ? new std::string(name)
                                  : nullptr;
    handle->base.pMethods = &kIoMethods;
    if (out_flags != nullptr) *out_flags = flags;
    return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char* name, int) {
    DeleteMemoryFile(name);
    return SQLITE_OK;
}

int Access(sqlite3_vfs*, const char* name, int, int* result) {
    std::shared_ptr<MemoryFile> file = FindFile(name);
    *result = file != nullptr && file->size > 0 ? 1 : 0;
    return SQLITE_OK;
}

int FullPathname(sqlite3_vfs*, const char* name, int out_size, char* out) {
    sqlite3_snprintf(out_size, out, "%s", name);
    return SQLITE_OK;
}

// Time, randomness and sleep are the platform's: the default VFS answers them.
sqlite3_vfs* DefaultVfs() {
    static sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
    return vfs;
}
int Randomness(sqlite3_vfs*, int n, char* out) {
    return DefaultVfs()->xRandomness(DefaultVfs(), n, out);
}
int Sleep(sqlite3_vfs*, int microseconds) {
    return DefaultVfs()->xSleep(DefaultVfs(), microseconds);
}
int CurrentTime(sqlite3_vfs*, double* now) {
    return DefaultVfs()->xCurrentTime(DefaultVfs(), now);
}
int GetLastError(sqlite3_vfs*, int, char*) {
    return 0;
}
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* now) {
    if (DefaultVfs()->iVersion >= 2 && DefaultVfs()->xCurrentTimeInt64 != nullptr) {
        return DefaultVfs()->xCurrentTimeInt64(DefaultVfs(), now);
    }
    double days = 0;
    const int rc = CurrentTime(nullptr, &days);
    *now = static_cast<sqlite3_int64>(days * 86400000.0);
    return rc;
}

}  // namespace

Status RegisterMemoryVfs() {
    static sqlite3_vfs vfs = {2,
                              static_cast<int>(sizeof(Handle)),
                              512,
                              nullptr,
                              kMemoryVfsName,
                              nullptr,
                              Open,
                              Delete,
                              Access,
                              FullPathname,
                              nullptr,
                              nullptr,
                              nullptr,
                              nullptr,
                              Randomness,
                              Sleep,
                              CurrentTime,
                              GetLastError,
                              CurrentTimeInt64,
                              nullptr,
                              nullptr,
                              nullptr};
    Status initialized = SqliteInitialize();
    if (!initialized.ok()) return initialized;
    static const int rc = [] {
        if (DefaultVfs() == nullptr) return SQLITE_ERROR;
        return sqlite3_vfs_register(&vfs, 0);
    }();
    if (rc != SQLITE_OK) {
        return Status::Internal(std::string("cannot register the memory VFS: ") +
                                sqlite3_errstr(rc));
    }
    return Status::Ok();
}

EngineOptions MemoryVfsEngineOptions() {
    EngineOptions options;
    options.vfs = kMemoryVfsName;
    options.journal_in_memory = true;
    options.cache_kib = int64_t{256} << 10;
    // Read in place, up to SQLite's own limit: a page read is then neither a copy nor a
    // cache line taken from fresh heap (docs/PERFORMANCE.md, "Insights, session 15").
    options.mmap_bytes = 0x7fff0000;
    // Larger pages: a first import of 1M rows took 0.9 of the time with 16 KiB pages, and a
    // small write's bigger pages are copies in memory, not disk writes (docs/DECISIONS.md,
    // "The browser's database has 16 KiB pages"). A block (64 KiB) holds four whole pages.
    options.page_bytes = 16384;
    return options;
}

Status LoadFileBlock(const std::string& path, int64_t index, std::string_view bytes) {
    if (index < 0 || static_cast<int64_t>(bytes.size()) > kBlock) {
        return Status::InvalidArgument("block " + std::to_string(index) + " of " + path +
                                       " is out of range");
    }
    std::lock_guard<std::mutex> lock(g_mutex);
    std::shared_ptr<MemoryFile>& file = Files()[path];
    if (file == nullptr) file = std::make_shared<MemoryFile>();
    file->Write(bytes.data(), static_cast<int64_t>(bytes.size()), index * kBlock, false);
    file->changed[At(index)] = false;
    return Status::Ok();
}

Result<FileChanges> TakeFileChanges(const std::string& path) {
    std::shared_ptr<MemoryFile> file = FindFile(path);
    if (file == nullptr) return Status::NotFound("no file " + path + " in the memory VFS");
    if (file->lock >= SQLITE_LOCK_RESERVED) {
        return Status(Code::kUnavailable, "a write transaction on " + path + " is still open");
    }
    FileChanges changes;
    changes.size = file->size;
    changes.block_count = file->BlockCount();
    for (int64_t i = 0; i < changes.block_count; ++i) {
        if (!file->changed[At(i)]) continue;
        changes.blocks.push_back(i);
        file->changed[At(i)] = false;
    }
    return changes;
}

Result<std::string_view> FileBlock(const std::string& path, int64_t index) {
    std::shared_ptr<MemoryFile> file = FindFile(path);
    if (file == nullptr) return Status::NotFound("no file " + path + " in the memory VFS");
    if (index < 0 || index >= file->BlockCount()) {
        return Status::InvalidArgument("block " + std::to_string(index) + " is past the end of " +
                                       path);
    }
    const int64_t length = std::min(kBlock, file->size - index * kBlock);
    return std::string_view(file->blocks[At(index)].get(), static_cast<size_t>(length));
}

void MarkFileChanged(const std::string& path) {
    std::shared_ptr<MemoryFile> file = FindFile(path);
    if (file != nullptr) std::fill(file->changed.begin(), file->changed.end(), true);
}

void DeleteMemoryFile(const std::string& path) {
    std::lock_guard<std::mutex> lock(g_mutex);
    Files().erase(path);
}

}  // namespace stocktake::engine
