#include "auth/actor.h"

#include <algorithm>

namespace stocktake::server {

const char* RoleName(Role role) {
    switch (role) {
        case Role::kOwner: return "owner";
        case Role::kAdmin: return "admin";
        case Role::kManager: return "manager";
        case Role::kStaff: return "staff";
        case Role::kViewer: return "viewer";
    }
    return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
    for (Role role : {Role::kOwner, Role::kAdmin, Role::kManager, Role::kStaff, Role::kViewer}) {
        if (name == RoleName(role)) return role;
    }
    return std::nullopt;
}

std::vector<std::string> RoleNames(const std::vector<Role>& roles) {
    std::vector<std::string> names;
    for (Role role : roles) names.push_back(RoleName(role));
    return names;
}

bool Actor::Has(Role role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Actor::AtLeast(Role role) const {
    // The enum runs from most to least powerful.
    return std::any_of(roles.begin(), roles.end(), [role](Role held) { return held <= role; });
}

bool Actor::MayUseChannel(std::string_view channel) const {
    return allowed_channels.empty() || std::find(allowed_channels.begin(), allowed_channels.end(),
                                                 channel) != allowed_channels.end();
}

}  // namespace stocktake::server
