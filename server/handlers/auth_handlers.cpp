#include "handlers/auth_handlers.h"

#include <nlohmann/json.hpp>

#include "handlers/json_body.h"
#include "http/errors.h"
#include "http/middleware.h"

namespace stocktake::server {
namespace {

using Json = nlohmann::ordered_json;

void WriteJson(httplib::Response& res, int status, const Json& body) {
    res.status = status;
    // Tokens must not be kept by caches or proxies.
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void WriteError(httplib::Response& res, const Status& status) {
    WriteJsonError(res, status, CurrentRequestId());
    // HTTP requires a challenge with every 401; Bearer is the only scheme we accept.
    if (res.status == 401) res.set_header("WWW-Authenticate", "Bearer");
}

void WriteSession(httplib::Response& res, int status, const Session& session) {
    const User& user = session.user;
    WriteJson(res, status,
              {{"access_token", session.access_token},
               {"token_type", "Bearer"},
               {"expires_in", session.expires_in},
               {"refresh_token", session.refresh_token},
               {"user",
                {{"id", user.id},
                 {"email", user.email},
                 {"org_id", user.org_id},
                 {"roles", RoleNames(user.roles)},
                 {"allowed_channels", user.allowed_channels}}}});
}

// The fields, in order, of a JSON object body; false after answering 400 when one is
// missing or not a string.
bool ReadFields(const httplib::Request& req, httplib::Response& res,
                std::initializer_list<std::pair<const char*, std::string*>> fields) {
    Result<nlohmann::json> body = ParseJsonObject(req);
    if (!body.ok()) {
        WriteError(res, body.status());
        return false;
    }
    for (const auto& [name, value] : fields) {
        Result<std::string> text = RequiredString(*body, name);
        if (!text.ok()) {
            WriteError(res, text.status());
            return false;
        }
        *value = std::move(text).value();
    }
    return true;
}

}  // namespace

void HandleRegister(AuthService& auth, const httplib::Request& req, httplib::Response& res) {
    std::string org_name, email, password;
    if (!ReadFields(req, res,
                    {{"org_name", &org_name}, {"email", &email}, {"password", &password}}))
        return;
    Result<Session> session = auth.Register(org_name, email, password, req.remote_addr);
    if (!session.ok()) return WriteError(res, session.status());
    WriteSession(res, 201, *session);
}

void HandleLogin(AuthService& auth, const httplib::Request& req, httplib::Response& res) {
    std::string email, password;
    if (!ReadFields(req, res, {{"email", &email}, {"password", &password}})) return;
    int64_t retry_after = 0;
    Result<Session> session = auth.Login(email, password, req.remote_addr, &retry_after);
    if (!session.ok()) {
        WriteError(res, session.status());
        if (session.status().code() == Code::kRateLimited) {
            res.set_header("Retry-After", std::to_string(retry_after));
        }
        return;
    }
    WriteSession(res, 200, *session);
}

void HandleRefresh(AuthService& auth, const httplib::Request& req, httplib::Response& res) {
    std::string refresh_token;
    if (!ReadFields(req, res, {{"refresh_token", &refresh_token}})) return;
    Result<Session> session = auth.Refresh(refresh_token, req.remote_addr);
    if (!session.ok()) return WriteError(res, session.status());
    WriteSession(res, 200, *session);
}

void HandleLogout(AuthService& auth, const Actor& actor, const httplib::Request& req,
                  httplib::Response& res) {
    std::string refresh_token;
    if (!ReadFields(req, res, {{"refresh_token", &refresh_token}})) return;
    Status done = auth.Logout(actor, refresh_token, req.remote_addr);
    if (!done.ok()) return WriteError(res, done);
    res.status = 204;
    res.set_header("Cache-Control", "no-store");
}

void HandleMe(const Actor& actor, const httplib::Request&, httplib::Response& res) {
    WriteJson(res, 200,
              {{"user_id", actor.user_id},
               {"org_id", actor.org_id},
               {"roles", RoleNames(actor.roles)},
               {"allowed_channels", actor.allowed_channels}});
}

}  // namespace stocktake::server
