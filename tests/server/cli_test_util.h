// Running the stocktake CLI in a test: `stocktake ARGS... --db DB`, its exit code and output,
// and its --json output parsed.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"

namespace stocktake::server::testing {

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

// `stocktake ARGS...` with env as its APP_* environment.
inline CliRun RunWithEnv(const std::vector<std::string>& args, const EnvMap& env) {
    std::ostringstream out;
    std::ostringstream err;
    CliRun run;
    run.code = RunCli(args, env, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

// `stocktake ARGS... --db DB`.
inline CliRun Run(std::vector<std::string> args, const std::string& db) {
    args.push_back("--db");
    args.push_back(db);
    return RunWithEnv(args, {});
}

inline nlohmann::json Parse(const std::string& text) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) FAIL("not JSON: " << text);
    return doc;
}

// `stocktake ARGS... --db DB --json`, which must exit 0 and print one JSON object.
inline nlohmann::json Json(std::vector<std::string> args, const std::string& db) {
    args.push_back("--json");
    CliRun run = Run(args, db);
    INFO(run.err);
    REQUIRE(run.code == 0);
    nlohmann::json doc = Parse(run.out);
    CHECK(doc.is_object());
    return doc;
}

}  // namespace stocktake::server::testing
