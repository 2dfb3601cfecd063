// `stocktake import FILE [--db PATH] [--format NAME] [--mapping FILE.json] [--dry-run] [--json]`:
// import any file the engine can read (the same code the browser runs) and print what it
// did, as a short summary or as one JSON object.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "cli.h"
#include "stocktake/engine/engine.h"
#include "stocktake/engine/formats.h"

namespace stocktake::server {
namespace {

// Rows rejected by an import can number in the millions (the engine keeps the first 1000):
// the JSON shows the first ones, the summary fewer.
constexpr size_t kMaxErrorsShown = 100;
constexpr size_t kMaxChangesShown = 100;
constexpr size_t kMaxSummaryLines = 20;

constexpr const char* kGenericCatalog = "generic_catalog";

struct ImportArgs {
    std::string file;
    std::string db;
    std::string format;
    std::string mapping_path;
    bool dry_run = false;
    bool json = false;
    bool help = false;
};

int UsageError(const std::string& message, std::ostream& err) {
    err << "stocktake: import: " << message << "\n\n";
    PrintImportUsage(err);
    return kExitUsage;
}

// Parses the command line; a message in *problem means a usage error.
ImportArgs ParseArgs(const std::vector<std::string>& args, std::string* problem) {
    ImportArgs parsed;
    bool only_operands = false;
    for (size_t i = 0; i < args.size() && problem->empty(); ++i) {
        const std::string& arg = args[i];
        // --name VALUE or --name=VALUE.
        const auto value_of = [&](const std::string& name, std::string* value) {
            if (arg == name) {
                if (i + 1 >= args.size()) {
                    *problem = name + " needs a value";
                } else {
                    *value = args[++i];
                }
                return true;
            }
            if (arg.rfind(name + "=", 0) == 0) {
                *value = arg.substr(name.size() + 1);
                return true;
            }
            return false;
        };
        if (only_operands || arg.empty() || arg[0] != '-' || arg == "-") {
            if (!parsed.file.empty()) {
                *problem = "unexpected argument \"" + arg + "\" (import takes one FILE)";
            } else {
                parsed.file = arg;
            }
        } else if (arg == "--") {
            only_operands = true;
        } else if (arg == "--help" || arg == "-h") {
            parsed.help = true;
        } else if (arg == "--dry-run") {
            parsed.dry_run = true;
        } else if (arg == "--json") {
            parsed.json = true;
        } else if (value_of("--db", &parsed.db) || value_of("--format", &parsed.format) ||
                   value_of("--mapping", &parsed.mapping_path)) {
            // Taken.
        } else {
            *problem = "unknown option \"" + arg + "\"";
        }
    }
    return parsed;
}

std::string JoinIds(const std::vector<std::string>& ids) {
    std::string text;
    for (const std::string& id : ids) {
        if (!text.empty()) text += ", ";
        text += id;
    }
    return text;
}

// "" when the format can be asked for, else why not.
std::string CheckFormat(const std::string& format) {
    std::vector<std::string> importable;
    std::vector<std::string> all;
    const engine::FormatInfo* found = nullptr;
    const std::vector<engine::FormatInfo> formats = engine::ListFormats();
    for (const engine::FormatInfo& info : formats) {
        all.push_back(info.id);
        if (info.importable) importable.push_back(info.id);
        if (info.id == format) found = &info;
    }
    if (found == nullptr) {
        return "unknown format \"" + format + "\"; valid formats: " + JoinIds(all) +
               " (see stocktake formats)";
    }
    if (!found->importable) {
        return "format \"" + format + "\" is recognised but cannot be imported yet; importable " +
               "formats: " + JoinIds(importable);
    }
    return "";
}

// Opens a file for reading; "" in *problem when it worked.
std::ifstream OpenFile(const std::string& path, std::string* problem) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        *problem = "cannot read " + path + ": it is a directory";
        return {};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) *problem = "cannot read " + path + ": " + std::strerror(errno);
    return in;
}

// Reads a whole (small) file: the mapping; "" in *problem when it worked.
std::string ReadWholeFile(const std::string& path, std::string* problem) {
    std::ifstream in = OpenFile(path, problem);
    if (!problem->empty()) return {};
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) *problem = "cannot read " + path;
    return bytes;
}

nlohmann::ordered_json ReportJson(const engine::ImportReport& report, const ImportArgs& args,
                                  double elapsed_ms) {
    using Json = nlohmann::ordered_json;
    Json errors = Json::array();
    for (size_t i = 0; i < report.errors.size() && i < kMaxErrorsShown; ++i) {
        const engine::RowError& e = report.errors[i];
        errors.push_back(
            {{"line", e.line}, {"column", e.column}, {"reason", e.message}, {"value", e.value}});
    }
    // The engine keeps the first 1000 errors; every rejected or duplicate row has one.
    const int64_t errors_known =
        std::max(static_cast<int64_t>(report.errors.size()), report.failed + report.duplicates);

    Json changes = Json::array();
    for (size_t i = 0; i < report.changes.size() && i < kMaxChangesShown; ++i) {
        const engine::RecordChange& change = report.changes[i];
        Json fields = Json::array();
        for (const engine::FieldChange& field : change.fields) {
            fields.push_back(
                {{"field", field.field}, {"before", field.before}, {"after", field.after}});
        }
        changes.push_back({{"line", change.line},
                           {"entity", change.entity},
                           {"key", change.key},
                           {"kind", engine::ChangeKindName(change.kind)},
                           {"fields", std::move(fields)}});
    }
    // Dry runs list changes (the engine keeps the first 1000); each new or changed row has one.
    const int64_t changes_known =
        report.dry_run
            ? std::max(static_cast<int64_t>(report.changes.size()), report.created + report.changed)
            : 0;

    Json suggestions = Json::array();
    for (const engine::MatchSuggestion& s : report.suggestions) {
        suggestions.push_back({{"line", s.line},
                               {"sku", s.sku},
                               {"existing_sku", s.existing_sku},
                               {"reason", s.reason}});
    }

    Json doc = Json::object();
    doc["format"] = report.format;
    doc["total_rows"] = report.total;
    doc["processed"] = report.processed();
    doc["successful"] = report.successful;
    doc["failed"] = report.failed;
    doc["duplicates_found"] = report.duplicates;
    doc["errors"] = std::move(errors);
    doc["errors_not_shown"] =
        std::max<int64_t>(0, errors_known - static_cast<int64_t>(doc["errors"].size()));
    doc["dry_run"] = report.dry_run;
    doc["state"] = engine::ImportStateName(report.state);
    doc["encoding"] = report.encoding;
    doc["created"] = report.created;
    doc["changed"] = report.changed;
    doc["unchanged"] = report.unchanged;
    doc["skipped"] = report.skipped;
    doc["error"] = report.error;
    doc["changes"] = std::move(changes);
    doc["changes_not_shown"] =
        std::max<int64_t>(0, changes_known - static_cast<int64_t>(doc["changes"].size()));
    doc["suggestions"] = std::move(suggestions);
    doc["suggestions_found"] = report.suggestions_found;
    doc["notes"] = report.notes;
    doc["file"] = args.file;
    doc["db"] = args.db;
    // Dry runs are not recorded, so they have no job.
    doc["job_id"] = report.job_id > 0 ? Json(report.job_id) : Json(nullptr);
    doc["elapsed_ms"] = std::round(elapsed_ms * 10.0) / 10.0;
    return doc;
}

std::string Plural(int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

void PrintSummary(const engine::ImportReport& report, const ImportArgs& args, std::ostream& out) {
    const bool dry = report.dry_run;
    out << (dry ? "Dry run of " : "Imported ") << args.file << " as " << report.format;
    if (!report.encoding.empty()) out << " (" << report.encoding << ")";
    out << (dry ? " against " : " into ") << args.db << "\n";
    out << "Rows: " << report.total << " read, " << report.successful
        << (dry ? " would import" : " imported") << " (" << report.created << " new, "
        << report.changed << " changed, " << report.unchanged << " unchanged), " << report.failed
        << " failed, " << Plural(report.duplicates, "duplicate", "duplicates");
    if (report.skipped > 0) out << ", " << report.skipped << " skipped";
    out << "\n";

    if (!report.errors.empty()) {
        const size_t shown = std::min(report.errors.size(), kMaxSummaryLines);
        const int64_t known =
            std::max(static_cast<int64_t>(report.errors.size()), report.failed + report.duplicates);
        if (static_cast<int64_t>(shown) < known) {
            out << "Problems (first " << shown << " of " << known << "; --json lists up to "
                << kMaxErrorsShown << "):\n";
        } else {
            out << "Problems:\n";
        }
        for (size_t i = 0; i < shown; ++i) {
            const engine::RowError& e = report.errors[i];
            out << "  line " << e.line;
            if (!e.column.empty()) out << ", column " << e.column;
            out << ": " << e.message;
            if (!e.value.empty()) out << " (value '" << e.value << "')";
            out << "\n";
        }
    }
    if (dry && !report.changes.empty()) {
        const size_t shown = std::min(report.changes.size(), kMaxSummaryLines);
        out << "Would change";
        if (shown < report.changes.size()) out << " (first " << shown << ")";
        out << ":\n";
        for (size_t i = 0; i < shown; ++i) {
            const engine::RecordChange& c = report.changes[i];
            out << "  line " << c.line << ": " << engine::ChangeKindName(c.kind) << " " << c.entity
                << " " << c.key;
            if (c.kind == engine::ChangeKind::kChanged) {
                std::string fields;
                for (const engine::FieldChange& f : c.fields) {
                    if (!fields.empty()) fields += ", ";
                    fields += f.field + " '" + f.before + "' -> '" + f.after + "'";
                }
                if (!fields.empty()) out << " (" << fields << ")";
            }
            out << "\n";
        }
    }
    if (report.suggestions_found > 0) {
        out << "Possible matches with existing SKUs (" << report.suggestions_found
            << "; nothing was merged):\n";
        for (size_t i = 0; i < report.suggestions.size() && i < kMaxSummaryLines; ++i) {
            const engine::MatchSuggestion& s = report.suggestions[i];
            out << "  line " << s.line << ": " << s.sku << " may be " << s.existing_sku << " ("
                << s.reason << ")\n";
        }
    }
    if (!report.notes.empty()) {
        out << "Notes:\n";
        for (const std::string& note : report.notes) out << "  " << note << "\n";
    }
    if (dry) out << "Dry run: nothing was written. Run again without --dry-run to import.\n";
}

}  // namespace

void PrintImportUsage(std::ostream& os) {
    os << "Usage: stocktake import FILE [--db PATH] [--format NAME] [--mapping FILE.json]\n"
          "                        [--dry-run] [--json]\n"
          "\n"
          "Imports a catalogue file (Amazon, Shopify, eBay, supplier price sheet, or any CSV\n"
          "with a column mapping) into the database, in one transaction.\n"
          "\n"
          "Options:\n"
          "  --db PATH            database file (default <data dir>/cli.db, from\n"
          "                       APP_DATA_DIR)\n"
          "  --format NAME        read the file as NAME instead of detecting it from the header\n"
          "                       (ids: stocktake formats)\n"
          "  --mapping FILE.json  a generic catalog CSV's column mapping, implies --format\n"
          "                       generic_catalog: {\"sku\": \"Item Code\", \"name\": \"Title\"}\n"
          "                       or {\"version\": 1, \"fields\": {\"sku\": {\"column\": \"Item "
          "Code\",\n"
          "                       \"occurrence\": 1}}}; saved for the header when the import "
          "commits\n"
          "  --dry-run            report what would change, field by field; write nothing\n"
          "  --json               print the report as one JSON object\n"
          "  -h, --help           print this help\n"
          "\n"
          "Exit status: 0 imported (rows with problems are reported, not fatal), 1 the file\n"
          "could not be imported (nothing was changed), 2 bad command line or mapping file.\n";
}

int ImportCommand(const std::vector<std::string>& argv, const Config& config, std::ostream& out,
                  std::ostream& err) {
    std::string problem;
    ImportArgs args = ParseArgs(argv, &problem);
    if (!problem.empty()) return UsageError(problem, err);
    if (args.help) {
        PrintImportUsage(out);
        return kExitOk;
    }
    if (args.file.empty()) return UsageError("import needs a FILE", err);

    if (!args.mapping_path.empty()) {
        if (args.format.empty()) args.format = kGenericCatalog;
        if (args.format != kGenericCatalog) {
            return UsageError(
                "--mapping reads the file as generic_catalog; it cannot be used "
                "with --format " +
                    args.format,
                err);
        }
    }
    if (!args.format.empty()) {
        const std::string format_problem = CheckFormat(args.format);
        if (!format_problem.empty()) return UsageError(format_problem, err);
    }

    std::optional<engine::ColumnMapping> mapping;
    if (!args.mapping_path.empty()) {
        std::string read_problem;
        const std::string text = ReadWholeFile(args.mapping_path, &read_problem);
        if (!read_problem.empty()) return UsageError("--mapping: " + read_problem, err);
        Result<engine::ColumnMapping> parsed = engine::ParseColumnMapping(text);
        if (!parsed.ok()) {
            return UsageError("--mapping " + args.mapping_path +
                                  " is not a column mapping: " + parsed.status().message(),
                              err);
        }
        mapping = std::move(parsed.value());
    }

    // The file is read a chunk at a time while it imports, never whole: opened here so a
    // file that cannot be read fails before the database is touched.
    std::string read_problem;
    std::ifstream file = OpenFile(args.file, &read_problem);
    if (!read_problem.empty()) {
        err << "stocktake: " << read_problem << "\n";
        return kExitFailure;
    }
    std::error_code size_ec;
    const auto file_size = std::filesystem::file_size(args.file, size_ec);

    if (args.db.empty()) {
        args.db = (std::filesystem::path(config.data_dir) / "cli.db").string();
        std::error_code ec;
        if (!args.dry_run) std::filesystem::create_directories(config.data_dir, ec);
        if (ec) {
            err << "stocktake: cannot create data directory " << config.data_dir << ": "
                << ec.message() << " (set APP_DATA_DIR or pass --db)\n";
            return kExitFailure;
        }
    }

    const auto start = std::chrono::steady_clock::now();
    // A dry run writes nothing, not even a new empty database: against a database that does
    // not exist yet it runs on an empty one in memory (every row is then new).
    std::error_code ec;
    const bool scratch = args.dry_run && !std::filesystem::exists(args.db, ec);
    Result<std::unique_ptr<engine::Engine>> opened =
        engine::Engine::Open(scratch ? std::string(":memory:") : args.db);
    if (!opened.ok()) {
        err << "stocktake: cannot open " << args.db << ": " << opened.status().message() << "\n";
        return kExitFailure;
    }
    engine::ImportRequest request;
    request.file_name = std::filesystem::path(args.file).filename().string();
    // A size lets the engine notice a file that changes while it is read; a pipe has none.
    if (!size_ec) request.size = static_cast<int64_t>(file_size);
    request.format = args.format;
    request.mapping = std::move(mapping);
    request.dry_run = args.dry_run;
    Result<engine::ImportReport> report = (*opened)->ImportFile(std::move(request), file);
    const double elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!report.ok()) {
        err << "stocktake: import failed: " << report.status().ToString() << "\n";
        return kExitFailure;
    }

    const bool failed = report->state != engine::ImportState::kSucceeded;
    if (args.json) {
        out << ReportJson(*report, args, elapsed_ms)
                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    } else if (!failed) {
        PrintSummary(*report, args, out);
    }
    if (failed) {
        err << "stocktake: " << args.file << " was not imported: " << report->error << "\n";
        // The engine's reasons are written for the import screen; name the CLI's option.
        if (args.mapping_path.empty() &&
            report->error.find("Map its columns") != std::string::npos) {
            err << "To import it as a catalog CSV, pass --mapping FILE.json naming its columns, "
                   "e.g. {\"sku\": \"Item Code\", \"name\": \"Title\"} (stocktake import "
                   "--help).\n";
        }
        if (!args.dry_run) err << "No product, listing or price in " << args.db << " changed.\n";
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace stocktake::server
