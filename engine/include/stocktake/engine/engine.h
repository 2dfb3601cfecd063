// Engine: the inventory engine's facade. Owns one SQLite database (a file, or ":memory:").
// Never does network or UI; the same code runs natively and in WebAssembly.
// Thread safety: one Engine per thread; an ImportJob must not outlive its Engine.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stocktake/engine/barcode.h"
#include "stocktake/engine/channels.h"
#include "stocktake/engine/dashboard.h"
#include "stocktake/engine/device_local.h"
#include "stocktake/engine/insights.h"
#include "stocktake/engine/purchasing.h"
#include "stocktake/engine/stock.h"
#include "stocktake/engine/sync.h"
#include "stocktake/engine/types.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

// An import in progress. Step() does a bounded amount of work so a UI can keep drawing
// frames between steps. All rows land in one transaction: until the job succeeds, nothing
// in the catalogue changes; a file that cannot be read changes nothing at all. A dry run
// does the same work and rolls it back, so its report is exactly what the import would do.
class ImportJob {
  public:
    virtual ~ImportJob() = default;
    // Processes up to max_rows data rows. Returns non-OK only for an engine failure
    // (e.g. disk full); bad rows are recorded in the report, not returned here. Works only
    // on bytes already fed: a fed job that has read them all returns at once with
    // Progress().needs_input set.
    virtual Status Step(int64_t max_rows) = 0;
    // The file's next bytes, for a job whose request has `fed` set, in order and in chunks
    // of any size. Feed when Progress().needs_input: the job then holds at most what was
    // fed plus one record, so memory is bounded by the caller's chunk, not the file. Copies
    // bytes. Ignored once the job is done (e.g. cancelled while a read was under way);
    // InvalidArgument after FinishInput or for a request that is not fed.
    virtual Status Feed(std::string_view bytes) = 0;
    // The file has ended. A file shorter or longer than the request's size fails the
    // import (it changed while being read) and changes nothing.
    virtual Status FinishInput() = 0;
    // Stops the job: its rows are rolled back and (unless a dry run) it is recorded as a
    // cancelled, failed import. The job is done afterwards.
    virtual void Cancel() = 0;
    virtual bool IsDone() const = 0;
    virtual ImportProgress Progress() const = 0;
    virtual const ImportReport& Report() const = 0;
};

// A generation of the insights in steps (Engine::StartInsights), so the browser can spread
// it over frames: the same result as Engine::GenerateInsights. Between steps nothing is held
// open; a step that finds the engine's data changed since the job began starts it over, and
// the job writes everything it found in its last step, in one transaction.
class InsightsJob {
  public:
    virtual ~InsightsJob() = default;
    // Works for about budget_us microseconds (at least one unit of work: a read, a SKU, an
    // insight). Non-OK for a storage failure or a bad instant; the job is then done.
    virtual Status Step(int64_t budget_us) = 0;
    virtual bool IsDone() const = 0;
    virtual InsightsProgress Progress() const = 0;
    // What the generation changed, once done.
    virtual const InsightRun& Run() const = 0;
};

// How much of a file a preview needs (ample for 20 rows and the encoding decision), and
// the chunk size ImportFile reads a stream with.
inline constexpr int64_t kPreviewHeadBytes = int64_t{1} << 20;
inline constexpr int64_t kImportChunkBytes = int64_t{4} << 20;

struct ImportRequest {
    ImportRequest() = default;
    // Detect the format and commit: the common case.
    ImportRequest(std::string name, std::string data)
        : file_name(std::move(name)), bytes(std::move(data)) {}

    std::string file_name;
    // The file as uploaded, any encoding the engine recognises, when it is in memory
    // already. The job reads it a chunk at a time, as if it were fed.
    std::string bytes;
    // The file is not in bytes (which must be empty) but arrives after StartImport through
    // ImportJob::Feed and FinishInput: a browser File read a slice at a time, a stream.
    bool fed = false;
    int64_t size = -1;   // when fed: the file's size in bytes, for progress; -1 unknown
    std::string format;  // "" = detect from the header; else a ListFormats() id (override)
    // For generic_catalog: the user's mapping (saved for this header when the import
    // commits). Without it, a mapping saved earlier for the same header is used.
    std::optional<ColumnMapping> mapping;
    bool dry_run = false;  // preview: report what would change, write nothing
    // A dry run still gets its entry in the job history (ImportJobs): the browser's Imports
    // screen lists previews. Nothing else is written. Ignored without dry_run.
    bool record_dry_run = false;
};

struct EngineOptions {
    // Keep SQLite's rollback journal in memory instead of a file beside the database.
    // For file systems that are memory already and are persisted only after a commit
    // (the browser's); a crash mid-transaction then loses nothing committed. Default: off.
    bool journal_in_memory = false;
    // SQLite page cache per connection, in KiB. Default: 32 MiB, so a 100k-row import
    // does not spill pages to the file system mid-transaction.
    int64_t cache_kib = 32768;
    // The SQLite VFS that holds the file, by name; empty: SQLite's default (the OS's files).
    // The browser uses kMemoryVfsName (memory_vfs.h), registered before opening.
    std::string vfs;
    // Bytes of the file SQLite may read in place instead of copying pages into its cache
    // (PRAGMA mmap_size). Default 0: off. The memory VFS turns it on (memory_vfs.h).
    int64_t mmap_bytes = 0;
    // The page size of a database this creates (PRAGMA page_size; one that exists keeps its
    // own). Default 0: SQLite's, 4 KiB. The memory VFS takes 16 KiB (memory_vfs.h).
    int64_t page_bytes = 0;
};

class Engine {
  public:
    // Opens (creating if needed) the database at path and applies pending migrations.
    static Result<std::unique_ptr<Engine>> Open(const std::string& path,
                                                const EngineOptions& options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Highest applied schema migration.
    int SchemaVersion() const;

    // Reads the header and the first rows of a file and says which format it is; writes
    // nothing. A file that cannot be read is described in FilePreview::error. bytes is the
    // whole file, or (whole_file false) only its beginning, e.g. its first kPreviewHeadBytes:
    // then the last, partial line is not shown and the end-of-file checks are left out.
    Result<FilePreview> PreviewFile(std::string_view bytes, int64_t max_rows = 20,
                                    bool whole_file = true) const;

    // Starts an import. The format is detected unless the request names one; a file whose
    // format cannot be settled fails with a report saying why (and what to choose). Fails
    // (non-OK) only when another import is still running or storage fails.
    Result<std::unique_ptr<ImportJob>> StartImport(ImportRequest request);
    // Convenience: StartImport + Step until done. Used by the CLI and tests.
    Result<ImportReport> ImportFile(ImportRequest request);
    // The same for a file read from in, kImportChunkBytes at a time, whatever its size (request
    // is treated as fed; its bytes must be empty). A read error fails the import.
    Result<ImportReport> ImportFile(ImportRequest request, std::istream& in);
    // The same, detecting the format and committing.
    Result<ImportReport> ImportFile(std::string file_name, std::string bytes);

    // The generic-catalogue mapping saved for a header signature (FilePreview::signature).
    Result<std::optional<ColumnMapping>> SavedMapping(const std::string& signature) const;

    Result<std::vector<ListingRow>> Listings(const ListingQuery& query) const;
    Result<Summary> Summarize() const;
    Result<std::vector<ImportReport>> ImportHistory(int64_t limit) const;  // newest first
    // The Imports screen's history: every job, previews (dry_run) and cancelled imports
    // included, newest first, without row errors (ImportJobErrors reads one job's).
    Result<std::vector<ImportReport>> ImportJobs(int64_t limit) const;
    Result<std::vector<RowError>> ImportJobErrors(int64_t job_id) const;
    // Every Amazon listing as an Amazon All Listings report (tab-separated): importing it
    // back changes nothing.
    Result<std::string> ExportAmazonListings() const;
    // Supplier prices, by supplier then SKU; sku "" = all.
    Result<std::vector<VendorPrice>> VendorPrices(const std::string& sku) const;

    // --- Stock: locations and the ledger (stocktake/engine/stock.h) ----------------------
    // Each write is one transaction; none can run while an import holds the database.

    // Adds a warehouse (no parent) or a bin (parent: an existing location).
    Status AddLocation(const Location& location);
    // Every location, warehouses and bins, by id (a bin's id sorts after its parent's when
    // ids are paths, as "MAIN", "MAIN/A-01").
    Result<std::vector<Location>> Locations() const;
    // Appends a movement and updates on-hand with it. Idempotent by id: recording an id
    // again returns the stored movement and changes nothing (a re-sent scan counts once);
    // the same id with other values is a conflict. Negative stock is accepted: it is a
    // physical fact, flagged by NegativeStock for reconciliation, never clamped. For a kit
    // (DefineKit) the components move; the movement returned is the kit's as requested,
    // with its id, and the position of the last component movement.
    Result<Movement> RecordMovement(Movement movement);
    // Records several movements in one transaction, all or none (a scanner's session, a
    // ledger import): each as RecordMovement would; the first refusal names its index.
    Result<std::vector<Movement>> RecordMovements(const std::vector<Movement>& movements);
    // Moves quantity (> 0) of sku from one location to another: a transfer_out and a
    // transfer_in, together or not at all.
    Result<std::vector<Movement>> Transfer(const std::string& sku, const std::string& from,
                                           const std::string& to, int64_t quantity,
                                           const std::string& reason);
    // The newest ledger position: a counter's device notes it when a count begins.
    Result<int64_t> LedgerPosition() const;
    // Records a count and, when it differs from the ledger up to seen_position, the
    // count_adjust of (counted - expected) at counted_at. Idempotent by id.
    Result<Count> RecordCount(Count count);
    // The latest count per SKU and location (the counted-at date), newest first; sku "" =
    // all.
    Result<std::vector<Count>> LastCounts(const std::string& sku) const;
    // Records an order (or replaces the lines of an open one: channels revise orders). The
    // same (channel, external_id) again is the same order; a shipped or cancelled order
    // cannot be changed (Conflict).
    Status RecordOrder(const Order& order);
    // Ships an open order from location: one ship movement per line (ids derived from the
    // order, so shipping twice moves stock once) and status shipped, together.
    Result<std::vector<Movement>> ShipOrder(const std::string& channel,
                                            const std::string& external_id,
                                            const std::string& location);
    // Cancels an open order, releasing what it reserved.
    Status CancelOrder(const std::string& channel, const std::string& external_id);
    // Open orders with their lines, oldest first, at most limit (what a picker works on).
    Result<std::vector<Order>> OpenOrders(int64_t limit) const;
    // Orders matching query, newest first (by ordered_at, then channel and order number).
    // InvalidArgument for an unknown status or a limit <= 0.
    Result<std::vector<OrderSummary>> Orders(const OrderQuery& query) const;
    // One order with its lines, what each reserves and what shipped; nullopt when the order
    // is not recorded.
    Result<std::optional<OrderDetail>> FindOrder(const std::string& channel,
                                                 const std::string& external_id) const;
    // On-hand, reserved and available per SKU; sku "" = every SKU with stock or orders, and
    // every kit. A component's reserved includes its share of open orders for kits. A kit
    // (Availability::kit) has no stock of its own: its on_hand and available are both the
    // number of kits its components can still make, the minimum over components of
    // floor(component available / quantity per kit) (negative when a component is
    // oversold), and its reserved is 0 because its open orders reserve the components.
    Result<std::vector<Availability>> Availabilities(const std::string& sku) const;
    // On-hand per location from the maintained summary; sku "" = every SKU.
    Result<std::vector<StockLevel>> StockLevels(const std::string& sku) const;
    Result<std::vector<StockLevel>> NegativeStock() const;
    // On-hand at a past instant (ISO-8601), from the ledger; location "" = all locations.
    Result<int64_t> OnHandAt(const std::string& sku, const std::string& location,
                             const std::string& at) const;
    // "Why is on-hand N?": the movements that sum to it, oldest first.
    Result<std::vector<Movement>> ExplainOnHand(const std::string& sku,
                                                const std::string& location) const;
    // Recomputes on-hand from the ledger and lists every place the summary disagrees
    // (empty when all is well).
    Result<std::vector<StockMismatch>> CheckStockLevels() const;

    // --- Purchasing and kits (stocktake/engine/purchasing.h) -----------------------------
    // Each write is one transaction. Errors say what to do next: NotFound for an unknown
    // supplier, PO, SKU (not in the catalogue) or location; InvalidArgument for a quantity
    // <= 0 or > kMaxPurchaseQuantity; Conflict for a change the PO's status forbids.

    // Adds a supplier, or replaces every field of an existing one.
    Status SaveSupplier(const Supplier& supplier);
    Result<std::vector<Supplier>> Suppliers() const;  // by id
    Result<std::optional<Supplier>> FindSupplier(const std::string& id) const;

    // Creates a draft PO for an existing supplier, with the given lines (may be none).
    // An id already used is a conflict.
    Result<PurchaseOrder> CreatePurchaseOrder(const PurchaseOrder& draft);
    // Draft only: adds a line (a SKU already on the PO is refused: change that line), sets
    // a line's quantity and cost, removes a line. Each returns the PO as stored.
    Result<PurchaseOrder> AddPoLine(const std::string& po_id, const PoLine& line);
    Result<PurchaseOrder> SetPoLine(const std::string& po_id, const PoLine& line);
    Result<PurchaseOrder> RemovePoLine(const std::string& po_id, const std::string& sku);
    // draft -> ordered, stamping ordered_at; expected_at "" = now + the supplier's lead
    // time when it has one. A PO without lines cannot be ordered.
    Result<PurchaseOrder> OrderPurchaseOrder(const std::string& po_id,
                                             const std::string& expected_at = "");
    // Receives goods on an ordered or partially received PO: one receive movement per line
    // (id "po:<po>:<line>:<receipt>", reference "po:<po>"), together or not at all. The same
    // receipt id again moves nothing and reports already_recorded. Receiving more than a
    // line's open quantity is refused unless receipt.allow_over, and is then reported as
    // over_received. The status becomes partially_received or received.
    Result<PoReceiptResult> ReceivePurchaseOrder(const PoReceipt& receipt);
    // draft, ordered or partially_received -> cancelled. What was received stays in stock.
    Result<PurchaseOrder> CancelPurchaseOrder(const std::string& po_id);
    Result<PurchaseOrder> GetPurchaseOrder(const std::string& po_id) const;
    // With their lines, newest first; status "" = all.
    Result<std::vector<PurchaseOrder>> PurchaseOrders(const std::string& status) const;
    // Units on open POs (ordered or partially_received) not yet received, per SKU; sku "" =
    // every SKU with some inbound. For the restock plan.
    Result<std::vector<InboundStock>> Inbound(const std::string& sku) const;
    Result<int64_t> InboundQuantity(const std::string& sku) const;  // "" = over all SKUs

    // Defines a kit, or replaces its components. The kit and its components must be
    // products; a kit cannot contain itself or another kit, a component cannot become a
    // kit, and a SKU with stock on hand cannot become a kit (move its stock out first).
    // Once defined: an open order line for the kit reserves its components; ShipOrder ships
    // the components; RecordMovement of a sale, ship or return of the kit moves the
    // components instead (ids "<id>:<component>"), while other kinds, transfers and counts
    // of a kit are refused.
    Status DefineKit(const Kit& kit);
    Result<std::vector<Kit>> Kits() const;  // by SKU
    Result<std::optional<Kit>> FindKit(const std::string& sku) const;

    // --- Catalogue edits and sync (stocktake/engine/sync.h) -------------------------------
    // Every write above and below is also recorded, in its transaction, as an op in the
    // outbox (stocktake/op.h) for the sync protocol.

    // Creates a product or changes the fields the edit sets.
    Status SaveProduct(const ProductEdit& edit);
    // Deletes a product and its listings. Deletions are tombstones: an older edit from
    // another device arriving later does not bring the product back.
    Status DeleteProduct(const std::string& sku);

    // This device's id, made once when the database was created.
    Result<std::string> DeviceId() const;
    // This device's ops with sequence number > after, oldest first, at most limit.
    Result<std::vector<Op>> LocalOps(int64_t after, int64_t limit) const;
    // The outbox: this device's ops the server has not acknowledged yet, oldest first.
    Result<std::vector<Op>> PendingOps(int64_t limit) const;
    // The server has stored this device's ops up to and including seq.
    Status AcknowledgeOps(int64_t seq);
    // Applies ops made on other devices, in one transaction, each exactly once however
    // often and in whatever order they arrive: ledger facts merge by union, records field
    // by field, the latest clock winning (ties: the larger device id). A bad op is rejected
    // alone, with its reason; the others still apply.
    Result<std::vector<OpOutcome>> ApplyOps(const std::vector<Op>& ops);
    // ApplyOps for a page pulled from the server, saving the account's pull cursor in the
    // same transaction: a page is applied and remembered together, or not at all.
    Result<std::vector<OpOutcome>> ApplyPulledOps(const std::vector<Op>& ops, int64_t cursor);
    // How many ops the outbox holds (made here, not yet acknowledged by the server).
    Result<int64_t> PendingOpCount() const;
    Result<SyncAccount> LoadSyncAccount() const;
    Status SaveSyncAccount(const SyncAccount& account);

    // --- Barcodes (stocktake/engine/barcode.h) --------------------------------------------

    // The product a scanned code names: by a barcode link, then by the products' GTIN (a
    // GS1 element string's AI 01, or an EAN/UPC code, UPC-E expanded), then by exact SKU.
    // NotFound for a code nothing matches (offer LinkBarcode); InvalidArgument for a code
    // that cannot be read (a GS1 string with a wrong check digit, a date that does not
    // exist). A GS1 code's lot, expiry and count come back with the product.
    Result<ResolvedBarcode> ResolveBarcode(const std::string& code) const;
    // Links code to an existing product (NotFound otherwise), replacing an earlier link of
    // the same code. GTINs are stored as GTIN-14 and FNSKUs in upper case, so every form of
    // the code finds the link. Synced like other seller edits.
    Status LinkBarcode(const std::string& code, const std::string& sku);
    Result<std::vector<BarcodeLink>> BarcodeLinks(const std::string& sku) const;  // by code

    // Increases whenever data visible to readers changes; views re-query when it moves.
    uint64_t Generation() const;

    // --- Channels and the reallocation list (stocktake/engine/channels.h) -----------------
    // Nothing here calls a marketplace: channel actions produce the marketplace's own bulk
    // files. Rules and reallocation entries and moves are synced like other seller edits.

    // The registered channel plug-ins, by id.
    std::vector<ChannelInfo> Channels() const;
    // The rules stored for a registered channel, or the defaults (list all available).
    Result<ChannelRules> GetChannelRules(const std::string& channel) const;
    // Replaces a channel's rules. InvalidArgument for values out of range, NotFound for a
    // channel no plug-in registers.
    Status SaveChannelRules(const ChannelRules& rules);
    // Every listing on channel ("" = all channels) as its channel would show it at `at`
    // (ISO-8601; "" = now): the quantity after the rules, the SKU's velocity there over the
    // kVelocityWindowDays before `at`, and its oversell risk. By channel, SKU, marketplace.
    Result<std::vector<SimulatedListing>> SimulateChannels(const std::string& channel,
                                                           const std::string& at = "") const;
    // The channel's bulk file of options.kind for every listing on it, after its rules.
    // Unsupported when the channel does not opt into that file. Changes nothing stored.
    Result<BulkFile> ChannelFile(const std::string& channel,
                                 const ChannelExportOptions& options = {}) const;

    // Puts a SKU on the reallocation list for others to take.
    Result<ReallocationEntry> PushReallocation(const ReallocationPush& push);
    // Newest first; state "" = all.
    Result<std::vector<ReallocationEntry>> Reallocations(const std::string& state) const;
    // Takes quantity of an open entry: a ledger transfer, or the listings' quantities moving
    // from the origin channel to pull.channel; the entry becomes taken and the move is
    // audited, all in one transaction.
    Result<ReallocationMove> PullReallocation(const ReallocationPull& pull);
    // The audit of moves, newest first; sku "" = all.
    Result<std::vector<ReallocationMove>> ReallocationMoves(const std::string& sku) const;
    // Deletes the entries added more than kReallocationRetentionDays before `at` (""= now);
    // returns how many. Their moves stay in the audit.
    Result<int64_t> PurgeReallocations(const std::string& at = "");
    // The list as a CSV for spreadsheets: id, sku, channel_origin, reason, quantity, state,
    // added_at, added_by.
    Result<std::string> ReallocationsCsv() const;

    // --- Insights, metrics and the restock plan (stocktake/engine/insights.h) -------------
    // now is an ISO-8601 instant ("" = the system clock); days are counted to it in the
    // seller's zone (InsightSettings::utc_offset_minutes). Settings, fees and product plans
    // sync between devices; insights are derived on each device and never sync.

    Result<InsightSettings> GetInsightSettings() const;
    // Saves the settings that differ from the stored ones; InvalidArgument (naming the
    // setting and its range) for a value out of range, and then nothing is saved.
    Status SaveInsightSettings(const InsightSettings& settings);
    Result<std::vector<ChannelFee>> ChannelFees() const;  // by channel
    // Adds or replaces a channel's fee: percent_bp 0..10000, fixed_minor >= 0.
    Status SaveChannelFee(const ChannelFee& fee);
    Result<std::vector<ProductPlan>> ProductPlans() const;  // by SKU
    // Adds or replaces a product's planning fields. NotFound for a SKU that is not a
    // product or a preferred supplier that is not recorded.
    Status SaveProductPlan(const ProductPlan& plan);

    // Brings the insights up to date at now, in one transaction: new ones are added with
    // generated_at now, those that still hold keep their generated_at (their details follow
    // the numbers), those that no longer hold are resolved, and those resolved more than 90
    // days ago are purged. Running it again with nothing changed changes nothing.
    Result<InsightRun> GenerateInsights(const std::string& now = "");
    // GenerateInsights in steps (InsightsJob), for a caller that must not block for its
    // whole length. now is fixed when the job starts ("" = the system clock then).
    std::unique_ptr<InsightsJob> StartInsights(const std::string& now = "");
    // The insights that hold (as of the last GenerateInsights), by kind, SKU, channel;
    // kind "" = all. InvalidArgument for an unknown kind.
    Result<std::vector<Insight>> Insights(const std::string& kind = "") const;
    // Metrics at now: sku's rows (over all channels, then per channel); sku "" = every SKU.
    Result<std::vector<SkuMetrics>> Metrics(const std::string& sku,
                                            const std::string& now = "") const;
    // The sales behind a metric: sku's order lines on channel ("" = all) at or after since.
    Result<std::vector<SaleLine>> SalesOf(const std::string& sku, const std::string& channel,
                                          const std::string& since) const;
    // The order lines behind a "units sold over N days" metric at now: SalesOf from the first
    // instant of the window Metrics counts (today and the days - 1 before it, in the
    // seller's zone) up to now. InvalidArgument for days < 1.
    Result<std::vector<SaleLine>> SalesInLastDays(const std::string& sku,
                                                  const std::string& channel, int64_t days,
                                                  const std::string& now = "") const;
    // The restock plan at now: every product that needs ordering, with its derivation.
    Result<RestockPlan> PlanRestock(const std::string& now = "") const;
    // Turns the plan into draft purchase orders, one per supplier, in one transaction
    // (lines without a valid vendor price are left out). Returns the drafts, by supplier.
    Result<std::vector<PurchaseOrder>> CreateRestockPurchaseOrders(const std::string& now = "");

    // --- The catalogue screens (stocktake/engine/dashboard.h) ----------------------------
    // Stock on hand and its value at cost, from the maintained stock levels.
    Result<StockValuation> ValueStock() const;
    // Units sold per UTC day over the `days` days ending with now's day, oldest first, one
    // entry per day (0 on a day without sales). InvalidArgument unless 1 <= days <= 366.
    Result<std::vector<DailyUnits>> UnitsSoldPerDay(int64_t days,
                                                    const std::string& now = "") const;

    // --- This device only (stocktake/engine/device_local.h; never synced) ----------------
    // The name this device gives the server for its device list ("" = let the server name
    // it from the browser).
    Result<std::string> DeviceName() const;
    // Trimmed; InvalidArgument for control characters or more than 80 bytes.
    Status SaveDeviceName(const std::string& name);
    // The scanner's work in progress as last saved (an empty session, mode "", if none).
    Result<ScanSession> LoadScanSession() const;
    // Replaces it in one transaction. Does not move Generation(): nothing readers show changed.
    Status SaveScanSession(const ScanSession& session);

  private:
    Result<std::vector<OpOutcome>> ApplyOpsSavingCursor(const std::vector<Op>& ops,
                                                        std::optional<int64_t> cursor);
    explicit Engine(std::unique_ptr<Store> store);
    // Loads a draft PO, applies change (which writes its lines), then writes the header
    // (updated_at now), all in one transaction; returns the PO as stored.
    Result<PurchaseOrder> EditDraftPo(
        const std::string& po_id,
        const std::function<Status(PurchaseOrder&, const std::string& now)>& change);
    // CreatePurchaseOrder's work inside a transaction the caller holds.
    Result<PurchaseOrder> InsertPurchaseOrder(PurchaseOrder po, const std::string& now);
    std::unique_ptr<Store> store_;
    uint64_t generation_ = 0;
    // The restock plan a generation of the insights made alongside them, from the same
    // reads, and the generation of the data it holds for: PlanRestock at the same instant
    // with nothing changed since returns it instead of reading everything again.
    std::shared_ptr<const RestockPlan> generated_plan_;
    uint64_t generated_plan_generation_ = 0;
    friend class TableImportJob;
    friend class InsightsGeneration;
};

}  // namespace stocktake::engine
