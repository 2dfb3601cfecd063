// What only the evented webhook port (APP_WEBHOOK_PORT, http/webhook_listener.h) does: it
// serves the two webhook routes and nothing else, and it drains on stop. Everything the two
// listeners share is tested on both in webhook_http_test.cpp.
#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "webhook_test_util.h"

using namespace stocktake::server;
using namespace stocktake::server::testing;

namespace {

constexpr const char* kSecret = "listener-secret-0123456789";

ServerOptions Evented() {
    ServerOptions options;
    options.webhook_secrets = {kSecret};
    options.webhook_listener = true;
    return options;
}

}  // namespace

TEST_CASE("the webhook port answers 404 to anything but the two webhook routes",
          "[server][webhooks]") {
    WebhookApi api("sqlite", Evented(), "evented");
    REQUIRE(api.server.webhook_port() != api.server.port());
    auto client = api.server.WebhookClient();

    Answer health = Make(client->Get("/healthz"));
    CHECK(health.status == 404);
    CHECK(health.body["error"] == "NotFound");
    CHECK(Make(client->Get(api.SignedPath().c_str())).status == 404);
    CHECK(Make(client->Post("/api/v1/sync/push", "{}", "application/json")).status == 404);
    CHECK(
        Make(client->Post((api.SignedPath() + "/a/b").c_str(), "{}", "application/json")).status ==
        404);
    CHECK(Make(client->Post("/api/v1/webhooks/shipstation/", "{}", "application/json")).status ==
          404);
    // The main port still serves everything, the webhook routes included.
    CHECK(Make(api.server.Client()->Get("/healthz")).status == 200);

    // Request ids: the caller's when usable, else a new one; the access log has the line.
    Answer with_id = Make(client->Post(
        api.SignedPath().c_str(),
        {{"X-Request-Id", "relay-42"},
         {"X-ShipStation-Timestamp", NowSeconds()},
         {"X-ShipStation-Signature", WebhookSignature(kSecret, NowSeconds(), "{\"n\":1}")}},
        "{\"n\":1}", "application/json"));
    CHECK(with_id.status == 202);
    CHECK(with_id.header("X-Request-Id") == "relay-42");
    CHECK(health.header("X-Request-Id").size() == 16);
    api.server.Stop();
    CHECK(api.server.logs().find("\"req_id\":\"relay-42\"") != std::string::npos);
}

TEST_CASE("the webhook port logs a sender that hung up before its answer", "[server][webhooks]") {
    WebhookApi api("sqlite", Evented(), "evented");
    // The head and 10 of the 100 bytes announced, then the sender hangs up: no answer was
    // sent, nothing is stored, and the access log still has the request (499).
    AnswerToUnfinished(api.server.webhook_port(),
                       "POST " + api.SignedPath() +
                           " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: gone-early\r\n"
                           "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                           "{\"n\":12345",
                       /*hang_up=*/true);
    // A delivery sent after the hang-up is answered: the loop has seen the hang-up by then
    // (and a request still open at Stop() would be logged the same way).
    CHECK(api.PostSigned(kSecret, "{\"n\":2}").status == 202);
    const std::string line = "\"req_id\":\"gone-early\"";
    api.server.Stop();
    const std::string logs = api.server.logs();
    const size_t at = logs.find(line);
    REQUIRE(at != std::string::npos);
    const size_t start = logs.rfind('\n', at) + 1;
    const std::string entry = logs.substr(start, logs.find('\n', at) - start);
    CHECK(entry.find("\"status\":499") != std::string::npos);
    CHECK(api.StoredDeliveries() == 1);
}

TEST_CASE("the webhook port drains on stop: every delivery answered 2xx is stored",
          "[server][webhooks]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    WebhookApi api(
        backend,
        [] {
            ServerOptions options = Evented();
            options.webhook_intake.events_per_second = 100000;
            options.webhook_intake.burst = 100000;
            return options;
        }(),
        "evented");

    std::atomic<int> acknowledged{0};
    std::atomic<bool> stopping{false};
    std::vector<std::thread> senders;
    for (int t = 0; t < 8; ++t) {
        senders.emplace_back([&, t] {
            auto client = api.server.WebhookClient();
            client->set_keep_alive(true);
            for (int i = 0; i < 2000 && !stopping; ++i) {
                const std::string body =
                    "{\"t\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}";
                const std::string ts = NowSeconds();
                auto res =
                    client->Post(api.SignedPath().c_str(),
                                 {{"X-ShipStation-Timestamp", ts},
                                  {"X-ShipStation-Signature", WebhookSignature(kSecret, ts, body)}},
                                 body, "application/json");
                if (res && res->status == 202) ++acknowledged;
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    api.server.Stop();
    stopping = true;
    for (std::thread& sender : senders) sender.join();
    CHECK(acknowledged > 0);
    // Stored may exceed acknowledged (a sender can lose the answer to a closing
    // connection and send again), never fall short of it.
    CHECK(api.StoredDeliveries() >= acknowledged);
}
