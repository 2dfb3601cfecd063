// Reading JSON request bodies in handlers: the body as an object and its fields, each
// refusal an InvalidArgument naming the field, so every endpoint answers bad input alike
// (400 {"error":"InvalidArgument","message":"email: required, a string"}).
// Thread safety: pure functions.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "stocktake/status.h"

namespace stocktake::server {

// The body as a JSON object. InvalidArgument when it is not JSON or not an object.
Result<nlohmann::json> ParseJsonObject(const httplib::Request& req);

// body[field] as a string. InvalidArgument "FIELD: required, a string" when it is absent
// or not a string.
Result<std::string> RequiredString(const nlohmann::json& body, const char* field);

}  // namespace stocktake::server
