#include "sync/op_policy.h"

namespace stocktake::server {

Role RequiredRole(std::string_view entity) {
    // Linking an unknown barcode is part of scanning stock in, which staff do.
    if (entity == "movement" || entity == "count" || entity == "barcode") return Role::kStaff;
    if (entity == "setting" || entity == "channel_fee") return Role::kAdmin;
    return Role::kManager;
}

Status AuthorizeOp(const Actor& actor, std::string_view entity,
                   const std::vector<std::string>& channels) {
    const Role needed = RequiredRole(entity);
    if (!actor.AtLeast(needed)) {
        return Status(Code::kPermissionDenied, std::string("changing ") + std::string(entity) +
                                                   " needs the " + RoleName(needed) +
                                                   " role or above");
    }
    for (const std::string& channel : channels) {
        if (!channel.empty() && !actor.MayUseChannel(channel)) {
            return Status(Code::kPermissionDenied,
                          "this user may not change records of channel " + channel);
        }
    }
    return Status::Ok();
}

}  // namespace stocktake::server
