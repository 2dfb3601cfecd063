#include "store/channels_repo.h"

namespace stocktake::engine {

namespace {

constexpr const char* kEntryColumns =
    "id, sku, channel_origin, reason, quantity, state, added_at, added_by";

ReallocationEntry ReadEntry(const Statement& s) {
    ReallocationEntry e;
    e.id = s.ColumnText(0);
    e.sku = s.ColumnText(1);
    e.channel_origin = s.ColumnText(2);
    e.reason = s.ColumnText(3);
    e.quantity = s.ColumnOptionalInt64(4);
    e.state = s.ColumnText(5);
    e.added_at = s.ColumnText(6);
    e.added_by = s.ColumnText(7);
    return e;
}

}  // namespace

Result<std::optional<ChannelRules>> ChannelsRepo::FindRules(std::string_view channel) {
    Result<Statement> stmt = db_->Prepare(
        "SELECT max_quantity, percent_of_available, min_quantity, zero_below,"
        " update_delay_minutes FROM channel_rules WHERE channel = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, channel);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<ChannelRules>();
    ChannelRules rules;
    rules.channel = std::string(channel);
    rules.max_quantity = stmt->ColumnOptionalInt64(0);
    rules.percent_of_available = stmt->ColumnInt64(1);
    rules.min_quantity = stmt->ColumnInt64(2);
    rules.zero_below = stmt->ColumnInt64(3);
    rules.update_delay_minutes = stmt->ColumnOptionalInt64(4);
    return std::optional<ChannelRules>(rules);
}

Result<std::vector<StoredChannelListing>> ChannelsRepo::Listings(std::string_view channel) {
    Result<Statement> stmt = db_->Prepare(R"sql(
SELECT l.channel, l.sku, coalesce(p.name, ''), l.marketplace, l.listing_id, l.asin,
       l.fulfillment, l.currency, l.price_minor, l.quantity
  FROM listings l LEFT JOIN products p ON p.sku = l.sku
 WHERE ?1 = '' OR l.channel = ?1
 ORDER BY l.channel, l.sku, l.marketplace)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, channel);
    return CollectRows<StoredChannelListing>(stmt.value(), [](const Statement& s) {
        StoredChannelListing row;
        row.channel = s.ColumnText(0);
        ChannelListing& l = row.listing;
        l.sku = s.ColumnText(1);
        l.name = s.ColumnText(2);
        l.marketplace = s.ColumnText(3);
        l.listing_id = s.ColumnText(4);
        l.asin = s.ColumnText(5);
        l.fulfillment = s.ColumnText(6);
        l.currency = s.ColumnText(7);
        l.price_minor = s.ColumnOptionalInt64(8);
        l.quantity = s.ColumnOptionalInt64(9);
        row.listed = l.quantity;
        return row;
    });
}

Result<std::optional<ReallocationEntry>> ChannelsRepo::FindEntry(std::string_view id) {
    Result<Statement> stmt =
        db_->Prepare(std::string("SELECT ") + kEntryColumns + " FROM reallocations WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, id);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<ReallocationEntry>();
    return std::optional<ReallocationEntry>(ReadEntry(stmt.value()));
}

Result<std::vector<ReallocationEntry>> ChannelsRepo::Entries(std::string_view state) {
    Result<Statement> stmt = db_->Prepare(std::string("SELECT ") + kEntryColumns +
                                          " FROM reallocations WHERE ?1 = '' OR state = ?1"
                                          " ORDER BY added_at DESC, id DESC");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, state);
    return CollectRows<ReallocationEntry>(stmt.value(), ReadEntry);
}

Result<std::vector<ReallocationMove>> ChannelsRepo::Moves(std::string_view sku) {
    Result<Statement> stmt = db_->Prepare(R"sql(
SELECT id, entry_id, sku, from_channel, to_channel, from_location, to_location, quantity,
       kind, moved_by, moved_at, reference
  FROM reallocation_moves WHERE ?1 = '' OR sku = ?1
 ORDER BY moved_at DESC, id DESC)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return CollectRows<ReallocationMove>(stmt.value(), [](const Statement& s) {
        return ReallocationMove{s.ColumnText(0), s.ColumnText(1),  s.ColumnText(2),
                                s.ColumnText(3), s.ColumnText(4),  s.ColumnText(5),
                                s.ColumnText(6), s.ColumnInt64(7), s.ColumnText(8),
                                s.ColumnText(9), s.ColumnText(10), s.ColumnText(11)};
    });
}

Result<int64_t> ChannelsRepo::PurgeEntriesBefore(std::string_view cutoff) {
    Result<Statement> stmt = db_->Prepare("DELETE FROM reallocations WHERE added_at < ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, cutoff);
    Status ran = stmt->Run();
    if (!ran.ok()) return ran;
    return db_->Changes();
}

}  // namespace stocktake::engine
