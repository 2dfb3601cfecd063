// Test support for the webhook intake: a server with organisations, signed and secret-URL
// deliveries, and a DeliveryProcessor whose outcomes a test scripts.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "api_test_util.h"
#include "api_users.h"
#include "server_test_util.h"
#include "test_database.h"
#include "webhooks/delivery_processor.h"
#include "webhooks/webhook_signature.h"

namespace stocktake::server::testing {

// Sends request on a raw connection (headers, and maybe the start of a body that never
// ends) and returns the first bytes answered; with hang_up, closes the connection at once
// instead and returns "".
inline std::string AnswerToUnfinished(int port, const std::string& request, bool hang_up = false) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    REQUIRE(send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
    char buffer[512];
    const ssize_t got = hang_up ? 0 : recv(fd, buffer, sizeof buffer, 0);
    close(fd);
    return got > 0 ? std::string(buffer, static_cast<size_t>(got)) : "";
}

inline constexpr const char* kNotification =
    R"({"resource_url":"https://ssapi.shipstation.com/shipments?storeID=12&batchId=99",)"
    R"("resource_type":"SHIP_NOTIFY"})";

// Validate refuses a payload holding "refuse"; Process answers the scripted outcomes in
// order (then kDone) and remembers every delivery it was given.
class FakeProcessor : public DeliveryProcessor {
  public:
    Status Validate(const nlohmann::json& payload) const override {
        if (payload.contains("refuse")) return Status::InvalidArgument("fake: not a shape I take");
        return Status::Ok();
    }
    DeliveryResult Process(const WebhookDelivery& delivery) override {
        std::lock_guard<std::mutex> lock(mu_);
        seen_.push_back(delivery);
        if (script_.empty()) return {};
        DeliveryResult next = script_.front();
        script_.pop_front();
        return next;
    }
    void Then(DeliveryOutcome outcome, const std::string& reason = "", int retry_after = 0) {
        std::lock_guard<std::mutex> lock(mu_);
        script_.push_back({outcome, reason, retry_after});
    }
    std::vector<WebhookDelivery> seen() {
        std::lock_guard<std::mutex> lock(mu_);
        return seen_;
    }

  private:
    std::mutex mu_;
    std::deque<DeliveryResult> script_;
    std::vector<WebhookDelivery> seen_;
};

inline std::string NowSeconds(int64_t offset = 0) {
    return std::to_string(static_cast<int64_t>(std::time(nullptr)) + offset);
}

// The listeners the webhook routes are tested on: "main" (the main port's cpp-httplib
// routes) and "evented" (APP_WEBHOOK_PORT's event loop). For GENERATE(from_range(...)).
inline std::vector<std::string> WebhookListeners() {
    return {"main", "evented"};
}

inline ServerOptions OnListener(ServerOptions options, const std::string& listener) {
    options.webhook_listener = listener == "evented";
    return options;
}

// A RunningServer on one backend with an organisation registered (its owner's token). Its
// webhook deliveries go to listener ("main" or "evented", see WebhookListeners()).
struct WebhookApi {
    explicit WebhookApi(const std::string& backend, ServerOptions options = {},
                        const std::string& listener = "main")
        : database(backend),
          server((tmp.path() / "public").string(), (tmp.path() / "data").string(), database.Open(),
                 OnListener(std::move(options), listener)) {
        std::tie(owner_token, org_id) = RegisterOrg(server, "Shop", "owner@shop.test");
    }

    std::string SignedPath() const { return "/api/v1/webhooks/shipstation/" + org_id; }

    Answer PostSigned(const std::string& secret, const std::string& body,
                      const std::string& timestamp = NowSeconds(),
                      const std::string& delivery_id = "", const std::string& path = "") {
        httplib::Headers headers = {
            {"X-ShipStation-Timestamp", timestamp},
            {"X-ShipStation-Signature", WebhookSignature(secret, timestamp, body)}};
        if (!delivery_id.empty()) headers.emplace("X-ShipStation-Delivery-Id", delivery_id);
        return Make(server.WebhookClient()->Post((path.empty() ? SignedPath() : path).c_str(),
                                                 headers, body, "application/json"));
    }
    Answer PostToken(const std::string& token, const std::string& body,
                     const std::string& content_type = "application/json") {
        return Make(server.WebhookClient()->Post((SignedPath() + "/" + token).c_str(), body,
                                                 content_type.c_str()));
    }
    int64_t StoredDeliveries() {
        return QueryInt(server.db(), "SELECT COUNT(*) FROM webhook_deliveries");
    }

    TempDir tmp;
    TestDatabase database;
    RunningServer server;
    std::string owner_token;
    std::string org_id;
};

}  // namespace stocktake::server::testing
