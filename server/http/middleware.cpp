#include "http/middleware.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "http/errors.h"
#include "http/request_record.h"
#include "http/routes.h"

namespace stocktake::server {
namespace {

using Clock = std::chrono::steady_clock;

// Per-request state. cpp-httplib 0.11.4 has no Response::user_data, but it runs a request
// from pre-routing to the logger on one worker thread, so a thread_local carries it.
struct RequestContext {
    bool active = false;
    std::string id;
    std::string route;  // metrics label; empty until a route names itself
    Clock::time_point start;
};

thread_local RequestContext t_request;

void BeginRequest(const httplib::Request& req) {
    t_request.active = true;
    t_request.id = RequestIdFor(req.get_header_value("X-Request-Id"));
    t_request.route.clear();
    t_request.start = Clock::now();
}

bool IsAllowedOrigin(const std::vector<std::string>& allowed, const std::string& origin) {
    return !origin.empty() && std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

// The Code whose HTTP status is http_status, for errors raised by cpp-httplib itself.
Code CodeForHttpStatus(int http_status) {
    switch (http_status) {
        case 400:
        case 414: return Code::kInvalidArgument;
        case 404: return Code::kNotFound;
        case 413: return Code::kPayloadTooLarge;
        case 503: return Code::kUnavailable;
        default: return Code::kInternal;
    }
}

std::string ExceptionText(const std::exception_ptr& ep) {
    try {
        if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "non-standard exception";
    }
    return "unknown";
}

void SetSecurityHeaders(httplib::Response& res) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
}

}  // namespace

std::string CurrentRequestId() {
    return t_request.active ? t_request.id : std::string();
}

void SetCurrentRoute(const std::string& label) {
    t_request.route = label;
}

void InstallMiddleware(httplib::Server& server, Logger& logger,
                       std::vector<std::string> cors_origins) {
    server.set_pre_routing_handler([cors_origins = std::move(cors_origins)](
                                       const httplib::Request& req, httplib::Response& res) {
        BeginRequest(req);
        res.set_header("X-Request-Id", t_request.id);
        // CORS is opt-in and exact-match: an origin not listed gets no Allow headers, so
        // the browser keeps its same-origin rule. Vary keeps caches from mixing answers.
        const std::string origin = req.get_header_value("Origin");
        if (!IsAllowedOrigin(cors_origins, origin)) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Vary", "Origin");
        if (req.method == "OPTIONS" && req.has_header("Access-Control-Request-Method")) {
            SetCurrentRoute("cors_preflight");
            res.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE");
            res.set_header("Access-Control-Allow-Headers",
                           "Authorization, Content-Type, X-Request-Id");
            res.set_header("Access-Control-Max-Age", "600");
            res.status = 204;
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    // Runs for every response, including requests refused before routing (bad request
    // line, too large): those get their request id here.
    server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!t_request.active) BeginRequest(req);
        if (!res.has_header("X-Request-Id")) res.set_header("X-Request-Id", t_request.id);
        SetSecurityHeaders(res);
    });

    // Errors that reach the client without a body (no route, 400 from the parser, 413
    // over the server-wide body limit) get a short reason: JSON for API paths and for 413
    // (only API routes take bodies), plain text otherwise. Handlers' own bodies are kept.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                     httplib::Response& res) {
        if (!res.body.empty() || res.content_provider_) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        if (res.status == 413 || req.path.rfind("/api/", 0) == 0) {
            if (!t_request.active) BeginRequest(req);
            const int http_status = res.status;
            const std::string message = http_status == 413
                                            ? "request body is larger than this server accepts"
                                            : ReasonPhrase(http_status);
            WriteJsonError(res, Status(CodeForHttpStatus(http_status), message), t_request.id);
            res.status = http_status;
            return httplib::Server::HandlerResponse::Handled;
        }
        res.set_content(std::string(ReasonPhrase(res.status)) + "\n", "text/plain; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
    }));

    server.set_exception_handler([&logger](const httplib::Request& req, httplib::Response& res,
                                           const std::exception_ptr& ep) {
        if (!t_request.active) BeginRequest(req);
        logger.Error("unhandled exception", {{"method", req.method},
                                             {"path", LoggedPath(req.path)},
                                             {"error", ExceptionText(ep)},
                                             {"req_id", t_request.id}});
        res = httplib::Response();
        res.set_header("X-Request-Id", t_request.id);
        WriteJsonError(res,
                       Status::Internal("internal error; quote the request id when "
                                        "reporting it"),
                       t_request.id);
    });

    server.set_logger([&logger](const httplib::Request& req, const httplib::Response& res) {
        if (!t_request.active) BeginRequest(req);
        RequestRecord record;
        record.method = req.method;
        record.path = req.path;
        record.route = t_request.route;
        record.status = res.status;
        if (req.method != "HEAD") {
            record.bytes = res.body.empty() ? res.content_length_ : res.body.size();
        }
        record.seconds = std::chrono::duration<double>(Clock::now() - t_request.start).count();
        record.req_id = t_request.id;
        RecordRequest(logger, record);
        t_request.active = false;
    });
}

}  // namespace stocktake::server
