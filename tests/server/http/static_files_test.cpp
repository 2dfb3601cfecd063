#include "http/static_files.h"

#include <catch2/catch.hpp>

#include "server_test_util.h"

using stocktake::Code;
using stocktake::server::StaticFiles;
using stocktake::server::testing::CompressibleText;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::WriteFile;

TEST_CASE("static files resolve / and directories to index.html", "[server][http]") {
    TempDir root;
    WriteFile(root.path() / "index.html", "<!doctype html>");
    WriteFile(root.path() / "docs" / "index.html", "docs");
    StaticFiles files(root.str());

    auto index = files.Get("/");
    REQUIRE(index.ok());
    CHECK(*(*index)->bytes == "<!doctype html>");
    CHECK((*index)->mime_type == "text/html; charset=utf-8");
    REQUIRE(files.Get("/docs").ok());
    CHECK(*(*files.Get("/docs/"))->bytes == "docs");
}

TEST_CASE("static files refuse paths that leave the root", "[server][http]") {
    TempDir tmp;
    WriteFile(tmp.path() / "secret.txt", "secret");
    WriteFile(tmp.path() / "public" / "index.html", "hi");
    StaticFiles files((tmp.path() / "public").string());

    for (const char* path :
         {"/../secret.txt", "/a/../../secret.txt", "/..", "/..\\secret.txt", "relative"}) {
        INFO(path);
        auto found = files.Get(path);
        REQUIRE_FALSE(found.ok());
        CHECK(found.status().code() == Code::kInvalidArgument);
    }
}

TEST_CASE("static files hide dot files and report missing ones", "[server][http]") {
    TempDir root;
    WriteFile(root.path() / ".env", "APP_SECRET_KEY=x");
    StaticFiles files(root.str());
    CHECK(files.Get("/.env").status().code() == Code::kNotFound);
    CHECK(files.Get("/missing.js").status().code() == Code::kNotFound);
    CHECK(files.Get("/").status().code() == Code::kNotFound);  // no index.html
}

TEST_CASE("static files keep a gzip form only when it is smaller", "[server][http]") {
    TempDir root;
    WriteFile(root.path() / "app.wasm", CompressibleText(10000));
    WriteFile(root.path() / "tiny.js", "1;");
    WriteFile(root.path() / "icon.png", CompressibleText(10000));
    StaticFiles files(root.str());

    auto wasm = files.Get("/app.wasm");
    REQUIRE(wasm.ok());
    REQUIRE((*wasm)->gzip_bytes);
    CHECK((*wasm)->gzip_bytes->size() < (*wasm)->bytes->size());
    CHECK((*wasm)->gzip_etag != (*wasm)->etag);
    CHECK_FALSE((*files.Get("/tiny.js"))->gzip_bytes);
    CHECK_FALSE((*files.Get("/icon.png"))->gzip_bytes);
}

TEST_CASE("static files reload a file whose size or mtime changed", "[server][http]") {
    TempDir root;
    const auto path = root.path() / "app.js";
    WriteFile(path, "let version = 1;");
    StaticFiles files(root.str());
    auto first = files.Get("/app.js");
    REQUIRE(first.ok());
    CHECK(*files.Get("/app.js") == *first);  // unchanged: the same cached object

    WriteFile(path, "let version = 22;");
    auto second = files.Get("/app.js");
    REQUIRE(second.ok());
    CHECK(*(*second)->bytes == "let version = 22;");
    CHECK((*second)->etag != (*first)->etag);
}
