// The durable webhook queue and its worker, with a scripted processor and a test clock, on
// SQLite and PostgreSQL; and the deliveries API (listing, replay, who may).
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "webhook_test_util.h"
#include "webhooks/delivery_worker.h"

using namespace stocktake::server;
using stocktake::Code;
using stocktake::Result;
using stocktake::Status;
using namespace stocktake::server::testing;

namespace {

constexpr int64_t kStart = 1'800'000'000'000;  // unix ms

struct QueueFixture {
    QueueFixture()
        : database(GENERATE(from_range(TestBackends()))),
          db(database.Open()),
          queue(*db),
          logger(log, LogLevel::kDebug),
          worker(queue, processor, logger, Options()) {}

    DeliveryWorkerOptions Options() {
        DeliveryWorkerOptions options;
        options.base_backoff_ms = 1000;
        options.max_backoff_ms = 4000;
        options.max_attempts = 4;
        options.now_ms = [this] { return now; };
        return options;
    }
    int64_t Enqueue(const std::string& key) {
        Result<EnqueueResult> stored = queue.Enqueue("org-a", key, kNotification, now);
        REQUIRE(stored.ok());
        REQUIRE_FALSE(stored->duplicate);
        return stored->id;
    }
    int Run() {
        Result<int> ran = worker.RunOnce();
        REQUIRE(ran.ok());
        return *ran;
    }
    std::string StatusOf(int64_t id) {
        std::string status;
        REQUIRE(db->WithConnection([&](SqlConnection& c) {
                      Result<SqlRows> rows =
                          c.Exec("SELECT status FROM webhook_deliveries WHERE id = $1", {id});
                      if (rows.ok() && !rows->empty()) status = rows->Text(0, 0);
                      return rows.status();
                  }).ok());
        return status;
    }

    TestDatabase database;
    std::unique_ptr<SqlDatabase> db;
    DeliveryQueue queue;
    std::ostringstream log;
    Logger logger;
    FakeProcessor processor;
    int64_t now = kStart;
    DeliveryWorker worker;
};

// One queue on a fresh database of each backend (GENERATE).
struct OneQueue {
    OneQueue() : database(GENERATE(from_range(TestBackends()))), db(database.Open()), queue(*db) {}
    TestDatabase database;
    std::unique_ptr<SqlDatabase> db;
    DeliveryQueue queue;
};

// Two queues on one database of each backend (GENERATE), as two replicas would have.
struct TwoReplicas {
    TwoReplicas()
        : backend(GENERATE(from_range(TestBackends()))),
          database(backend),
          first_db(database.Open()),
          second_db(database.Open()),
          first_queue(*first_db),
          second_queue(*second_db) {}
    std::string backend;
    TestDatabase database;
    std::unique_ptr<SqlDatabase> first_db;
    std::unique_ptr<SqlDatabase> second_db;
    DeliveryQueue first_queue;
    DeliveryQueue second_queue;
};

}  // namespace

TEST_CASE("retry delays double from the base, are capped, and honour the upstream's wait",
          "[server][webhooks][queue]") {
    DeliveryWorkerOptions options;
    options.base_backoff_ms = 1000;
    options.max_backoff_ms = 4000;
    CHECK(RetryDelayMs(options, 1, 0) == 1000);
    CHECK(RetryDelayMs(options, 2, 0) == 2000);
    CHECK(RetryDelayMs(options, 3, 0) == 4000);
    CHECK(RetryDelayMs(options, 30, 0) == 4000);
    CHECK(RetryDelayMs(options, 1, 60) == 60000);
}

TEST_CASE("the queue processes a delivery once it is due, retries with backoff, then parks it",
          "[server][webhooks][queue]") {
    QueueFixture f;
    INFO("backend: " << f.database.backend());
    CHECK(f.queue.Enqueue("org-a", "k-1", "{}", f.now)->duplicate == false);
    CHECK(f.queue.Enqueue("org-a", "k-1", "{}", f.now)->duplicate == true);

    // Done at the first attempt.
    CHECK(f.Run() == 1);
    REQUIRE(f.processor.seen().size() == 1);
    CHECK(f.processor.seen()[0].org_id == "org-a");
    CHECK(f.processor.seen()[0].attempts == 0);
    CHECK(f.Run() == 0);

    // Fails twice (the second time asking for 30 s), then succeeds.
    const int64_t id = f.Enqueue("k-2");
    f.processor.Then(DeliveryOutcome::kRetry, "upstream down");
    f.processor.Then(DeliveryOutcome::kRetry, "rate limited", 30);
    CHECK(f.Run() == 1);
    CHECK(f.StatusOf(id) == "pending");
    f.now += 999;
    CHECK(f.Run() == 0);  // not due before the backoff
    f.now += 1;
    CHECK(f.Run() == 1);
    f.now += 29'999;
    CHECK(f.Run() == 0);  // the processor asked for 30 s
    f.now += 1;
    CHECK(f.Run() == 1);
    CHECK(f.StatusOf(id) == "done");
    CHECK(f.processor.seen().back().attempts == 2);

    // Retries run out after max_attempts: a dead letter saying why.
    const int64_t tired = f.Enqueue("k-3");
    for (int i = 0; i < 4; ++i) f.processor.Then(DeliveryOutcome::kRetry, "still down");
    for (int i = 0; i < 4; ++i) {
        CHECK(f.Run() == 1);
        f.now += 10'000;
    }
    CHECK(f.StatusOf(tired) == "dead");
    Result<std::vector<DeliverySummary>> dead = f.queue.List("org-a", "dead", 10, 0);
    REQUIRE(dead.ok());
    REQUIRE(dead->size() == 1);
    CHECK(dead->at(0).id == tired);
    CHECK(dead->at(0).dead_reason == "gave up after 4 attempts: still down");

    // A delivery that cannot succeed is parked at once; a replay makes it pending again.
    const int64_t bad = f.Enqueue("k-4");
    f.processor.Then(DeliveryOutcome::kDeadLetter, "malformed resource");
    CHECK(f.Run() == 1);
    CHECK(f.StatusOf(bad) == "dead");
    CHECK(f.queue.Replay("org-b", bad, f.now).code() == Code::kNotFound);
    CHECK(f.queue.Replay("org-a", id, f.now).code() == Code::kConflict);
    REQUIRE(f.queue.Replay("org-a", bad, f.now).ok());
    CHECK(f.StatusOf(bad) == "pending");
    CHECK(f.Run() == 1);
    CHECK(f.StatusOf(bad) == "done");
    CHECK(QueryInt(*f.db, "SELECT COUNT(*) FROM webhook_dead_letters") == 1);
}

TEST_CASE("a backlog drains batch by batch, each batch's outcomes written with the next claim",
          "[server][webhooks][queue]") {
    QueueFixture f;
    INFO("backend: " << f.database.backend());
    DeliveryWorkerOptions options = f.Options();
    options.batch = 2;
    DeliveryWorker worker(f.queue, f.processor, f.logger, options);
    std::vector<int64_t> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(f.Enqueue("backlog-" + std::to_string(i)));
    // The second batch's first delivery fails: its retry is recorded with the third claim,
    // which must not take it again before its backoff.
    f.processor.Then(DeliveryOutcome::kDone);
    f.processor.Then(DeliveryOutcome::kDone);
    f.processor.Then(DeliveryOutcome::kRetry, "upstream down");
    Result<int> ran = worker.RunOnce();
    REQUIRE(ran.ok());
    CHECK(*ran == 5);
    REQUIRE(f.processor.seen().size() == 5);
    std::set<int64_t> seen;
    for (const WebhookDelivery& delivery : f.processor.seen()) seen.insert(delivery.id);
    CHECK(seen.size() == 5);
    const int64_t failed = f.processor.seen()[2].id;
    for (int64_t id : ids) CHECK(f.StatusOf(id) == (id == failed ? "pending" : "done"));

    // What the last batch recorded is written too: the failed one comes back once due.
    f.now += 1000;
    ran = worker.RunOnce();
    REQUIRE(ran.ok());
    CHECK(*ran == 1);
    CHECK(f.processor.seen().back().id == failed);
    CHECK(f.processor.seen().back().attempts == 1);
    CHECK(f.StatusOf(failed) == "done");
}

TEST_CASE("a claimed delivery is leased: another worker does not take it until the lease ends",
          "[server][webhooks][queue]") {
    QueueFixture f;
    INFO("backend: " << f.database.backend());
    f.Enqueue("k-1");
    Result<std::vector<WebhookDelivery>> first = f.queue.Claim(f.now, 60'000, 10);
    REQUIRE(first.ok());
    CHECK(first->size() == 1);
    CHECK(f.queue.Claim(f.now + 59'999, 60'000, 10)->empty());
    Result<std::vector<WebhookDelivery>> after = f.queue.Claim(f.now + 60'000, 60'000, 10);
    REQUIRE(after->size() == 1);
    CHECK(after->at(0).attempts == 1);
}

TEST_CASE("the deliveries API lists and replays the organisation's dead letters, managers up",
          "[server][webhooks][queue]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    WebhookApi api(backend);
    auto [other_token, other_org] = RegisterOrg(api.server, "Other", "o@other.test");
    DeliveryQueue& queue = api.server.webhook_queue();
    const int64_t pending = queue.Enqueue(api.org_id, "k-1", "{}", kStart)->id;
    const int64_t dead = queue.Enqueue(api.org_id, "k-2", "{}", kStart)->id;
    REQUIRE(queue.Claim(kStart, 1000, 10).ok());
    REQUIRE(queue.Record({{dead, FinishedDelivery::State::kDead, 0, "malformed resource"}}).ok());
    const int64_t elsewhere = queue.Enqueue(other_org, "k-1", "{}", kStart)->id;

    Answer list =
        Make(api.server.Client()->Get("/api/v1/webhooks/deliveries", Bearer(api.owner_token)));
    REQUIRE(list.status == 200);
    REQUIRE(list.body["deliveries"].size() == 2);
    CHECK(list.body["more"] == false);
    Answer dead_only = Make(api.server.Client()->Get("/api/v1/webhooks/deliveries?status=dead",
                                                     Bearer(api.owner_token)));
    REQUIRE(dead_only.body["deliveries"].size() == 1);
    CHECK(dead_only.body["deliveries"][0]["id"] == dead);
    CHECK(dead_only.body["deliveries"][0]["reason"] == "malformed resource");
    Answer page = Make(
        api.server.Client()->Get("/api/v1/webhooks/deliveries?limit=1", Bearer(api.owner_token)));
    CHECK(page.body["deliveries"].size() == 1);
    CHECK(page.body["more"] == true);
    CHECK(Make(api.server.Client()->Get("/api/v1/webhooks/deliveries?limit=0",
                                        Bearer(api.owner_token)))
              .status == 400);

    const std::string staff =
        AddUserWithToken(api.server, api.org_id, "staff@shop.test", Role::kStaff);
    const std::string manager =
        AddUserWithToken(api.server, api.org_id, "manager@shop.test", Role::kManager);
    CHECK(Make(api.server.Client()->Get("/api/v1/webhooks/deliveries")).status == 401);
    CHECK(Make(api.server.Client()->Get("/api/v1/webhooks/deliveries", Bearer(staff))).status ==
          403);
    auto replay = [&](int64_t id, const std::string& token) {
        return Make(api.server.Client()->Post(
            ("/api/v1/webhooks/deliveries/" + std::to_string(id) + "/replay").c_str(),
            Bearer(token), "", "application/json"));
    };
    CHECK(replay(dead, staff).status == 403);
    CHECK(replay(elsewhere, manager).status == 404);
    CHECK(replay(pending, manager).status == 409);
    Answer replayed = replay(dead, manager);
    CHECK(replayed.status == 200);
    CHECK(replayed.body["status"] == "pending");
    CHECK(Make(api.server.Client()->Get("/api/v1/webhooks/deliveries?status=dead", Bearer(manager)))
              .body["deliveries"]
              .empty());
    CHECK(replay(dead, manager).status == 409);
}

TEST_CASE("two workers on one database process each delivery once", "[server][webhooks][queue]") {
    TwoReplicas replicas;
    INFO("backend: " << replicas.backend);
    SqlDatabase& first_db = *replicas.first_db;
    DeliveryQueue& first_queue = replicas.first_queue;
    DeliveryQueue& second_queue = replicas.second_queue;
    constexpr int kDeliveries = 50;
    for (int i = 0; i < kDeliveries; ++i) {
        REQUIRE(first_queue.Enqueue("org-a", "k-" + std::to_string(i), "{}", kStart).ok());
    }
    std::ostringstream log;
    Logger logger(log, LogLevel::kWarn);
    FakeProcessor first_processor;
    FakeProcessor second_processor;
    DeliveryWorkerOptions options;
    options.batch = 2;
    options.now_ms = [] { return kStart; };
    DeliveryWorker first(first_queue, first_processor, logger, options);
    DeliveryWorker second(second_queue, second_processor, logger, options);
    Result<int> first_ran = Status::Internal("not run");
    std::thread other([&] { first_ran = first.RunOnce(); });
    Result<int> second_ran = second.RunOnce();
    other.join();
    REQUIRE(first_ran.ok());
    REQUIRE(second_ran.ok());
    CHECK(*first_ran + *second_ran == kDeliveries);
    std::set<int64_t> ids;
    for (const auto& d : first_processor.seen()) ids.insert(d.id);
    for (const auto& d : second_processor.seen()) ids.insert(d.id);
    CHECK(ids.size() == kDeliveries);
    CHECK(QueryInt(first_db, "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'done'") ==
          kDeliveries);
}

TEST_CASE("EnqueueMany stores a batch in one go, each key once, answers in order",
          "[server][webhooks][queue]") {
    OneQueue f;
    DeliveryQueue& queue = f.queue;
    SqlDatabase& db = *f.db;
    REQUIRE(queue.Enqueue("org-a", "k-0", "{}", kStart).ok());
    const std::vector<NewDelivery> batch = {{"org-a", "k-0", "{}", kStart},
                                            {"org-a", "k-1", "{}", kStart},
                                            {"org-b", "k-1", "{}", kStart},
                                            {"org-a", "k-1", "{\"again\":1}", kStart}};
    const std::vector<Result<EnqueueResult>> stored = queue.EnqueueMany(batch);
    REQUIRE(stored.size() == 4);
    for (const Result<EnqueueResult>& r : stored) REQUIRE(r.ok());
    CHECK(stored[0]->duplicate);  // stored before the batch
    CHECK_FALSE(stored[1]->duplicate);
    CHECK_FALSE(stored[2]->duplicate);  // another organisation's key
    CHECK(stored[3]->duplicate);        // the same key earlier in the batch
    CHECK(stored[2]->id > stored[1]->id);
    CHECK(QueryInt(db, "SELECT COUNT(*) FROM webhook_deliveries") == 3);
    CHECK(QueryInt(db,
                   "SELECT COUNT(*) FROM webhook_deliveries WHERE body = '{}' AND "
                   "delivery_key = 'k-1' AND org_id = 'org-a'") == 1);
    CHECK(queue.EnqueueMany({}).empty());
}

TEST_CASE("List gives an organisation's pending and dead deliveries, newest first, never done ones",
          "[server][webhooks][queue]") {
    OneQueue f;
    DeliveryQueue& queue = f.queue;
    std::vector<int64_t> ids;
    for (const char* key : {"k-0", "k-1", "k-2", "k-3"}) {
        ids.push_back(queue.Enqueue("org-a", key, "{}", kStart)->id);
    }
    REQUIRE(queue.Enqueue("org-b", "k-9", "{}", kStart).ok());
    REQUIRE(queue.Claim(kStart, 1000, 10)->size() == 5);
    REQUIRE(queue
                .Record({{ids[0], FinishedDelivery::State::kDone, 0, ""},
                         {ids[2], FinishedDelivery::State::kDead, 0, "malformed resource"},
                         {ids[3], FinishedDelivery::State::kRetry, kStart + 5000, "API down"}})
                .ok());
    auto listed = [&](const std::string& status) {
        std::vector<int64_t> found;
        Result<std::vector<DeliverySummary>> list = queue.List("org-a", status, 10, 0);
        REQUIRE(list.ok());
        for (const DeliverySummary& d : *list) found.push_back(d.id);
        return found;
    };
    // One second's ids ascend, so newest first is by id here.
    CHECK(listed("") == std::vector<int64_t>{ids[3], ids[2], ids[1]});
    CHECK(listed("pending") == std::vector<int64_t>{ids[3], ids[1]});
    CHECK(listed("dead") == std::vector<int64_t>{ids[2]});
    Result<std::vector<DeliverySummary>> second = queue.List("org-a", "", 1, 1);
    REQUIRE(second.ok());
    REQUIRE(second->size() == 1);
    CHECK((*second)[0].id == ids[2]);
    CHECK((*second)[0].dead_reason == "malformed resource");
    CHECK(queue.List("org-c", "", 10, 0)->empty());
    CHECK(queue.List("org-a", "done", 10, 0).status().code() == Code::kInvalidArgument);
}

TEST_CASE("a woken worker lets a storm's deliveries gather, then processes them all",
          "[server][webhooks][queue]") {
    OneQueue f;
    std::ostringstream log;
    Logger logger(log, LogLevel::kWarn);
    FakeProcessor processor;
    DeliveryWorkerOptions options;
    options.poll_interval = std::chrono::minutes(1);  // only wake-ups start a claim
    options.gather = std::chrono::milliseconds(2000);
    // The worker looks once as it starts: before the deliveries are due, so that look
    // cannot take them, however late the thread runs.
    std::atomic<int64_t> clock{kStart - 3600 * 1000};
    std::atomic<bool> looked{false};
    options.now_ms = [&] {
        looked = true;
        return clock.load();
    };
    DeliveryWorker worker(f.queue, processor, logger, options);
    worker.Start();
    using Clock = std::chrono::steady_clock;
    const Clock::time_point started = Clock::now();
    while (!looked && Clock::now() - started < std::chrono::seconds(20)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(looked);
    clock = kStart;
    const Clock::time_point first_wake = Clock::now();
    constexpr size_t kDeliveries = 10;
    for (size_t i = 0; i < kDeliveries; ++i) {
        REQUIRE(f.queue.Enqueue("org-a", "storm-" + std::to_string(i), "{}", kStart).ok());
        worker.Wake();
    }
    std::this_thread::sleep_until(first_wake + std::chrono::milliseconds(700));
    CHECK(processor.seen().empty());  // still gathering
    while (processor.seen().size() < kDeliveries &&
           Clock::now() - first_wake < std::chrono::seconds(20)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(processor.seen().size() == kDeliveries);
    worker.Stop();
}

TEST_CASE("group commits store each key once, with ascending ids, from two queues on one database",
          "[server][webhooks][queue]") {
    TwoReplicas replicas;
    INFO("backend: " << replicas.backend);
    SqlDatabase& first_db = *replicas.first_db;
    DeliveryQueue& first_queue = replicas.first_queue;
    DeliveryQueue& second_queue = replicas.second_queue;
    // 8 threads a queue, each sending 40 keys of 100: every key arrives several times, in
    // the same group commit and across the two queues.
    constexpr int kThreads = 8;
    constexpr int kSends = 40;
    constexpr int kKeys = 100;
    std::vector<std::vector<EnqueueResult>> results(2 * kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2 * kThreads; ++t) {
        threads.emplace_back([&, t] {
            DeliveryQueue& queue = t < kThreads ? first_queue : second_queue;
            for (int i = 0; i < kSends; ++i) {
                const std::string key = "k-" + std::to_string((t * 7 + i * 13) % kKeys);
                Result<EnqueueResult> stored = queue.Enqueue("org-a", key, "{}", kStart);
                if (stored.ok()) results[static_cast<size_t>(t)].push_back(*stored);
            }
        });
    }
    for (std::thread& t : threads) t.join();
    std::set<int64_t> ids;
    size_t answered = 0;
    for (size_t t = 0; t < results.size(); ++t) {
        answered += results[t].size();
        int64_t previous = 0;
        for (const EnqueueResult& r : results[t]) {
            if (r.duplicate) continue;
            CHECK(ids.insert(r.id).second);  // no id answered twice
            CHECK(r.id > previous);          // one thread's new deliveries: later ids
            previous = r.id;
        }
    }
    CHECK(answered == 2 * kThreads * kSends);  // none failed
    const int64_t stored = QueryInt(first_db, "SELECT COUNT(*) FROM webhook_deliveries");
    CHECK(ids.size() == static_cast<size_t>(stored));
    CHECK(stored ==
          QueryInt(first_db, "SELECT COUNT(DISTINCT delivery_key) FROM webhook_deliveries"));
    CHECK(QueryInt(first_db, "SELECT MAX(id) FROM webhook_deliveries") < (int64_t{1} << 53));
}
