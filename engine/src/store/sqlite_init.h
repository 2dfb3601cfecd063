// SqliteInitialize: initializes SQLite once (idempotent, cheap after the first call). The
// wasm build's SQLite is compiled with SQLITE_OMIT_AUTOINIT (cmake/third_party.cmake), so
// nothing may reach SQLite before this: Db::Open and RegisterMemoryVfs call it first.
#pragma once

#include <sqlite3.h>

#include <string>

#include "stocktake/status.h"

namespace stocktake::engine {

inline Status SqliteInitialize() {
    const int rc = sqlite3_initialize();
    if (rc == SQLITE_OK) return Status::Ok();
    return Status::Internal(std::string("cannot initialize SQLite: ") + sqlite3_errstr(rc));
}

}  // namespace stocktake::engine
