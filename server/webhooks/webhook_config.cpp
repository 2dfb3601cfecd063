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
    return config;
}

}  // namespace stocktake::server
