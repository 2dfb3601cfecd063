// Operations over HTTP: /metrics, route labels, body limits, API 404/405 and CORS.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "http/middleware.h"
#include "http/routes.h"
#include "ops/metrics.h"
#include "server_test_util.h"

namespace {

using stocktake::server::kDefaultMaxBodyBytes;
using stocktake::server::Logger;
using stocktake::server::Routes;
using stocktake::server::testing::RunningServer;
using stocktake::server::testing::ServerOptions;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::WriteFile;

struct Dirs {
    TempDir tmp;
    Dirs() { WriteFile(tmp.path() / "public" / "index.html", "<!doctype html>"); }
    std::string public_dir() const { return (tmp.path() / "public").string(); }
    std::string data_dir() const { return (tmp.path() / "data").string(); }
};

// The value of the sample line that starts with series (name and labels), or -1.
double Sample(const std::string& text, const std::string& series) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
    }
    return -1;
}

// An httplib::Server with the middleware and a Routes table of test endpoints.
class RoutesServer {
  public:
    RoutesServer() : logger_(log_) {
        stocktake::server::InstallMiddleware(server_, logger_);
        Routes routes(server_);
        auto echo = [](const httplib::Request& req, httplib::Response& res) {
            res.set_content(std::to_string(req.body.size()), "text/plain");
        };
        routes.Get("/api/v1/things/(\\d+)", echo);
        routes.Post("/api/v1/things/(\\d+)", echo);
        routes.Post("/api/v1/big", echo, 4 * kDefaultMaxBodyBytes);
        routes.Finish([](const httplib::Request&, httplib::Response& res) {
            res.set_content("static", "text/plain");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::yield();
    }
    ~RoutesServer() {
        server_.stop();
        thread_.join();
    }
    httplib::Client Client() const { return httplib::Client("127.0.0.1", port_); }

  private:
    std::ostringstream log_;
    Logger logger_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

void CheckJsonError(const httplib::Result& res, int status, const std::string& code) {
    REQUIRE(res);
    CHECK(res->status == status);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    auto body = nlohmann::json::parse(res->body, nullptr, false);
    REQUIRE(body.is_object());
    CHECK(body["error"] == code);
    CHECK(body["req_id"] == res->get_header_value("X-Request-Id"));
    CHECK_FALSE(body["message"].get<std::string>().empty());
}

bool HasCorsHeaders(const httplib::Result& res) {
    for (const auto& [name, value] : res->headers) {
        if (name.rfind("Access-Control-Allow-", 0) == 0) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("metrics counts requests by route pattern method and status", "[server][metrics]") {
    Dirs dirs;
    RunningServer server(dirs.public_dir(), dirs.data_dir());
    auto client = server.Client();
    // One connection, so one worker: each request's metrics are recorded (after its
    // response is sent) before the next request is read.
    client->set_keep_alive(true);
    const std::string healthz =
        "stocktake_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}";
    const std::string missing_file =
        "stocktake_http_requests_total{method=\"GET\",route=\"static\",status=\"404\"}";
    const std::string no_route =
        "stocktake_http_requests_total{method=\"POST\",route=\"other\",status=\"404\"}";
    auto before = client->Get("/metrics");
    REQUIRE(before);
    const double healthz_before = std::max(0.0, Sample(before->body, healthz));
    const double missing_before = std::max(0.0, Sample(before->body, missing_file));
    const double no_route_before = std::max(0.0, Sample(before->body, no_route));

    REQUIRE(client->Get("/healthz"));
    REQUIRE(client->Get("/healthz"));
    REQUIRE(client->Get("/no-such-file-7f3a.js"));
    REQUIRE(client->Post("/no-such-route-7f3a", "x", "text/plain"));

    auto res = client->Get("/metrics");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == stocktake::server::kMetricsContentType);
    const std::string& text = res->body;
    CHECK(Sample(text, healthz) == healthz_before + 2);
    CHECK(Sample(text, missing_file) == missing_before + 1);
    CHECK(Sample(text, no_route) == no_route_before + 1);
    // The raw paths never become labels: the series count stays bounded.
    CHECK_THAT(text, !Catch::Contains("7f3a"));
    CHECK_THAT(text, Catch::Contains("# TYPE stocktake_http_request_duration_seconds histogram"));
    CHECK(Sample(text,
                 "stocktake_http_request_duration_seconds_bucket{route=\"/healthz\","
                 "le=\"+Inf\"}") >= 2);
    CHECK(Sample(text, "stocktake_db_pool_size") == 4);
    CHECK(Sample(text, "stocktake_db_pool_acquired_total") >= 0);
    CHECK(Sample(text, "stocktake_db_pool_in_use") >= 0);
    CHECK(Sample(text, "process_resident_memory_bytes") > 0);
    CHECK(Sample(text, "stocktake_sync_ops_total{result=\"accepted\"}") >= 0);
}

TEST_CASE("metrics needs the bearer token when one is configured", "[server][metrics]") {
    Dirs dirs;
    ServerOptions options;
    options.metrics_token = "scrape-secret";
    RunningServer server(dirs.public_dir(), dirs.data_dir(), nullptr, options);
    auto client = server.Client();
    CheckJsonError(client->Get("/metrics"), 401, "Unauthenticated");
    CheckJsonError(client->Get("/metrics", {{"Authorization", "Bearer wrong"}}), 401,
                   "Unauthenticated");
    auto ok = client->Get("/metrics", {{"Authorization", "Bearer scrape-secret"}});
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK_THAT(ok->body, Catch::Contains("stocktake_http_requests_total"));
}

TEST_CASE("unknown API paths answer JSON 404, not the app", "[server][http]") {
    Dirs dirs;
    RunningServer server(dirs.public_dir(), dirs.data_dir());
    auto client = server.Client();
    CheckJsonError(client->Get("/api/v1/nope"), 404, "NotFound");
    CheckJsonError(client->Post("/api/v1/nope", "{}", "application/json"), 404, "NotFound");
    CheckJsonError(client->Delete("/api/v1/nope"), 404, "NotFound");
    auto page = client->Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
}

TEST_CASE("a known API path with the wrong method answers 405 with Allow", "[server][http]") {
    RoutesServer server;
    auto client = server.Client();
    auto get = client.Get("/api/v1/things/42");
    REQUIRE(get);
    CHECK(get->status == 200);
    auto res = client.Delete("/api/v1/things/42");
    CheckJsonError(res, 405, "InvalidArgument");
    CHECK(res->get_header_value("Allow") == "GET, HEAD, POST");
    CheckJsonError(client.Get("/api/v1/big"), 405, "InvalidArgument");
    CheckJsonError(client.Get("/api/v1/things/x"), 404, "NotFound");
    auto file = client.Get("/anything.js");
    REQUIRE(file);
    CHECK(file->body == "static");
}

TEST_CASE("a route's metrics label is its pattern, escaped, whatever the path",
          "[server][metrics]") {
    {
        RoutesServer server;
        auto client = server.Client();
        REQUIRE(client.Get("/api/v1/things/918273"));
    }  // stopped: the request's metrics are recorded
    const std::string text = stocktake::server::Metrics().RenderText();
    CHECK_THAT(text, Catch::Contains("stocktake_http_requests_total{method=\"GET\","
                                     "route=\"/api/v1/things/(\\\\d+)\",status=\"200\"}"));
    CHECK_THAT(text, !Catch::Contains("918273"));
}

TEST_CASE("bodies over a route's limit answer 413 JSON and within it are served",
          "[server][http]") {
    RoutesServer server;
    auto client = server.Client();
    const std::string one_mib(kDefaultMaxBodyBytes, 'x');
    auto at_limit = client.Post("/api/v1/things/1", one_mib, "text/plain");
    REQUIRE(at_limit);
    CHECK(at_limit->status == 200);
    CHECK(at_limit->body == std::to_string(kDefaultMaxBodyBytes));

    // Over the route's own limit, under the server-wide one (the largest route's).
    auto over = client.Post("/api/v1/things/1", one_mib + "x", "text/plain");
    CheckJsonError(over, 413, "PayloadTooLarge");
    CHECK_THAT(over->body, Catch::Contains("at most 1048576"));

    // A route that takes more.
    const std::string two_mib(2 * kDefaultMaxBodyBytes, 'y');
    auto big = client.Post("/api/v1/big", two_mib, "text/plain");
    REQUIRE(big);
    CHECK(big->status == 200);

    // Over the largest limit: cpp-httplib refuses while reading, still with JSON.
    httplib::Client fresh = server.Client();
    auto huge =
        fresh.Post("/api/v1/big", std::string(4 * kDefaultMaxBodyBytes + 1, 'z'), "text/plain");
    CheckJsonError(huge, 413, "PayloadTooLarge");
}

TEST_CASE("CORS is off by default: no allow headers for another origin", "[server][http]") {
    Dirs dirs;
    RunningServer server(dirs.public_dir(), dirs.data_dir());
    auto client = server.Client();
    auto preflight =
        client->Options("/api/v1/sync/push", {{"Origin", "https://evil.example"},
                                              {"Access-Control-Request-Method", "POST"},
                                              {"Access-Control-Request-Headers", "authorization"}});
    REQUIRE(preflight);
    CHECK_FALSE(HasCorsHeaders(preflight));
    CHECK(preflight->status >= 400);
    auto get = client->Get("/healthz", {{"Origin", "https://evil.example"}});
    REQUIRE(get);
    CHECK(get->status == 200);
    CHECK_FALSE(HasCorsHeaders(get));
}

TEST_CASE("CORS allows exactly the configured origins", "[server][http]") {
    Dirs dirs;
    ServerOptions options;
    options.cors_origins = {"https://app.example.com"};
    RunningServer server(dirs.public_dir(), dirs.data_dir(), nullptr, options);
    auto client = server.Client();
    auto preflight = client->Options(
        "/api/v1/sync/push",
        {{"Origin", "https://app.example.com"}, {"Access-Control-Request-Method", "POST"}});
    REQUIRE(preflight);
    CHECK(preflight->status == 204);
    CHECK(preflight->get_header_value("Access-Control-Allow-Origin") == "https://app.example.com");
    CHECK_THAT(preflight->get_header_value("Access-Control-Allow-Methods"),
               Catch::Contains("POST"));
    CHECK_THAT(preflight->get_header_value("Access-Control-Allow-Headers"),
               Catch::Contains("Authorization"));
    CHECK(preflight->get_header_value("Vary") == "Origin");

    auto get = client->Get("/healthz", {{"Origin", "https://app.example.com"}});
    REQUIRE(get);
    CHECK(get->get_header_value("Access-Control-Allow-Origin") == "https://app.example.com");

    for (const char* other : {"https://evil.example", "https://app.example.com.evil.example",
                              "http://app.example.com", "null"}) {
        INFO(other);
        auto refused = client->Options(
            "/api/v1/sync/push", {{"Origin", other}, {"Access-Control-Request-Method", "POST"}});
        REQUIRE(refused);
        CHECK_FALSE(HasCorsHeaders(refused));
        auto plain = client->Get("/healthz", {{"Origin", other}});
        REQUIRE(plain);
        CHECK_FALSE(HasCorsHeaders(plain));
    }
}
