#include "insights/rules.h"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <utility>

#include "insights/details_json.h"
#include "insights/metrics.h"

namespace stocktake::engine {

namespace {

// A channel's active listings taken together (a channel may list a SKU on several
// marketplaces).
struct ChannelListing {
    std::optional<int64_t> listed;  // the sum of stated quantities
    std::optional<int64_t> opened;  // the local day the oldest one opened
};

// By channel name (a sorted vector: a SKU is listed on a few channels, and a map allocated a
// node and a copy of the name for each).
using ChannelListings = std::vector<std::pair<std::string_view, ChannelListing>>;

ChannelListings ByChannel(const SkuInputs& in, const InsightContext& context) {
    ChannelListings channels;
    channels.reserve(in.listings.size());
    for (const ListingFacts& listing : in.listings) {
        const std::string_view name = listing.channel;
        auto it = std::lower_bound(channels.begin(), channels.end(), name,
                                   [](const auto& c, std::string_view n) { return c.first < n; });
        if (it == channels.end() || it->first != name) it = channels.insert(it, {name, {}});
        ChannelListing& c = it->second;
        if (listing.quantity) c.listed = c.listed.value_or(0) + *listing.quantity;
        std::optional<int64_t> opened = LocalDayAt(context, listing.opened_at);
        if (opened) c.opened = std::min(c.opened.value_or(*opened), *opened);
    }
    return channels;
}

const SkuMetrics* MetricsOf(const std::vector<SkuMetrics>& metrics, std::string_view channel) {
    for (const SkuMetrics& m : metrics) {
        if (m.channel == channel) return &m;
    }
    return nullptr;
}

void Add(std::vector<Insight>* out, const std::string& sku, std::string_view channel,
         const char* kind, DetailsJson& details) {
    out->push_back(Insight{sku, std::string(channel), kind, "", details.Dump()});
}

// The local day the days without a sale count from: the last sale's, or (never sold) the
// product's creation; nullopt when neither is known, which counts as "long enough".
std::optional<int64_t> IdleSince(const SkuInputs& in, const SkuMetrics& m,
                                 const InsightContext& context) {
    if (!m.last_sale_at.empty()) {
        std::optional<int64_t> sold = LocalDay(context, m.last_sale_at);
        if (sold) return sold;
    }
    if (!in.product) return std::nullopt;
    return LocalDayAt(context, in.product->created_at);
}

// The last sale's local day on a channel (nullopt: never sold there, or unreadable).
std::optional<int64_t> LastSaleDay(const SkuMetrics* m, const InsightContext& context) {
    if (!m || !m->days_since_last_sale) return std::nullopt;
    return context.today - *m->days_since_last_sale;
}

void SkuWide(const SkuInputs& in, const SkuMetrics& all, const InsightContext& context,
             std::vector<Insight>* out) {
    const InsightSettings& s = context.settings;
    if (!in.availability.kit && all.on_hand > 0) {
        std::optional<int64_t> since = IdleSince(in, all, context);
        if (!since || context.today - *since >= s.slow_days) {
            Add(out, in.sku, "", kSlowMover,
                DetailsJson()
                    .Int("on_hand", all.on_hand)
                    .Text("last_sale_at", all.last_sale_at)
                    .Day("idle_since", since)
                    .Int("slow_days", s.slow_days));
        }
    }
    if (!in.negative_levels.empty()) {
        std::vector<std::string> locations;
        for (const StockLevel& level : in.negative_levels) {
            locations.push_back(DetailsJson()
                                    .Text("location", level.location)
                                    .Int("on_hand", level.on_hand)
                                    .Dump());
        }
        Add(out, in.sku, "", kNegativeStock, DetailsJson().Json("locations", JsonArray(locations)));
    }
    if (in.plan && in.plan->reorder_point && all.available <= *in.plan->reorder_point) {
        Add(out, in.sku, "", kLowStock,
            DetailsJson()
                .Int("available", all.available)
                .Int("reorder_point", *in.plan->reorder_point)
                .Int("inbound", in.inbound));
    }
    if (all.days_of_cover && *all.days_of_cover > static_cast<double>(s.overstock_days_of_cover)) {
        Add(out, in.sku, "", kOverstock,
            DetailsJson()
                .Int("available", all.available)
                .Int("units_window", all.units_window)
                .Int("window_days", s.velocity_window_days)
                .Text("velocity", Fixed(all.velocity, 3))
                .Text("days_of_cover", Fixed(*all.days_of_cover, 1))
                .Int("overstock_days_of_cover", s.overstock_days_of_cover));
    }
}

// Slow on this channel: stock listed and no sale here for slow_days (a channel that never
// sold it counts from its listing's opening, or always when that is unknown).
bool SlowOn(const SkuMetrics* m, const ChannelListing& listing, const InsightContext& context) {
    const InsightSettings& s = context.settings;
    if (!listing.listed || *listing.listed <= 0) return false;
    if (m && m->days_since_last_sale) return *m->days_since_last_sale >= s.slow_days;
    return !listing.opened || context.today - *listing.opened >= s.slow_days;
}

void PerChannel(const SkuInputs& in, const std::vector<SkuMetrics>& metrics,
                const InsightContext& context, std::vector<Insight>* out) {
    const InsightSettings& s = context.settings;
    const ChannelListings channels = ByChannel(in, context);
    for (const auto& [channel, listing] : channels) {
        // Untracked stock (SkuInputs::stock_tracked): out when the listing says so; a listing
        // that states no quantity (FBA) says nothing.
        const bool none_here = in.stock_tracked ? in.availability.available <= 0
                                                : listing.listed && *listing.listed <= 0;
        if (none_here) {
            Add(out, in.sku, channel, kOutOfStock,
                DetailsJson()
                    .Int("available", in.availability.available)
                    .Int("on_hand", in.availability.on_hand)
                    .Int("reserved", in.availability.reserved)
                    .Int("listed", listing.listed)
                    .Bool("stock_tracked", in.stock_tracked));
        }
        if (listing.opened && context.today - *listing.opened > s.aged_days) {
            Add(out, in.sku, channel, kAgedListing,
                DetailsJson().Day("listed_on", listing.opened).Int("aged_days", s.aged_days));
        }
        const SkuMetrics* here = MetricsOf(metrics, channel);
        if (!SlowOn(here, listing, context)) continue;
        std::vector<std::string> to;
        for (const auto& [other, other_listing] : channels) {
            if (other == channel) continue;
            const SkuMetrics* there = MetricsOf(metrics, other);
            const bool selling =
                there && there->days_since_last_sale && *there->days_since_last_sale < s.slow_days;
            const bool out_of_stock = other_listing.listed && *other_listing.listed <= 0;
            if (selling || out_of_stock) {
                to.push_back(DetailsJson()
                                 .Text("channel", other)
                                 .Int("units_30", there ? there->units_30 : 0)
                                 .Int("listed", other_listing.listed)
                                 .Dump());
            }
        }
        if (to.empty()) continue;
        Add(out, in.sku, channel, kReallocationCandidate,
            DetailsJson()
                .Int("listed", *listing.listed)
                .Text("last_sale_at", here ? here->last_sale_at : "")
                .Day("idle_since", LastSaleDay(here, context))
                .Int("slow_days", s.slow_days)
                .Json("to", JsonArray(to)));
    }
}

}  // namespace

void InsightsOf(const SkuInputs& in, const std::vector<SkuMetrics>& metrics,
                const InsightContext& context, std::vector<Insight>* out) {
    const auto first = static_cast<std::ptrdiff_t>(out->size());
    SkuWide(in, metrics[0], context, out);
    PerChannel(in, metrics, context, out);
    std::sort(out->begin() + first, out->end(), [](const Insight& a, const Insight& b) {
        return std::tie(a.channel, a.kind) < std::tie(b.channel, b.kind);
    });
}

}  // namespace stocktake::engine
