#include "http/middleware.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <random>

#include "http/errors.h"
#include "http/routes.h"
#include "ops/metrics.h"

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
    t_request.route.clear();
    t_request.start = Clock::now();
}

// Methods as a bounded label: cpp-httplib accepts a fixed set, this keeps it so.
const char* MethodLabel(const std::string& method) {
    for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        if (method == known) return known;
    }
    return "other";
}

void RecordRequestMetrics(const httplib::Request& req, const httplib::Response& res,
                          double seconds) {
    const std::string& route = t_request.route.empty() ? kOtherRouteLabel : t_request.route;
    const char* method = MethodLabel(req.method);
    const std::string status = std::to_string(res.status);
    PerThreadSeries<Counter>(route + ' ' + method + ' ' + status, [&]() -> Counter& {
        return Metrics().GetCounter("stocktake_http_requests_total",
                                    "HTTP requests answered, by route pattern, method and status.",
                                    {{"route", route}, {"method", method}, {"status", status}});
    }).Increment();
    PerThreadSeries<Histogram>(route, [&]() -> Histogram& {
        return Metrics().GetHistogram(
            "stocktake_http_request_duration_seconds",
            "Time from reading a request to having sent its response, by route.",
            LatencyBucketsSeconds(), {{"route", route}});
    }).Observe(seconds);
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

// The path as the access log and error log show it. A secret webhook URL's last segment
// is a credential (README "ShipStation webhooks"), so it never reaches a log.
std::string LoggedPath(const std::string& path) {
    static const std::string kSecretUrlPrefix = "/api/v1/webhooks/shipstation/";
    if (path.rfind(kSecretUrlPrefix, 0) != 0) return path;
    const size_t token_start = path.find('/', kSecretUrlPrefix.size());
    if (token_start == std::string::npos) return path;
    return path.substr(0, token_start + 1) + "[token]";
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
        const double ms =
            std::chrono::duration<double, std::milli>(Clock::now() - t_request.start).count();
        size_t bytes = 0;
        if (req.method != "HEAD") bytes = res.body.empty() ? res.content_length_ : res.body.size();
        const LogLevel level = res.status >= 500 ? LogLevel::kError : LogLevel::kInfo;
        // The fields are a JSON object: not built for a line the level drops.
        if (logger.Enabled(level)) {
            logger.Log(level, "request",
                       {{"method", req.method},
                        {"path", LoggedPath(req.path)},
                        {"status", res.status},
                        {"bytes", bytes},
                        {"ms", std::round(ms * 1000.0) / 1000.0},
                        {"req_id", t_request.id}});
        }
        RecordRequestMetrics(req, res, ms / 1000.0);
        t_request.active = false;
    });
}

}  // namespace stocktake::server
