// What the engine-backed commands (stock, purchasing, kits) share: one option parser, the
// JSON printer, failure reporting and opening the --db engine, so every command reads and
// answers alike. Exit codes as in cli.h.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "cli.h"
#include "config.h"
#include "stocktake/engine/engine.h"
#include "stocktake/status.h"

namespace stocktake::server {

using Json = nlohmann::ordered_json;

struct CommandArgs {
    std::vector<std::string> operands;
    std::map<std::string, std::string> values;         // --name VALUE (the last one given)
    std::multimap<std::string, std::string> repeated;  // --name VALUE, every one, in order
    std::set<std::string> flags;                       // --name
    bool json = false;
    bool help = false;
    std::string db;
};

// Every command takes --db PATH, --json and --help; value_options and flag_options add to
// them. "-5" is an operand (a negative quantity), "--" ends the options. A message in
// *problem means a usage error.
CommandArgs ParseArgs(const std::vector<std::string>& args,
                      const std::set<std::string>& value_options,
                      const std::set<std::string>& flag_options, std::string* problem);

// What one subcommand accepts: options, flags and operand count (the subcommand included).
struct CommandShape {
    std::set<std::string> values;
    std::set<std::string> flags;
    size_t min = 1;
    size_t max = 1;
};

// Parses `stocktake COMMAND SUB ...`: finds SUB with every option of the command known
// (all_values, all_flags), then parses argv again with shape_of(SUB)'s options and checks
// the operand count. On --help prints usage to out; on a usage error prints the problem and
// usage to err. Either way returns nullopt with *exit_code set.
std::optional<CommandArgs> ParseSubcommand(
    const std::string& command, const std::vector<std::string>& argv,
    const std::set<std::string>& all_values, const std::set<std::string>& all_flags,
    const std::function<std::optional<CommandShape>(const std::string& sub)>& shape_of,
    void (*usage)(std::ostream&), std::ostream& out, std::ostream& err, int* exit_code);

// Prints "stocktake: COMMAND: message" and usage to err; returns kExitUsage.
int UsageError(const std::string& command, const std::string& message, void (*usage)(std::ostream&),
               std::ostream& err);

// A whole number, optionally signed ("+3", "-2"); false for anything else ("2.5", "3x").
bool ParseInt(const std::string& text, int64_t* value);

std::string Dump(const Json& doc);
Json MovementJson(const engine::Movement& m);
std::string Signed(int64_t n);  // "+3", "-2", "0"

// Prints the engine's refusal (stderr; and {"error": ...} on stdout with --json) and
// returns kExitFailure.
int FailWith(const Status& status, bool json, std::ostream& out, std::ostream& err);

// What a subcommand's runner does with its arguments and streams: fails as FailWith does,
// prints a JSON object with --json and text otherwise, reads an option's value.
class CommandOutput {
  public:
    // REQUIRES: args, out and err outlive the object.
    CommandOutput(const CommandArgs& args, std::ostream& out, std::ostream& err)
        : args_(args), out_(out), err_(err) {}

    int Fail(const Status& status) const { return FailWith(status, args_.json, out_, err_); }
    int Print(const Json& doc, const std::string& text) const {
        out_ << (args_.json ? Dump(doc) : text);
        return kExitOk;
    }
    bool Has(const std::string& name) const { return args_.values.count(name) != 0; }
    // "" when the option was not given.
    std::string Value(const std::string& name) const {
        auto it = args_.values.find(name);
        return it == args_.values.end() ? "" : it->second;
    }

  protected:
    const CommandArgs& args_;
    std::ostream& out_;
    std::ostream& err_;
};

// Opens the engine at args->db (default <data dir>/cli.db, created as needed). On failure
// reports it as FailWith does and returns nullptr with *exit_code set.
std::unique_ptr<engine::Engine> OpenCommandEngine(CommandArgs* args, const Config& config,
                                                  std::ostream& out, std::ostream& err,
                                                  int* exit_code);

}  // namespace stocktake::server
