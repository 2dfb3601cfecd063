// StaticFiles: the files under the public directory, resolved safely from URL paths and
// kept in memory with their gzip form, so each file is read and compressed once per
// change (the cache key is the path plus size and modification time).
// Knows nothing about HTTP; handlers/static_handler.cpp does the negotiation.
// Thread safety: Get() may be called from many threads at once.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::server {

struct StaticFile {
    std::string path;  // on disk
    std::string mime_type;
    std::string cache_control;
    std::time_t mtime = 0;  // seconds, for Last-Modified
    std::string etag;       // of the identity bytes, quoted
    std::string gzip_etag;  // of the gzip bytes, quoted; "" when there is no gzip form
    std::shared_ptr<const std::string> bytes;
    std::shared_ptr<const std::string> gzip_bytes;  // null when gzip would not help
    bool compressible = false;  // the type is one we compress (responses Vary on it)
};

class StaticFiles {
  public:
    // Files bigger than this are served but not kept in memory.
    static constexpr uint64_t kMaxCachedBytes = 64ull << 20;
    // Smaller files are not worth compressing.
    static constexpr size_t kMinGzipBytes = 256;

    explicit StaticFiles(std::string root) : root_(std::move(root)) {}

    const std::string& root() const { return root_; }

    // Resolves a decoded URL path ("/", "/app.wasm", "/icons/") to a file under root.
    // "/" and directories mean their index.html. Returns InvalidArgument for paths that
    // try to leave the root ("..", backslashes, NUL), NotFound for missing files and for
    // hidden names (a segment starting with '.').
    Result<std::shared_ptr<const StaticFile>> Get(std::string_view url_path);

  private:
    struct Entry {
        uint64_t size = 0;
        int64_t mtime_ns = 0;
        std::shared_ptr<const StaticFile> file;
    };

    std::string root_;
    std::mutex mu_;
    std::map<std::string, Entry> cache_;  // by path on disk
};

}  // namespace stocktake::server
