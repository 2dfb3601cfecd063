// Engine's insight methods: settings, fees and product plans (written through the outbox),
// insight generation (derived, written directly), metrics and the restock plan. The
// computations are in insights/; their SQL in store/sales_repo and store/insights_repo.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "insights/day_counts.h"
#include "insights/inputs.h"
#include "insights/metrics.h"
#include "insights/restock.h"
#include "insights_job.h"
#include "stock/ledger.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/store.h"
#include "sync/outbox.h"

namespace stocktake::engine {

namespace {

std::string Now() {
    return FormatIso8601Utc(NowUnixSeconds());
}

// The inputs and metrics of every SKU at context's instant.
struct Snapshot {
    InsightContext context;
    std::vector<SkuInputs> inputs;
    std::vector<std::vector<SkuMetrics>> metrics;  // per input
};

}  // namespace

const std::vector<std::string>& InsightKinds() {
    static const std::vector<std::string>* const kKinds =
        new std::vector<std::string>{kSlowMover, kOutOfStock, kAgedListing,          kNegativeStock,
                                     kLowStock,  kOverstock,  kReallocationCandidate};
    return *kKinds;
}

bool IsInsightKind(std::string_view kind) {
    for (const std::string& known : InsightKinds()) {
        if (kind == known) return true;
    }
    return false;
}

Result<InsightSettings> Engine::GetInsightSettings() const {
    return LoadSettings(*store_);
}

Status Engine::SaveInsightSettings(const InsightSettings& settings) {
    for (const SettingField& field : SettingFields()) {
        const int64_t value = settings.*field.field;
        if (value < field.min || value > field.max) {
            return Status::InvalidArgument(
                std::string(field.name) + " must be " + std::to_string(field.min) + " to " +
                std::to_string(field.max) + " (got " + std::to_string(value) + ")");
        }
    }
    const std::string now = Now();
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<InsightSettings> stored = LoadSettings(*store_);
        if (!stored.ok()) return stored.status();
        for (const SettingField& field : SettingFields()) {
            const int64_t value = settings.*field.field;
            if (value == stored.value().*field.field) continue;
            Status ok = WriteRecord(*store_, "setting", {field.name}, {{"value", value}}, now);
            if (!ok.ok()) return ok;
        }
        return Status::Ok();
    });
    if (status.ok()) ++generation_;
    return status;
}

Result<std::vector<ChannelFee>> Engine::ChannelFees() const {
    return store_->insights().ChannelFees();
}

Status Engine::SaveChannelFee(const ChannelFee& fee) {
    if (fee.channel.empty()) return Status::InvalidArgument("a channel fee needs a channel");
    if (fee.percent_bp < 0 || fee.percent_bp > 10000) {
        return Status::InvalidArgument("the fee of " + fee.channel +
                                       " must be 0 to 10000 basis points (100%); got " +
                                       std::to_string(fee.percent_bp));
    }
    if (fee.fixed_minor < 0) {
        return Status::InvalidArgument("the fixed fee of " + fee.channel + " cannot be negative");
    }
    const std::string now = Now();
    Status status = InTransaction(*store_, [&]() -> Status {
        return WriteRecord(*store_, "channel_fee", {fee.channel},
                           {{"percent_bp", fee.percent_bp}, {"fixed_minor", fee.fixed_minor}}, now);
    });
    if (status.ok()) ++generation_;
    return status;
}

Result<std::vector<ProductPlan>> Engine::ProductPlans() const {
    return store_->insights().ProductPlans();
}

Status Engine::SaveProductPlan(const ProductPlan& plan) {
    if (plan.reorder_point && *plan.reorder_point < 0) {
        return Status::InvalidArgument("the reorder point of " + plan.sku + " cannot be negative");
    }
    const std::string now = Now();
    Status status = InTransaction(*store_, [&]() -> Status {
        Status ok = RequireProduct(*store_, plan.sku, "SKU");
        if (!ok.ok()) return ok;
        if (!plan.preferred_supplier.empty()) {
            Result<std::optional<Supplier>> supplier =
                store_->purchasing().FindSupplier(plan.preferred_supplier);
            if (!supplier.ok()) return supplier.status();
            if (!supplier.value()) {
                return Status::NotFound("supplier " + plan.preferred_supplier +
                                        " does not exist; add it first (stocktake supplier add)");
            }
        }
        nlohmann::json reorder =
            plan.reorder_point ? nlohmann::json(*plan.reorder_point) : nlohmann::json(nullptr);
        return WriteRecord(
            *store_, "product_plan", {plan.sku},
            {{"reorder_point", reorder}, {"preferred_supplier", plan.preferred_supplier}}, now);
    });
    if (status.ok()) ++generation_;
    return status;
}

// Reads every SKU's inputs and computes its metrics. The caller holds a transaction when
// it needs the reads to agree with each other.
static Result<Snapshot> TakeSnapshot(const Engine& engine, Store& store, const std::string& now) {
    Snapshot snapshot;
    Result<InsightContext> context = MakeContext(store, now);
    if (!context.ok()) return context.status();
    snapshot.context = std::move(context.value());
    Result<std::vector<Availability>> availabilities = engine.Availabilities("");
    if (!availabilities.ok()) return availabilities.status();
    Result<std::vector<SkuInputs>> inputs =
        GatherInputs(store, snapshot.context, availabilities.value());
    if (!inputs.ok()) return inputs.status();
    snapshot.inputs = std::move(inputs.value());
    snapshot.metrics.reserve(snapshot.inputs.size());
    for (const SkuInputs& in : snapshot.inputs) {
        snapshot.metrics.push_back(ComputeMetrics(in, snapshot.context));
    }
    return snapshot;
}

Result<InsightRun> Engine::GenerateInsights(const std::string& now) {
    // The stepped job run to its end in one step, inside one transaction: its reads agree
    // with each other whatever else writes the database.
    InsightsGeneration job(this, now, /*own_transaction=*/false);
    Status status = InTransaction(*store_, [&]() -> Status {
        while (!job.IsDone()) {
            Status step = job.Step(INT64_MAX);
            if (!step.ok()) return step;
        }
        return Status::Ok();
    });
    if (!status.ok()) return status;
    job.Settle();
    return job.Run();
}

std::unique_ptr<InsightsJob> Engine::StartInsights(const std::string& now) {
    return std::make_unique<InsightsGeneration>(this, now, /*own_transaction=*/true);
}

Result<std::vector<Insight>> Engine::Insights(const std::string& kind) const {
    if (!kind.empty() && !IsInsightKind(kind)) {
        return Status::InvalidArgument("unknown insight kind \"" + kind +
                                       "\"; use slow_mover, out_of_stock, aged_listing, "
                                       "negative_stock, low_stock, overstock or "
                                       "reallocation_candidate");
    }
    Result<std::vector<Insight>> insights = store_->insights().Current(kind);
    if (!insights.ok()) return insights;
    Result<std::optional<int64_t>> day = store_->insights().GenerationDay();
    if (!day.ok()) return day.status();
    if (day.value()) {
        for (Insight& insight : insights.value()) AddDayCounts(&insight, *day.value());
    }
    return insights;
}

Result<std::vector<SkuMetrics>> Engine::Metrics(const std::string& sku,
                                                const std::string& now) const {
    Result<Snapshot> snapshot = TakeSnapshot(*this, *store_, now);
    if (!snapshot.ok()) return snapshot.status();
    std::vector<SkuMetrics> rows;
    for (std::vector<SkuMetrics>& metrics : snapshot->metrics) {
        if (!sku.empty() && metrics[0].sku != sku) continue;
        for (SkuMetrics& m : metrics) rows.push_back(std::move(m));
    }
    return rows;
}

Result<std::vector<SaleLine>> Engine::SalesOf(const std::string& sku, const std::string& channel,
                                              const std::string& since) const {
    return store_->sales().Sales(sku, channel, since);
}

Result<std::vector<SaleLine>> Engine::SalesInLastDays(const std::string& sku,
                                                      const std::string& channel, int64_t days,
                                                      const std::string& now) const {
    if (days < 1) return Status::InvalidArgument("a sales window is at least one day");
    Result<InsightContext> context = MakeContext(*store_, now);
    if (!context.ok()) return context.status();
    Result<std::vector<SaleLine>> lines =
        store_->sales().Sales(sku, channel, WindowStart(context.value(), days));
    if (!lines.ok()) return lines.status();
    // Metrics count up to now; a line dated later is not behind the number.
    std::vector<SaleLine>& kept = lines.value();
    kept.erase(std::remove_if(kept.begin(), kept.end(),
                              [&](const SaleLine& l) { return l.ordered_at > context->now_text; }),
               kept.end());
    return lines;
}

Result<RestockPlan> Engine::PlanRestock(const std::string& now) const {
    if (generated_plan_ && generated_plan_generation_ == generation_ && !now.empty()) {
        // A generation of the insights made this plan from the same data at this instant.
        Result<int64_t> at = ParseIso8601(now);
        if (at.ok() && FormatIso8601Utc(at.value()) == generated_plan_->planned_at) {
            return *generated_plan_;
        }
    }
    Result<Snapshot> snapshot = TakeSnapshot(*this, *store_, now);
    if (!snapshot.ok()) return snapshot.status();
    Result<std::vector<VendorPrice>> prices = store_->catalog().VendorPrices("");
    if (!prices.ok()) return prices.status();
    Result<std::vector<Supplier>> suppliers = store_->purchasing().Suppliers();
    if (!suppliers.ok()) return suppliers.status();
    RestockPlanner planner(std::move(prices.value()), std::move(suppliers.value()),
                           snapshot->context.settings);
    for (size_t i = 0; i < snapshot->inputs.size(); ++i) {
        planner.Add(snapshot->inputs[i], snapshot->metrics[i][0]);
    }
    return planner.Finish(snapshot->context.now_text);
}

Result<std::vector<PurchaseOrder>> Engine::CreateRestockPurchaseOrders(const std::string& now) {
    Result<RestockPlan> plan = PlanRestock(now);
    if (!plan.ok()) return plan.status();
    std::vector<PurchaseOrder> drafts;
    for (const RestockLine& line : plan->lines) {
        if (line.supplier.empty()) continue;
        if (drafts.empty() || drafts.back().supplier_id != line.supplier) {
            PurchaseOrder po;
            po.supplier_id = line.supplier;
            po.notes = "restock plan of " + plan->planned_at;
            drafts.push_back(std::move(po));
        }
        PoLine po_line;
        po_line.sku = line.sku;
        po_line.quantity_ordered = line.quantity;
        po_line.cost = line.unit_cost;
        drafts.back().lines.push_back(std::move(po_line));
    }
    const std::string stamp = Now();
    std::vector<PurchaseOrder> stored;
    Status status = InTransaction(*store_, [&]() -> Status {
        for (const PurchaseOrder& draft : drafts) {
            Result<PurchaseOrder> po = InsertPurchaseOrder(draft, stamp);
            if (!po.ok()) return po.status();
            stored.push_back(std::move(po.value()));
        }
        return Status::Ok();
    });
    if (!status.ok()) return status;
    if (!stored.empty()) ++generation_;
    return stored;
}

}  // namespace stocktake::engine
