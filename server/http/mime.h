// What the static file server says about a file, decided by its name alone: MIME type,
// whether gzip is worth trying, and how long browsers may cache it.
// Thread safety: pure functions.
#pragma once

#include <string_view>

namespace stocktake::server {

// The Content-Type for a file name, by extension (case-insensitive);
// "application/octet-stream" for unknown extensions.
std::string_view MimeTypeFor(std::string_view file_name);

// True for types that usually shrink under gzip: text, JSON, JavaScript, SVG, WebAssembly,
// fonts without their own compression, and opaque data (app.data).
bool IsCompressible(std::string_view mime_type);

// Cache-Control for a file. The app's own files (index.html, app.js, app.wasm, app.data,
// the service worker, the manifest) keep fixed names, so browsers must revalidate them on
// every load ("no-cache", answered cheaply with 304). Fonts and images change rarely and
// may be reused for a week without asking.
std::string_view CacheControlFor(std::string_view file_name);

}  // namespace stocktake::server
