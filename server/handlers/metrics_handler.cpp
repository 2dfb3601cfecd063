#include "handlers/metrics_handler.h"

#include "http/errors.h"
#include "http/middleware.h"
#include "ops/metrics.h"
#include "ops/runtime_metrics.h"

namespace stocktake::server {
namespace {

// Compares in time independent of where the strings differ, so response timing does not
// reveal the token a byte at a time.
bool ConstantTimeEquals(const std::string& a, const std::string& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const std::string& longer = a.size() >= b.size() ? a : b;
    for (size_t i = 0; i < longer.size(); ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

}  // namespace

void HandleMetrics(const SqlDatabase& db, const std::string& token, const httplib::Request& req,
                   httplib::Response& res) {
    if (!token.empty() &&
        !ConstantTimeEquals(req.get_header_value("Authorization"), "Bearer " + token)) {
        WriteJsonError(res,
                       Status(Code::kUnauthenticated,
                              "/metrics needs Authorization: Bearer <APP_METRICS_TOKEN>"),
                       CurrentRequestId());
        res.set_header("WWW-Authenticate", "Bearer");
        return;
    }
    MetricsRegistry& registry = Metrics();
    CollectPoolMetrics(db, registry);
    CollectProcessMetrics(registry);
    res.set_header("Cache-Control", "no-store");
    res.set_content(registry.RenderText(), kMetricsContentType);
}

}  // namespace stocktake::server
