#include "handlers/static_handler.h"

#include <catch2/catch.hpp>

using stocktake::server::AcceptsGzip;
using stocktake::server::EtagMatches;

TEST_CASE("accept-encoding lists with gzip accept it unless q is zero", "[server][http]") {
    CHECK(AcceptsGzip("gzip"));
    CHECK(AcceptsGzip("gzip, deflate, br"));
    CHECK(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
    CHECK(AcceptsGzip("*"));
    CHECK(AcceptsGzip("x-gzip"));
    CHECK_FALSE(AcceptsGzip(""));
    CHECK_FALSE(AcceptsGzip("br, deflate"));
    CHECK_FALSE(AcceptsGzip("gzip;q=0"));
    CHECK_FALSE(AcceptsGzip("gzip; q=0.000"));
    CHECK_FALSE(AcceptsGzip("gzipped"));
}

TEST_CASE("if-none-match matches strong weak listed and wildcard tags", "[server][http]") {
    const std::string etag = "\"1f-abc\"";
    CHECK(EtagMatches("\"1f-abc\"", etag));
    CHECK(EtagMatches("W/\"1f-abc\"", etag));
    CHECK(EtagMatches("\"other\", \"1f-abc\"", etag));
    CHECK(EtagMatches("*", etag));
    CHECK_FALSE(EtagMatches("\"1f-abd\"", etag));
    CHECK_FALSE(EtagMatches("1f-abc", etag));
    CHECK_FALSE(EtagMatches("", etag));
}
