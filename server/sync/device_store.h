// DeviceStore: the SQL of the devices an organisation syncs from (the devices table): what
// a push or a pull says about its device, and the list the Sync screen shows. Written once
// for SQLite and PostgreSQL.
// Thread safety: used by one thread inside SqlDatabase::Transact / WithConnection.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/sql.h"

namespace stocktake::server {

struct DeviceRecord {
    std::string id;
    std::string name;        // "" when the device never sent one
    std::string first_seen;  // ISO-8601 UTC
    std::string last_push;   // "" = never pushed
    std::string last_pull;   // "" = never pulled
    int64_t cursor = 0;      // the cursor its last pull ended at
};

class DeviceStore {
  public:
    DeviceStore(SqlConnection& connection, std::string org_id)
        : connection_(connection), org_id_(std::move(org_id)) {}

    // After a push claimed the device (PushTransaction::ClaimDevice): its push time and,
    // when name is not empty, its name.
    Status RecordPush(const std::string& device, const std::string& name,
                      const std::string& user_id, const std::string& now);
    // A pull by device, which ended at cursor: registers the device for the organisation if
    // it is new. PermissionDenied when the device id is registered to another organisation.
    Status RecordPull(const std::string& device, const std::string& name,
                      const std::string& user_id, int64_t cursor, const std::string& now);
    // The organisation's devices, the most recently seen first.
    Result<std::vector<DeviceRecord>> List();
    // Ok when device is registered to this organisation; PermissionDenied when it is
    // registered to another one (or not at all).
    Status CheckOwner(const std::string& device);

  private:
    SqlConnection& connection_;
    const std::string org_id_;
};

}  // namespace stocktake::server
