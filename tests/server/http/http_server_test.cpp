// The real server on an ephemeral loopback port, driven by cpp-httplib's client.
#include "http/http_server.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/middleware.h"
#include "server_test_util.h"
#include "storage/migrations.h"
#include "test_database.h"
#include "version.h"

namespace {

using stocktake::Code;
using stocktake::Result;
using stocktake::Status;
using stocktake::server::HttpServer;
using stocktake::server::Logger;
using stocktake::server::Services;
using stocktake::server::SqlConnection;
using stocktake::server::SqlDatabase;
using stocktake::server::SqlDialect;
using stocktake::server::SqlPoolStats;
using stocktake::server::StaticFiles;
using stocktake::server::TxMode;
using stocktake::server::testing::CompressibleText;
using stocktake::server::testing::RunningServer;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::TestBackends;
using stocktake::server::testing::TestDatabase;
using stocktake::server::testing::WriteFile;

std::string Gunzip(const std::string& data) {
    z_stream stream{};
    REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[16384];
    int rc = Z_OK;
    do {
        stream.next_out = reinterpret_cast<Bytef*>(buf);
        stream.avail_out = sizeof buf;
        rc = inflate(&stream, Z_NO_FLUSH);
        out.append(buf, sizeof buf - stream.avail_out);
    } while (rc == Z_OK);
    inflateEnd(&stream);
    REQUIRE(rc == Z_STREAM_END);
    REQUIRE(stream.avail_in == 0);  // exactly one gzip member: compressed once, not twice
    return out;
}

// A public dir shaped like the real one, plus a secret beside it that must never leak.
struct Site {
    TempDir tmp;
    std::string index = "<!doctype html><title>Stocktake</title>" + CompressibleText(600);
    std::string app_js = CompressibleText(20000, "function f(){return 1;} ");
    std::string app_wasm = std::string("\0asm\1\0\0\0", 8) + CompressibleText(50000, "wasm ");
    std::string app_data = CompressibleText(30000, "data ");
    std::string font = CompressibleText(4000, "glyph ");
    std::string icon = "\x89PNG\r\n\x1a\n" + CompressibleText(2000, "png ");

    Site() {
        WriteFile(public_dir() / "index.html", index);
        WriteFile(public_dir() / "app.js", app_js);
        WriteFile(public_dir() / "app.wasm", app_wasm);
        WriteFile(public_dir() / "app.data", app_data);
        WriteFile(public_dir() / "manifest.webmanifest", R"({"name":"Stocktake"})");
        WriteFile(public_dir() / "sw.js", "importScripts('sw-shell.js');");
        WriteFile(public_dir() / "sw-shell.js", "self.STOCKTAKE_SHELL = {};");
        WriteFile(public_dir() / "fonts" / "DejaVuSans.ttf", font);
        WriteFile(public_dir() / "icons" / "icon-192.png", icon);
        WriteFile(tmp.path() / "secret.txt", "TOP SECRET");
    }
    std::filesystem::path public_dir() const { return tmp.path() / "public"; }
    std::string data_dir() const { return (tmp.path() / "data").string(); }
};

// A database that never answers (or throws): what /readyz does when the real one fails.
class FailingStorage : public SqlDatabase {
  public:
    SqlDialect dialect() const override { return SqlDialect::kSqlite; }
    std::string Backend() const override { return "fake"; }
    Status Transact(TxMode, const std::function<Status(SqlConnection&)>&) override {
        return Status(Code::kUnavailable, "database is locked");
    }
    Status WithConnection(const std::function<Status(SqlConnection&)>&) override {
        return Status(Code::kUnavailable, "database is locked");
    }
    SqlPoolStats PoolStats() const override { return {}; }
};

class ThrowingStorage : public FailingStorage {
  public:
    Status WithConnection(const std::function<Status(SqlConnection&)>&) override {
        throw std::runtime_error("boom: secret detail");
    }
};

void CheckSecurityHeaders(const httplib::Result& res) {
    REQUIRE(res);
    CHECK(res->get_header_value("Content-Security-Policy") ==
          stocktake::server::kContentSecurityPolicy);
    CHECK_THAT(res->get_header_value("Content-Security-Policy"),
               Catch::Contains("'wasm-unsafe-eval'"));
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res->get_header_value("X-Frame-Options") == "DENY");
    CHECK(res->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK_FALSE(res->get_header_value("X-Request-Id").empty());
}

std::vector<nlohmann::json> LogLines(const std::string& text) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line, nullptr, false));
    return lines;
}

}  // namespace

TEST_CASE("healthz answers 200 without touching a failing or throwing database", "[server][http]") {
    Site site;
    const bool throwing = GENERATE(false, true);
    std::unique_ptr<SqlDatabase> storage;
    if (throwing) {
        storage = std::make_unique<ThrowingStorage>();
    } else {
        storage = std::make_unique<FailingStorage>();
    }
    RunningServer server(site.public_dir().string(), site.data_dir(), std::move(storage));
    auto res = server.Client()->Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(nlohmann::json::parse(res->body)["status"] == "ok");
}

TEST_CASE("healthz and readyz answer 200 JSON; readyz adds schema and storage", "[server][http]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    TestDatabase database(backend);
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir(), database.Open());
    auto client = server.Client();
    for (const char* path : {"/healthz", "/readyz"}) {
        INFO(path);
        auto res = client->Get(path);
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "application/json");
        CHECK(res->get_header_value("Cache-Control") == "no-store");
        auto body = nlohmann::json::parse(res->body);
        CHECK(body["status"] == "ok");
        CHECK(body["version"] == stocktake::server::kVersion);
        if (std::string(path) == "/readyz") {
            CHECK(body["schema"] == stocktake::server::ServerMigrations().back().version);
            CHECK(body["storage"] == backend);
        } else {
            CHECK_FALSE(body.contains("schema"));
        }
    }
}

TEST_CASE("readyz answers 503 with the reason when the database check fails", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir(),
                         std::make_unique<FailingStorage>());
    auto res = server.Client()->Get("/readyz");
    REQUIRE(res);
    CHECK(res->status == 503);
    auto body = nlohmann::json::parse(res->body);
    CHECK(body["status"] == "unavailable");
    CHECK(body["reason"] == "database is locked");
    CHECK(body["req_id"] == res->get_header_value("X-Request-Id"));
}

TEST_CASE("a handler that throws answers 500 JSON with the request id and the server lives on",
          "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir(),
                         std::make_unique<ThrowingStorage>());
    auto client = server.Client();
    auto res = client->Get("/readyz");
    REQUIRE(res);
    CHECK(res->status == 500);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    auto body = nlohmann::json::parse(res->body);
    CHECK(body["error"] == "Internal");
    CHECK(body["req_id"] == res->get_header_value("X-Request-Id"));
    CHECK_THAT(res->body, !Catch::Contains("secret detail"));
    CheckSecurityHeaders(res);

    auto after = client->Get("/");
    REQUIRE(after);
    CHECK(after->status == 200);

    server.Stop();
    CHECK_THAT(server.logs(), Catch::Contains("boom: secret detail"));
}

TEST_CASE("/ serves index.html as HTML", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto res = server.Client()->Get("/");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(res->body == site.index);
    CHECK(res->get_header_value("Cache-Control") == "no-cache");
}

TEST_CASE("static files are served with their MIME types", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    struct Case {
        const char* path;
        const char* type;
    };
    for (const Case& c :
         {Case{"/app.wasm", "application/wasm"}, Case{"/app.js", "text/javascript"},
          Case{"/app.data", "application/octet-stream"},
          Case{"/manifest.webmanifest", "application/manifest+json"},
          Case{"/fonts/DejaVuSans.ttf", "font/ttf"}, Case{"/icons/icon-192.png", "image/png"}}) {
        INFO(c.path);
        auto res = client->Get(c.path);
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == c.type);
    }
    auto wasm = client->Get("/app.wasm");
    REQUIRE(wasm);
    CHECK(wasm->body == site.app_wasm);
}

TEST_CASE("gzip is applied to wasm and app data and javascript when the client accepts it",
          "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    client->set_decompress(false);

    const std::pair<const char*, const std::string*> files[] = {
        {"/app.wasm", &site.app_wasm},
        {"/app.data", &site.app_data},
        {"/app.js", &site.app_js},
        {"/", &site.index},
        {"/fonts/DejaVuSans.ttf", &site.font},
    };
    for (const auto& [path, original] : files) {
        INFO(path);
        // br is offered too: the server must still answer with exactly one gzip layer.
        auto gz = client->Get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
        REQUIRE(gz);
        CHECK(gz->status == 200);
        CHECK(gz->get_header_value("Content-Encoding") == "gzip");
        CHECK(gz->get_header_value("Vary") == "Accept-Encoding");
        CHECK(gz->body.size() < original->size());
        CHECK(Gunzip(gz->body) == *original);

        auto plain = client->Get(path);
        REQUIRE(plain);
        CHECK_FALSE(plain->has_header("Content-Encoding"));
        CHECK(plain->body == *original);
    }
}

TEST_CASE("a client that decompresses gets the original bytes", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto res = server.Client()->Get("/app.wasm", {{"Accept-Encoding", "gzip"}});
    REQUIRE(res);
    CHECK(res->get_header_value("Content-Encoding") == "gzip");
    CHECK(res->body == site.app_wasm);
}

TEST_CASE("images are not gzipped", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto res = server.Client()->Get("/icons/icon-192.png", {{"Accept-Encoding", "gzip"}});
    REQUIRE(res);
    CHECK_FALSE(res->has_header("Content-Encoding"));
    CHECK(res->body == site.icon);
}

TEST_CASE("a matching ETag answers 304 with no body", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    client->set_decompress(false);
    const std::string encoding = GENERATE(std::string(""), std::string("gzip"));
    INFO("Accept-Encoding: " << encoding);
    httplib::Headers headers;
    if (!encoding.empty()) headers.emplace("Accept-Encoding", encoding);

    auto first = client->Get("/app.wasm", headers);
    REQUIRE(first);
    REQUIRE(first->status == 200);
    const std::string etag = first->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    CHECK_FALSE(first->get_header_value("Last-Modified").empty());

    headers.emplace("If-None-Match", etag);
    auto second = client->Get("/app.wasm", headers);
    REQUIRE(second);
    CHECK(second->status == 304);
    CHECK(second->body.empty());
    CHECK(second->get_header_value("ETag") == etag);
    CHECK(second->get_header_value("Cache-Control") == "no-cache");
    CheckSecurityHeaders(second);

    auto stale = client->Get("/app.wasm", {{"If-None-Match", "\"not-it\""}});
    REQUIRE(stale);
    CHECK(stale->status == 200);
}

TEST_CASE("if-modified-since at or after the file's mtime answers 304", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    auto first = client->Get("/app.js");
    REQUIRE(first);
    const std::string last_modified = first->get_header_value("Last-Modified");
    REQUIRE_THAT(last_modified, Catch::EndsWith(" GMT"));
    auto second = client->Get("/app.js", {{"If-Modified-Since", last_modified}});
    REQUIRE(second);
    CHECK(second->status == 304);
    auto old = client->Get("/app.js", {{"If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"}});
    REQUIRE(old);
    CHECK(old->status == 200);
}

TEST_CASE("fonts and icons may be cached while app files must revalidate", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    for (const char* path : {"/", "/app.js", "/app.wasm", "/app.data"}) {
        INFO(path);
        auto res = client->Get(path);
        REQUIRE(res);
        CHECK(res->get_header_value("Cache-Control") == "no-cache");
    }
    for (const char* path : {"/fonts/DejaVuSans.ttf", "/icons/icon-192.png"}) {
        INFO(path);
        auto res = client->Get(path);
        REQUIRE(res);
        CHECK_THAT(res->get_header_value("Cache-Control"), Catch::Contains("max-age=604800"));
    }
}

TEST_CASE("the service worker and its shell list revalidate on every update check",
          "[server][http][pwa]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    for (const char* path : {"/sw.js", "/sw-shell.js"}) {
        INFO(path);
        auto res = client->Get(path);
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "text/javascript");
        CHECK(res->get_header_value("Cache-Control") == "no-cache");
        // The worker lives at the root, so its default scope is the whole app.
        CHECK_FALSE(res->has_header("Service-Worker-Allowed"));
    }
    auto manifest = client->Get("/manifest.webmanifest");
    REQUIRE(manifest);
    CHECK(manifest->get_header_value("Content-Type") == "application/manifest+json");
    CHECK(manifest->get_header_value("Cache-Control") == "no-cache");
}

TEST_CASE("path traversal is refused and files outside public are never served", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/icons/../../secret.txt",
                             "/..%2fsecret.txt", "/%2E%2E%2Fsecret.txt", "/..%5csecret.txt"}) {
        INFO(path);
        auto res = client->Get(path);
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK_THAT(res->body, !Catch::Contains("TOP SECRET"));
        CheckSecurityHeaders(res);
    }
}

TEST_CASE("a missing file answers 404 with a short plain reason", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto res = server.Client()->Get("/nope.js");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK_THAT(res->get_header_value("Content-Type"), Catch::StartsWith("text/plain"));
    CHECK(res->body == "not found: /nope.js\n");
    CheckSecurityHeaders(res);
}

TEST_CASE("security headers are on every kind of response", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    CheckSecurityHeaders(client->Get("/"));
    CheckSecurityHeaders(client->Get("/healthz"));
    CheckSecurityHeaders(client->Get("/app.wasm", {{"Accept-Encoding", "gzip"}}));
    CheckSecurityHeaders(client->Get("/missing"));
    auto post = client->Post("/", "x", "text/plain");  // no such route
    CheckSecurityHeaders(post);
    CHECK(post->status == 404);
    CHECK(post->body == "Not Found\n");
}

TEST_CASE("HEAD answers the headers of GET and no body", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    auto res = client->Head("/app.wasm");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body.empty());
    CHECK(res->get_header_value("Content-Type") == "application/wasm");
    CHECK(res->get_header_value("Content-Length") == std::to_string(site.app_wasm.size()));
    CHECK_FALSE(res->get_header_value("ETag").empty());
    auto health = client->Head("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->body.empty());
}

TEST_CASE("a range request gets a slice of the uncompressed file", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    client->set_decompress(false);
    auto res = client->Get("/app.wasm", {{"Range", "bytes=0-7"}, {"Accept-Encoding", "gzip"}});
    REQUIRE(res);
    CHECK(res->status == 206);
    CHECK_FALSE(res->has_header("Content-Encoding"));
    CHECK(res->body == site.app_wasm.substr(0, 8));
}

TEST_CASE("request ids are made per request and a caller's plain id is kept", "[server][http]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    auto a = client->Get("/healthz");
    auto b = client->Get("/healthz");
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->get_header_value("X-Request-Id") != b->get_header_value("X-Request-Id"));
    auto mine = client->Get("/healthz", {{"X-Request-Id", "proxy-123"}});
    REQUIRE(mine);
    CHECK(mine->get_header_value("X-Request-Id") == "proxy-123");
    auto junk = client->Get("/healthz", {{"X-Request-Id", "bad id\"{}"}});
    REQUIRE(junk);
    CHECK(junk->get_header_value("X-Request-Id") != "bad id\"{}");
}

TEST_CASE("each request writes one JSON log line", "[server][http][log]") {
    Site site;
    RunningServer server(site.public_dir().string(), site.data_dir());
    auto client = server.Client();
    auto health = client->Get("/healthz");
    REQUIRE(health);
    REQUIRE(client->Get("/missing\"quote"));
    REQUIRE(client->Head("/app.wasm"));
    server.Stop();  // joins the workers: every line is written

    auto lines = LogLines(server.logs());
    REQUIRE(lines.size() == 3);
    const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
    for (const auto& line : lines) {
        REQUIRE_FALSE(line.is_discarded());
        CHECK(line["msg"] == "request");
        CHECK(line["level"] == "info");
        CHECK(std::regex_match(line["ts"].get<std::string>(), iso));
        CHECK(line["ms"].is_number());
        CHECK(line["bytes"].is_number_unsigned());
        CHECK_FALSE(line["req_id"].get<std::string>().empty());
    }
    // Each line is written after its response is sent, so lines from worker threads may
    // land in any order: find each request's line by its path.
    auto line_for = [&lines](const std::string& path) {
        for (const auto& line : lines) {
            if (line["path"] == path) return line;
        }
        FAIL("no log line for " << path);
        return nlohmann::json();
    };
    const auto health_line = line_for("/healthz");
    CHECK(health_line["method"] == "GET");
    CHECK(health_line["status"] == 200);
    CHECK(health_line["bytes"] == health->body.size());
    CHECK(health_line["req_id"] == health->get_header_value("X-Request-Id"));
    CHECK(line_for("/missing\"quote")["status"] == 404);
    const auto head_line = line_for("/app.wasm");
    CHECK(head_line["method"] == "HEAD");
    CHECK(head_line["bytes"] == 0);
}

TEST_CASE("binding a port that is already serving fails and names APP_PORT", "[server][http]") {
    Site site;
    RunningServer first(site.public_dir().string(), site.data_dir());

    std::ostringstream log;
    Logger logger(log);
    FailingStorage storage;
    StaticFiles files(site.public_dir().string());
    Services services;
    services.db = &storage;
    services.static_files = &files;
    services.logger = &logger;
    HttpServer second(services);
    auto bound = second.Bind("127.0.0.1", first.port());
    REQUIRE_FALSE(bound.ok());
    CHECK_THAT(bound.status().message(),
               Catch::Contains("port " + std::to_string(first.port()) + " is in use"));
    CHECK_THAT(bound.status().message(), Catch::Contains("APP_PORT"));
}

TEST_CASE("stop before run makes run return at once", "[server][http]") {
    Site site;
    std::ostringstream log;
    Logger logger(log);
    FailingStorage storage;
    StaticFiles files(site.public_dir().string());
    Services services;
    services.db = &storage;
    services.static_files = &files;
    services.logger = &logger;
    HttpServer server(services);
    REQUIRE(server.Bind("127.0.0.1", 0).ok());
    server.Stop();
    CHECK(server.Run().ok());
    server.WaitUntilReady();  // returns: the server will never be ready
}
