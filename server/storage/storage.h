// Storage: the server's database behind one interface, so the HTTP layer never sees SQL
// and a PostgreSQL backend can sit beside the SQLite one. Row types stay private to
// storage/; callers get plain values and Status.
// Thread safety: implementations are safe to call from many threads at once.
#pragma once

#include <memory>
#include <string>

#include "stocktake/status.h"

namespace stocktake::server {

class Storage {
  public:
    virtual ~Storage() = default;

    // "sqlite" or "postgres": which backend this is, for logs and /healthz.
    virtual std::string Backend() const = 0;

    // Runs a trivial query and returns the highest applied schema migration. Non-OK
    // (Unavailable) when the database cannot answer: /healthz reports 503 with the reason.
    virtual Result<int> CheckHealth() = 0;
};

// Opens (creating when missing) <data_dir>/server.db, creating data_dir itself if needed,
// and applies every pending migration before returning.
Result<std::unique_ptr<Storage>> OpenSqliteStorage(const std::string& data_dir);

}  // namespace stocktake::server
