// ImportJobsRepo: the import_jobs and import_errors tables (the seller's import history).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stocktake/engine/types.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

class ImportJobsRepo {
  public:
    explicit ImportJobsRepo(Db* db) : db_(db) {}

    // Inserts a started job (file, format, encoding, state, start time); returns its id.
    // Finish() writes the outcome: counts, error, end time and the row errors.
    Result<int64_t> Insert(const ImportReport& report);
    // Writes the final state, counts, error and finish time of report.job_id, and its
    // row errors.
    Status Finish(const ImportReport& report);
    // Imports that ran (no previews), newest first, each with its row errors. limit < 0 = all.
    Result<std::vector<ImportReport>> History(int64_t limit);
    // Every job, previews and cancelled ones included, newest first, without row errors
    // (Errors() reads one job's). limit < 0 = all.
    Result<std::vector<ImportReport>> Jobs(int64_t limit);
    // One job's row errors in the order they were found; none for an unknown job.
    Result<std::vector<RowError>> Errors(int64_t job_id);

  private:
    Result<std::vector<ImportReport>> ReadJobs(const std::string& sql, int64_t limit);

    Db* db_;
};

ImportState ImportStateFromName(const std::string& name);

}  // namespace stocktake::engine
