// SyncService: the server's half of the sync protocol (docs/ARCHITECTURE.md, "Sync
// protocol"). Push validates, authorizes and applies a device's ops and appends the
// accepted ones to the organisation's change log, all in one transaction; Pull pages
// through that log. Handlers call it with the verified Actor; it never sees HTTP.
// Thread safety: safe to call from many threads (the database serialises pushes per org).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "storage/sql.h"
#include "sync/device_store.h"
#include "sync/sync_store.h"

namespace stocktake::server {

struct OpOutcome {
    std::string id;          // the op's id as sent ("" when it had none)
    bool accepted = false;   // stored (now or by an earlier push of the same op)
    bool duplicate = false;  // accepted earlier: this push changed nothing
    Code code = Code::kOk;   // why not, when refused
    std::string reason;
};

struct PushOutcome {
    std::vector<OpOutcome> ops;  // one per op sent, in order
    int accepted = 0;            // newly accepted
    int duplicates = 0;
    int rejected = 0;
    int64_t cursor = 0;  // the organisation's last sequence after this push
};

class SyncService {
  public:
    static constexpr int kMaxOpsPerPush = 5000;
    static constexpr int kMaxPullLimit = 5000;
    static constexpr int kDefaultPullLimit = 1000;

    // REQUIRES: db outlives the service.
    explicit SyncService(SqlDatabase& db) : db_(db) {}

    // Applies ops pushed by device (32 hex digits) for actor. A refused op is reported in
    // the outcome, never fatal to the others. Non-OK only for the push as a whole: a bad
    // device id or batch (InvalidArgument), a device of another organisation or a viewer
    // (PermissionDenied), or a database failure (nothing was stored).
    // device_name ("" = keep the one known) is what the device list shows for it.
    Result<PushOutcome> Push(const Actor& actor, const std::string& device,
                             const std::vector<nlohmann::json>& ops,
                             const std::string& device_name = "");

    // The actor's organisation's changes after cursor; limit is clamped to 1..kMaxPullLimit.
    // With a device id, the pull is recorded for the device list (its time and where it
    // ended); InvalidArgument for a malformed id, PermissionDenied for another
    // organisation's device.
    Result<ChangePage> Pull(const Actor& actor, int64_t cursor, int limit,
                            const std::string& device = "", const std::string& device_name = "");

    // The actor's organisation's devices, the most recently seen first.
    Result<std::vector<DeviceRecord>> Devices(const Actor& actor);

  private:
    SqlDatabase& db_;
};

}  // namespace stocktake::server
