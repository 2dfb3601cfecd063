#include "cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server_test_util.h"
#include "version.h"

using stocktake::server::EnvMap;
using stocktake::server::RunCli;
using stocktake::server::testing::RunningServer;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::WriteFile;

namespace {

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

CliRun Run(const std::vector<std::string>& args, const EnvMap& env = {}) {
    std::ostringstream out;
    std::ostringstream err;
    CliRun run;
    run.code = RunCli(args, env, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

const std::string kFixture = std::string(ST_FIXTURES) + "/amazon/all_listings_us_cp1252.txt";

}  // namespace

TEST_CASE("stocktake version prints the version", "[server][cli]") {
    CliRun run = Run({"version"});
    CHECK(run.code == 0);
    CHECK(run.out == std::string("stocktake ") + stocktake::server::kVersion + "\n");
}

TEST_CASE("stocktake help prints usage on stdout and exits 0", "[server][cli]") {
    CliRun run = Run({"help"});
    CHECK(run.code == 0);
    CHECK_THAT(run.out, Catch::Contains("Usage: stocktake"));
    CHECK_THAT(run.out, Catch::Contains("STOCKTAKE_PORT"));
}

TEST_CASE("an unknown command or none prints usage on stderr and exits 2", "[server][cli]") {
    CliRun unknown = Run({"frobnicate"});
    CHECK(unknown.code == 2);
    CHECK(unknown.out.empty());
    CHECK_THAT(unknown.err, Catch::Contains("unknown command \"frobnicate\""));
    CHECK_THAT(unknown.err, Catch::Contains("Usage: stocktake"));
    CHECK(Run({}).code == 2);
}

TEST_CASE("serve with an invalid STOCKTAKE_PORT explains it and exits 2", "[server][cli]") {
    CliRun run = Run({"serve"}, {{"STOCKTAKE_PORT", "abc"}});
    CHECK(run.code == 2);
    CHECK_THAT(run.err, Catch::Contains("STOCKTAKE_PORT=\"abc\""));
    CHECK_THAT(run.err, Catch::Contains("1 to 65535"));
}

TEST_CASE("serve on a port in use says so and exits 1", "[server][cli]") {
    TempDir tmp;
    WriteFile(tmp.path() / "public" / "index.html", "hi");
    RunningServer busy((tmp.path() / "public").string(), (tmp.path() / "data").string());
    const EnvMap env = {{"STOCKTAKE_PORT", std::to_string(busy.port())},
                        {"STOCKTAKE_DATA_DIR", (tmp.path() / "data2").string()},
                        {"STOCKTAKE_PUBLIC_DIR", (tmp.path() / "public").string()}};
    CliRun run;
    // serve blocks SIGINT/SIGTERM in its calling thread: keep that off the test's thread.
    std::thread thread([&] { run = Run({"serve"}, env); });
    thread.join();
    CHECK(run.code == 1);
    CHECK_THAT(run.err, Catch::Contains("port " + std::to_string(busy.port()) + " is in use"));
    CHECK_THAT(run.err, Catch::Contains("STOCKTAKE_PORT"));
    CHECK_THAT(run.out, Catch::Contains("\"msg\":\"bind failed\""));
}

TEST_CASE("import prints the report as JSON and exits 0", "[server][cli]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    CliRun run = Run({"import", kFixture, "--db", db});
    INFO(run.err);
    CHECK(run.code == 0);
    auto report = nlohmann::json::parse(run.out, nullptr, false);
    REQUIRE_FALSE(report.is_discarded());
    CHECK(report["state"] == "succeeded");
    CHECK(report["format"] == "amazon_all_listings");
    CHECK(report["db"] == db);
    CHECK(report["total"].get<int>() > 0);
    CHECK(report["successful"].get<int>() + report["failed"].get<int>() +
              report["duplicates"].get<int>() ==
          report["total"].get<int>());
    CHECK(report["elapsed_ms"].is_number());
    CHECK(report["errors"].is_array());
}

TEST_CASE("import defaults its database to cli.db in the data dir", "[server][cli]") {
    TempDir tmp;
    const auto data_dir = tmp.path() / "data";
    CliRun run = Run({"import", kFixture}, {{"STOCKTAKE_DATA_DIR", data_dir.string()}});
    CHECK(run.code == 0);
    CHECK(std::filesystem::is_regular_file(data_dir / "cli.db"));
}

TEST_CASE("import of a missing file exits 1 and names it", "[server][cli]") {
    TempDir tmp;
    CliRun run =
        Run({"import", (tmp.path() / "nope.txt").string(), "--db", (tmp.path() / "x.db").string()});
    CHECK(run.code == 1);
    CHECK_THAT(run.err, Catch::Contains("nope.txt"));
}

TEST_CASE("import of a file that is not a listings report exits 1 with the reason",
          "[server][cli]") {
    TempDir tmp;
    WriteFile(tmp.path() / "notes.txt", "just some notes\n");
    CliRun run = Run(
        {"import", (tmp.path() / "notes.txt").string(), "--db", (tmp.path() / "x.db").string()});
    CHECK(run.code == 1);
    auto report = nlohmann::json::parse(run.out, nullptr, false);
    REQUIRE_FALSE(report.is_discarded());
    CHECK(report["state"] == "failed");
    CHECK_FALSE(report["error"].get<std::string>().empty());
}

TEST_CASE("import without a file or with a stray flag is a usage error", "[server][cli]") {
    CHECK(Run({"import"}).code == 2);
    CHECK(Run({"import", kFixture, "--fast"}).code == 2);
    CHECK(Run({"import", kFixture, "--db"}).code == 2);
}

TEST_CASE("stocktake formats lists every recognised format and says which import today",
          "[server][cli]") {
    CliRun text = Run({"formats"});
    CHECK(text.code == 0);
    CHECK_THAT(text.out, Catch::Contains("amazon_all_listings\t"));
    CHECK_THAT(text.out, Catch::Contains("shopify_products\t"));
    CHECK_THAT(text.out, Catch::Contains("generic_catalog\t"));

    CliRun json = Run({"formats", "--json"});
    REQUIRE(json.code == 0);
    const auto list = nlohmann::json::parse(json.out, nullptr, false);
    REQUIRE(list.is_array());
    bool saw_all_listings = false;
    for (const auto& format : list) {
        if (format["id"] == "amazon_all_listings") {
            saw_all_listings = true;
            CHECK(format["importable"] == true);
            CHECK(format["required_columns"].size() >= 1);
        } else if (format["id"] == "shopify_products") {
            CHECK(format["importable"] == true);
        } else if (format["id"] == "amazon_fba_ledger_detail") {
            CHECK(format["importable"] == false);  // needs the stock ledger
        }
    }
    CHECK(saw_all_listings);

    CHECK(Run({"formats", "--yaml"}).code == 2);
}
