#include "log.h"

#include <string>

#include "time_text.h"

namespace stocktake::server {

const char* LogLevelName(LogLevel level) {
    switch (level) {
        case LogLevel::kDebug: return "debug";
        case LogLevel::kInfo: return "info";
        case LogLevel::kWarn: return "warn";
        case LogLevel::kError: return "error";
    }
    return "info";
}

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
    if (text == "debug") return LogLevel::kDebug;
    if (text == "info") return LogLevel::kInfo;
    if (text == "warn" || text == "warning") return LogLevel::kWarn;
    if (text == "error") return LogLevel::kError;
    return std::nullopt;
}

void Logger::Log(LogLevel level, std::string_view msg, const LogFields& fields) {
    if (!Enabled(level)) return;
    LogFields line = LogFields::object();
    line["ts"] = NowIsoUtc();
    line["level"] = LogLevelName(level);
    line["msg"] = std::string(msg);
    if (fields.is_object()) {
        for (const auto& item : fields.items()) line[item.key()] = item.value();
    }
    // replace: a request path with invalid UTF-8 must not throw or break the line.
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text += '\n';
    std::lock_guard<std::mutex> lock(mu_);
    out_ << text;
    out_.flush();
}

}  // namespace stocktake::server
