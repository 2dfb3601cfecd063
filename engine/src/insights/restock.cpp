#include "insights/restock.h"

#include <algorithm>
#include <tuple>

namespace stocktake::engine {

namespace {

int64_t CeilDiv(int64_t a, int64_t b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
}

// The preferred supplier's price when it is valid, else the cheapest valid one (ties: the
// supplier id).
const VendorPrice* ChooseVendor(const std::vector<VendorPrice>& prices,
                                const std::map<std::string, Supplier>& suppliers,
                                const std::string& preferred) {
    const VendorPrice* best = nullptr;
    for (const VendorPrice& price : prices) {
        if (suppliers.count(price.supplier) == 0) continue;
        if (price.supplier == preferred) return &price;
        if (!best || std::tie(price.cost, price.supplier) < std::tie(best->cost, best->supplier)) {
            best = &price;
        }
    }
    return best;
}

// The line's numbers, without its derivation (most lines of a plan are dropped unordered).
RestockLine PlanNumbers(const SkuInputs& in, const SkuMetrics& all,
                        const std::vector<VendorPrice>& prices,
                        const std::map<std::string, Supplier>& suppliers,
                        const InsightSettings& settings) {
    RestockLine line;
    line.sku = in.sku;
    const VendorPrice* vendor =
        ChooseVendor(prices, suppliers, in.plan ? in.plan->preferred_supplier : "");
    if (vendor) {
        line.supplier = vendor->supplier;
        line.unit_cost = vendor->cost;
        line.moq = vendor->moq.value_or(1);
        line.pack_size = vendor->pack_size.value_or(1);
        line.lead_time_days = vendor->lead_time_days.value_or(
            suppliers.at(vendor->supplier).lead_time_days.value_or(0));
    }
    line.units_window = all.units_window;
    line.window_days = settings.velocity_window_days;
    line.review_period_days = settings.review_period_days;
    line.safety_stock_days = settings.safety_stock_days;
    // Integer arithmetic throughout: units over the window, never a rounded velocity.
    line.demand = CeilDiv(line.units_window * (line.lead_time_days + line.review_period_days),
                          line.window_days);
    line.safety_stock = CeilDiv(line.units_window * line.safety_stock_days, line.window_days);
    line.available = in.availability.available;
    line.inbound = in.inbound;
    line.need = line.demand + line.safety_stock - line.available - line.inbound;
    if (line.need > 0) {
        line.quantity = CeilDiv(std::max(line.need, line.moq), line.pack_size) * line.pack_size;
    }
    return line;
}

// The line's numbers as a sentence.
void Derive(RestockLine* line) {
    const std::string w = std::to_string(line->window_days);
    line->derivation =
        "demand " + std::to_string(line->demand) + " = ceil(" + std::to_string(line->units_window) +
        " sold in " + w + " days x (" + std::to_string(line->lead_time_days) + " lead + " +
        std::to_string(line->review_period_days) + " review) / " + w + "); safety " +
        std::to_string(line->safety_stock) + " = ceil(" + std::to_string(line->units_window) +
        " x " + std::to_string(line->safety_stock_days) + " / " + w + "); need " +
        std::to_string(line->need) + " = " + std::to_string(line->demand) + " + " +
        std::to_string(line->safety_stock) + " - " + std::to_string(line->available) +
        " available - " + std::to_string(line->inbound) + " inbound; order " +
        std::to_string(line->quantity) + " (MOQ " + std::to_string(line->moq) + ", pack " +
        std::to_string(line->pack_size) + ")";
    if (line->supplier.empty()) line->derivation += "; no valid vendor price: cannot be ordered";
}

}  // namespace

std::optional<RestockLine> PlanRestockLine(const SkuInputs& in, const SkuMetrics& all,
                                           const std::vector<VendorPrice>& prices,
                                           const std::map<std::string, Supplier>& suppliers,
                                           const InsightSettings& settings) {
    if (in.availability.kit) return std::nullopt;
    RestockLine line = PlanNumbers(in, all, prices, suppliers, settings);
    Derive(&line);
    return line;
}

RestockPlanner::RestockPlanner(std::vector<VendorPrice> prices, std::vector<Supplier> suppliers,
                               const InsightSettings& settings)
    : settings_(settings) {
    for (VendorPrice& price : prices) prices_by_sku_[price.sku].push_back(std::move(price));
    for (Supplier& supplier : suppliers) supplier_by_id_[supplier.id] = std::move(supplier);
}

void RestockPlanner::Add(const SkuInputs& in, const SkuMetrics& all) {
    if (!in.product) return;  // only catalogue products can be ordered
    static const std::vector<VendorPrice> kNone;
    auto found = prices_by_sku_.find(in.sku);
    if (in.availability.kit) return;
    // PlanRestockLine's line, its sentence written only for the lines kept: 6% of the SKUs
    // at 100k, where writing every one was most of the plan's time.
    RestockLine line = PlanNumbers(in, all, found == prices_by_sku_.end() ? kNone : found->second,
                                   supplier_by_id_, settings_);
    if (line.quantity <= 0) return;
    Derive(&line);
    lines_.push_back(std::move(line));
}

RestockPlan RestockPlanner::Finish(const std::string& planned_at) {
    RestockPlan plan;
    plan.planned_at = planned_at;
    plan.lines = std::move(lines_);
    lines_.clear();
    std::stable_sort(
        plan.lines.begin(), plan.lines.end(),
        [](const RestockLine& a, const RestockLine& b) { return a.supplier < b.supplier; });
    return plan;
}

}  // namespace stocktake::engine
