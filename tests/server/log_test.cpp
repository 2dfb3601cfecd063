#include "log.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using stocktake::server::Logger;
using stocktake::server::LogLevel;
using stocktake::server::ParseLogLevel;

namespace {

std::vector<nlohmann::json> ParseLines(const std::string& text) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(nlohmann::json::parse(line, nullptr, false));
    }
    return lines;
}

}  // namespace

TEST_CASE("log lines are single JSON objects with ts and level and msg first", "[server][log]") {
    std::ostringstream out;
    Logger logger(out);
    logger.Info("listening", {{"url", "http://127.0.0.1:8080"}});

    const std::string text = out.str();
    REQUIRE(text.back() == '\n');
    CHECK(text.rfind("{\"ts\":", 0) == 0);
    auto lines = ParseLines(text);
    REQUIRE(lines.size() == 1);
    REQUIRE_FALSE(lines[0].is_discarded());
    CHECK(lines[0]["level"] == "info");
    CHECK(lines[0]["msg"] == "listening");
    CHECK(lines[0]["url"] == "http://127.0.0.1:8080");
    const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
    CHECK(std::regex_match(lines[0]["ts"].get<std::string>(), iso));
}

TEST_CASE("log lines escape quotes and newlines and bytes that are not UTF-8", "[server][log]") {
    std::ostringstream out;
    Logger logger(out);
    logger.Warn("odd \"path\"", {{"path", std::string("/a\nb\"c\xff\xfe")}});

    auto lines = ParseLines(out.str());
    REQUIRE(lines.size() == 1);
    REQUIRE_FALSE(lines[0].is_discarded());
    CHECK(lines[0]["msg"] == "odd \"path\"");
    CHECK_THAT(lines[0]["path"].get<std::string>(), Catch::StartsWith("/a\nb\"c"));
}

TEST_CASE("log level filters out quieter lines", "[server][log]") {
    std::ostringstream out;
    Logger logger(out, LogLevel::kWarn);
    logger.Debug("a");
    logger.Info("b");
    logger.Warn("c");
    logger.Error("d");
    auto lines = ParseLines(out.str());
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["level"] == "warn");
    CHECK(lines[1]["level"] == "error");
}

TEST_CASE("log level names parse", "[server][log]") {
    CHECK(ParseLogLevel("debug") == LogLevel::kDebug);
    CHECK(ParseLogLevel("info") == LogLevel::kInfo);
    CHECK(ParseLogLevel("warn") == LogLevel::kWarn);
    CHECK(ParseLogLevel("error") == LogLevel::kError);
    CHECK_FALSE(ParseLogLevel("INFO").has_value());
}
