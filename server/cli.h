// The `stocktake` command line: serve, migrate, import, formats, stock and purchasing commands,
// version, help.
// Exit codes: 0 success, 1 the command ran and failed (port in use, unreadable file),
// 2 the command line or the environment is wrong (usage, invalid APP_* value).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "auth/auth_config.h"
#include "config.h"

namespace stocktake::server {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// args excludes the program name. Logs and command output go to out, human messages
// (errors, "Stocktake is running at ...") to err.
int RunCli(const std::vector<std::string>& args, const EnvMap& env, std::ostream& out,
           std::ostream& err);

// The commands, for RunCli.
int ServeCommand(const Config& config, const AuthConfig& auth, std::ostream& out,
                 std::ostream& err);
int MigrateCommand(const std::vector<std::string>& args, const Config& config, std::ostream& out,
                   std::ostream& err);
int ImportCommand(const std::vector<std::string>& args, const Config& config, std::ostream& out,
                  std::ostream& err);

// `stocktake location add`, `move`, `transfer`, `count` and `stock`: command is which.
int StockCommand(const std::string& command, const std::vector<std::string>& args,
                 const Config& config, std::ostream& out, std::ostream& err);

// `stocktake supplier`, `po` and `kit`: command is which; args start with the subcommand.
int PurchasingCommand(const std::string& command, const std::vector<std::string>& args,
                      const Config& config, std::ostream& out, std::ostream& err);

// `stocktake channel` and `realloc`: command is which; args start with the subcommand.
int ChannelCommand(const std::string& command, const std::vector<std::string>& args,
                   const Config& config, std::ostream& out, std::ostream& err);
// `stocktake insights` and `restock`: command is which.
int InsightsCommand(const std::string& command, const std::vector<std::string>& args,
                    const Config& config, std::ostream& out, std::ostream& err);
void PrintInsightsUsage(std::ostream& os);

// `stocktake org` and `user`: command is which; args start with the subcommand.
int AccountCommand(const std::string& command, const std::vector<std::string>& args,
                   const Config& config, std::ostream& out, std::ostream& err);
void PrintAccountUsage(std::ostream& os);

// `stocktake webhook token|secret ...`: args start with token or secret.
int WebhookCommand(const std::vector<std::string>& args, const Config& config, std::ostream& out,
                   std::ostream& err);
void PrintWebhookUsage(std::ostream& os);

int FormatsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

void PrintUsage(std::ostream& os);
// `stocktake serve --help` and `migrate --help`: every APP_* variable and its default.
void PrintServerUsage(std::ostream& os);
// `stocktake import --help`.
void PrintImportUsage(std::ostream& os);
// `stocktake stock --help` (and the other stock commands').
void PrintStockUsage(std::ostream& os);
// `stocktake po --help` (and supplier's and kit's).
void PrintPurchasingUsage(std::ostream& os);
// `stocktake channel --help` (and realloc's).
void PrintChannelUsage(std::ostream& os);

}  // namespace stocktake::server
