#include "http/request_record.h"

#include <cmath>
#include <cstdio>
#include <random>

#include "http/routes.h"
#include "ops/metrics.h"

namespace stocktake::server {
namespace {

std::string NewRequestId() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
    return buf;
}

bool IsUsableRequestId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

// Methods as a bounded label: cpp-httplib accepts a fixed set, this keeps it so.
const char* MethodLabel(const std::string& method) {
    for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        if (method == known) return known;
    }
    return "other";
}

void CountRequest(const RequestRecord& record) {
    const std::string& route = record.route.empty() ? kOtherRouteLabel : record.route;
    const char* method = MethodLabel(record.method);
    const std::string status = std::to_string(record.status);
    PerThreadSeries<Counter>(route + ' ' + method + ' ' + status, [&]() -> Counter& {
        return Metrics().GetCounter(
            "stocktake_http_requests_total",
            "HTTP requests, by route pattern, method and status (499 and 408 on the "
            "webhook port: the sender hung up or timed out unanswered).",
            {{"route", route}, {"method", method}, {"status", status}});
    }).Increment();
    PerThreadSeries<Histogram>(route, [&]() -> Histogram& {
        return Metrics().GetHistogram(
            "stocktake_http_request_duration_seconds",
            "Time from reading a request to having sent its response, by route.",
            LatencyBucketsSeconds(), {{"route", route}});
    }).Observe(record.seconds);
}

}  // namespace

std::string RequestIdFor(const std::string& header_value) {
    return IsUsableRequestId(header_value) ? header_value : NewRequestId();
}

std::string LoggedPath(const std::string& path) {
    static const std::string kSecretUrlPrefix = "/api/v1/webhooks/shipstation/";
    if (path.rfind(kSecretUrlPrefix, 0) != 0) return path;
    const size_t token_start = path.find('/', kSecretUrlPrefix.size());
    if (token_start == std::string::npos) return path;
    return path.substr(0, token_start + 1) + "[token]";
}

void RecordRequest(Logger& logger, const RequestRecord& record) {
    const LogLevel level = record.status >= 500 ? LogLevel::kError : LogLevel::kInfo;
    // The fields are a JSON object: not built for a line the level drops.
    if (logger.Enabled(level)) {
        logger.Log(level, "request",
                   {{"method", record.method},
                    {"path", LoggedPath(record.path)},
                    {"status", record.status},
                    {"bytes", record.bytes},
                    {"ms", std::round(record.seconds * 1e6) / 1000.0},
                    {"req_id", record.req_id}});
    }
    CountRequest(record);
}

}  // namespace stocktake::server
