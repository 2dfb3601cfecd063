#include "http/mime.h"

#include <catch2/catch.hpp>
#include <string>

using stocktake::server::CacheControlFor;
using stocktake::server::IsCompressible;
using stocktake::server::MimeTypeFor;

TEST_CASE("mime types follow the file extension", "[server][http]") {
    CHECK(MimeTypeFor("/public/app.wasm") == "application/wasm");
    CHECK(MimeTypeFor("app.js") == "text/javascript");
    CHECK(MimeTypeFor("index.html") == "text/html; charset=utf-8");
    CHECK(MimeTypeFor("style.css") == "text/css");
    CHECK(MimeTypeFor("data.json") == "application/json");
    CHECK(MimeTypeFor("manifest.webmanifest") == "application/manifest+json");
    CHECK(MimeTypeFor("fonts/DejaVuSans.ttf") == "font/ttf");
    CHECK(MimeTypeFor("icons/icon-192.png") == "image/png");
    CHECK(MimeTypeFor("icons/logo.svg") == "image/svg+xml");
    CHECK(MimeTypeFor("favicon.ico") == "image/x-icon");
    CHECK(MimeTypeFor("app.data") == "application/octet-stream");
    CHECK(MimeTypeFor("APP.WASM") == "application/wasm");
    CHECK(MimeTypeFor("README") == "application/octet-stream");
    CHECK(MimeTypeFor("dir.v2/file") == "application/octet-stream");
}

TEST_CASE("text and javascript and wasm and app data are compressible but images are not",
          "[server][http]") {
    CHECK(IsCompressible("text/html; charset=utf-8"));
    CHECK(IsCompressible("text/javascript"));
    CHECK(IsCompressible("application/wasm"));
    CHECK(IsCompressible("application/octet-stream"));
    CHECK(IsCompressible("application/manifest+json"));
    CHECK(IsCompressible("font/ttf"));
    CHECK_FALSE(IsCompressible("image/png"));
    CHECK_FALSE(IsCompressible("font/woff2"));
}

TEST_CASE("app files revalidate every load while fonts and icons are cached", "[server][http]") {
    for (const char* name : {"/p/index.html", "/p/app.js", "/p/app.wasm", "/p/app.data", "/p/sw.js",
                             "/p/manifest.webmanifest"}) {
        INFO(name);
        CHECK(CacheControlFor(name) == "no-cache");
    }
    CHECK_THAT(std::string(CacheControlFor("/p/fonts/a.ttf")), Catch::Contains("max-age="));
    CHECK_THAT(std::string(CacheControlFor("/p/icons/icon-512.png")), Catch::Contains("max-age="));
}
