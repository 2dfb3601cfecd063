// Test support for the sync service: a migrated database with organisations, actors with
// given roles, and ops made the way a device makes them.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "server_test_util.h"
#include "stocktake/op.h"
#include "storage/storage.h"
#include "sync/sync_service.h"
#include "test_database.h"

namespace stocktake::server::testing {

// A fresh migrated database holding organisation "org-a", and a SyncService on it: once
// per backend the tests run on (test_database.h; put INFO("backend: " << backend()) first).
class SyncDb {
  public:
    explicit SyncDb(int pool_size = 4)
        : database_(GENERATE(from_range(TestBackends()))),
          db_(database_.Open(pool_size)),
          sync_(*db_) {
        AddOrg("org-a");
    }
    const std::string& backend() const { return database_.backend(); }
    SqlDatabase& db() { return *db_; }
    SyncService& sync() { return sync_; }

    void AddOrg(const std::string& id) {
        Exec("INSERT INTO organisations (id, name, created_at) VALUES ($1, $1, '2026-01-01')",
             {id});
    }

    SqlRows Exec(const std::string& sql, const std::vector<SqlParam>& params = {}) {
        SqlRows rows;
        Status status = db_->WithConnection([&](SqlConnection& connection) -> Status {
            Result<SqlRows> result = connection.Exec(sql, params);
            if (!result.ok()) return result.status();
            rows = std::move(result).value();
            return Status::Ok();
        });
        if (!status.ok()) throw std::runtime_error(status.ToString());
        return rows;
    }

  private:
    TestDatabase database_;
    std::unique_ptr<SqlDatabase> db_;
    SyncService sync_;
};

inline Actor MakeActor(const std::string& org, Role role, std::vector<std::string> channels = {}) {
    return Actor{
        "user-" + std::string(RoleName(role)) + "-" + org, org, {role}, std::move(channels)};
}

// A device id: 32 hex digits from a small number.
inline std::string DeviceId(int n) {
    std::string id = std::to_string(n);
    return std::string(32 - id.size(), '0') + id;
}

inline nlohmann::json MakeOp(const std::string& device, int64_t seq, uint64_t hlc,
                             const std::string& entity, std::vector<std::string> key,
                             nlohmann::json payload) {
    Op op;
    op.device = device;
    op.seq = seq;
    op.hlc = hlc;
    op.entity = entity;
    op.key = std::move(key);
    op.payload = std::move(payload);
    return OpToJson(op);
}

inline nlohmann::json Movement(const std::string& device, int64_t seq, const std::string& id,
                               const std::string& sku, const std::string& location, int64_t delta,
                               const std::string& kind = "adjust") {
    return MakeOp(device, seq, 1000 + static_cast<uint64_t>(seq), "movement", {id},
                  {{"id", id},
                   {"sku", sku},
                   {"location", location},
                   {"delta", delta},
                   {"kind", kind},
                   {"device", device}});
}

}  // namespace stocktake::server::testing
