// webhook_intake_bench: the webhook intake's own cost, without HTTP (docs/PERFORMANCE.md,
// "Webhook intake, session 10"). --threads threads call WebhookIntake::Receive back to back
// with pre-signed deliveries (each its own X-ShipStation-Delivery-Id and body, as
// webhook_bench sends them) for --orgs new organisations on DATABASE_URL. Each delivery gets
// what it gets over HTTP: timestamp window, HMAC against the shared secret, organisation
// credentials from the cache, nesting-bounded JSON, throttle (lifted: the bench measures
// the work, not the limit), idempotency key and the group-committed insert before Receive
// returns. What it does not get: sockets, cpp-httplib, a thread per connection, and the
// delivery worker's attempt (serve's worker claims, tries and records each delivery). So
// the server's CPU per delivery over HTTP minus this bench's is what the HTTP layer, its
// threads and the worker cost.
//
//   webhook_intake_bench DATABASE_URL [--threads 8] [--deliveries 50000] [--orgs 120]
//
// Prints one JSON object: deliveries/s, CPU ms per delivery (user + system, all threads)
// and context switches per delivery (voluntary + involuntary, from getrusage).
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "auth/account_store.h"
#include "bench_util.h"
#include "log.h"
#include "storage/storage.h"
#include "webhooks/shipstation_processor.h"
#include "webhooks/webhook_intake.h"
#include "webhooks/webhook_signature.h"

namespace {

using namespace stocktake::server;
using stocktake::Result;
using stocktake::Status;
using stocktake::bench::BenchClock;
using stocktake::bench::Fail;
using stocktake::bench::MsSince;

constexpr const char* kSecret = "webhook-intake-bench-shared-secret";

struct Options {
    std::string url;
    int threads = 8;
    size_t deliveries = 50000;
    int orgs = 120;
};

bool ParseOptions(int argc, char** argv, Options* o) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--threads" && has_value) {
            o->threads = std::atoi(argv[++i]);
        } else if (arg == "--deliveries" && has_value) {
            o->deliveries = static_cast<size_t>(std::atoll(argv[++i]));
        } else if (arg == "--orgs" && has_value) {
            o->orgs = std::atoi(argv[++i]);
        } else if (o->url.empty() && arg.rfind("--", 0) != 0) {
            o->url = arg;
        } else {
            return false;
        }
    }
    return !o->url.empty() && o->threads > 0 && o->deliveries > 0 && o->orgs > 0;
}

double CpuMs(const rusage& u) {
    return (static_cast<double>(u.ru_utime.tv_sec) + static_cast<double>(u.ru_stime.tv_sec)) *
               1000.0 +
           (static_cast<double>(u.ru_utime.tv_usec) + static_cast<double>(u.ru_stime.tv_usec)) /
               1000.0;
}

double Switches(const rusage& u) {
    return static_cast<double>(u.ru_nvcsw) + static_cast<double>(u.ru_nivcsw);
}

Result<std::vector<std::string>> CreateOrgs(SqlDatabase& db, int count) {
    AccountStore accounts(db);
    AuditEntry audit;
    audit.actor = "webhook_intake_bench";
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
        Result<Organisation> org = accounts.CreateOrganisation(
            "Intake bench " + std::to_string(getpid()) + " " + std::to_string(i), audit);
        if (!org.ok()) return org.status();
        ids.push_back(org->id);
    }
    return ids;
}

// Deliveries as webhook_bench sends them, signed now (the window is 5 minutes).
std::vector<IncomingDelivery> MakeDeliveries(const std::vector<std::string>& orgs, size_t count) {
    const std::string timestamp = std::to_string(static_cast<long long>(std::time(nullptr)));
    std::vector<IncomingDelivery> deliveries(count);
    for (size_t i = 0; i < count; ++i) {
        IncomingDelivery& d = deliveries[i];
        d.delivery_id = "intake-bench-" + std::to_string(getpid()) + "-" + std::to_string(i);
        d.body = R"({"resource_url":"https://ssapi.shipstation.com/orders?storeID=1&importBatch=)" +
                 d.delivery_id + R"(","resource_type":"ORDER_NOTIFY"})";
        d.org_id = orgs[i % orgs.size()];
        d.timestamp = timestamp;
        d.signature = WebhookSignature(kSecret, timestamp, d.body);
        d.req_id = "bench";
    }
    return deliveries;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!ParseOptions(argc, argv, &o)) {
        std::fprintf(stderr,
                     "usage: webhook_intake_bench DATABASE_URL [--threads N] [--deliveries N] "
                     "[--orgs N]\n");
        return 2;
    }
    Result<std::unique_ptr<SqlDatabase>> db = OpenStorage(o.url, o.threads + 2);
    if (!db.ok()) return Fail(db.status());
    Result<std::vector<std::string>> orgs = CreateOrgs(**db, o.orgs);
    if (!orgs.ok()) return Fail(orgs.status());
    const std::vector<IncomingDelivery> deliveries = MakeDeliveries(*orgs, o.deliveries);

    std::ostringstream log;
    Logger logger(log, LogLevel::kError);
    DeliveryQueue queue(**db);
    WebhookCredentialStore credentials(**db);
    WebhookSecrets secrets({kSecret}, "", nullptr);
    WebhookIntakeOptions options;
    options.events_per_second = 1e12;
    options.burst = 1e12;
    // The ShipStation processor's checks run as in serve; its worker does not (the bench
    // ends when the last delivery is stored, so the worker's share would be cut off).
    std::unique_ptr<DeliveryProcessor> processor =
        MakeShipStationProcessor(**db, ShipStationConfig{});
    WebhookIntake intake(queue, credentials, secrets, processor.get(), logger, options);

    std::atomic<size_t> next{0};
    std::atomic<size_t> accepted{0};
    std::atomic<size_t> failed{0};
    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    const BenchClock::time_point start = BenchClock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < o.threads; ++t) {
        threads.emplace_back([&] {
            for (size_t i = next++; i < deliveries.size(); i = next++) {
                const IntakeAnswer answer = intake.Receive(deliveries[i]);
                if (answer.status.ok() && !answer.duplicate) {
                    ++accepted;
                } else {
                    ++failed;
                }
            }
        });
    }
    for (std::thread& t : threads) t.join();
    const double ms = MsSince(start);
    rusage after{};
    getrusage(RUSAGE_SELF, &after);

    const double n = static_cast<double>(accepted.load());
    nlohmann::ordered_json report = {
        {"database", (*db)->Backend()},
        {"threads", o.threads},
        {"deliveries", deliveries.size()},
        {"accepted", accepted.load()},
        {"errors", failed.load()},
        {"seconds", ms / 1000.0},
        {"per_second", n > 0 ? n * 1000.0 / ms : 0.0},
        {"cpu_ms_per_delivery", n > 0 ? (CpuMs(after) - CpuMs(before)) / n : 0.0},
        {"switches_per_delivery", n > 0 ? (Switches(after) - Switches(before)) / n : 0.0}};
    std::printf("%s\n", report.dump().c_str());
    return failed.load() == 0 ? 0 : 1;
}
