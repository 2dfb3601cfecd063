// Applying one validated-on-arrival op to the server's tables, the step every writer of
// the change log shares: a device's push (SyncService) and the server's own ops (ShipStation
// orders and shipments). Record ops are checked against the record's columns, authorized
// for the actor (role and channels) and merged field by field; ledger facts are checked and
// stored once by id, and stock driven below zero is flagged.
// Thread safety: inside the caller's PushTransaction (one thread).
#pragma once

#include <cstdint>
#include <string>

#include "auth/actor.h"
#include "stocktake/op.h"
#include "sync/sync_store.h"

namespace stocktake::server {

// InvalidArgument, PermissionDenied, AlreadyExists or Unsupported refuse the op (nothing of
// it is stored); other failures are the database's. The caller appends the change.
Status ApplyOp(PushTransaction& tx, const Actor& actor, const Op& op, int64_t seq,
               const std::string& now);

}  // namespace stocktake::server
