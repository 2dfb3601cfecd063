#include "insights_job.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>

#include "insights/metrics.h"
#include "insights/rules.h"
#include "stock/ledger.h"
#include "stocktake/time.h"
#include "store/store.h"
#include "store/stored_insights_pages.h"

namespace stocktake::engine {

namespace {

// Resolved insights are kept this long for history, then purged.
constexpr int64_t kPurgeAfterSeconds = int64_t{90} * 86400;

// The clock and settings, the availabilities, InputsReader's reads, prices and suppliers.
constexpr size_t kReadUnits = 2 + InputsReader::kReads + 2;

// Writes per unit of a stepped job's writing phase, each unit one transaction.
constexpr size_t kWritesPerUnit = 256;

// Units of computing or comparing between two reads of the clock in a Step of a budget of
// at least kCoarseBudgetUs (a frame's); a smaller one reads it after each unit.
constexpr size_t kSmallUnitsPerClockRead = 16;
constexpr int64_t kCoarseBudgetUs = 1000;

// Compares insights by key: the order of the insights table's primary key.
int CompareKey(const Insight& a, const Insight& b) {
    if (int c = a.sku.compare(b.sku)) return c;
    if (int c = a.channel.compare(b.channel)) return c;
    return a.kind.compare(b.kind);
}

// The plan of every SKU from the last one and the dirty SKUs' new lines: the last plan's
// lines of the other SKUs, and fresh (of dirty SKUs only), both by supplier then SKU, as
// RestockPlanner::Finish orders a whole plan.
RestockPlan MergePlans(const RestockPlan& last, const std::vector<std::string>& dirty,
                       RestockPlan fresh) {
    auto by_supplier = [](const RestockLine& a, const RestockLine& b) {
        return std::tie(a.supplier, a.sku) < std::tie(b.supplier, b.sku);
    };
    std::vector<RestockLine> kept;
    for (const RestockLine& line : last.lines) {
        if (!std::binary_search(dirty.begin(), dirty.end(), line.sku)) kept.push_back(line);
    }
    RestockPlan plan;
    plan.planned_at = fresh.planned_at;
    plan.lines.reserve(kept.size() + fresh.lines.size());
    std::merge(std::make_move_iterator(kept.begin()), std::make_move_iterator(kept.end()),
               std::make_move_iterator(fresh.lines.begin()),
               std::make_move_iterator(fresh.lines.end()), std::back_inserter(plan.lines),
               by_supplier);
    return plan;
}

}  // namespace

InsightsGeneration::InsightsGeneration(Engine* engine, std::string now, bool own_transaction,
                                       InsightsPaging paging)
    : engine_(engine), now_(std::move(now)), own_transaction_(own_transaction), paging_(paging) {
    // "" is the clock when the job starts, not at each restart: the job's result is as of
    // one instant.
    if (now_.empty()) now_ = FormatIso8601Utc(NowUnixSeconds());
    paging_.stored_insights = std::max<int64_t>(paging_.stored_insights, 1);
    Restart();
    restarts_ = 0;
}

void InsightsGeneration::Restart() {
    ++restarts_;
    started_generation_ = engine_->generation_;
    phase_ = Phase::kReading;
    next_ = 0;
    run_ = InsightRun{};
    context_.reset();
    changes_at_start_ = 0;
    data_version_ = 0;
    own_changes_ = 0;
    day_moved_ = false;
    reused_.reset();
    base_.reset();
    dirty_ = {};
    sku_reader_.reset();
    base_held_dirty_ = 0;
    stored_dirty_next_ = 0;
    reader_.reset();
    planner_.reset();
    availabilities_ = {};
    prices_ = {};
    suppliers_ = {};
    inputs_ = {};
    fresh_ = {};
    stored_read_ = false;
    stored_end_ = false;
    stored_ = {};
    stored_next_ = 0;
    puts_ = {};
    adds_ = {};
    resolutions_ = {};
}

Status InsightsGeneration::Step(int64_t budget_us) {
    if (done_) return Status::Ok();
    if (own_transaction_) {
        // An import keeps its transaction open across frames: its rows are not settled yet.
        if (engine_->store_->import_running()) return Status::Ok();
        if (engine_->generation_ != started_generation_) Restart();
    }
    ++steps_;
    const auto start = std::chrono::steady_clock::now();
    const size_t small_per_read = budget_us >= kCoarseBudgetUs ? kSmallUnitsPerClockRead : 1;
    for (size_t units = 1;; ++units) {
        Status status = DoUnit();
        if (!status.ok()) {
            done_ = true;
            phase_ = Phase::kDone;
            return status;
        }
        if (phase_ == Phase::kDone) break;
        // A unit of computing or comparing is one SKU or one insight, a few microseconds:
        // the clock read after each was 2% of a generation in wasm (a call out to JS).
        const bool small = phase_ == Phase::kComputing || phase_ == Phase::kComparing;
        if (small && units % small_per_read != 0) continue;
        if (std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count() >= budget_us) {
            break;
        }
    }
    return Status::Ok();
}

Status InsightsGeneration::DoUnit() {
    switch (phase_) {
        case Phase::kReading: return ReadUnit();
        case Phase::kComputing: ComputeUnit(); return Status::Ok();
        case Phase::kComparing: return CompareUnit();
        case Phase::kWriting: return Write();
        case Phase::kDone: return Status::Ok();
    }
    return Status::Ok();
}

Status InsightsGeneration::ReadUnit() {
    Store& store = *engine_->store_;
    // A stepped job's reads of one unit in one read transaction: outside one, each statement
    // takes and releases the file's lock (and natively re-checks its pages), per SKU here.
    if (base_)
        return own_transaction_ ? InTransaction(store, [&] { return ReadDirtyUnit(); })
                                : ReadDirtyUnit();
    const size_t unit = next_++;
    if (unit >= 2 && unit < 2 + InputsReader::kReads) {
        Result<bool> more = reader_->Read(unit - 2);
        if (!more.ok()) return more.status();
        if (more.value()) --next_;  // the same read again in the next unit
        return Status::Ok();
    }
    if (unit == 0) return ReadContext();
    if (unit == 1) {
        // Once per generation: the insights and the restock plan share it.
        Result<std::vector<Availability>> availabilities = engine_->Availabilities("");
        if (!availabilities.ok()) return availabilities.status();
        availabilities_ = std::move(availabilities.value());
        reader_ = std::make_unique<InputsReader>(store, *context_, availabilities_,
                                                 paging_.sales_skus, paging_.table_rows);
        return Status::Ok();
    }
    if (unit == 2 + InputsReader::kReads) {
        Result<std::vector<VendorPrice>> prices = store.catalog().VendorPrices("");
        if (!prices.ok()) return prices.status();
        prices_ = std::move(prices.value());
        return Status::Ok();
    }
    Result<std::vector<Supplier>> suppliers = store.purchasing().Suppliers();
    if (!suppliers.ok()) return suppliers.status();
    suppliers_ = std::move(suppliers.value());
    // Every read is done: what is left is computation over them.
    inputs_ = reader_->Take();
    reader_.reset();
    availabilities_ = {};
    StartComputing();
    return Status::Ok();
}

void InsightsGeneration::StartComputing() {
    planner_ = std::make_unique<RestockPlanner>(std::move(prices_), std::move(suppliers_),
                                                context_->settings);
    run_.skus = static_cast<int64_t>(inputs_.size());
    // Fewer than two insights hold per SKU at scale (1.8 in insights_bench): growing by
    // doubling moved each one about twice.
    fresh_.reserve(inputs_.size() * 2);
    phase_ = Phase::kComputing;
    next_ = 0;
}

Status InsightsGeneration::ReadDirtyUnit() {
    Store& store = *engine_->store_;
    if (!sku_reader_) {
        // A quarter of a sales page: each SKU is several seeks, where a page of the paged
        // sales read costs a few per SKU.
        sku_reader_ = std::make_unique<SkuInputsReader>(
            store, *context_, dirty_, std::max<int64_t>(paging_.sales_skus / 4, 1));
    }
    if (inputs_.empty()) {
        Result<bool> more = sku_reader_->Read();
        if (!more.ok()) return more.status();
        if (!more.value()) inputs_ = sku_reader_->Take();
        // No dirty SKU at all leaves inputs_ empty: the prices and suppliers are read anyway.
        if (more.value() || !inputs_.empty()) return Status::Ok();
    }
    if (prices_.empty()) {
        Result<std::vector<VendorPrice>> prices = store.catalog().VendorPrices("");
        if (!prices.ok()) return prices.status();
        prices_ = std::move(prices.value());
    }
    Result<std::vector<Supplier>> suppliers = store.purchasing().Suppliers();
    if (!suppliers.ok()) return suppliers.status();
    suppliers_ = std::move(suppliers.value());
    StartComputing();
    return Status::Ok();
}

Status InsightsGeneration::ReadContext() {
    Store& store = *engine_->store_;
    Result<InsightContext> context = MakeContext(store, now_);
    if (!context.ok()) return context.status();
    context_ = std::move(context.value());
    run_.generated_at = context_->now_text;
    Result<int64_t> data_version = store.db().DataVersion();
    if (!data_version.ok()) return data_version.status();
    data_version_ = data_version.value();
    changes_at_start_ = store.db().TotalChanges();
    std::shared_ptr<const InsightsMemo> last = engine_->store_->insights_memo();
    if (!last || last->changes != changes_at_start_ || last->data_version != data_version_ ||
        last->today != context_->today) {
        return FindDirty(std::move(last));
    }
    // Either instant may be the later one (a generation "as of" an earlier time).
    const auto [from, to] = std::minmax(last->now_text, context_->now_text);
    Result<bool> sold_between = store.sales().AnyOrderBetween(from, to);
    if (!sold_between.ok()) return sold_between.status();
    if (sold_between.value()) return FindDirty(std::move(last));
    // Every insight that held still holds with the same numbers; only the purge is left.
    reused_ = std::move(last);
    run_.unchanged = reused_->held;
    phase_ = Phase::kWriting;
    next_ = 0;
    return Status::Ok();
}

Status InsightsGeneration::FindDirty(std::shared_ptr<const InsightsMemo> last) {
    Store& store = *engine_->store_;
    const InsightsWrites& writes = store.insights_writes();
    // Every row written since the memo was written by an engine call that named its SKUs;
    // the clock only went forward (an "as of" earlier: windows would take sales back in).
    if (!last || last->data_version != data_version_ ||
        last->changes + writes.changes != changes_at_start_ || context_->today < last->today ||
        context_->now_text < last->now_text) {
        return Status::Ok();
    }
    // A kit's availability follows its components' stock: not bounded by the SKUs written.
    Result<std::vector<Kit>> kits = store.kits().Kits();
    if (!kits.ok()) return kits.status();
    if (!kits->empty()) return Status::Ok();
    std::vector<std::string> skus(writes.skus.begin(), writes.skus.end());
    // Sales count up to now: the orders dated between the two instants.
    Status found = store.sales().SkusOrderedBetween(last->now_text, context_->now_text, &skus);
    if (!found.ok()) return found;
    if (context_->today > last->today) {
        // What a day passing changes (docs/DECISIONS.md, "Insights: the per-SKU dirty set"):
        // the sales leaving a window whose units an insight or a restock line shows (30 days:
        // a reallocation's units_30; the velocity window), the last sales, products created
        // and listings opened that cross the slow threshold, listings crossing the aged one.
        InsightContext before = *context_;
        before.today = last->today;
        auto moved = [&](int64_t days) {
            return std::pair(WindowStart(before, days), WindowStart(*context_, days));
        };
        const InsightSettings& s = context_->settings;
        for (int64_t days : std::set<int64_t>{30, s.velocity_window_days, s.slow_days}) {
            const auto [from, to] = moved(days);
            found = store.sales().SkusOrderedBetween(from, to, &skus);
            if (!found.ok()) return found;
        }
        found =
            store.insights().SkusDatedBetween(moved(s.slow_days), moved(s.aged_days + 1), &skus);
        if (!found.ok()) return found;
    }
    std::sort(skus.begin(), skus.end());
    skus.erase(std::unique(skus.begin(), skus.end()), skus.end());
    // Most SKUs: the paged reads of the whole generation read them for less.
    if (static_cast<int64_t>(skus.size()) * 100 > last->skus * paging_.dirty_percent) {
        return Status::Ok();
    }
    dirty_ = std::move(skus);
    base_ = std::move(last);
    return Status::Ok();
}

void InsightsGeneration::ComputeUnit() {
    if (next_ < inputs_.size()) {
        SkuInputs& in = inputs_[next_++];
        const std::vector<SkuMetrics> metrics = ComputeMetrics(in, *context_);
        InsightsOf(in, metrics, *context_, &fresh_);
        planner_->Add(in, metrics[0]);
        // The SKU's inputs are not needed again: free them as we go.
        in = SkuInputs{};
    }
    if (next_ < inputs_.size()) return;
    inputs_ = {};
    phase_ = Phase::kComparing;
    next_ = 0;
}

Status InsightsGeneration::CompareUnit() {
    // The stored insights a page at a time, each page a unit: one statement over the whole
    // table was the longest step of a generation.
    if (stored_next_ == stored_.size() && !stored_end_) {
        if (base_) {
            return own_transaction_
                       ? InTransaction(*engine_->store_, [&] { return ReadStoredOfDirty(); })
                       : ReadStoredOfDirty();
        }
        const Insight* after = stored_read_ ? &stored_.back().insight : nullptr;
        Result<std::vector<StoredInsight>> page =
            StoredInsightsPage(engine_->store_->db(), after, paging_.stored_insights);
        if (!page.ok()) return page.status();
        stored_end_ = static_cast<int64_t>(page->size()) < paging_.stored_insights;
        // Nothing stored (the first generation): every insight that holds is added.
        if (!stored_read_ && page->empty()) adds_.reserve(fresh_.size());
        stored_ = std::move(page.value());
        stored_next_ = 0;
        stored_read_ = true;
        return Status::Ok();
    }
    // Both lists are in key order: one merge finds what is new, changed and gone; each unit
    // takes one step of it.
    const StoredInsight* stored = stored_next_ < stored_.size() ? &stored_[stored_next_] : nullptr;
    if (next_ < fresh_.size()) {
        Insight& insight = fresh_[next_];
        const StoredInsight* same = nullptr;
        if (stored != nullptr) {
            const int order = CompareKey(stored->insight, insight);
            if (order < 0) {
                Resolve(*stored);
                ++stored_next_;
                return Status::Ok();
            }
            if (order == 0) {
                same = stored;
                ++stored_next_;
            }
        }
        ++next_;
        const bool held = same != nullptr && same->resolved_at.empty();
        if (held && same->insight.details == insight.details) {
            ++run_.unchanged;
            return Status::Ok();
        }
        if (same == nullptr) {
            // No row of its key: its generated_at is now, which AddRange writes for an empty
            // one (a copy of now per insight was a malloc each, 181k at 100k SKUs).
            ++run_.added;
            adds_.push_back(std::move(insight));
            return Status::Ok();
        }
        insight.generated_at = held ? same->insight.generated_at : context_->now_text;
        ++(held ? run_.updated : run_.added);
        puts_.push_back(std::move(insight));
        return Status::Ok();
    }
    if (stored != nullptr) {
        Resolve(*stored);
        ++stored_next_;
        return Status::Ok();
    }
    fresh_ = {};
    stored_ = {};
    // The other SKUs' insights hold as they were.
    if (base_) run_.unchanged += base_->held - base_held_dirty_;
    phase_ = Phase::kWriting;
    next_ = 0;
    return Status::Ok();
}

Status InsightsGeneration::ReadStoredOfDirty() {
    // A page of the dirty SKUs' stored insights, in key order as dirty_ is; stored_read_
    // counts the SKUs read.
    stored_ = {};
    stored_next_ = 0;
    const size_t end =
        std::min(dirty_.size(), stored_dirty_next_ + static_cast<size_t>(paging_.stored_insights));
    for (; stored_dirty_next_ < end; ++stored_dirty_next_) {
        Result<std::vector<StoredInsight>> of =
            engine_->store_->insights().StoredOf(dirty_[stored_dirty_next_]);
        if (!of.ok()) return of.status();
        for (StoredInsight& stored : of.value()) {
            if (stored.resolved_at.empty()) ++base_held_dirty_;
            stored_.push_back(std::move(stored));
        }
    }
    stored_read_ = true;
    stored_end_ = stored_dirty_next_ == dirty_.size();
    return Status::Ok();
}

void InsightsGeneration::Resolve(const StoredInsight& gone) {
    if (!gone.resolved_at.empty()) return;
    ++run_.resolved;
    resolutions_.push_back(gone.insight);
}

Status InsightsGeneration::Write() {
    Store& store = *engine_->store_;
    const size_t writes = resolutions_.size() + puts_.size() + adds_.size();
    // Stepped, each unit commits its own few writes: a transaction held across frames
    // would refuse every other write meanwhile. What is committed is derived data only the
    // job's end announces (the generation moves then); a job stopped midway leaves rows
    // the next generation's merge finds as they are and finishes.
    const size_t end = own_transaction_ ? std::min(writes, next_ + kWritesPerUnit) : writes;
    // Until Settle, the insights table may be neither the last generation's nor this one's.
    if (next_ == 0) engine_->store_->insights_memo().reset();
    auto write = [&]() -> Status {
        for (; next_ < end && next_ < resolutions_.size(); ++next_) {
            Status ok = store.insights().Resolve(resolutions_[next_], context_->now_text);
            if (!ok.ok()) return ok;
        }
        // Then the rows replaced, then those inserted (distinct keys: any order will do).
        size_t first = resolutions_.size();
        if (next_ < end && next_ < first + puts_.size()) {
            const size_t stop = std::min(end, first + puts_.size());
            Status ok = store.insights().PutRange(puts_, next_ - first, stop - first);
            if (!ok.ok()) return ok;
            next_ = stop;
        }
        first += puts_.size();
        if (next_ < end) {
            Status ok =
                store.insights().AddRange(adds_, next_ - first, end - first, context_->now_text);
            if (!ok.ok()) return ok;
            next_ = end;
        }
        if (next_ < writes) return Status::Ok();
        // The day the stored details' dates are counted from when shown (day_counts.h).
        Result<bool> day_moved = store.insights().SetGenerationDay(context_->today);
        if (!day_moved.ok()) return day_moved.status();
        day_moved_ = day_moved.value();
        Result<int64_t> purged = store.insights().PurgeResolvedBefore(
            FormatIso8601Utc(context_->now - kPurgeAfterSeconds));
        if (!purged.ok()) return purged.status();
        run_.purged = purged.value();
        return Status::Ok();
    };
    const int64_t changes_before = store.db().TotalChanges();
    Status status = own_transaction_ ? InTransaction(store, write) : write();
    own_changes_ += store.db().TotalChanges() - changes_before;
    if (!status.ok()) return status;
    if (next_ < writes) return Status::Ok();
    puts_ = {};
    adds_ = {};
    resolutions_ = {};
    phase_ = Phase::kDone;
    done_ = true;
    if (own_transaction_) Settle();
    return Status::Ok();
}

void InsightsGeneration::Settle() {
    // A new day changes the day counts shown, also when no row changed.
    if (run_.added + run_.updated + run_.resolved + run_.purged > 0 || day_moved_) {
        ++engine_->generation_;
    }
    std::shared_ptr<RestockPlan> plan;
    if (reused_) {
        plan = std::make_shared<RestockPlan>(*reused_->plan);
        plan->planned_at = context_->now_text;
    } else if (base_) {
        plan = std::make_shared<RestockPlan>(
            MergePlans(*base_->plan, dirty_, planner_->Finish(context_->now_text)));
    } else {
        plan = std::make_shared<RestockPlan>(planner_->Finish(context_->now_text));
    }
    engine_->generated_plan_ = plan;
    engine_->generated_plan_generation_ = engine_->generation_;
    planner_.reset();
    // Remembered only if nothing but the job wrote while it ran (a write outside the
    // engine does not make a stepped job start over).
    Db& db = engine_->store_->db();
    // The writes noted so far are before this generation's reads (a write during a stepped
    // job starts it over): the memo set below, or none, covers them.
    engine_->store_->insights_writes() = {};
    Result<int64_t> data_version = db.DataVersion();
    if (!data_version.ok() || data_version.value() != data_version_ ||
        db.TotalChanges() != changes_at_start_ + own_changes_) {
        return;
    }
    auto memo = std::make_shared<InsightsMemo>();
    memo->changes = db.TotalChanges();
    memo->data_version = data_version_;
    memo->today = context_->today;
    memo->now_text = context_->now_text;
    memo->held = reused_ ? reused_->held : run_.added + run_.updated + run_.unchanged;
    memo->skus = reused_ ? reused_->skus : base_ ? base_->skus : run_.skus;
    memo->plan = std::move(plan);
    engine_->store_->insights_memo() = std::move(memo);
}

InsightsProgress InsightsGeneration::Progress() const {
    InsightsProgress progress;
    progress.restarts = restarts_;
    progress.steps = steps_;
    progress.done = static_cast<int64_t>(next_);
    // Weights of the phases in the whole, roughly their share of a generation's time.
    auto share = [](int64_t from, int64_t to, size_t done, size_t total) {
        return total == 0
                   ? from
                   : from + (to - from) * static_cast<int64_t>(done) / static_cast<int64_t>(total);
    };
    switch (phase_) {
        case Phase::kReading:
            progress.phase = "reading";
            progress.total = static_cast<int64_t>(kReadUnits);
            progress.percent = share(0, 50, next_, kReadUnits);
            break;
        case Phase::kComputing:
            progress.phase = "computing";
            progress.total = static_cast<int64_t>(inputs_.size());
            progress.percent = share(50, 80, next_, inputs_.size());
            break;
        case Phase::kComparing:
            progress.phase = "comparing";
            progress.total = static_cast<int64_t>(fresh_.size());
            progress.percent = share(80, 95, next_, fresh_.size());
            break;
        case Phase::kWriting:
            progress.phase = "writing";
            progress.total =
                static_cast<int64_t>(resolutions_.size() + puts_.size() + adds_.size());
            progress.percent = share(95, 100, next_, static_cast<size_t>(progress.total));
            break;
        case Phase::kDone:
            progress.phase = "done";
            progress.total = 1;
            progress.done = 1;
            progress.percent = 100;
            break;
    }
    return progress;
}

}  // namespace stocktake::engine
