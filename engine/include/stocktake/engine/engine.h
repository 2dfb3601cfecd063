// Engine: the inventory engine's facade. Owns one SQLite database (a file, or ":memory:").
// Never does network or UI; the same code runs natively and in WebAssembly.
// Thread safety: one Engine per thread; an ImportJob must not outlive its Engine.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stocktake/engine/types.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

// An import in progress. Step() does a bounded amount of work so a UI can keep drawing
// frames between steps. All rows land in one transaction: until the job succeeds, nothing
// in products/listings changes; a file that cannot be read changes nothing at all.
class ImportJob {
  public:
    virtual ~ImportJob() = default;
    // Processes up to max_rows data rows. Returns non-OK only for an engine failure
    // (e.g. disk full); bad rows are recorded in the report, not returned here.
    virtual Status Step(int64_t max_rows) = 0;
    virtual bool IsDone() const = 0;
    virtual ImportProgress Progress() const = 0;
    virtual const ImportReport& Report() const = 0;
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

    // Starts importing an Amazon All Listings report given as raw bytes (any encoding the
    // engine recognises). Fails only when another import is still running.
    Result<std::unique_ptr<ImportJob>> StartImport(std::string file_name, std::string bytes);
    // Convenience: StartImport + Step until done. Used by the CLI and tests.
    Result<ImportReport> ImportFile(std::string file_name, std::string bytes);

    Result<std::vector<ListingRow>> Listings(const ListingQuery& query) const;
    Result<Summary> Summarize() const;
    Result<std::vector<ImportReport>> ImportHistory(int64_t limit) const;  // newest first

    // Increases whenever data visible to readers changes; views re-query when it moves.
    uint64_t Generation() const;

  private:
    explicit Engine(std::unique_ptr<Store> store);
    std::unique_ptr<Store> store_;
    uint64_t generation_ = 0;
    friend class ListingsImportJob;
};

}  // namespace stocktake::engine
