// RequireActor: the authentication gate for API routes. Wrap a handler with it in
// router.cpp and the handler runs only for a request with a valid access token, receiving
// who is asking:
//
//   server.Post("/api/v1/sync/push", RequireActor(auth, [&sync](const Actor& actor,
//                                       const httplib::Request& req, httplib::Response& res) {
//       HandleSyncPush(sync, actor, req, res);
//   }));
//
// The gate reads "Authorization: Bearer <token>", verifies it and checks the user still
// exists in the token's organisation and is not disabled (AuthService::Authenticate). Without
// that it answers 401 {"error":"Unauthenticated",...} with WWW-Authenticate: Bearer and the
// handler never runs. Authorisation (roles, channels) stays with the handler's service.
// Thread safety: the returned handler is safe to call from many threads.
#pragma once

#include <httplib.h>

#include <functional>

#include "auth/actor.h"
#include "auth/auth_service.h"

namespace stocktake::server {

using ActorHandler = std::function<void(const Actor&, const httplib::Request&, httplib::Response&)>;

// REQUIRES: auth outlives the server.
httplib::Server::Handler RequireActor(AuthService& auth, ActorHandler handler);

}  // namespace stocktake::server
