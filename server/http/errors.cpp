#include "http/errors.h"

#include <nlohmann/json.hpp>
#include <string>

namespace stocktake::server {

int HttpStatusFor(Code code) {
    switch (code) {
        case Code::kOk: return 200;
        case Code::kInvalidArgument: return 400;
        case Code::kNotFound: return 404;
        case Code::kAlreadyExists:
        case Code::kConflict: return 409;
        case Code::kUnauthenticated: return 401;
        case Code::kPermissionDenied: return 403;
        case Code::kPayloadTooLarge: return 413;
        case Code::kRateLimited: return 429;
        case Code::kUnavailable: return 503;
        case Code::kUnsupported: return 501;
        case Code::kCorruption:
        case Code::kIOError:
        case Code::kInternal: return 500;
    }
    return 500;
}

const char* ReasonPhrase(int http_status) {
    switch (http_status) {
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 414: return "URI Too Long";
        case 416: return "Range Not Satisfiable";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        default: return "Error";
    }
}

std::string JsonErrorBody(const Status& status, std::string_view req_id) {
    nlohmann::ordered_json body = {
        {"error", CodeName(status.code())},
        {"message", status.message()},
        {"req_id", std::string(req_id)},
    };
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void WriteJsonError(httplib::Response& res, const Status& status, std::string_view req_id) {
    res.status = HttpStatusFor(status.code());
    res.set_header("Cache-Control", "no-store");
    res.set_content(JsonErrorBody(status, req_id), "application/json");
}

}  // namespace stocktake::server
