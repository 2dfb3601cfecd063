#include "http/require_actor.h"

#include <cctype>
#include <string>

#include "http/errors.h"
#include "http/middleware.h"

namespace stocktake::server {
namespace {

// The token after "Bearer " (scheme case-insensitive, RFC 7235); "" when there is none.
std::string BearerToken(const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kScheme = "bearer ";
    if (header.size() <= kScheme.size()) return "";
    for (size_t i = 0; i < kScheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return "";
    }
    const size_t start = header.find_first_not_of(' ', kScheme.size());
    return start == std::string::npos ? "" : header.substr(start);
}

}  // namespace

httplib::Server::Handler RequireActor(AuthService& auth, ActorHandler handler) {
    return
        [&auth, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
            const std::string token = BearerToken(req);
            Result<Actor> actor =
                token.empty() ? Result<Actor>(Status(Code::kUnauthenticated,
                                                     "an access token is required: send "
                                                     "Authorization: Bearer <access_token>"))
                              : auth.Authenticate(token);
            if (!actor.ok()) {
                WriteJsonError(res, actor.status(), CurrentRequestId());
                if (actor.status().code() != Code::kUnauthenticated) return;  // database down
                // RFC 6750: say which scheme, and that the token (when there was one) is bad.
                res.set_header("WWW-Authenticate",
                               token.empty() ? "Bearer" : "Bearer error=\"invalid_token\"");
                return;
            }
            handler(*actor, req, res);
        };
}

}  // namespace stocktake::server
