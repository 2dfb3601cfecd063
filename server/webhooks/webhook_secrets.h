// WebhookSecrets: the signing secrets every organisation accepts, from APP_WEBHOOK_SECRETS
// and APP_WEBHOOK_SECRETS_FILE. The file is re-read when its modification time or size
// changes (checked at most once a second), so an operator rotates secrets by rewriting it:
// write the new secret beside the old, switch the senders, then remove the old one.
//
// A file that cannot be read keeps the secrets last read from it (and logs why once), so a
// half-finished edit or a brief permission slip never locks every sender out.
//
// Thread safety: Current() may be called from many threads.
#pragma once

#include <chrono>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "log.h"

namespace stocktake::server {

class WebhookSecrets {
  public:
    // file: "" for none. logger may be null (tests). REQUIRES: logger outlives this.
    WebhookSecrets(std::vector<std::string> env_secrets, std::string file, Logger* logger);

    // The environment's secrets, then the file's (as of the latest check). Cheap: a shared
    // list, rebuilt only when the file changed.
    std::shared_ptr<const std::vector<std::string>> Current();

  private:
    using Clock = std::chrono::steady_clock;
    void ReloadIfChanged();

    const std::vector<std::string> env_secrets_;
    const std::string file_;
    Logger* logger_;
    std::mutex mu_;
    std::shared_ptr<const std::vector<std::string>> current_;  // guarded by mu_
    Clock::time_point next_check_{};                           // guarded by mu_
    std::timespec file_mtime_{};                               // guarded by mu_
    long long file_size_ = -1;                                 // guarded by mu_; -1 unread
    bool reported_failure_ = false;                            // guarded by mu_
};

// The secrets in a secrets file's text: one a line, blank lines and lines starting with #
// skipped, surrounding spaces dropped.
std::vector<std::string> ParseSecretsFile(const std::string& text);

}  // namespace stocktake::server
