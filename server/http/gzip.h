// gzip (RFC 1952) compression with zlib, for static files served with
// Content-Encoding: gzip.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::server {

Result<std::string> GzipCompress(std::string_view data);

}  // namespace stocktake::server
