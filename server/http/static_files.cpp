#include "http/static_files.h"

#include <sys/stat.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "http/gzip.h"
#include "http/mime.h"

namespace stocktake::server {
namespace {

// Splits a decoded URL path into segments under the root. Empty and "." segments vanish.
Status SplitUrlPath(std::string_view url_path, std::vector<std::string_view>* segments) {
    if (url_path.empty() || url_path.front() != '/') {
        return Status::InvalidArgument("path must start with /");
    }
    size_t start = 1;
    while (start <= url_path.size()) {
        size_t end = url_path.find('/', start);
        if (end == std::string_view::npos) end = url_path.size();
        const std::string_view segment = url_path.substr(start, end - start);
        start = end + 1;
        if (segment.empty() || segment == ".") continue;
        if (segment == ".." || segment.find('\\') != std::string_view::npos ||
            segment.find('\0') != std::string_view::npos) {
            return Status::InvalidArgument("path traversal refused");
        }
        if (segment.front() == '.') return Status::NotFound("hidden file");
        segments->push_back(segment);
    }
    return Status::Ok();
}

bool ReadWholeFile(const std::string& path, std::string* out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

std::string MakeEtag(uint64_t size, int64_t mtime_ns, const char* suffix) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "\"%" PRIx64 "-%" PRIx64 "%s\"", size,
                  static_cast<uint64_t>(mtime_ns), suffix);
    return buf;
}

}  // namespace

Result<std::shared_ptr<const StaticFile>> StaticFiles::Get(std::string_view url_path) {
    std::vector<std::string_view> segments;
    Status status = SplitUrlPath(url_path, &segments);
    if (!status.ok()) return status;

    std::string path = root_;
    for (std::string_view segment : segments) {
        path += '/';
        path += segment;
    }
    struct stat st {};
    bool found = ::stat(path.c_str(), &st) == 0;
    if (found && S_ISDIR(st.st_mode)) {
        path += "/index.html";
        found = ::stat(path.c_str(), &st) == 0;
    } else if (found && url_path.back() == '/') {
        found = false;  // "/app.js/" names a directory that does not exist
    }
    if (!found || !S_ISREG(st.st_mode)) return Status::NotFound("no such file");

    const uint64_t size = static_cast<uint64_t>(st.st_size);
    const int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 +
                             static_cast<int64_t>(st.st_mtim.tv_nsec);
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = cache_.find(path);
        if (it != cache_.end() && it->second.size == size && it->second.mtime_ns == mtime_ns) {
            return it->second.file;
        }
    }

    // Read and compress outside the lock; two threads loading the same file both succeed.
    auto bytes = std::make_shared<std::string>();
    if (!ReadWholeFile(path, bytes.get())) return Status::NotFound("cannot read file");
    auto file = std::make_shared<StaticFile>();
    file->path = path;
    file->mime_type = std::string(MimeTypeFor(path));
    file->cache_control = std::string(CacheControlFor(path));
    file->mtime = st.st_mtim.tv_sec;
    // The bytes read are the truth if the file changed between stat and read.
    file->etag = MakeEtag(bytes->size(), mtime_ns, "");
    file->compressible = IsCompressible(file->mime_type);
    if (file->compressible && bytes->size() >= kMinGzipBytes) {
        Result<std::string> gz = GzipCompress(*bytes);
        if (gz.ok() && gz->size() < bytes->size()) {
            file->gzip_bytes = std::make_shared<const std::string>(std::move(gz).value());
            file->gzip_etag = MakeEtag(bytes->size(), mtime_ns, "-gz");
        }
    }
    file->bytes = std::move(bytes);

    std::shared_ptr<const StaticFile> result = std::move(file);
    if (size <= kMaxCachedBytes) {
        std::lock_guard<std::mutex> lock(mu_);
        cache_[path] = Entry{size, mtime_ns, result};
    }
    return result;
}

}  // namespace stocktake::server
