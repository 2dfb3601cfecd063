// Engine: the inventory engine's facade. Owns one SQLite database (a file, or ":memory:").
// Never does network or UI; the same code runs natively and in WebAssembly.
// Thread safety: one Engine per thread; an ImportJob must not outlive its Engine.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stocktake/engine/stock.h"
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
    // (e.g. disk full); bad rows are recorded in the report, not returned here.
    virtual Status Step(int64_t max_rows) = 0;
    // Stops the job: its rows are rolled back and (unless a dry run) it is recorded as a
    // cancelled, failed import. The job is done afterwards.
    virtual void Cancel() = 0;
    virtual bool IsDone() const = 0;
    virtual ImportProgress Progress() const = 0;
    virtual const ImportReport& Report() const = 0;
};

struct ImportRequest {
    ImportRequest() = default;
    // Detect the format and commit: the common case.
    ImportRequest(std::string name, std::string data)
        : file_name(std::move(name)), bytes(std::move(data)) {}

    std::string file_name;
    std::string bytes;   // the file as uploaded, any encoding the engine recognises
    std::string format;  // "" = detect from the header; else a ListFormats() id (override)
    // For generic_catalog: the user's mapping (saved for this header when the import
    // commits). Without it, a mapping saved earlier for the same header is used.
    std::optional<ColumnMapping> mapping;
    bool dry_run = false;  // preview: report what would change, write nothing
};

struct EngineOptions {
    // Keep SQLite's rollback journal in memory instead of a file beside the database.
    // For file systems that are memory already and are persisted only after a commit
    // (the browser's); a crash mid-transaction then loses nothing committed. Default: off.
    bool journal_in_memory = false;
    // SQLite page cache per connection, in KiB. Default: 32 MiB, so a 100k-row import
    // does not spill pages to the file system mid-transaction.
    int64_t cache_kib = 32768;
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
    // nothing. A file that cannot be read is described in FilePreview::error.
    Result<FilePreview> PreviewFile(std::string_view bytes, int64_t max_rows = 20) const;

    // Starts an import. The format is detected unless the request names one; a file whose
    // format cannot be settled fails with a report saying why (and what to choose). Fails
    // (non-OK) only when another import is still running or storage fails.
    Result<std::unique_ptr<ImportJob>> StartImport(ImportRequest request);
    // Convenience: StartImport + Step until done. Used by the CLI and tests.
    Result<ImportReport> ImportFile(ImportRequest request);
    // The same, detecting the format and committing.
    Result<ImportReport> ImportFile(std::string file_name, std::string bytes);

    // The generic-catalogue mapping saved for a header signature (FilePreview::signature).
    Result<std::optional<ColumnMapping>> SavedMapping(const std::string& signature) const;

    Result<std::vector<ListingRow>> Listings(const ListingQuery& query) const;
    Result<Summary> Summarize() const;
    Result<std::vector<ImportReport>> ImportHistory(int64_t limit) const;  // newest first
    // Every Amazon listing as an Amazon All Listings report (tab-separated): importing it
    // back changes nothing.
    Result<std::string> ExportAmazonListings() const;
    // Supplier prices, by supplier then SKU; sku "" = all.
    Result<std::vector<VendorPrice>> VendorPrices(const std::string& sku) const;

    // --- Stock: locations and the ledger (stocktake/engine/stock.h) ----------------------
    // Each write is one transaction; none can run while an import holds the database.

    // Adds a warehouse (no parent) or a bin (parent: an existing location).
    Status AddLocation(const Location& location);
    // Appends a movement and updates on-hand with it. Idempotent by id: recording an id
    // again returns the stored movement and changes nothing (a re-sent scan counts once);
    // the same id with other values is a conflict. Negative stock is accepted: it is a
    // physical fact, flagged by NegativeStock for reconciliation, never clamped.
    Result<Movement> RecordMovement(Movement movement);
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
    // On-hand, reserved and available per SKU; sku "" = every SKU with stock or orders.
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

    // Increases whenever data visible to readers changes; views re-query when it moves.
    uint64_t Generation() const;

  private:
    explicit Engine(std::unique_ptr<Store> store);
    std::unique_ptr<Store> store_;
    uint64_t generation_ = 0;
    friend class TableImportJob;
};

}  // namespace stocktake::engine
