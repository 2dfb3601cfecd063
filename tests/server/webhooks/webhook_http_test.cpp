// The webhook intake over HTTP, on SQLite and PostgreSQL: signatures, secret URLs, limits,
// idempotency, throttling, and what reaches the logs and /metrics.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "webhook_test_util.h"

using namespace stocktake::server;
using stocktake::Code;
using stocktake::Result;
using stocktake::Status;
using namespace stocktake::server::testing;

namespace {

constexpr const char* kSecret = "shared-secret-0123456789";

ServerOptions WithSecrets(std::vector<std::string> secrets, const std::string& file = "") {
    ServerOptions options;
    options.webhook_secrets = std::move(secrets);
    options.webhook_secrets_file = file;
    return options;
}

}  // namespace

TEST_CASE("signed webhooks: accepted once, redeliveries change nothing", "[server][webhooks]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    const std::string listener = GENERATE(from_range(WebhookListeners()));
    INFO("backend: " << backend << ", listener: " << listener);
    WebhookApi api(backend, WithSecrets({kSecret}), listener);

    Answer first = api.PostSigned(kSecret, kNotification);
    CHECK(first.status == 202);
    CHECK(first.body["status"] == "accepted");
    Answer again = api.PostSigned(kSecret, kNotification);
    CHECK(again.status == 200);
    CHECK(again.body["status"] == "duplicate");
    CHECK(api.StoredDeliveries() == 1);

    // The sender's delivery id is the key when given: same body, new id, new delivery.
    CHECK(api.PostSigned(kSecret, kNotification, NowSeconds(), "d-1").status == 202);
    CHECK(api.PostSigned(kSecret, kNotification, NowSeconds(), "d-1").status == 200);
    CHECK(api.StoredDeliveries() == 2);
    CHECK(QueryInt(api.server.db(),
                   "SELECT COUNT(*) FROM webhook_deliveries WHERE delivery_key = 'd-1' AND "
                   "status = 'pending'") == 1);

    // The "sha256=" prefix is accepted.
    const std::string ts = NowSeconds();
    const std::string body = R"({"resource_type":"ORDER_NOTIFY","resource_url":"x"})";
    Answer prefixed = Make(api.server.WebhookClient()->Post(
        api.SignedPath().c_str(),
        {{"X-ShipStation-Timestamp", ts},
         {"X-ShipStation-Signature", "sha256=" + WebhookSignature(kSecret, ts, body)}},
        body, "application/json"));
    CHECK(prefixed.status == 202);
}

TEST_CASE("signed webhooks: unsigned, wrong secret, unknown organisation and stale times get 401",
          "[server][webhooks]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    const std::string listener = GENERATE(from_range(WebhookListeners()));
    INFO("backend: " << backend << ", listener: " << listener);
    WebhookApi api(backend, WithSecrets({kSecret}), listener);

    Answer unsigned_post = Make(api.server.WebhookClient()->Post(
        api.SignedPath().c_str(), kNotification, "application/json"));
    CHECK(unsigned_post.status == 401);
    CHECK(unsigned_post.body["error"] == "Unauthenticated");

    Answer wrong = api.PostSigned("another-secret-0123456789", kNotification);
    CHECK(wrong.status == 401);
    // An unknown organisation is answered exactly as a wrong secret: nothing is revealed.
    Answer unknown = api.PostSigned(kSecret, kNotification, NowSeconds(), "",
                                    "/api/v1/webhooks/shipstation/no-such-org");
    CHECK(unknown.status == 401);
    CHECK(unknown.body["message"] == wrong.body["message"]);

    // A tampered body fails its signature.
    const std::string ts = NowSeconds();
    Answer tampered = Make(api.server.WebhookClient()->Post(
        api.SignedPath().c_str(),
        {{"X-ShipStation-Timestamp", ts},
         {"X-ShipStation-Signature", WebhookSignature(kSecret, ts, kNotification)}},
        std::string(kNotification) + " ", "application/json"));
    CHECK(tampered.status == 401);

    CHECK(api.PostSigned(kSecret, kNotification, NowSeconds(-301)).status == 401);
    CHECK(api.PostSigned(kSecret, kNotification, NowSeconds(+301)).status == 401);
    CHECK(api.PostSigned(kSecret, kNotification, NowSeconds(-290)).status == 202);
    CHECK(api.PostSigned(kSecret, "{\"b\":1}", "yesterday").status == 401);
    CHECK(api.StoredDeliveries() == 1);
}

TEST_CASE("signed webhooks: secrets rotate (environment, file re-read, per organisation)",
          "[server][webhooks]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    const std::string listener = GENERATE(from_range(WebhookListeners()));
    INFO("backend: " << backend << ", listener: " << listener);
    TempDir files;
    const auto file = files.path() / "secrets";
    WriteFile(file, "# rotation\nfile-secret-old-0123456789\n");
    WebhookApi api(backend,
                   WithSecrets({"env-old-0123456789", "env-new-0123456789"}, file.string()),
                   listener);

    CHECK(api.PostSigned("env-old-0123456789", "{\"n\":1}").status == 202);
    CHECK(api.PostSigned("env-new-0123456789", "{\"n\":2}").status == 202);
    CHECK(api.PostSigned("file-secret-old-0123456789", "{\"n\":3}").status == 202);

    // The file changes: the new secret works and the removed one stops, without a restart
    // (the file is looked at once a second at most).
    WriteFile(file, "file-secret-new-0123456789\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    CHECK(api.PostSigned("file-secret-new-0123456789", "{\"n\":4}").status == 202);
    CHECK(api.PostSigned("file-secret-old-0123456789", "{\"n\":5}").status == 401);

    // Per-organisation secrets, from the CLI's store: valid until revoked.
    std::string own;
    Result<WebhookCredential> added = api.server.webhook_credentials().AddSecret(api.org_id, &own);
    REQUIRE(added.ok());
    CHECK(own.size() == 64);
    CHECK(api.PostSigned(own, "{\"n\":6}").status == 202);
    REQUIRE(api.server.webhook_credentials().RevokeSecret(api.org_id, added->id).ok());
    CHECK(api.PostSigned(own, "{\"n\":7}").status == 401);
}

TEST_CASE("secret URL tokens: right, wrong and revoked, never logged", "[server][webhooks]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    const std::string listener = GENERATE(from_range(WebhookListeners()));
    INFO("backend: " << backend << ", listener: " << listener);
    WebhookApi api(backend, {}, listener);
    WebhookCredentialStore& store = api.server.webhook_credentials();

    std::string old_token;
    std::string new_token;
    Result<WebhookCredential> old_made = store.CreateToken(api.org_id, &old_token);
    REQUIRE(old_made.ok());
    REQUIRE(store.CreateToken(api.org_id, &new_token).ok());
    CHECK(old_token.size() >= 22);  // 128+ bits in base64url
    CHECK(old_token != new_token);

    CHECK(api.PostToken(old_token, "{\"n\":1}").status == 202);
    CHECK(api.PostToken(new_token, "{\"n\":2}").status == 202);
    Answer wrong = api.PostToken(new_token + "x", "{\"n\":3}");
    CHECK(wrong.status == 401);
    CHECK(wrong.body["error"] == "Unauthenticated");
    REQUIRE(store.RevokeToken(api.org_id, old_made->id).ok());
    CHECK(api.PostToken(old_token, "{\"n\":4}").status == 401);
    CHECK(api.PostToken(new_token, "{\"n\":5}").status == 202);
    // A token of one organisation opens nothing of another.
    auto [other_token, other_org] = RegisterOrg(api.server, "Other", "o@other.test");
    CHECK(Make(api.server.WebhookClient()->Post(
                   ("/api/v1/webhooks/shipstation/" + other_org + "/" + new_token).c_str(),
                   "{\"n\":6}", "application/json"))
              .status == 401);
    CHECK(api.StoredDeliveries() == 3);

    const std::string text = api.server.Client()->Get("/metrics")->body;
    CHECK(text.find(new_token) == std::string::npos);
    CHECK(text.find("/api/v1/webhooks/shipstation/([^/]+)/([^/]+)") != std::string::npos);
    api.server.Stop();
    const std::string logs = api.server.logs();
    CHECK(logs.find(new_token) == std::string::npos);
    CHECK(logs.find(old_token) == std::string::npos);
    CHECK(logs.find("/api/v1/webhooks/shipstation/" + api.org_id + "/[token]") !=
          std::string::npos);
}

TEST_CASE("webhook bodies: type, size, JSON and nesting are checked", "[server][webhooks]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    const std::string listener = GENERATE(from_range(WebhookListeners()));
    INFO("backend: " << backend << ", listener: " << listener);
    FakeProcessor processor;
    ServerOptions options = WithSecrets({kSecret});
    options.delivery_processor = &processor;
    WebhookApi api(backend, options, listener);
    std::string token;
    REQUIRE(api.server.webhook_credentials().CreateToken(api.org_id, &token).ok());

    Answer text = api.PostToken(token, "{\"n\":1}", "text/plain");
    CHECK(text.status == 415);
    CHECK(api.PostToken(token, "{\"n\":1}", "application/json; charset=utf-8").status == 202);

    CHECK(api.PostToken(token, "{\"n\":", "application/json").status == 400);
    CHECK(api.PostToken(token, "[1,2]", "application/json").status == 400);
    Answer refused = api.PostToken(token, "{\"refuse\":true}");
    CHECK(refused.status == 400);
    CHECK(refused.body["message"] == "fake: not a shape I take");

    // Over the default 1024 bytes, told by Content-Length: 413 before the body is sent.
    const std::string answer = AnswerToUnfinished(
        api.server.webhook_port(), "POST " + api.SignedPath() + "/" + token +
                                       " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                       "Content-Length: 100000000\r\n\r\n");
    CHECK(answer.rfind("HTTP/1.1 413", 0) == 0);

    // Chunked, with no length announced: refused once it passes the limit. The main port
    // answers though the body never ends; libmicrohttpd cannot answer before a body's end,
    // so the webhook port drops the rest unbuffered and answers at its end (here at once).
    const std::string chunk = "{" + std::string(2000, ' ');
    const std::string end = listener == "evented" ? "0\r\n\r\n" : "";
    const std::string chunked = AnswerToUnfinished(
        api.server.webhook_port(), "POST " + api.SignedPath() + "/" + token +
                                       " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                       "Transfer-Encoding: chunked\r\n\r\n7d1\r\n" +
                                       chunk + "\r\n" + end);
    CHECK(chunked.rfind("HTTP/1.1 413", 0) == 0);
    CHECK(api.StoredDeliveries() == 1);
}

TEST_CASE("webhook bodies: 10,000 nested arrays are a 400, not a crash", "[server][webhooks]") {
    const std::string listener = GENERATE(from_range(WebhookListeners()));
    INFO("listener: " << listener);
    ServerOptions options = WithSecrets({kSecret});
    options.webhook_intake.max_payload = 1 << 20;
    WebhookApi api("sqlite", options, listener);
    std::string deep = "{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
    Answer answer = api.PostSigned(kSecret, deep);
    CHECK(answer.status == 400);
    CHECK(answer.body["error"] == "InvalidArgument");
    CHECK(api.PostSigned(kSecret, kNotification).status == 202);
}

TEST_CASE("webhooks are throttled per organisation with Retry-After", "[server][webhooks]") {
    const std::string listener = GENERATE(from_range(WebhookListeners()));
    INFO("listener: " << listener);
    ServerOptions options = WithSecrets({kSecret});
    options.webhook_intake.events_per_second = 5;
    options.webhook_intake.burst = 3;
    WebhookApi api("sqlite", options, listener);
    for (int i = 0; i < 3; ++i) {
        CHECK(api.PostSigned(kSecret, "{\"n\":" + std::to_string(i) + "}").status == 202);
    }
    Answer limited = api.PostSigned(kSecret, "{\"n\":3}");
    CHECK(limited.status == 429);
    CHECK(limited.body["error"] == "RateLimited");
    CHECK(limited.header("Retry-After") == "1");
    std::this_thread::sleep_for(std::chrono::milliseconds(400));  // two tokens at 5/s
    CHECK(api.PostSigned(kSecret, "{\"n\":3}").status == 202);

    const std::string text = api.server.Client()->Get("/metrics")->body;
    CHECK(text.find("stocktake_webhook_events_total{result=\"throttled\"}") != std::string::npos);
    api.server.Stop();
    CHECK(api.server.logs().find("\"result\":\"throttled\"") != std::string::npos);
}
