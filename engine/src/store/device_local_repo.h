// DeviceLocalRepo: the device's own name and its scanner session (migration 19), rows that
// stay on this device: no op is made for them.
#pragma once

#include <string>

#include "stocktake/engine/device_local.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

class DeviceLocalRepo {
  public:
    explicit DeviceLocalRepo(Db* db) : db_(db) {}

    Result<std::string> Name();
    Status SaveName(const std::string& name);
    // An empty session (mode "") when none was saved.
    Result<ScanSession> Session();
    // Replaces the saved session. REQUIRES: a transaction is open (header and lines change
    // together).
    Status SaveSession(const ScanSession& session, const std::string& now);

  private:
    Status InsertLines(const char* kind, const std::vector<ScanSessionLine>& lines);
    Status ReadLines(const char* kind, std::vector<ScanSessionLine>* lines);

    Db* db_;
};

}  // namespace stocktake::engine
