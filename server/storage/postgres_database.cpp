// The PostgreSQL driver (libpq): not written yet; this file only refuses postgres URLs.
#include "storage/drivers.h"

namespace stocktake::server {

Result<std::unique_ptr<SqlDatabase>> OpenPostgresDatabase(const std::string&, int) {
    return Status::Unsupported("PostgreSQL is not supported by this build yet");
}

}  // namespace stocktake::server
