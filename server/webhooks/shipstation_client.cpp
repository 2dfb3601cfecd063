#include "webhooks/shipstation_client.h"

#include <httplib.h>

#include <charconv>

#include "ops/metrics.h"
#include "webhooks/shipstation_url.h"

namespace stocktake::server {
namespace {

DeliveryResult Retry(std::string reason, int64_t after_seconds = 0) {
    return {DeliveryOutcome::kRetry, std::move(reason), static_cast<int>(after_seconds)};
}

DeliveryResult DeadLetter(std::string reason) {
    return {DeliveryOutcome::kDeadLetter, std::move(reason), 0};
}

std::optional<int64_t> HeaderInt(const httplib::Response& response, const char* name) {
    const std::string text = response.get_header_value(name);
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return {};
    return value;
}

// stocktake_shipstation_requests_total{status}: requests to ShipStation's API by answer
// ("unreachable" when none came), so an operator sees 429s and outages.
void CountRequest(const std::string& status) {
    Metrics()
        .GetCounter("stocktake_shipstation_requests_total",
                    "Requests to ShipStation's API, by HTTP status.", {{"status", status}})
        .Increment();
}

// The one path each resource may have: the API's list of what the notification is about.
const char* ResourcePath(ShipStationResource resource) {
    return resource == ShipStationResource::kOrders ? "/orders" : "/shipments";
}

}  // namespace

ShipStationClient::ShipStationClient(ShipStationConfig config,
                                     std::shared_ptr<ShipStationRateLimiter> limiter,
                                     std::function<int64_t()> now_ms)
    : config_(std::move(config)), limiter_(std::move(limiter)), now_ms_(std::move(now_ms)) {}

DeliveryResult ShipStationClient::Fetch(const ShipStationNotification& notification,
                                        ShipStationPage* out) {
    Result<HttpUrl> url = ParseHttpUrl(notification.resource_url);
    Result<HttpUrl> base = ParseHttpUrl(config_.api_base);
    if (!url.ok() || !base.ok() || !SameOrigin(*url, *base) ||
        url->path != ResourcePath(notification.resource)) {
        return DeadLetter("resource_url " + notification.resource_url + " is not " +
                          config_.api_base + ResourcePath(notification.resource) + ": not fetched");
    }
    if (!config_.has_credentials()) {
        return Retry("APP_SHIPSTATION_API_KEY and APP_SHIPSTATION_API_SECRET are not set");
    }
    std::vector<std::pair<std::string, std::string>> fixed;
    // Shipment lists carry their items only when asked (shipmentItems is null otherwise).
    if (notification.resource == ShipStationResource::kShipments) {
        fixed.emplace_back("includeShipmentItems", "true");
    }
    // One connection for every page (kept alive); https verifies the server's certificate
    // against the system's CA store.
    httplib::Client client(OriginText(*url));
    client.set_basic_auth(config_.api_key.c_str(), config_.api_secret.c_str());
    client.set_connection_timeout(config_.timeout_seconds);
    client.set_read_timeout(config_.timeout_seconds);
    client.set_keep_alive(true);
    for (int64_t page = 1, pages = 1; page <= pages; ++page) {
        if (page > kMaxPages) {
            return DeadLetter("resource_url " + notification.resource_url + " has more than " +
                              std::to_string(kMaxPages) + " pages");
        }
        const int64_t wait_ms = limiter_->TryAcquire(now_ms_());
        if (wait_ms > 0) {
            return Retry("ShipStation's rate limit: the next request may go in " +
                             std::to_string((wait_ms + 999) / 1000) + " s",
                         (wait_ms + 999) / 1000);
        }
        std::vector<std::pair<std::string, std::string>> parameters = fixed;
        parameters.emplace_back("page", std::to_string(page));
        const std::string target = url->path + "?" + WithQueryParameters(url->query, parameters);

        httplib::Result response = client.Get(target.c_str(), {{"Accept", "application/json"}});
        CountRequest(response ? std::to_string(response->status) : "unreachable");
        if (!response) {
            return Retry("ShipStation API unreachable (" + httplib::to_string(response.error()) +
                         ") at " + OriginText(*url));
        }
        const std::optional<int64_t> reset = HeaderInt(*response, "X-Rate-Limit-Reset");
        limiter_->Observe(now_ms_(), HeaderInt(*response, "X-Rate-Limit-Remaining"), reset);
        const int status = response->status;
        const std::string what = "GET " + target + " answered HTTP " + std::to_string(status);
        if (status == 429) return Retry(what + " (rate limited)", reset.value_or(60));
        if (status >= 500) return Retry(what);
        if (status == 401 || status == 403) {
            return Retry(what + ": check APP_SHIPSTATION_API_KEY and APP_SHIPSTATION_API_SECRET");
        }
        if (status != 200) return DeadLetter(what);
        const nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
        if (body.is_discarded()) return DeadLetter(what + " with a body that is not JSON");
        Result<ShipStationPage> parsed = ParseShipStationPage(body, notification.resource);
        if (!parsed.ok()) return DeadLetter(what + ": " + parsed.status().message());
        for (ShipStationOrder& order : parsed->orders) out->orders.push_back(std::move(order));
        for (ShipStationShipment& shipment : parsed->shipments) {
            out->shipments.push_back(std::move(shipment));
        }
        pages = parsed->pages;
    }
    return {};
}

}  // namespace stocktake::server
