// The /api/v1/auth endpoints: parse the JSON body, call AuthService, encode its answer.
//   POST /register {org_name, email, password}  201 session
//   POST /login    {email, password}            200 session; 401; 429 with Retry-After
//   POST /refresh  {refresh_token}              200 session (the old refresh token dies)
//   POST /logout   {refresh_token}  (Bearer)    204
//   GET  /me                        (Bearer)    200 the caller's Actor
// A session is {access_token, token_type:"Bearer", expires_in, refresh_token,
// user:{id, email, org_id, roles, allowed_channels}}. Errors are errors.h's JSON.
// Thread safety: stateless functions.
#pragma once

#include <httplib.h>

#include "auth/actor.h"
#include "auth/auth_service.h"

namespace stocktake::server {

void HandleRegister(AuthService& auth, const httplib::Request& req, httplib::Response& res);
void HandleLogin(AuthService& auth, const httplib::Request& req, httplib::Response& res);
void HandleRefresh(AuthService& auth, const httplib::Request& req, httplib::Response& res);
// Behind RequireActor (http/require_actor.h).
void HandleLogout(AuthService& auth, const Actor& actor, const httplib::Request& req,
                  httplib::Response& res);
void HandleMe(const Actor& actor, const httplib::Request& req, httplib::Response& res);

}  // namespace stocktake::server
