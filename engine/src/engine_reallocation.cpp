// Engine's reallocation list: entries pushed by one channel and pulled by another, each pull
// a ledger transfer or a change of listed quantities with its audit record, in one
// transaction; entries purge after kReallocationRetentionDays. Records are synced
// (sync/channel_writes.h); SQL in store/channels_repo.
#include "channels/channel.h"
#include "export/reallocations_export.h"
#include "stock/ledger.h"
#include "stock/movement_rules.h"
#include "stock/transfer.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/channels_repo.h"
#include "store/store.h"
#include "sync/channel_writes.h"

namespace stocktake::engine {

namespace {

// NotFound for an unknown channel, Unsupported when it does not opt into feature.
Status RequireFeature(const std::string& id, uint32_t feature, const char* what) {
    const Channel* channel = FindChannel(id);
    if (channel == nullptr) return Status::NotFound("channel '" + id + "' is not registered");
    if ((channel->features() & feature) == 0) {
        return Status::Unsupported(std::string(channel->display_name()) + " does not " + what +
                                   " the reallocation list");
    }
    return Status::Ok();
}

// The one listing of sku on channel a listed-quantity move changes.
Result<StoredChannelListing> ListingFor(Store& store, const std::string& sku,
                                        const std::string& channel) {
    Result<std::vector<StoredChannelListing>> all = ChannelsRepo(&store.db()).Listings(channel);
    if (!all.ok()) return all.status();
    std::vector<StoredChannelListing> found;
    for (StoredChannelListing& l : all.value()) {
        if (l.listing.sku == sku) found.push_back(std::move(l));
    }
    if (found.empty()) {
        return Status::NotFound(sku + " has no listing on " + channel +
                                "; list it there first, or move stock between locations");
    }
    if (found.size() > 1) {
        return Status::InvalidArgument(sku + " is listed on " + channel +
                                       " in several marketplaces; move stock between locations "
                                       "instead");
    }
    const Channel* plugin = FindChannel(channel);
    if (plugin != nullptr && plugin->HoldsStock(found[0].listing.fulfillment)) {
        return Status::InvalidArgument(sku + " on " + channel +
                                       " is the channel's own stock (FBA); move it with a "
                                       "transfer between locations");
    }
    return std::move(found[0]);
}

// Moves listed quantity of move.sku from its origin channel's listing to the taker's.
Status MoveListedQuantity(Store& store, ReallocationMove* move, const std::string& now) {
    Result<StoredChannelListing> from = ListingFor(store, move->sku, move->from_channel);
    if (!from.ok()) return from.status();
    Result<StoredChannelListing> to = ListingFor(store, move->sku, move->to_channel);
    if (!to.ok()) return to.status();
    const int64_t from_listed = from->listed.value_or(0);
    if (from_listed < move->quantity) {
        return Status(Code::kConflict, move->sku + " has " + std::to_string(from_listed) +
                                           " listed on " + move->from_channel + ", fewer than " +
                                           std::to_string(move->quantity));
    }
    Status written =
        WriteListingQuantity(store, move->sku, move->from_channel, from->listing.marketplace,
                             from_listed - move->quantity, now);
    if (!written.ok()) return written;
    return WriteListingQuantity(store, move->sku, move->to_channel, to->listing.marketplace,
                                to->listed.value_or(0) + move->quantity, now);
}

}  // namespace

Result<ReallocationEntry> Engine::PushReallocation(const ReallocationPush& push) {
    Status ok = RequireFeature(push.channel, kReallocationPushBit, "push onto");
    if (!ok.ok()) return ok;
    if (push.quantity && (*push.quantity <= 0 || *push.quantity > kMaxPurchaseQuantity)) {
        return Status::InvalidArgument("the quantity offered must be 1 to " +
                                       std::to_string(kMaxPurchaseQuantity) + " units");
    }
    ReallocationEntry entry;
    entry.id = NewMovementId();
    entry.sku = push.sku;
    entry.channel_origin = push.channel;
    entry.reason = push.reason;
    entry.quantity = push.quantity;
    entry.state = kReallocationOpen;
    entry.added_at = push.at;
    entry.added_by = push.added_by;
    ok = NormalizeInstantOrNow(&entry.added_at, "at");
    if (!ok.ok()) return ok;
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status = InTransaction(*store_, [&]() -> Status {
        Status known = RequireProduct(*store_, entry.sku, "SKU");
        if (!known.ok()) return known;
        return WriteReallocation(*store_, entry, now);
    });
    if (!status.ok()) return status;
    ++generation_;
    return entry;
}

Result<std::vector<ReallocationEntry>> Engine::Reallocations(const std::string& state) const {
    if (!state.empty() && state != kReallocationOpen && state != kReallocationTaken) {
        return Status::InvalidArgument("state '" + state + "' is unknown; use open or taken");
    }
    return ChannelsRepo(&store_->db()).Entries(state);
}

Result<ReallocationMove> Engine::PullReallocation(const ReallocationPull& pull) {
    Status ok = RequireFeature(pull.channel, kReallocationPullBit, "pull from");
    if (!ok.ok()) return ok;
    if (pull.quantity <= 0 || pull.quantity > kMaxPurchaseQuantity) {
        return Status::InvalidArgument("a pull moves 1 to " + std::to_string(kMaxPurchaseQuantity) +
                                       " units");
    }
    const bool transfer = !pull.from_location.empty() || !pull.to_location.empty();
    if (transfer && (pull.from_location.empty() || pull.to_location.empty() ||
                     pull.from_location == pull.to_location)) {
        return Status::InvalidArgument(
            "a transfer needs two different locations (from and to); give neither to move "
            "listed quantity");
    }
    ReallocationMove move;
    move.id = NewMovementId();
    move.entry_id = pull.entry_id;
    move.to_channel = pull.channel;
    move.from_location = pull.from_location;
    move.to_location = pull.to_location;
    move.quantity = pull.quantity;
    move.kind = transfer ? kMoveTransfer : kMoveListingQuantity;
    move.by = pull.by;
    move.at = pull.at;
    ok = NormalizeInstantOrNow(&move.at, "at");
    if (!ok.ok()) return ok;
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::optional<ReallocationEntry>> entry =
            ChannelsRepo(&store_->db()).FindEntry(pull.entry_id);
        if (!entry.ok()) return entry.status();
        if (!entry.value()) {
            return Status::NotFound("reallocation " + pull.entry_id +
                                    " is not on the list (taken long ago and purged?)");
        }
        const ReallocationEntry& e = **entry;
        if (e.state != kReallocationOpen) {
            return Status(Code::kConflict, "reallocation " + e.id + " is " + e.state);
        }
        if (e.channel_origin == pull.channel) {
            return Status::InvalidArgument(pull.channel + " offered " + e.sku +
                                           "; another channel takes it");
        }
        if (e.quantity && pull.quantity > *e.quantity) {
            return Status(Code::kConflict, e.channel_origin + " offered " +
                                               std::to_string(*e.quantity) + " of " + e.sku);
        }
        move.sku = e.sku;
        move.from_channel = e.channel_origin;
        if (transfer) {
            Result<std::vector<Movement>> legs =
                AppendTransfer(*store_, move.sku, move.from_location, move.to_location,
                               move.quantity, "reallocation to " + move.to_channel, now);
            if (!legs.ok()) return legs.status();
            move.reference = legs->front().reference;
        } else {
            Status moved = MoveListedQuantity(*store_, &move, now);
            if (!moved.ok()) return moved;
        }
        Status written = WriteReallocationMove(*store_, move, now);
        if (!written.ok()) return written;
        return WriteReallocationState(*store_, e.id, kReallocationTaken, now);
    });
    if (!status.ok()) return status;
    ++generation_;
    return move;
}

Result<std::vector<ReallocationMove>> Engine::ReallocationMoves(const std::string& sku) const {
    return ChannelsRepo(&store_->db()).Moves(sku);
}

Result<int64_t> Engine::PurgeReallocations(const std::string& at) {
    std::string now = at;
    Status ok = NormalizeInstantOrNow(&now, "at");
    if (!ok.ok()) return ok;
    const std::string cutoff =
        FormatIso8601Utc(ParseIso8601(now).value() - kReallocationRetentionDays * 86400);
    int64_t purged = 0;
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<int64_t> deleted = ChannelsRepo(&store_->db()).PurgeEntriesBefore(cutoff);
        if (!deleted.ok()) return deleted.status();
        purged = deleted.value();
        return Status::Ok();
    });
    if (!status.ok()) return status;
    if (purged > 0) ++generation_;
    return purged;
}

Result<std::string> Engine::ReallocationsCsv() const {
    Result<std::vector<ReallocationEntry>> entries = Reallocations("");
    if (!entries.ok()) return entries.status();
    return WriteReallocationsCsv(entries.value());
}

}  // namespace stocktake::engine
