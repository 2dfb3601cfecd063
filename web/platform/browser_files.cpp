// Files between the page and the app. In: the JS side (library_stocktake.js) reads a chosen
// or dropped File, copies its bytes into a buffer allocated here and calls
// stocktake_upload_done; the bytes then go to the PlatformClient without another copy.
// Out: DownloadBrowserFile hands bytes to the JS side, which offers them as a download.
#include <emscripten.h>

#include <cstdint>
#include <new>
#include <string>

#include "platform/platform_internal.h"

extern "C" {
void st_js_install_file_input();
void st_js_open_file_picker();
void st_js_download(const char* file_name, const char* bytes, uint32_t size, const char* mime_type);
}

namespace stocktake::web {
namespace {

Platform* g_platform = nullptr;
std::string g_upload;  // bytes of the file being handed over

}  // namespace

void InstallFileInput(Platform* platform) {
    g_platform = platform;
    st_js_install_file_input();
}

void OpenBrowserFilePicker() {
    st_js_open_file_picker();
}

void DownloadBrowserFile(const std::string& file_name, const std::string& bytes,
                         const std::string& mime_type) {
    st_js_download(file_name.c_str(), bytes.data(), static_cast<uint32_t>(bytes.size()),
                   mime_type.c_str());
}

}  // namespace stocktake::web

using stocktake::web::g_platform;
using stocktake::web::g_upload;

// Returns a buffer of `size` bytes for the JS side to fill, or null when memory is short.
extern "C" EMSCRIPTEN_KEEPALIVE char* stocktake_upload_buffer(uint32_t size) {
    try {
        g_upload.clear();
        g_upload.shrink_to_fit();
        g_upload.resize(size);
    } catch (const std::bad_alloc&) {
        g_upload = std::string();
        return nullptr;
    }
    return g_upload.data();
}

// The buffer is filled: hand name + bytes to the app.
extern "C" EMSCRIPTEN_KEEPALIVE void stocktake_upload_done(const char* file_name) {
    std::string bytes = std::move(g_upload);
    g_upload = std::string();
    if (g_platform != nullptr && g_platform->client() != nullptr) {
        g_platform->client()->OnFileReceived(file_name, std::move(bytes));
    }
}

extern "C" EMSCRIPTEN_KEEPALIVE void stocktake_upload_failed(const char* message) {
    g_upload = std::string();
    if (g_platform != nullptr && g_platform->client() != nullptr) {
        g_platform->client()->OnFileError(message);
    }
}
