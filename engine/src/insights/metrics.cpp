#include "insights/metrics.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "stocktake/decimal.h"

namespace stocktake::engine {

namespace {

int64_t Clamp100(double value) {
    return std::clamp<int64_t>(std::llround(value), 0, 100);
}

// The scores (docs/DECISIONS.md, "Insights"): each component 0..100, higher is better.
void Score(const InsightContext& context, SkuMetrics* m) {
    // 1 unit a day scores 50; the curve flattens so a best seller does not dwarf the rest.
    m->score_velocity = Clamp100(100.0 * m->velocity / (m->velocity + 1.0));
    if (m->margin_e4 && m->price_minor && *m->price_minor > 0) {
        m->score_margin = Clamp100(static_cast<double>(*m->margin_e4) /
                                   (static_cast<double>(*m->price_minor) * 100.0) * 100.0);
    }
    const double limit = static_cast<double>(context.settings.overstock_days_of_cover);
    if (m->days_of_cover) {
        m->score_cover =
            *m->days_of_cover <= limit ? 100 : Clamp100(100.0 * limit / *m->days_of_cover);
    }
    if (m->days_since_last_sale) {
        m->score_age =
            Clamp100(100.0 - 100.0 * static_cast<double>(*m->days_since_last_sale) /
                                 (2.0 * static_cast<double>(context.settings.slow_days)));
    }
    m->score = (m->score_velocity + m->score_margin + m->score_cover + m->score_age + 2) / 4;
}

// Fills the stock, velocity and age figures shared by the SKU's row and its channels'.
void Derive(const SkuInputs& in, const InsightContext& context, SkuMetrics* m) {
    m->on_hand = in.availability.on_hand;
    m->available = in.availability.available;
    const int64_t window = context.settings.velocity_window_days;
    m->velocity = static_cast<double>(m->units_window) / static_cast<double>(window);
    if (m->units_window > 0) {
        m->days_of_cover = static_cast<double>(std::max<int64_t>(m->available, 0)) / m->velocity;
    }
    if (m->on_hand > 0) {
        m->turnover_90 = static_cast<double>(m->units_90) / static_cast<double>(m->on_hand);
    }
    const int64_t stock = std::max<int64_t>(m->on_hand, 0);
    if (m->units_30 + stock > 0) {
        m->sell_through_30 =
            static_cast<double>(m->units_30) / static_cast<double>(m->units_30 + stock);
    }
    if (!m->last_sale_at.empty()) {
        std::optional<int64_t> day = LocalDay(context, m->last_sale_at);
        if (day) m->days_since_last_sale = context.today - *day;
    }
    for (const ListingFacts& listing : in.listings) {
        if (!m->channel.empty() && listing.channel != m->channel) continue;
        if (!m->price_minor && listing.price_minor) m->price_minor = listing.price_minor;
        std::optional<int64_t> opened = LocalDayAt(context, listing.opened_at);
        if (opened) {
            const int64_t age = context.today - *opened;
            m->listing_age_days = std::max(m->listing_age_days.value_or(age), age);
        }
    }
    if (in.product) {
        // The SKU as a whole is priced at its list price; a channel at its listing's.
        if (m->channel.empty() && in.product->list_price_minor) {
            m->price_minor = in.product->list_price_minor;
        }
        m->cost = in.product->cost;
    }
    auto fee = context.fees.find(m->channel);
    if (m->price_minor && fee != context.fees.end()) {
        // Rounded to the cent, half up, as channels bill.
        m->fee_minor =
            (*m->price_minor * fee->second.percent_bp + 5000) / 10000 + fee->second.fixed_minor;
    }
    if (m->price_minor && m->cost) {
        m->margin_e4 = (*m->price_minor - m->fee_minor) * 100 - *m->cost;
    }
    Score(context, m);
}

void AddSales(const SalesTotals& sales, SkuMetrics* m) {
    m->units_7 += sales.units[kLast7];
    m->units_30 += sales.units[kLast30];
    m->units_90 += sales.units[kLast90];
    m->units_window += sales.units[kVelocityWindow];
    m->last_sale_at = std::max(m->last_sale_at, sales.last_sale_at);
}

}  // namespace

std::string Fixed(double value, int places) {
    double scale = 1;
    for (int i = 0; i < places; ++i) scale *= 10;
    return FormatDecimalMinor(std::llround(value * scale), places);
}

std::vector<SkuMetrics> ComputeMetrics(const SkuInputs& in, const InsightContext& context) {
    // The channels sold or listed on, each once, in order (a sorted vector: a std::set
    // allocated a node and a copy of the name for each, for every SKU).
    std::vector<std::string_view> channels;
    channels.reserve(in.sales.size() + in.listings.size());
    for (const SalesTotals& sales : in.sales) channels.push_back(sales.channel);
    for (const ListingFacts& listing : in.listings) channels.push_back(listing.channel);
    std::sort(channels.begin(), channels.end());
    channels.erase(std::unique(channels.begin(), channels.end()), channels.end());
    std::vector<SkuMetrics> rows(1 + channels.size());
    rows[0].sku = in.sku;
    size_t i = 1;
    for (const std::string_view channel : channels) {
        rows[i].sku = in.sku;
        rows[i].channel = channel;
        for (const SalesTotals& sales : in.sales) {
            if (sales.channel == channel) AddSales(sales, &rows[i]);
        }
        ++i;
    }
    for (const SalesTotals& sales : in.sales) AddSales(sales, &rows[0]);
    for (SkuMetrics& row : rows) Derive(in, context, &row);
    return rows;
}

}  // namespace stocktake::engine
