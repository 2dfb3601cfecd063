// `stocktake serve`: open storage, bind, serve until SIGINT/SIGTERM.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "auth/account_store.h"
#include "auth/auth_service.h"
#include "cli.h"
#include "http/http_server.h"
#include "http/static_files.h"
#include "http/webhook_listener.h"
#include "log.h"
#include "ops/ops_config.h"
#include "storage/migrations.h"
#include "storage/storage.h"
#include "sync/sync_service.h"
#include "version.h"
#include "webhooks/delivery_worker.h"
#include "webhooks/shipstation_config.h"
#include "webhooks/shipstation_processor.h"
#include "webhooks/webhook_config.h"
#include "webhooks/webhook_credentials.h"
#include "webhooks/webhook_intake.h"
#include "webhooks/webhook_queue.h"
#include "webhooks/webhook_secrets.h"

namespace stocktake::server {
namespace {

const char* SignalName(int sig) {
    switch (sig) {
        case SIGINT: return "SIGINT";
        case SIGTERM: return "SIGTERM";
        default: return "signal";
    }
}

}  // namespace

int ServeCommand(const Config& config, const AuthConfig& auth_config, std::ostream& out,
                 std::ostream& err) {
    // SIGINT/SIGTERM are taken by one thread with sigwait(); block them first so every
    // thread started from here (cpp-httplib's pool included) inherits the mask. SIGUSR1 is
    // our own wake-up for that thread when the server ends without a signal.
    sigset_t waited;
    sigemptyset(&waited);
    sigaddset(&waited, SIGINT);
    sigaddset(&waited, SIGTERM);
    sigaddset(&waited, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &waited, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a client hanging up mid-response is not fatal

    Result<OpsConfig> ops = ParseOpsConfig(ReadOpsEnvironment());
    if (!ops.ok()) {
        err << "stocktake: " << ops.status().message() << "\n";
        return kExitUsage;
    }

    Result<WebhookConfig> webhook_config = ParseWebhookConfig(ReadEnvironment());
    if (!webhook_config.ok()) {
        err << "stocktake: " << webhook_config.status().message() << "\n";
        return kExitUsage;
    }
    Result<ShipStationConfig> shipstation_config = ParseShipStationConfig(ReadEnvironment());
    if (!shipstation_config.ok()) {
        err << "stocktake: " << shipstation_config.status().message() << "\n";
        return kExitUsage;
    }

    Logger logger(out, config.log_level);
    logger.Info(
        "starting",
        {{"version", kVersion}, {"data_dir", config.data_dir}, {"public_dir", config.public_dir}});

    Result<std::unique_ptr<SqlDatabase>> storage =
        OpenStorage(config.database_url, config.db_pool_size);
    if (!storage.ok()) {
        logger.Error("storage failed", {{"error", storage.status().message()}});
        err << "stocktake: " << storage.status().message() << "\n";
        return kExitFailure;
    }
    Result<int> schema = SchemaVersion(**storage);
    logger.Info("storage ready", {{"backend", (*storage)->Backend()},
                                  {"schema", schema.ok() ? *schema : 0},
                                  {"pool_size", config.db_pool_size}});

    std::error_code ec;
    const std::filesystem::path index = std::filesystem::path(config.public_dir) / "index.html";
    if (!std::filesystem::is_regular_file(index, ec)) {
        logger.Warn("public dir has no index.html: / will answer 404",
                    {{"public_dir", config.public_dir}});
    }

    if (auth_config.key_generated) {
        logger.Warn(
            "APP_SECRET_KEY is not set: dev mode signs tokens with a key made for this process "
            "only (sessions end when it restarts); set one outside development");
    }
    AccountStore accounts(**storage);
    AuthOptions auth_options;
    auth_options.secret_key = auth_config.secret_key;
    auth_options.allow_registration = auth_config.allow_registration;
    AuthService auth(accounts, auth_options);

    StaticFiles static_files(config.public_dir);
    Services services;
    services.db = storage->get();
    services.static_files = &static_files;
    services.logger = &logger;
    services.auth = &auth;
    SyncService sync(**storage);
    services.sync = &sync;

    // Webhook intake: verified deliveries go to the durable queue; the worker hands them to
    // the processor, when this build has one.
    DeliveryQueue webhook_queue(**storage);
    WebhookCredentialStore webhook_credentials(**storage);
    WebhookSecrets webhook_secrets(webhook_config->secrets, webhook_config->secrets_file, &logger);
    std::unique_ptr<DeliveryProcessor> processor =
        MakeShipStationProcessor(**storage, *shipstation_config);
    auto worker = std::make_unique<DeliveryWorker>(webhook_queue, *processor, logger);
    if (!shipstation_config->has_credentials()) {
        logger.Warn(
            "APP_SHIPSTATION_API_KEY/SECRET are not set: inline deliveries are applied, "
            "ShipStation notifications (resource_url) are retried until they are");
    }
    WebhookIntakeOptions intake_options;
    intake_options.max_payload = webhook_config->max_payload;
    WebhookIntake intake(webhook_queue, webhook_credentials, webhook_secrets, processor.get(),
                         logger, intake_options, [&worker] {
                             if (worker) worker->Wake();
                         });
    services.webhook_intake = &intake;
    services.webhook_queue = &webhook_queue;
    services.wake_delivery_worker = [&worker] {
        if (worker) worker->Wake();
    };
    services.metrics_token = ops->metrics_token;
    services.cors_origins = ops->cors_origins;
    HttpServer server(services, TlsFiles{ops->tls_cert, ops->tls_key});

    Result<int> port = server.Bind(config.host, config.port);
    if (!port.ok()) {
        logger.Error(
            "bind failed",
            {{"host", config.host}, {"port", config.port}, {"error", port.status().message()}});
        err << "stocktake: " << port.status().message() << "\n";
        return kExitFailure;
    }
    std::string url = BaseUrl(config.host, *port);
    if (server.tls()) url.replace(0, url.find(':'), "https");
    logger.Info("listening", {{"url", url}});
    err << "Stocktake is running at " << url << "\n" << std::flush;

    // The evented webhook listener, when APP_WEBHOOK_PORT asks for one: the same intake.
    std::unique_ptr<WebhookListener> webhook_listener;
    if (webhook_config->port != 0) {
        WebhookListenerOptions listener_options;
        listener_options.commit_threads = CommitThreadsFor((*storage)->Backend());
        webhook_listener =
            std::make_unique<WebhookListener>(intake, webhook_queue, logger, listener_options);
        Result<int> webhook_port = webhook_listener->Start(config.host, webhook_config->port);
        if (!webhook_port.ok()) {
            logger.Error("bind failed", {{"host", config.host},
                                         {"port", webhook_config->port},
                                         {"error", webhook_port.status().message()}});
            err << "stocktake: " << webhook_port.status().message() << "\n";
            return kExitFailure;
        }
        logger.Info("webhook listener", {{"url", BaseUrl(config.host, *webhook_port) +
                                                     "/api/v1/webhooks/shipstation/"}});
    }

    std::atomic<bool> run_ended{false};
    std::thread signal_thread([&] {
        for (;;) {
            int sig = 0;
            if (sigwait(&waited, &sig) != 0 || run_ended) return;
            if (sig == SIGUSR1) continue;  // only our wake-up, sent after Run(), counts
            logger.Info("shutting down", {{"signal", SignalName(sig)}});
            server.Stop();
            return;
        }
    });

    if (worker) worker->Start();
    Status run = server.Run();
    run_ended = true;
    // The webhook port drains too: its requests in flight are answered.
    if (webhook_listener) webhook_listener->Stop();
    // In-flight requests have finished; the worker finishes the delivery in hand.
    if (worker) worker->Stop();
    // Wakes the signal thread when Run() ended on its own; a no-op once it has returned.
    pthread_kill(signal_thread.native_handle(), SIGUSR1);
    signal_thread.join();
    if (!run.ok()) {
        logger.Error("server failed", {{"error", run.message()}});
        err << "stocktake: " << run.message() << "\n";
        return kExitFailure;
    }
    logger.Info("stopped");
    return kExitOk;
}

}  // namespace stocktake::server
