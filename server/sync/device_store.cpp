#include "sync/device_store.h"

namespace stocktake::server {

Status DeviceStore::RecordPush(const std::string& device, const std::string& name,
                               const std::string& user_id, const std::string& now) {
    return connection_
        .Exec(
            "UPDATE devices SET last_push = $3, last_user = $4,"
            " name = CASE WHEN CAST($5 AS TEXT) = '' THEN name ELSE CAST($5 AS TEXT) END"
            " WHERE id = $1 AND org_id = $2",
            {device, org_id_, now, user_id, name})
        .status();
}

Status DeviceStore::RecordPull(const std::string& device, const std::string& name,
                               const std::string& user_id, int64_t cursor, const std::string& now) {
    // One statement, so two pulls of a new device at once cannot both insert it; a device
    // of another organisation matches the WHERE of neither branch and is left as it is.
    Result<SqlRows> recorded = connection_.Exec(
        "INSERT INTO devices (id, org_id, last_user, first_seen, last_seen, name, last_pull,"
        " pull_cursor) VALUES ($1, $2, $3, $4, $4, $5, $4, $6)"
        " ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen,"
        " last_pull = excluded.last_pull, pull_cursor = excluded.pull_cursor,"
        " last_user = excluded.last_user,"
        " name = CASE WHEN excluded.name = '' THEN devices.name ELSE excluded.name END"
        " WHERE devices.org_id = excluded.org_id",
        {device, org_id_, user_id, now, name, cursor});
    if (!recorded.ok()) return recorded.status();
    return CheckOwner(device);
}

Status DeviceStore::CheckOwner(const std::string& device) {
    Result<SqlRows> owner = connection_.Exec("SELECT org_id FROM devices WHERE id = $1", {device});
    if (!owner.ok()) return owner.status();
    if (owner->empty() || owner->Text(0, 0) != org_id_) {
        return Status(Code::kPermissionDenied,
                      "device " + device + " is registered to another organisation");
    }
    return Status::Ok();
}

Result<std::vector<DeviceRecord>> DeviceStore::List() {
    Result<SqlRows> rows = connection_.Exec(
        "SELECT id, name, first_seen, coalesce(last_push, ''), coalesce(last_pull, ''),"
        " pull_cursor FROM devices WHERE org_id = $1 ORDER BY last_seen DESC, id",
        {org_id_});
    if (!rows.ok()) return rows.status();
    std::vector<DeviceRecord> devices;
    for (size_t i = 0; i < rows->size(); ++i) {
        devices.push_back(DeviceRecord{rows->Text(i, 0), rows->Text(i, 1), rows->Text(i, 2),
                                       rows->Text(i, 3), rows->Text(i, 4), rows->Int(i, 5)});
    }
    return devices;
}

}  // namespace stocktake::server
