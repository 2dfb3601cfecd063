// Insights, metrics and the restock plan: plain value types for the Engine's insight
// methods. Definitions (what a sale is, how days are counted) are in docs/DECISIONS.md,
// "Insights and restock planning".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stocktake::engine {

// The kinds of insight, by the names the CLI and exports use.
inline constexpr const char* kSlowMover = "slow_mover";
inline constexpr const char* kOutOfStock = "out_of_stock";
inline constexpr const char* kAgedListing = "aged_listing";
inline constexpr const char* kNegativeStock = "negative_stock";
inline constexpr const char* kLowStock = "low_stock";
inline constexpr const char* kOverstock = "overstock";
inline constexpr const char* kReallocationCandidate = "reallocation_candidate";
// Every kind above, in that order.
const std::vector<std::string>& InsightKinds();
bool IsInsightKind(std::string_view kind);

// Thresholds and planning settings, each stored by name (the field's name) and synced
// between devices. Days are calendar days in the seller's zone, a fixed utc_offset_minutes.
struct InsightSettings {
    int64_t slow_days = 30;                 // slow mover: in stock, no sale for >= this
    int64_t aged_days = 180;                // aged listing: listed for > this
    int64_t overstock_days_of_cover = 180;  // overstock: days of cover > this
    int64_t review_period_days = 14;        // restock: days until the next review
    int64_t safety_stock_days = 7;          // restock: demand kept in reserve
    int64_t velocity_window_days = 30;      // velocity = units sold in this window / its days
    int64_t utc_offset_minutes = 0;         // the seller's zone, -840..840
};

// A channel's selling fee: percent_bp of the price plus fixed_minor per unit sold.
struct ChannelFee {
    std::string channel;
    int64_t percent_bp = 0;   // basis points: 1500 = 15%
    int64_t fixed_minor = 0;  // cents
};

// A product's planning fields (none set = not planned by reorder point; cheapest vendor).
struct ProductPlan {
    std::string sku;
    std::optional<int64_t> reorder_point;  // low stock: available <= this
    std::string preferred_supplier;        // "" = the cheapest valid vendor price
};

// One insight: what holds for a SKU (on a channel, or "" for the SKU as a whole).
struct Insight {
    std::string sku;
    std::string channel;       // "" = every channel
    std::string kind;          // kSlowMover...
    std::string generated_at;  // ISO-8601 UTC: when it began to hold
    std::string details;       // a JSON object: the numbers behind it
};

// What GenerateInsights changed.
struct InsightRun {
    std::string generated_at;
    int64_t skus = 0;       // SKUs looked at
    int64_t added = 0;      // began to hold (new, or held again after being resolved)
    int64_t updated = 0;    // still hold, with other numbers (generated_at kept)
    int64_t unchanged = 0;  // still hold, same numbers
    int64_t resolved = 0;   // no longer hold
    int64_t purged = 0;     // resolved more than 90 days ago, deleted
};

// How far a stepped generation of the insights (InsightsJob) has come.
struct InsightsProgress {
    std::string phase;     // "reading", "computing", "comparing", "writing", "done"
    int64_t done = 0;      // units of work done in this phase (reads, SKUs, insights)
    int64_t total = 0;     // of this phase
    int64_t percent = 0;   // of the whole job, 0..100
    int64_t restarts = 0;  // started over because the data changed meanwhile
    int64_t steps = 0;     // Step calls that did work
};

// Metrics of a SKU on one channel, or over all channels (channel ""). Stock figures are the
// SKU's (stock is shared between channels); sales are the channel's.
struct SkuMetrics {
    std::string sku;
    std::string channel;
    int64_t units_7 = 0;  // units sold in the last 7 calendar days (today included)
    int64_t units_30 = 0;
    int64_t units_90 = 0;
    int64_t units_window = 0;  // in the velocity window (a setting)
    double velocity = 0;       // units per day: units_window / window days
    int64_t on_hand = 0;
    int64_t available = 0;
    std::optional<double> days_of_cover;  // available / velocity; none without sales
    double turnover_90 = 0;               // units sold in 90 days / on-hand (0 when on-hand <= 0)
    double sell_through_30 = 0;           // units_30 / (units_30 + on-hand), 0..1
    std::string last_sale_at;             // "" = never sold (here)
    std::optional<int64_t> days_since_last_sale;
    std::optional<int64_t> listing_age_days;  // the oldest active listing here
    std::optional<int64_t> price_minor;       // the listing's price, or the list price
    std::optional<int64_t> cost;              // 10^-4 of the currency (products.cost)
    int64_t fee_minor = 0;                    // the channel's fee at price_minor
    std::optional<int64_t> margin_e4;         // price - cost - fees, in 10^-4
    // The score, 0..100, is the mean of its four components, each 0..100.
    int64_t score = 0;
    int64_t score_velocity = 0;
    int64_t score_margin = 0;
    int64_t score_cover = 0;
    int64_t score_age = 0;
};

// A sale behind a metric: one order line.
struct SaleLine {
    std::string order_id;
    std::string channel;
    std::string ordered_at;
    std::string sku;
    int64_t quantity = 0;
};

// One line of the restock plan, with every number of its derivation:
//   demand = ceil(units_window x (lead + review) / window)
//   safety = ceil(units_window x safety_days / window)
//   need = demand + safety - available - inbound
//   quantity = need rounded up to moq, then to a multiple of pack_size (0 when need <= 0)
struct RestockLine {
    std::string sku;
    std::string supplier;              // "" = no valid vendor price: cannot be ordered
    std::optional<int64_t> unit_cost;  // 10^-4, the vendor price
    int64_t units_window = 0;
    int64_t window_days = 0;
    int64_t lead_time_days = 0;
    int64_t review_period_days = 0;
    int64_t safety_stock_days = 0;
    int64_t demand = 0;
    int64_t safety_stock = 0;
    int64_t available = 0;
    int64_t inbound = 0;
    int64_t need = 0;
    int64_t moq = 1;
    int64_t pack_size = 1;
    int64_t quantity = 0;
    std::string derivation;  // the same, as a sentence
};

struct RestockPlan {
    std::string planned_at;
    std::vector<RestockLine> lines;  // SKUs to order (quantity > 0), by supplier then SKU
};

}  // namespace stocktake::engine
