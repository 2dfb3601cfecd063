#include "webhooks/webhook_config.h"

#include <charconv>

namespace stocktake::server {
Result<WebhookConfig> ParseWebhookConfig(const EnvMap& env) {
    WebhookConfig config;
    auto value = [&env](const char* name) -> std::string {
        auto it = env.find(name);
        return it == env.end() ? "" : it->second;
    };
    config.secrets = SplitCommaList(value("APP_WEBHOOK_SECRETS"));
    config.secrets_file = value("APP_WEBHOOK_SECRETS_FILE");
    const std::string max = value("APP_MAX_PAYLOAD");
    if (!max.empty()) {
        size_t bytes = 0;
        auto [end, ec] = std::from_chars(max.data(), max.data() + max.size(), bytes);
        if (ec != std::errc() || end != max.data() + max.size() || bytes == 0 ||
            bytes > kLargestWebhookMaxPayload) {
            return Status::InvalidArgument("APP_MAX_PAYLOAD=\"" + max +
                                           "\" is not a valid body limit: use a number of "
                                           "bytes from 1 to " +
                                           std::to_string(kLargestWebhookMaxPayload));
        }
        config.max_payload = bytes;
    }
    const std::string port = value("APP_WEBHOOK_PORT");
    if (!port.empty()) {
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), config.port);
        if (ec != std::errc() || end != port.data() + port.size() || config.port < 1 ||
            config.port > 65535) {
            return Status::InvalidArgument("APP_WEBHOOK_PORT=\"" + port +
                                           "\" is not a port: use a number from 1 to 65535");
        }
    }
    return config;
}

}  // namespace stocktake::server
