// POST /api/v1/sync/push and GET /api/v1/sync/pull (docs/ARCHITECTURE.md, "Sync protocol";
// the wire form is in docs/API.md). Thin: parse, call SyncService with the verified
// Actor, encode.
#pragma once

#include <httplib.h>

#include "auth/actor.h"
#include "sync/sync_service.h"

namespace stocktake::server {

// Body {"device": "<32 hex>", "ops": [op, ...], "device_name"?: "..."} → 200
// {"results": [{"id", "status": "accepted"|"duplicate"|"rejected", "error", "reason"}...],
//  "accepted", "duplicates", "rejected", "cursor"}.
void HandleSyncPush(SyncService& sync, const Actor& actor, const httplib::Request& req,
                    httplib::Response& res);

// ?cursor=N (default 0) &limit=M (default 1000, at most 5000) &device=<32 hex>
// &device_name=... (both optional: recorded for GET /api/v1/devices) → 200
// {"ops": [op, ...], "cursor": <last seq returned>, "more": bool}.
void HandleSyncPull(SyncService& sync, const Actor& actor, const httplib::Request& req,
                    httplib::Response& res);

// GET /api/v1/devices → 200 {"devices": [{"id", "name", "first_seen", "last_push",
// "last_pull", "cursor"}, ...]}: the caller's organisation's devices (times null = never).
void HandleListDevices(SyncService& sync, const Actor& actor, const httplib::Request& req,
                       httplib::Response& res);

}  // namespace stocktake::server
