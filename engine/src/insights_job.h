// InsightsGeneration: Engine::GenerateInsights as a job of small steps (InsightsJob), so the
// browser can spread a generation over frames. Internal to the engine; GenerateInsights is
// the same job run to the end inside one transaction.
//
// Phases, each a sequence of units of work: reading (the clock and settings, every SKU's
// availability, the tables of insights/inputs.h InputsReader, the sales a page of SKUs at a
// time, vendor prices and suppliers),
// computing (per SKU: its metrics, the insights that hold, its restock line), comparing (per
// insight that holds or stored one: merged with the stored ones, read a page at a time, in
// key order into the writes to make),
// writing (per write; stepped, a few hundred per transaction, so no transaction stays open
// between frames). A generation that finds its inputs as the last complete one saw them
// (InsightsMemo) goes from its first read straight to writing, with nothing to write but
// the purge. One that follows a complete generation whose every write since is noted with
// its SKUs (store.h InsightsWrites) computes only the dirty SKUs: those written and those
// whose result the passing of time can change (docs/DECISIONS.md, "Insights: the per-SKU
// dirty set"); the others keep their stored insights and restock lines.
// A step that finds the engine's generation moved since the job began
// starts over: what was read may be stale. The job moves the generation (and so announces
// its result) only when it is done.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "insights/inputs.h"
#include "insights/restock.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {

// Page sizes of a generation's long reads: each page is one unit of work, so no step of a
// stepped generation reads a whole table at once. A parameter so tests can page by one.
struct InsightsPaging {
    int64_t sales_skus = 2048;       // SKUs per page of the sales read
    int64_t stored_insights = 2048;  // stored insights per page of the comparison
    int64_t table_rows = 2048;       // products, active listings per page of their reads
    // The dirty SKUs are computed alone only while they are at most this share (percent) of
    // the SKUs: beyond it the paged reads of every SKU cost less than a read per SKU. Tests
    // raise it to take the dirty path whenever it is bounded.
    int64_t dirty_percent = 50;
};

// What the last complete generation saw and made. A generation with the same write mark
// (nothing written to the database since), the same local day (every threshold is in
// days) and no order dated between the two instants (sales are counted up to now) would
// compute the same insights and the same plan: it reuses them. docs/DECISIONS.md,
// "Insights: nothing changed, nothing computed".
struct InsightsMemo {
    int64_t changes = 0;       // Db::TotalChanges after the generation's own writes
    int64_t data_version = 0;  // Db::DataVersion: no other connection committed since
    int64_t today = 0;
    std::string now_text;
    int64_t held = 0;  // insights that hold after it
    int64_t skus = 0;  // SKUs with inputs as of the last generation that computed them all
    std::shared_ptr<const RestockPlan> plan;
};

class InsightsGeneration : public InsightsJob {
  public:
    // own_transaction: the write step opens its own transaction and the job checks the
    // engine's generation between steps; false when the caller holds one transaction
    // around the whole job (GenerateInsights).
    InsightsGeneration(Engine* engine, std::string now, bool own_transaction,
                       InsightsPaging paging = {});

    Status Step(int64_t budget_us) override;
    bool IsDone() const override { return done_; }
    InsightsProgress Progress() const override;
    const InsightRun& Run() const override { return run_; }

  private:
    enum class Phase { kReading, kComputing, kComparing, kWriting, kDone };
    void Restart();
    Status DoUnit();
    Status ReadUnit();
    // Unit 0: the clock, the settings and whether the last generation's result still holds.
    Status ReadContext();
    // After ReadContext: whether the last generation's memo bounds what can have changed;
    // if so, the SKUs to compute go to dirty_ (ascending) and base_ keeps the memo.
    Status FindDirty(std::shared_ptr<const InsightsMemo> last);
    // The dirty SKUs' reads (SkuInputsReader), then the vendor prices and suppliers.
    Status ReadDirtyUnit();
    // After the reads of either way: the planner, and on to computing.
    void StartComputing();
    void ComputeUnit();
    Status CompareUnit();
    // The next page of the dirty SKUs' stored insights (paging_.stored_insights SKUs).
    Status ReadStoredOfDirty();
    // A stored insight that held no longer holds (one already resolved stays as it is).
    void Resolve(const StoredInsight& gone);
    Status Write();
    // After the writes are committed: moves the engine's generation when something was
    // written and leaves the restock plan made alongside for Engine::PlanRestock.
    void Settle();
    friend class Engine;

    Engine* engine_;
    std::string now_;
    bool own_transaction_;
    InsightsPaging paging_;
    uint64_t started_generation_ = 0;
    Phase phase_ = Phase::kReading;
    bool done_ = false;
    size_t next_ = 0;  // the next unit of the phase
    int64_t restarts_ = 0;
    int64_t steps_ = 0;
    InsightRun run_;

    std::optional<InsightContext> context_;
    // The write mark as the first read found it, and the rows the job wrote itself since.
    int64_t changes_at_start_ = 0;
    int64_t data_version_ = 0;
    int64_t own_changes_ = 0;
    bool day_moved_ = false;  // the generation's local day was recorded anew
    // The last complete generation's memo when this one reuses it (nothing changed).
    std::shared_ptr<const InsightsMemo> reused_;
    // The memo of the last complete generation when only the dirty SKUs are computed.
    std::shared_ptr<const InsightsMemo> base_;
    std::vector<std::string> dirty_;
    std::unique_ptr<SkuInputsReader> sku_reader_;
    int64_t base_held_dirty_ = 0;   // of base_'s held insights, those of dirty SKUs
    size_t stored_dirty_next_ = 0;  // the next dirty SKU whose stored insights to read
    std::vector<Availability> availabilities_;
    std::unique_ptr<InputsReader> reader_;
    std::vector<VendorPrice> prices_;
    std::vector<Supplier> suppliers_;
    std::vector<SkuInputs> inputs_;
    std::unique_ptr<RestockPlanner> planner_;
    std::vector<Insight> fresh_;  // what holds, in key order
    // The stored insights, a page at a time (stored_ holds the current page).
    bool stored_read_ = false;  // a page has been read
    bool stored_end_ = false;   // the current page is the last
    std::vector<StoredInsight> stored_;
    size_t stored_next_ = 0;
    std::vector<Insight> puts_;         // updated, or held again: replace a stored row
    std::vector<Insight> adds_;         // added with no stored row; generated_at "" (now)
    std::vector<Insight> resolutions_;  // held, no longer hold
};

}  // namespace stocktake::engine
