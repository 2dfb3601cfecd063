#include "handlers/json_body.h"

namespace stocktake::server {

Result<nlohmann::json> ParseJsonObject(const httplib::Request& req) {
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return Status::InvalidArgument("the request body is not JSON");
    if (!body.is_object()) return Status::InvalidArgument("the request body must be an object");
    return body;
}

Result<std::string> RequiredString(const nlohmann::json& body, const char* field) {
    auto it = body.find(field);
    if (it == body.end() || !it->is_string()) {
        return Status::InvalidArgument(std::string(field) + ": required, a string");
    }
    return it->get<std::string>();
}

}  // namespace stocktake::server
