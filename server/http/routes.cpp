#include "http/routes.h"

#include <algorithm>

#include "http/errors.h"
#include "http/middleware.h"

namespace stocktake::server {

Routes::Routes(httplib::Server& server) : server_(server), table_(std::make_shared<Table>()) {}

Routes::Handler Routes::Wrap(const std::string& method, const std::string& pattern, Handler handler,
                             size_t max_body) {
    table_->entries.push_back({method, std::regex(pattern)});
    table_->largest_max_body = std::max(table_->largest_max_body, max_body);
    return [label = pattern, handler = std::move(handler), max_body](const httplib::Request& req,
                                                                     httplib::Response& res) {
        SetCurrentRoute(label);
        if (req.body.size() > max_body) {
            WriteJsonError(
                res,
                Status(Code::kPayloadTooLarge,
                       "request body is " + std::to_string(req.body.size()) +
                           " bytes; this endpoint takes at most " + std::to_string(max_body)),
                CurrentRequestId());
            return;
        }
        handler(req, res);
    };
}

Routes& Routes::Get(const std::string& pattern, Handler handler) {
    server_.Get(pattern, Wrap("GET", pattern, std::move(handler), kDefaultMaxBodyBytes));
    return *this;
}

Routes& Routes::Post(const std::string& pattern, Handler handler, size_t max_body) {
    server_.Post(pattern, Wrap("POST", pattern, std::move(handler), max_body));
    return *this;
}

Routes& Routes::PostWithReader(const std::string& pattern,
                               httplib::Server::HandlerWithContentReader handler) {
    table_->entries.push_back({"POST", std::regex(pattern)});
    server_.Post(pattern, httplib::Server::HandlerWithContentReader(
                              [label = pattern, handler = std::move(handler)](
                                  const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& reader) {
                                  SetCurrentRoute(label);
                                  handler(req, res, reader);
                              }));
    return *this;
}

Routes& Routes::Put(const std::string& pattern, Handler handler, size_t max_body) {
    server_.Put(pattern, Wrap("PUT", pattern, std::move(handler), max_body));
    return *this;
}

Routes& Routes::Patch(const std::string& pattern, Handler handler, size_t max_body) {
    server_.Patch(pattern, Wrap("PATCH", pattern, std::move(handler), max_body));
    return *this;
}

Routes& Routes::Delete(const std::string& pattern, Handler handler) {
    server_.Delete(pattern, Wrap("DELETE", pattern, std::move(handler), kDefaultMaxBodyBytes));
    return *this;
}

void Routes::Finish(Handler static_handler) {
    // A path under /api/ that no route of this method took: 405 with Allow when another
    // method has it, else 404. JSON either way: API clients never get the app's HTML.
    auto api_fallback = [table = table_](const httplib::Request& req, httplib::Response& res) {
        std::string allow;
        for (const Entry& entry : table->entries) {
            if (!std::regex_match(req.path, entry.pattern)) continue;
            if (allow.find(entry.method) != std::string::npos) continue;
            if (!allow.empty()) allow += ", ";
            allow += entry.method;
            if (entry.method == "GET") allow += ", HEAD";
        }
        if (allow.empty()) {
            WriteJsonError(res, Status(Code::kNotFound, "no API endpoint " + req.path),
                           CurrentRequestId());
            return;
        }
        WriteJsonError(res,
                       Status(Code::kInvalidArgument,
                              req.method + " is not allowed on " + req.path + ": use " + allow),
                       CurrentRequestId());
        res.status = 405;
        res.set_header("Allow", allow);
    };
    const std::string api = "/api/.*";
    server_.Get(api, api_fallback);
    server_.Post(api, api_fallback);
    server_.Put(api, api_fallback);
    server_.Patch(api, api_fallback);
    server_.Delete(api, api_fallback);

    server_.Get(".*", [handler = std::move(static_handler)](const httplib::Request& req,
                                                            httplib::Response& res) {
        SetCurrentRoute(kStaticRouteLabel);
        handler(req, res);
    });
    server_.set_payload_max_length(table_->largest_max_body);
}

}  // namespace stocktake::server
