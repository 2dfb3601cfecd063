// The webhook intake's settings, read from APP_* environment variables: the shared signing
// secrets (APP_WEBHOOK_SECRETS, APP_WEBHOOK_SECRETS_FILE), the body limit (APP_MAX_PAYLOAD)
// and the evented listener's own port (APP_WEBHOOK_PORT). Per-organisation secrets and URL
// tokens live in the database (`stocktake webhook secret|token`).
// Thread safety: values.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "config.h"
#include "stocktake/status.h"

namespace stocktake::server {

// ShipStation's v1 notification is about 200 bytes; 1 KiB leaves room for a relay's own
// compact forms without letting anyone make the server buffer large bodies.
inline constexpr size_t kDefaultWebhookMaxPayload = 1024;
// What APP_MAX_PAYLOAD may be raised to (the largest body any route takes).
inline constexpr size_t kLargestWebhookMaxPayload = size_t{8} << 20;

struct WebhookConfig {
    std::vector<std::string> secrets;  // APP_WEBHOOK_SECRETS: comma-separated, blanks dropped
    std::string secrets_file;          // APP_WEBHOOK_SECRETS_FILE: one secret a line, re-read
    size_t max_payload = kDefaultWebhookMaxPayload;  // APP_MAX_PAYLOAD: bytes, 1..8 MiB
    // APP_WEBHOOK_PORT: the evented webhook listener's port (http/webhook_listener.h), or 0
    // for none (the webhook routes are then on the main port only).
    int port = 0;
};

// InvalidArgument naming the variable when APP_MAX_PAYLOAD or APP_WEBHOOK_PORT is not a
// whole number in range.
// The secrets file is not opened here: it may appear after start (WebhookSecrets reads it).
Result<WebhookConfig> ParseWebhookConfig(const EnvMap& env);

}  // namespace stocktake::server
