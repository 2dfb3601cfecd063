// Actor: who is making a request, as the verified access token says. Services take one and
// decide what it may do; nothing below the handlers reads tokens or headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stocktake::server {

// From most to least powerful. owner and admin may do everything in their organisation;
// manager edits the catalogue, listings and purchasing; staff records stock (ledger ops);
// viewer reads.
enum class Role { kOwner, kAdmin, kManager, kStaff, kViewer };

const char* RoleName(Role role);  // "owner", "admin", "manager", "staff", "viewer"
std::optional<Role> ParseRole(std::string_view name);
// RoleName of each, in order.
std::vector<std::string> RoleNames(const std::vector<Role>& roles);

struct Actor {
    std::string user_id;
    std::string org_id;
    std::vector<Role> roles;
    // Channels this user may touch ("amazon", "ebay", ...); empty: every channel.
    std::vector<std::string> allowed_channels;

    bool Has(Role role) const;
    // owner or admin or manager ...: the actor has role or a more powerful one.
    bool AtLeast(Role role) const;
    bool MayUseChannel(std::string_view channel) const;
};

}  // namespace stocktake::server
