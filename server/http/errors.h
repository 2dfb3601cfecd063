// The one mapping from Status codes to HTTP, and the JSON error body every API error uses:
// {"error":"<Code name>","message":"...","req_id":"..."}.
// Thread safety: pure functions.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::server {

int HttpStatusFor(Code code);

// "Not Found" for 404, ...; "Error" for codes it does not know.
const char* ReasonPhrase(int http_status);

// The JSON error body of status. REQUIRES: !status.ok().
std::string JsonErrorBody(const Status& status, std::string_view req_id);

// Sets status, a JSON body and no-store caching on res. REQUIRES: !status.ok().
void WriteJsonError(httplib::Response& res, const Status& status, std::string_view req_id);

}  // namespace stocktake::server
