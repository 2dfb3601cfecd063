#include "webhooks/webhook_secrets.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace stocktake::server {
namespace {

constexpr std::chrono::seconds kFileCheckInterval{1};

std::string Trimmed(const std::string& text) {
    const size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return "";
    return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

std::vector<std::string> ParseSecretsFile(const std::string& text) {
    std::vector<std::string> secrets;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::string secret = Trimmed(line);
        if (secret.empty() || secret[0] == '#') continue;
        secrets.push_back(std::move(secret));
    }
    return secrets;
}

WebhookSecrets::WebhookSecrets(std::vector<std::string> env_secrets, std::string file,
                               Logger* logger)
    : env_secrets_(std::move(env_secrets)),
      file_(std::move(file)),
      logger_(logger),
      current_(std::make_shared<const std::vector<std::string>>(env_secrets_)) {}

std::shared_ptr<const std::vector<std::string>> WebhookSecrets::Current() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!file_.empty()) ReloadIfChanged();
    return current_;
}

void WebhookSecrets::ReloadIfChanged() {
    const Clock::time_point now = Clock::now();
    if (now < next_check_) return;
    next_check_ = now + kFileCheckInterval;
    struct stat info {};
    std::ifstream in;
    if (stat(file_.c_str(), &info) == 0) in.open(file_, std::ios::binary);
    if (!in) {
        if (!reported_failure_ && logger_ != nullptr) {
            logger_->Warn("cannot read APP_WEBHOOK_SECRETS_FILE: keeping the secrets last read",
                          {{"file", file_}});
        }
        reported_failure_ = true;
        return;
    }
    reported_failure_ = false;
    const bool same = file_size_ == static_cast<long long>(info.st_size) &&
                      file_mtime_.tv_sec == info.st_mtim.tv_sec &&
                      file_mtime_.tv_nsec == info.st_mtim.tv_nsec;
    if (same) return;
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<std::string> secrets = env_secrets_;
    for (std::string& secret : ParseSecretsFile(text.str())) secrets.push_back(std::move(secret));
    current_ = std::make_shared<const std::vector<std::string>>(std::move(secrets));
    file_mtime_ = info.st_mtim;
    file_size_ = static_cast<long long>(info.st_size);
    if (logger_ != nullptr) {
        logger_->Info("webhook secrets file read",
                      {{"file", file_}, {"secrets", current_->size() - env_secrets_.size()}});
    }
}

}  // namespace stocktake::server
