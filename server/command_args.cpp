#include "command_args.h"

#include <cctype>
#include <charconv>
#include <filesystem>

#include "cli.h"

namespace stocktake::server {

CommandArgs ParseArgs(const std::vector<std::string>& args,
                      const std::set<std::string>& value_options,
                      const std::set<std::string>& flag_options, std::string* problem) {
    CommandArgs parsed;
    bool only_operands = false;
    for (size_t i = 0; i < args.size() && problem->empty(); ++i) {
        const std::string& arg = args[i];
        const bool number = arg.size() > 1 && arg[0] == '-' &&
                            std::isdigit(static_cast<unsigned char>(arg[1])) != 0;
        if (only_operands || arg.empty() || arg[0] != '-' || arg == "-" || number) {
            parsed.operands.push_back(arg);
            continue;
        }
        const size_t eq = arg.find('=');
        const std::string name = arg.substr(0, eq);
        if (arg == "--") {
            only_operands = true;
        } else if (arg == "--help" || arg == "-h") {
            parsed.help = true;
        } else if (arg == "--json") {
            parsed.json = true;
        } else if (flag_options.count(arg) != 0) {
            parsed.flags.insert(arg);
        } else if (name == "--db" || value_options.count(name) != 0) {
            std::string value;
            if (eq != std::string::npos) {
                value = arg.substr(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                *problem = name + " needs a value";
            }
            if (name == "--db") {
                parsed.db = value;
            } else {
                parsed.values[name] = value;
                parsed.repeated.emplace(name, value);
            }
        } else {
            *problem = "unknown option \"" + arg + "\"";
        }
    }
    return parsed;
}

std::optional<CommandArgs> ParseSubcommand(
    const std::string& command, const std::vector<std::string>& argv,
    const std::set<std::string>& all_values, const std::set<std::string>& all_flags,
    const std::function<std::optional<CommandShape>(const std::string& sub)>& shape_of,
    void (*usage)(std::ostream&), std::ostream& out, std::ostream& err, int* exit_code) {
    std::string problem;
    const CommandArgs any = ParseArgs(argv, all_values, all_flags, &problem);
    const std::string sub = any.operands.empty() ? "" : any.operands[0];
    const std::optional<CommandShape> shape = shape_of(sub);
    problem.clear();
    CommandArgs args = ParseArgs(argv, shape ? shape->values : std::set<std::string>{},
                                 shape ? shape->flags : std::set<std::string>{}, &problem);
    *exit_code = kExitUsage;
    if (args.help) {
        usage(out);
        *exit_code = kExitOk;
    } else if (!shape) {
        UsageError(
            command,
            sub.empty() ? "which " + command + " command?" : "unknown command \"" + sub + "\"",
            usage, err);
    } else if (!problem.empty()) {
        UsageError(command, problem, usage, err);
    } else if (args.operands.empty() || args.operands[0] != sub ||
               args.operands.size() < shape->min || args.operands.size() > shape->max) {
        UsageError(command, "wrong number of arguments for " + command + " " + sub, usage, err);
    } else {
        return args;
    }
    return std::nullopt;
}

int UsageError(const std::string& command, const std::string& message, void (*usage)(std::ostream&),
               std::ostream& err) {
    err << "stocktake: " << command << ": " << message << "\n\n";
    usage(err);
    return kExitUsage;
}

bool ParseInt(const std::string& text, int64_t* value) {
    const char* first = text.data() + (text.size() > 1 && text[0] == '+' ? 1 : 0);
    const char* last = text.data() + text.size();
    auto [end, ec] = std::from_chars(first, last, *value);
    return ec == std::errc() && end == last && first != last;
}

std::string Dump(const Json& doc) {
    return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Json MovementJson(const engine::Movement& m) {
    return {{"id", m.id},
            {"sku", m.sku},
            {"location", m.location},
            {"delta", m.delta},
            {"kind", engine::MovementKindName(m.kind)},
            {"reason", m.reason},
            {"reference", m.reference},
            {"occurred_at", m.occurred_at},
            {"position", m.position}};
}

std::string Signed(int64_t n) {
    std::string text = std::to_string(n);
    if (n > 0) text.insert(text.begin(), '+');
    return text;
}

int FailWith(const Status& status, bool json, std::ostream& out, std::ostream& err) {
    err << "stocktake: " << status.message() << "\n";
    if (json) out << Dump({{"error", status.message()}});
    return kExitFailure;
}

std::unique_ptr<engine::Engine> OpenCommandEngine(CommandArgs* args, const Config& config,
                                                  std::ostream& out, std::ostream& err,
                                                  int* exit_code) {
    if (args->db.empty()) {
        args->db = (std::filesystem::path(config.data_dir) / "cli.db").string();
        std::error_code ec;
        std::filesystem::create_directories(config.data_dir, ec);
    }
    Result<std::unique_ptr<engine::Engine>> opened = engine::Engine::Open(args->db);
    if (!opened.ok()) {
        *exit_code = FailWith(Status(opened.status().code(),
                                     "cannot open " + args->db + ": " + opened.status().message()),
                              args->json, out, err);
        return nullptr;
    }
    return std::move(opened.value());
}

}  // namespace stocktake::server
