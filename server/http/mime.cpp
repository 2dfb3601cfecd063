#include "http/mime.h"

#include <cctype>
#include <string>

namespace stocktake::server {
namespace {

struct MimeEntry {
    std::string_view extension;
    std::string_view type;
};

constexpr MimeEntry kMimeTypes[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript"},
    {"mjs", "text/javascript"},
    {"css", "text/css"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"wasm", "application/wasm"},
    {"data", "application/octet-stream"},
    {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"xml", "application/xml"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"svg", "image/svg+xml"},
    {"ico", "image/x-icon"},
    {"pdf", "application/pdf"},
    {"y4m", "video/x-yuv4mpeg"},
};

constexpr std::string_view kDefaultType = "application/octet-stream";

std::string LowerExtension(std::string_view file_name) {
    const size_t slash = file_name.find_last_of('/');
    const std::string_view base =
        slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
    const size_t dot = base.find_last_of('.');
    if (dot == std::string_view::npos) return "";
    std::string ext(base.substr(dot + 1));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

std::string_view BaseName(std::string_view file_name) {
    const size_t slash = file_name.find_last_of('/');
    return slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
}

bool StartsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string_view MimeTypeFor(std::string_view file_name) {
    const std::string ext = LowerExtension(file_name);
    for (const MimeEntry& entry : kMimeTypes) {
        if (entry.extension == ext) return entry.type;
    }
    return kDefaultType;
}

bool IsCompressible(std::string_view mime_type) {
    if (StartsWith(mime_type, "text/")) return true;
    constexpr std::string_view kTypes[] = {
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "application/xml",
        "application/wasm",
        "application/octet-stream",
        "image/svg+xml",
        "image/x-icon",
        "font/ttf",
        "font/otf",
    };
    for (std::string_view type : kTypes) {
        if (mime_type == type) return true;
    }
    return false;
}

std::string_view CacheControlFor(std::string_view file_name) {
    const std::string_view mime = MimeTypeFor(file_name);
    const std::string_view base = BaseName(file_name);
    const bool long_lived =
        (StartsWith(mime, "font/") || StartsWith(mime, "image/")) && base != "manifest.webmanifest";
    return long_lived ? "public, max-age=604800" : "no-cache";
}

}  // namespace stocktake::server
