#include "http/middleware.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <random>

#include "http/errors.h"

namespace stocktake::server {
namespace {

using Clock = std::chrono::steady_clock;

// Per-request state. cpp-httplib 0.11.4 has no Response::user_data, but it runs a request
// from pre-routing to the logger on one worker thread, so a thread_local carries it.
struct RequestContext {
    bool active = false;
    std::string id;
    Clock::time_point start;
};

thread_local RequestContext t_request;

std::string NewRequestId() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
    return buf;
}

// A caller-supplied X-Request-Id (e.g. from a proxy) is kept when it is short and plain.
bool IsUsableRequestId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

void BeginRequest(const httplib::Request& req) {
    std::string id = req.get_header_value("X-Request-Id");
    t_request.active = true;
    t_request.id = IsUsableRequestId(id) ? std::move(id) : NewRequestId();
    t_request.start = Clock::now();
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

void InstallMiddleware(httplib::Server& server, Logger& logger) {
    server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        BeginRequest(req);
        res.set_header("X-Request-Id", t_request.id);
        return httplib::Server::HandlerResponse::Unhandled;
    });

    // Runs for every response, including requests refused before routing (bad request
    // line, too large): those get their request id here.
    server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!t_request.active) BeginRequest(req);
        if (!res.has_header("X-Request-Id")) res.set_header("X-Request-Id", t_request.id);
        SetSecurityHeaders(res);
    });

    // Errors that reach the client without a body (no route, 400 from the parser) get a
    // short plain reason; handlers' own error bodies are left alone.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&,
                                                                     httplib::Response& res) {
        if (!res.body.empty() || res.content_provider_) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        res.set_content(std::string(ReasonPhrase(res.status)) + "\n", "text/plain; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
    }));

    server.set_exception_handler([&logger](const httplib::Request& req, httplib::Response& res,
                                           const std::exception_ptr& ep) {
        if (!t_request.active) BeginRequest(req);
        logger.Error("unhandled exception", {{"method", req.method},
                                             {"path", req.path},
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
        const double ms =
            std::chrono::duration<double, std::milli>(Clock::now() - t_request.start).count();
        size_t bytes = 0;
        if (req.method != "HEAD") bytes = res.body.empty() ? res.content_length_ : res.body.size();
        const LogLevel level = res.status >= 500 ? LogLevel::kError : LogLevel::kInfo;
        logger.Log(level, "request",
                   {{"method", req.method},
                    {"path", req.path},
                    {"status", res.status},
                    {"bytes", bytes},
                    {"ms", std::round(ms * 1000.0) / 1000.0},
                    {"req_id", t_request.id}});
        t_request.active = false;
    });
}

}  // namespace stocktake::server
