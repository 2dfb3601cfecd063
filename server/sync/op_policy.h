// Who may push which op: the role an entity needs, and the channels an op touches.
//   viewer   pushes nothing;
//   staff    records stock: ledger ops (movement, count);
//   manager  also the catalogue, listings, locations, orders, purchasing, reallocation,
//            channel rules and restock plans;
//   admin    (and owner) also organisation-wide settings and channel fees.
// A user with allowed_channels may touch only records of those channels.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/actor.h"
#include "stocktake/status.h"

namespace stocktake::server {

// The least role that may push ops on entity.
Role RequiredRole(std::string_view entity);

// PermissionDenied with the reason (naming the role or channel) when actor may not push an
// op on entity touching channels (every channel the record has or would have).
Status AuthorizeOp(const Actor& actor, std::string_view entity,
                   const std::vector<std::string>& channels);

}  // namespace stocktake::server
