// Helpers for the server tests: scratch directories and a real HttpServer on an
// ephemeral loopback port, run on its own thread.
#pragma once

#include <httplib.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "auth/account_store.h"
#include "auth/auth_service.h"
#include "http/http_server.h"
#include "http/static_files.h"
#include "http/webhook_listener.h"
#include "log.h"
#include "storage/storage.h"
#include "webhooks/webhook_credentials.h"
#include "webhooks/webhook_intake.h"
#include "webhooks/webhook_queue.h"
#include "webhooks/webhook_secrets.h"

namespace stocktake::server::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
  public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "stocktake-server-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string str() const { return path_.string(); }

  private:
    std::filesystem::path path_;
};

inline void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Text that gzip shrinks: n bytes of a repeating sentence.
inline std::string CompressibleText(size_t n, const std::string& seed = "stocktake ") {
    std::string text;
    while (text.size() < n) text += seed + std::to_string(text.size() % 97) + "\n";
    text.resize(n);
    return text;
}

// The key RunningServer signs access tokens with, so tests can make their own tokens.
inline constexpr const char* kTestSecretKey = "9c1f0e7a2b5d4c3e8f6a1b0c9d2e7f4a5b8c3d6e";

// RunningServer's auth settings: registration open, a cheap password hash (tests hash
// many), the production login limits.
inline AuthOptions TestAuthOptions() {
    AuthOptions options;
    options.secret_key = kTestSecretKey;
    options.allow_registration = true;
    options.hasher = PasswordHasher::ForTesting(1000);
    return options;
}

// Settings of a RunningServer beyond its directories, as `stocktake serve` reads them from
// APP_* variables.
struct ServerOptions {
    std::string metrics_token;
    std::vector<std::string> cors_origins;
    TlsFiles tls;
    AuthOptions auth = TestAuthOptions();
    // The webhook intake (APP_WEBHOOK_SECRETS, APP_WEBHOOK_SECRETS_FILE, APP_MAX_PAYLOAD);
    // credentials are not cached unless a test asks, so revocations show at once.
    std::vector<std::string> webhook_secrets;
    std::string webhook_secrets_file;
    WebhookIntakeOptions webhook_intake = [] {
        WebhookIntakeOptions options;
        options.credentials_ttl = std::chrono::milliseconds(0);
        return options;
    }();
    DeliveryProcessor* delivery_processor = nullptr;
    // Also serve the webhook routes on an evented port of their own (APP_WEBHOOK_PORT),
    // committing as serve does on this backend.
    bool webhook_listener = false;
};

// A running server. The constructor returns once it accepts connections; the destructor
// (or Stop()) shuts it down and joins its thread, after which logs() is complete.
class RunningServer {
  public:
    // storage: null opens SQLite in data_dir.
    RunningServer(const std::string& public_dir, const std::string& data_dir,
                  std::unique_ptr<SqlDatabase> storage = nullptr, const ServerOptions& options = {})
        : logger_(log_stream_, LogLevel::kDebug), files_(public_dir) {
        if (storage) {
            storage_ = std::move(storage);
        } else {
            Result<std::unique_ptr<SqlDatabase>> opened =
                OpenStorage(DefaultDatabaseUrl(data_dir), 4);
            if (!opened.ok()) throw std::runtime_error(opened.status().ToString());
            storage_ = std::move(opened).value();
        }
        accounts_ = std::make_unique<AccountStore>(*storage_);
        auth_ = std::make_unique<AuthService>(*accounts_, options.auth);
        Services services;
        services.db = storage_.get();
        services.static_files = &files_;
        services.logger = &logger_;
        services.auth = auth_.get();
        sync_ = std::make_unique<SyncService>(*storage_);
        services.sync = sync_.get();
        webhook_queue_ = std::make_unique<DeliveryQueue>(*storage_);
        webhook_credentials_ = std::make_unique<WebhookCredentialStore>(*storage_);
        webhook_secrets_ = std::make_unique<WebhookSecrets>(options.webhook_secrets,
                                                            options.webhook_secrets_file, &logger_);
        webhook_intake_ = std::make_unique<WebhookIntake>(
            *webhook_queue_, *webhook_credentials_, *webhook_secrets_, options.delivery_processor,
            logger_, options.webhook_intake);
        services.webhook_intake = webhook_intake_.get();
        services.webhook_queue = webhook_queue_.get();
        services.metrics_token = options.metrics_token;
        services.cors_origins = options.cors_origins;
        server_ = std::make_unique<HttpServer>(services, options.tls);
        Result<int> port = server_->Bind("127.0.0.1", 0);
        if (!port.ok()) throw std::runtime_error(port.status().ToString());
        port_ = *port;
        webhook_port_ = port_;
        if (options.webhook_listener) {
            WebhookListenerOptions listener_options;
            listener_options.commit_threads = CommitThreadsFor(storage_->Backend());
            listener_ = std::make_unique<WebhookListener>(*webhook_intake_, *webhook_queue_,
                                                          logger_, listener_options);
            Result<int> listening = listener_->Start("127.0.0.1", 0);
            if (!listening.ok()) throw std::runtime_error(listening.status().ToString());
            webhook_port_ = *listening;
        }
        thread_ = std::thread([this] { run_status_ = server_->Run(); });
        server_->WaitUntilReady();
    }
    ~RunningServer() { Stop(); }

    int port() const { return port_; }
    // Where the webhook routes are tested: the evented listener's port when it runs, else
    // the main port.
    int webhook_port() const { return webhook_port_; }
    HttpServer& server() { return *server_; }
    AccountStore& accounts() { return *accounts_; }
    SqlDatabase& db() { return *storage_; }
    DeliveryQueue& webhook_queue() { return *webhook_queue_; }
    WebhookCredentialStore& webhook_credentials() { return *webhook_credentials_; }

    std::unique_ptr<httplib::Client> Client() const {
        auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
        client->set_url_encode(false);  // send paths exactly as the test writes them
        return client;
    }
    // A client of webhook_port().
    std::unique_ptr<httplib::Client> WebhookClient() const {
        auto client = std::make_unique<httplib::Client>("127.0.0.1", webhook_port_);
        client->set_url_encode(false);
        return client;
    }

    // Stops like serve on SIGTERM: the main port, then the webhook port, both draining.
    void Stop() {
        if (!thread_.joinable()) return;
        server_->Stop();
        thread_.join();
        if (listener_) listener_->Stop();
    }

    // The log output. REQUIRES: Stop() has returned (workers may still be logging before).
    std::string logs() const { return log_stream_.str(); }
    const Status& run_status() const { return run_status_; }

  private:
    std::ostringstream log_stream_;
    Logger logger_;
    StaticFiles files_;
    std::unique_ptr<SqlDatabase> storage_;
    std::unique_ptr<AccountStore> accounts_;
    std::unique_ptr<AuthService> auth_;
    std::unique_ptr<SyncService> sync_;
    std::unique_ptr<DeliveryQueue> webhook_queue_;
    std::unique_ptr<WebhookCredentialStore> webhook_credentials_;
    std::unique_ptr<WebhookSecrets> webhook_secrets_;
    std::unique_ptr<WebhookIntake> webhook_intake_;
    std::unique_ptr<HttpServer> server_;
    std::unique_ptr<WebhookListener> listener_;
    int port_ = 0;
    int webhook_port_ = 0;
    std::thread thread_;
    Status run_status_;
};

}  // namespace stocktake::server::testing
