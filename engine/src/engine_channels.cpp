// Engine's channel methods: the plug-ins (channels/), their rules (synced records, SQL in
// store/channels_repo), the simulator and the bulk files. The listings go through the rules
// here, once, so the simulator and every file show the same quantities.
#include <array>
#include <map>

#include "channels/channel.h"
#include "stock/ledger.h"
#include "stock/movement_rules.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/channels_repo.h"
#include "store/sales_repo.h"
#include "store/store.h"
#include "sync/channel_writes.h"

namespace stocktake::engine {

namespace {

// RuledListing::decided_by for a SKU whose stock the ledger does not know.
constexpr const char* kStockNotTracked = "stock_not_tracked";

// A month: longer is a typo, and a delay that long makes every listing a risk.
constexpr int64_t kMaxUpdateDelayMinutes = 43200;

Result<const Channel*> RequireChannel(const std::string& id) {
    const Channel* channel = FindChannel(id);
    if (channel != nullptr) return channel;
    std::string known;
    for (const Channel* c : RegisteredChannels()) {
        known += known.empty() ? "" : ", ";
        known += c->id();
    }
    return Status::NotFound("channel '" + id + "' is not registered; the channels are " + known);
}

Status ValidateRules(const ChannelRules& rules) {
    const auto count_ok = [](int64_t n) { return n >= 0 && n <= kMaxPurchaseQuantity; };
    if (rules.percent_of_available < 0 || rules.percent_of_available > 100) {
        return Status::InvalidArgument("percent of available must be 0 to 100 (got " +
                                       std::to_string(rules.percent_of_available) + ")");
    }
    if (!count_ok(rules.min_quantity) || !count_ok(rules.zero_below) ||
        (rules.max_quantity && !count_ok(*rules.max_quantity))) {
        return Status::InvalidArgument(
            "max quantity, min quantity and zero-below are numbers of units from 0 to " +
            std::to_string(kMaxPurchaseQuantity));
    }
    if (rules.update_delay_minutes &&
        (*rules.update_delay_minutes < 0 || *rules.update_delay_minutes > kMaxUpdateDelayMinutes)) {
        return Status::InvalidArgument("the update delay is 0 to " +
                                       std::to_string(kMaxUpdateDelayMinutes) + " minutes");
    }
    return Status::Ok();
}

Result<ChannelRules> RulesOf(Store& store, const std::string& channel) {
    Result<std::optional<ChannelRules>> stored = ChannelsRepo(&store.db()).FindRules(channel);
    if (!stored.ok()) return stored.status();
    if (stored.value()) return **stored;
    ChannelRules defaults;
    defaults.channel = channel;
    return defaults;
}

// A listing after its channel's rules.
struct RuledListing {
    const Channel* channel = nullptr;
    StoredChannelListing stored;  // stored.listing.quantity: what the channel would show
    int64_t available = 0;
    std::string decided_by;
    int64_t update_delay_minutes = 0;
};

// Every listing on registered channels (channel "" = all) with the rules applied: FBA-like
// listings keep no quantity of ours. Listings of channels no plug-in registers are left out.
Result<std::vector<RuledListing>> RuleListings(Store& store, const Engine& engine,
                                               const std::string& channel) {
    Result<std::vector<StoredChannelListing>> listings =
        ChannelsRepo(&store.db()).Listings(channel);
    if (!listings.ok()) return listings.status();
    Result<std::vector<Availability>> availabilities = engine.Availabilities("");
    if (!availabilities.ok()) return availabilities.status();
    std::map<std::string, int64_t> available;
    for (const Availability& a : availabilities.value()) available[a.sku] = a.available;
    std::map<std::string, ChannelRules> rules;
    std::vector<RuledListing> ruled;
    for (StoredChannelListing& stored : listings.value()) {
        const Channel* plugin = FindChannel(stored.channel);
        if (plugin == nullptr) continue;
        auto found = rules.find(stored.channel);
        if (found == rules.end()) {
            Result<ChannelRules> loaded = RulesOf(store, stored.channel);
            if (!loaded.ok()) return loaded.status();
            found = rules.emplace(stored.channel, std::move(loaded.value())).first;
        }
        RuledListing r;
        r.channel = plugin;
        const auto stock = available.find(stored.listing.sku);
        r.available = stock == available.end() ? 0 : stock->second;
        r.update_delay_minutes =
            found->second.update_delay_minutes.value_or(plugin->update_delay_minutes());
        if (plugin->HoldsStock(stored.listing.fulfillment)) {
            stored.listing.quantity.reset();
            r.decided_by = "channel_stock";
        } else if (stock == available.end()) {
            // The ledger knows nothing of this SKU (only its listings were imported): a 0
            // here would take a stocked listing off sale. No figure rather than a wrong one.
            stored.listing.quantity.reset();
            r.decided_by = kStockNotTracked;
        } else {
            const ChannelQuantity shown = ApplyChannelRules(found->second, r.available);
            stored.listing.quantity = shown.quantity;
            r.decided_by = shown.decided_by;
        }
        r.stored = std::move(stored);
        ruled.push_back(std::move(r));
    }
    return ruled;
}

}  // namespace

std::vector<ChannelInfo> Engine::Channels() const {
    std::vector<ChannelInfo> infos;
    for (const Channel* channel : RegisteredChannels()) infos.push_back(InfoOf(*channel));
    return infos;
}

Result<ChannelRules> Engine::GetChannelRules(const std::string& channel) const {
    Result<const Channel*> known = RequireChannel(channel);
    if (!known.ok()) return known.status();
    return RulesOf(*store_, channel);
}

Status Engine::SaveChannelRules(const ChannelRules& rules) {
    Result<const Channel*> known = RequireChannel(rules.channel);
    if (!known.ok()) return known.status();
    Status valid = ValidateRules(rules);
    if (!valid.ok()) return valid;
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status =
        InTransaction(*store_, [&]() -> Status { return WriteChannelRules(*store_, rules, now); });
    if (status.ok()) ++generation_;
    return status;
}

Result<std::vector<SimulatedListing>> Engine::SimulateChannels(const std::string& channel,
                                                               const std::string& at) const {
    if (!channel.empty()) {
        Result<const Channel*> known = RequireChannel(channel);
        if (!known.ok()) return known.status();
    }
    std::string until = at;
    Status valid = NormalizeInstantOrNow(&until, "at");
    if (!valid.ok()) return valid;
    const int64_t until_seconds = ParseIso8601(until).value();
    const std::string from = FormatIso8601Utc(until_seconds - kVelocityWindowDays * 86400);
    // The one definition of a sale (store/sales_repo.h), over the velocity window only.
    std::array<std::string, kSalesWindows> since;
    since.fill(from);
    Result<std::vector<SalesTotals>> totals = store_->sales().UnitsSoldSince(since, until);
    if (!totals.ok()) return totals.status();
    std::map<std::pair<std::string, std::string>, int64_t> sold;
    for (const SalesTotals& t : totals.value()) sold[{t.channel, t.sku}] = t.units[0];
    Result<std::vector<RuledListing>> ruled = RuleListings(*store_, *this, channel);
    if (!ruled.ok()) return ruled.status();
    std::vector<SimulatedListing> simulated;
    for (const RuledListing& r : ruled.value()) {
        const ChannelListing& l = r.stored.listing;
        SimulatedListing s;
        s.sku = l.sku;
        s.channel = r.stored.channel;
        s.marketplace = l.marketplace;
        s.listing_id = l.listing_id;
        s.fulfillment = l.fulfillment;
        s.available = r.available;
        s.listed = r.stored.listed;
        s.would_show = l.quantity;
        s.decided_by = r.decided_by;
        const auto units = sold.find({s.channel, s.sku});
        s.units_sold_30d = units == sold.end() ? 0 : units->second;
        s.velocity_per_day =
            static_cast<double>(s.units_sold_30d) / static_cast<double>(kVelocityWindowDays);
        s.update_delay_minutes = r.update_delay_minutes;
        s.sales_during_delay =
            s.velocity_per_day * static_cast<double>(s.update_delay_minutes) / 1440.0;
        s.oversell_risk = s.would_show && *s.would_show > 0 &&
                          s.sales_during_delay >= static_cast<double>(s.available);
        simulated.push_back(std::move(s));
    }
    return simulated;
}

Result<BulkFile> Engine::ChannelFile(const std::string& channel,
                                     const ChannelExportOptions& options) const {
    Result<const Channel*> known = RequireChannel(channel);
    if (!known.ok()) return known.status();
    const Channel& plugin = *known.value();
    const uint32_t needed = options.kind == BulkFileKind::kQuantity ? kQuantityFileBit
                            : options.kind == BulkFileKind::kPrice  ? kPriceFileBit
                                                                    : kDelistFileBit;
    if ((plugin.features() & needed) == 0) {
        return Status::Unsupported(std::string(plugin.display_name()) + " has no " +
                                   BulkFileKindName(options.kind) + " file");
    }
    if (options.price_change_basis_points <= -10000 ||
        options.price_change_basis_points > 1'000'000) {
        return Status::InvalidArgument(
            "a price change is more than -100% and at most +10000% (in basis points: -9999 "
            "to 1000000)");
    }
    Result<std::vector<RuledListing>> ruled = RuleListings(*store_, *this, channel);
    if (!ruled.ok()) return ruled.status();
    std::vector<ChannelListing> listings;
    int64_t in_stock = 0;
    int64_t untracked = 0;
    for (RuledListing& r : ruled.value()) {
        ChannelListing& l = r.stored.listing;
        if (options.kind != BulkFileKind::kPrice && r.decided_by == kStockNotTracked) {
            ++untracked;
            continue;
        }
        l.location = !options.location.empty() ? options.location
                     : !l.marketplace.empty()  ? l.marketplace
                                               : "Shop location";
        if (options.kind == BulkFileKind::kDelist && l.quantity && *l.quantity > 0) {
            ++in_stock;  // a delist file covers only what has nothing to show
            continue;
        }
        if (options.kind == BulkFileKind::kPrice) {
            const auto fixed = options.prices.find(l.sku);
            if (fixed != options.prices.end()) {
                l.price_minor = fixed->second;
            } else if (l.price_minor) {
                // Half away from zero, in integers: prices stay exact cents.
                const int64_t scaled = *l.price_minor * (10000 + options.price_change_basis_points);
                l.price_minor = (scaled + (scaled >= 0 ? 5000 : -5000)) / 10000;
            }
        }
        listings.push_back(std::move(l));
    }
    BulkFile file = options.kind == BulkFileKind::kQuantity ? plugin.BuildQuantityFile(listings)
                    : options.kind == BulkFileKind::kPrice  ? plugin.BuildPriceFile(listings)
                                                            : plugin.BuildDelistFile(listings);
    if (in_stock > 0) {
        file.notes.push_back(std::to_string(in_stock) +
                             " listings with stock to show are not delisted");
    }
    if (untracked > 0) {
        file.skipped += untracked;
        file.notes.push_back(std::to_string(untracked) +
                             (untracked == 1 ? " listing" : " listings") +
                             " left out: Stocktake has no stock figures for their SKUs yet "
                             "(receive or count them first)");
    }
    return file;
}

}  // namespace stocktake::engine
