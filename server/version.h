// The server's release version, reported by `stocktake version` and GET /healthz.
#pragma once

namespace stocktake::server {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace stocktake::server
