// HTTP to the app's own server (the sync API), through the page's fetch(). The JS side
// (library_stocktake.js, st_js_http_request) sends the request and hands the answer back
// through stocktake_http_done; nothing here blocks the frame loop.
#include <emscripten.h>

#include <string>

#include "platform/platform_internal.h"

extern "C" {
void st_js_http_request(int request_id, const char* method, const char* path,
                        const char* bearer_token, const char* body, uint32_t body_size);
}

namespace stocktake::web {
namespace {

Platform* g_platform = nullptr;

}  // namespace

void InstallHttp(Platform* platform) {
    g_platform = platform;
}

void Platform::HttpRequest(int request_id, const std::string& method, const std::string& path,
                           const std::string& bearer_token, const std::string& json_body) {
    st_js_http_request(request_id, method.c_str(), path.c_str(), bearer_token.c_str(),
                       json_body.data(), static_cast<uint32_t>(json_body.size()));
}

}  // namespace stocktake::web

// status 0: no answer (offline, refused, aborted); body then says why.
extern "C" EMSCRIPTEN_KEEPALIVE void stocktake_http_done(int request_id, int status,
                                                         const char* body, uint32_t size) {
    using stocktake::web::g_platform;
    if (g_platform == nullptr || g_platform->client() == nullptr) return;
    g_platform->client()->OnHttpResponse(request_id, status, std::string(body, size));
}
