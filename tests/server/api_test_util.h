// Calling the JSON API of a RunningServer in a test: the answer's status, headers and
// parsed body.
#pragma once

#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace stocktake::server::testing {

struct Answer {
    int status = 0;
    nlohmann::json body;
    httplib::Headers headers;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
};

// REQUIRES (a test failure otherwise): the request got an answer.
inline Answer Make(httplib::Result result) {
    REQUIRE(result);
    Answer answer;
    answer.status = result->status;
    answer.headers = result->headers;
    answer.body = result->body.empty() ? nlohmann::json()
                                       : nlohmann::json::parse(result->body, nullptr, false);
    return answer;
}

inline httplib::Headers Bearer(const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return headers;
}

}  // namespace stocktake::server::testing
