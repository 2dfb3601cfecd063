// SyncClient: this device's side of the sync protocol in the browser. Signs in, then pushes
// the engine's outbox and pulls the server's change log into the engine, one request at a
// time, whenever the device has new changes and every little while otherwise. Offline it
// keeps everything (the outbox is in the database) and retries; an ended session asks the
// user to sign in again, losing nothing.
// Thread safety: main thread only, like everything in web/.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "platform/platform.h"
#include "stocktake/engine/engine.h"
#include "views/view.h"

namespace stocktake::web {

class SyncClient {
  public:
    using Clock = std::chrono::steady_clock;

    // REQUIRES: platform outlives the client.
    explicit SyncClient(PlatformServices* platform) : platform_(platform) {}

    // The database is open: read the saved account and the outbox. REQUIRES: engine
    // outlives the client (or Attach(nullptr) first).
    void Attach(engine::Engine* engine);

    void SignIn(const std::string& email, const std::string& password);
    void CreateAccount(const std::string& organisation, const std::string& email,
                       const std::string& password);
    void SignOut();
    void SyncNow();
    // Saves the name this device gives the server ("" = the browser's); sent with the next
    // push and pull, which start soon.
    Status SetDeviceName(const std::string& name);

    // Starts a sync when one is due: soon after local changes, and periodically.
    void Tick(Clock::time_point now);

    // An HTTP answer; false when it was not for this client.
    bool OnHttpResponse(int request_id, int status, const std::string& body);

    const SyncState& state() const { return state_; }
    // The session's bearer token for other requests to the server ("" signed out); a 401
    // on one means it expired: SyncNow renews it.
    const std::string& access_token() const { return account_.access_token; }

  private:
    enum class Step { kIdle, kSigningIn, kRefreshing, kPushing, kPulling };

    void Send(Step step, const std::string& method, const std::string& path,
              const std::string& body);
    void StartSync();
    void Push();
    void Pull();
    void Finish(const std::string& error);
    void OnSignedIn(int status, const std::string& body);
    void OnRefreshed(int status, const std::string& body);
    void OnPushed(const std::string& body);
    void OnPulled(const std::string& body);
    // 401 while pushing or pulling: refresh the session once, then retry that step.
    void SessionExpired();
    void SaveAccount();
    void CountPending();

    PlatformServices* platform_;
    engine::Engine* engine_ = nullptr;
    engine::SyncAccount account_;
    SyncState state_;
    Step step_ = Step::kIdle;
    Step retry_after_refresh_ = Step::kIdle;
    int request_id_ = 0;        // the request in flight (ids count up from kFirstRequestId)
    int64_t pushed_up_to_ = 0;  // the last seq of the batch being pushed
    int next_request_id_ = 0;
    uint64_t synced_generation_ = 0;  // engine generation the last sync started at
    bool changes_waiting_ = false;    // local changes since then
    Clock::time_point changed_at_{};
    Clock::time_point last_attempt_{};
};

}  // namespace stocktake::web
