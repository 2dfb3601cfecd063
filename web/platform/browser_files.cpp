// Files between the page and the app. In: the JS side (library_stocktake.js) keeps each
// chosen or dropped File in a map by id and never copies it into the wasm heap whole. It
// reads the head (kFileHeadBytes) at once and, when the app asks (ReadFileSlice), one slice
// at a time: each read is copied into a buffer allocated here (stocktake_upload_buffer) and
// handed to the PlatformClient without another copy (stocktake_file_received, _slice_done).
// Out: DownloadBrowserFile hands bytes to the JS side, which offers them as a download.
#include <emscripten.h>

#include <cstdint>
#include <new>
#include <string>

#include "platform/platform_internal.h"

extern "C" {
void st_js_install_file_input(double head_bytes);
void st_js_open_file_picker();
void st_js_read_file_slice(int file_id, double offset, double length);
void st_js_release_file(int file_id);
void st_js_download(const char* file_name, const char* bytes, uint32_t size, const char* mime_type);
}

namespace stocktake::web {
namespace {

Platform* g_platform = nullptr;
std::string g_upload;  // bytes being handed over (a head or a slice)

PlatformClient* Client() {
    return g_platform != nullptr ? g_platform->client() : nullptr;
}

}  // namespace

void InstallFileInput(Platform* platform) {
    g_platform = platform;
    st_js_install_file_input(static_cast<double>(kFileHeadBytes));
}

void OpenBrowserFilePicker() {
    st_js_open_file_picker();
}

void Platform::ReadFileSlice(int file_id, int64_t offset, int64_t length) {
    // Doubles carry integers exactly up to 2^53: any file a browser can hold.
    st_js_read_file_slice(file_id, static_cast<double>(offset), static_cast<double>(length));
}

void Platform::ReleaseFile(int file_id) {
    st_js_release_file(file_id);
}

void DownloadBrowserFile(const std::string& file_name, const std::string& bytes,
                         const std::string& mime_type) {
    st_js_download(file_name.c_str(), bytes.data(), static_cast<uint32_t>(bytes.size()),
                   mime_type.c_str());
}

}  // namespace stocktake::web

using stocktake::web::g_upload;

// Returns a buffer of `size` bytes for the JS side to fill, or null when memory is short.
extern "C" EMSCRIPTEN_KEEPALIVE char* stocktake_upload_buffer(uint32_t size) {
    try {
        g_upload.clear();
        g_upload.resize(size);
    } catch (const std::bad_alloc&) {
        g_upload = std::string();
        return nullptr;
    }
    return g_upload.data();
}

// The buffer holds the head of a newly chosen file: hand it to the app with the handle.
extern "C" EMSCRIPTEN_KEEPALIVE void stocktake_file_received(int file_id, const char* file_name,
                                                             double size) {
    std::string head = std::move(g_upload);
    g_upload = std::string();
    if (stocktake::web::PlatformClient* client = stocktake::web::Client()) {
        client->OnFileReceived(
            stocktake::web::BrowserFile{file_id, file_name, static_cast<int64_t>(size)},
            std::move(head));
    }
}

// The buffer holds the slice of file_id starting at offset.
extern "C" EMSCRIPTEN_KEEPALIVE void stocktake_slice_done(int file_id, double offset) {
    std::string bytes = std::move(g_upload);
    g_upload = std::string();
    if (stocktake::web::PlatformClient* client = stocktake::web::Client()) {
        client->OnFileSlice(file_id, static_cast<int64_t>(offset), std::move(bytes));
        // An import waiting for this slice can go on now, not only at the next frame.
        stocktake::web::g_platform->WakeBetweenFrames();
    }
}

extern "C" EMSCRIPTEN_KEEPALIVE void stocktake_slice_failed(int file_id, const char* message) {
    g_upload = std::string();
    if (stocktake::web::PlatformClient* client = stocktake::web::Client()) {
        client->OnFileSliceFailed(file_id, message);
    }
}

extern "C" EMSCRIPTEN_KEEPALIVE void stocktake_upload_failed(const char* message) {
    g_upload = std::string();
    if (stocktake::web::PlatformClient* client = stocktake::web::Client()) {
        client->OnFileError(message);
    }
}
