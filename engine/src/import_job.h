// ListingsImportJob: imports one Amazon All Listings report into the Engine's store.
// Internal to the engine; callers see the ImportJob interface in engine.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "import/amazon_listings.h"
#include "import/text_decode.h"
#include "import/tsv_lines.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {

// At most this many RowErrors are kept per job (in the report and in the database); the
// counts stay exact and the last kept message says how many were left out.
inline constexpr size_t kMaxStoredRowErrors = 1000;

class ListingsImportJob : public ImportJob {
  public:
    ListingsImportJob(Engine* engine, std::string file_name);
    // A job dropped before it is done is cancelled: its rows are rolled back and it is
    // recorded as failed.
    ~ListingsImportJob() override;

    // Checks and decodes the bytes and reads the header. An unreadable file is recorded
    // as a failed job right away (the job is then done); non-OK only for a storage failure.
    Status Start(std::string bytes);

    Status Step(int64_t max_rows) override;
    bool IsDone() const override { return done_; }
    ImportProgress Progress() const override { return progress_; }
    const ImportReport& Report() const override { return report_; }

  private:
    Status ProcessLine(std::string_view line, int64_t line_number);
    void AddErrors(std::vector<RowError>* errors);
    // Records report_ (state failed, with error) in its own transaction; changes nothing else.
    Status FailUnreadable(std::string error);
    // Commits the rows together with the final job record.
    Status Finish();
    // Writes the failed job and its error in a transaction of its own.
    Status RecordFailedJob();
    // Rolls back every row, records the job as failed with error, and ends the job.
    Status Abort(Status cause, std::string error);
    void MarkDone();
    void UpdateProgress();

    Engine* engine_;
    ImportReport report_;
    ImportProgress progress_;
    bool done_ = false;
    bool in_transaction_ = false;
    std::string now_;  // one timestamp for every row of this import

    DecodedText decoded_;
    LineReader reader_;
    ListingsHeader header_;
    int64_t omitted_errors_ = 0;
    // SKUs imported so far -> the line that had them, for duplicate detection.
    std::unordered_map<std::string_view, int64_t> first_line_by_sku_;

    // Per-row scratch, reused to avoid allocations.
    std::vector<std::string_view> fields_;
    ListingFields row_;
    std::vector<RowError> row_errors_;
};

}  // namespace stocktake::engine
