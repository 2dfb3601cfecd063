// `stocktake import FILE [--db PATH]`: import an Amazon All Listings report with the
// engine, the same code the browser runs, and print the report as JSON.
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "stocktake/engine/engine.h"

namespace stocktake::server {
namespace {

// Rows rejected by an import can number in the millions; the JSON shows the first ones.
constexpr size_t kMaxErrorsShown = 100;

const char* StateName(engine::ImportState state) {
    switch (state) {
        case engine::ImportState::kRunning: return "running";
        case engine::ImportState::kSucceeded: return "succeeded";
        case engine::ImportState::kFailed: return "failed";
    }
    return "unknown";
}

nlohmann::ordered_json ReportJson(const engine::ImportReport& report, const std::string& db,
                                  double elapsed_ms) {
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (size_t i = 0; i < report.errors.size() && i < kMaxErrorsShown; ++i) {
        const engine::RowError& e = report.errors[i];
        errors.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
    }
    return {
        {"file", report.file_name},
        {"db", db},
        {"job_id", report.job_id},
        {"format", report.format},
        {"encoding", report.encoding},
        {"state", StateName(report.state)},
        {"total", report.total},
        {"successful", report.successful},
        {"failed", report.failed},
        {"duplicates", report.duplicates},
        {"error", report.error},
        {"errors", errors},
        {"errors_not_shown", report.errors.size() - static_cast<size_t>(errors.size())},
        {"started_at", report.started_at},
        {"finished_at", report.finished_at},
        {"elapsed_ms", std::round(elapsed_ms * 10.0) / 10.0},
    };
}

}  // namespace

int ImportCommand(const std::vector<std::string>& args, const Config& config, std::ostream& out,
                  std::ostream& err) {
    std::string file;
    std::string db;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--db" && i + 1 < args.size()) {
            db = args[++i];
        } else if (arg.rfind("--db=", 0) == 0) {
            db = arg.substr(5);
        } else if (!arg.empty() && arg[0] != '-' && file.empty()) {
            file = arg;
        } else {
            err << "stocktake: import: unexpected argument \"" << arg << "\"\n\n";
            PrintUsage(err);
            return kExitUsage;
        }
    }
    if (file.empty()) {
        err << "stocktake: import needs a FILE\n\n";
        PrintUsage(err);
        return kExitUsage;
    }

    std::ifstream in(file, std::ios::binary);
    if (!in) {
        err << "stocktake: cannot read " << file << ": " << std::strerror(errno) << "\n";
        return kExitFailure;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        err << "stocktake: cannot read " << file << "\n";
        return kExitFailure;
    }

    if (db.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(config.data_dir, ec);
        if (ec) {
            err << "stocktake: cannot create data directory " << config.data_dir << ": "
                << ec.message() << " (set STOCKTAKE_DATA_DIR or pass --db)\n";
            return kExitFailure;
        }
        db = (std::filesystem::path(config.data_dir) / "cli.db").string();
    }

    const auto start = std::chrono::steady_clock::now();
    Result<std::unique_ptr<engine::Engine>> opened = engine::Engine::Open(db);
    if (!opened.ok()) {
        err << "stocktake: cannot open " << db << ": " << opened.status().ToString() << "\n";
        return kExitFailure;
    }
    const std::string name = std::filesystem::path(file).filename().string();
    Result<engine::ImportReport> report = (*opened)->ImportFile(name, std::move(bytes));
    const double elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!report.ok()) {
        err << "stocktake: import failed: " << report.status().ToString() << "\n";
        return kExitFailure;
    }
    out << ReportJson(*report, db, elapsed_ms)
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
    if (report->state != engine::ImportState::kSucceeded) {
        err << "stocktake: " << file << " was not imported: " << report->error << "\n";
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace stocktake::server
