// Structured logs: one JSON object per line, {"ts":..,"level":..,"msg":..,<fields>}.
// Values are encoded by nlohmann::json, so any text (paths, messages) is escaped, and
// bytes that are not UTF-8 are replaced rather than breaking the line.
// Thread safety: Logger is safe to use from many threads; each line is written whole.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string_view>

namespace stocktake::server {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

const char* LogLevelName(LogLevel level);  // "debug", "info", "warn", "error"
std::optional<LogLevel> ParseLogLevel(std::string_view text);

// Fields keep the order they were given in, after ts, level and msg.
using LogFields = nlohmann::ordered_json;

class Logger {
  public:
    // REQUIRES: out outlives the Logger.
    explicit Logger(std::ostream& out, LogLevel min_level = LogLevel::kInfo)
        : out_(out), min_level_(min_level) {}

    bool Enabled(LogLevel level) const { return level >= min_level_; }

    // fields must be a JSON object (or null for none).
    void Log(LogLevel level, std::string_view msg, const LogFields& fields = nullptr);
    void Debug(std::string_view msg, const LogFields& fields = nullptr) {
        Log(LogLevel::kDebug, msg, fields);
    }
    void Info(std::string_view msg, const LogFields& fields = nullptr) {
        Log(LogLevel::kInfo, msg, fields);
    }
    void Warn(std::string_view msg, const LogFields& fields = nullptr) {
        Log(LogLevel::kWarn, msg, fields);
    }
    void Error(std::string_view msg, const LogFields& fields = nullptr) {
        Log(LogLevel::kError, msg, fields);
    }

  private:
    std::mutex mu_;
    std::ostream& out_;
    LogLevel min_level_;
};

}  // namespace stocktake::server
