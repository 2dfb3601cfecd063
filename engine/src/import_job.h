// ListingsImportJob: imports one Amazon All Listings report into the Engine's store.
// Internal to the engine; callers see the ImportJob interface in engine.h.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "import/amazon_listings.h"
#include "import/delimited_reader.h"
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

    // Checks the bytes and reads the header. An unreadable file is recorded as a failed
    // job right away (the job is then done); non-OK only for a storage failure. The bytes
    // are kept and fed to the reader a chunk at a time as Step needs rows: no decoded copy
    // of the whole file is made.
    Status Start(std::string bytes);

    Status Step(int64_t max_rows) override;
    bool IsDone() const override { return done_; }
    ImportProgress Progress() const override { return progress_; }
    const ImportReport& Report() const override { return report_; }

  private:
    // The reader's next record, feeding it the next chunk of bytes_ (or Finish) as needed.
    Result<ReadState> NextRecord(DelimitedRecord* record);
    // Called when the header is not an All Listings header: the message for the seller,
    // naming another known format when the header looks like one (sets report_.format).
    std::string HeaderFailureMessage(const Status& header_error);
    Status ProcessRecord(std::span<const std::string_view> fields, int64_t line_number);
    // Copies record (read past the end of a Step to see whether the file ended) for the
    // next Step.
    void KeepPending(const DelimitedRecord& record);
    // Keeps a copy of sku for duplicate detection; the view stays valid for the job.
    std::string_view KeepSku(std::string_view sku);
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

    std::string bytes_;     // the file as uploaded
    size_t bytes_fed_ = 0;  // bytes_[0, bytes_fed_) went to the reader
    bool reader_finished_ = false;
    DelimitedReader reader_;
    // Decoded text handed out so far (fields, delimiters, line ends): progress estimate.
    uint64_t text_consumed_ = 0;
    // A row read ahead by the last Step, to finish in the same Step as the last row.
    bool has_pending_ = false;
    int64_t pending_line_ = 0;
    std::string pending_text_;
    std::vector<std::string_view> pending_fields_;
    ListingsHeader header_;
    int64_t omitted_errors_ = 0;
    // SKUs imported so far -> the line that had them, for duplicate detection. The keys view
    // copies in sku_blocks_ (record views do not outlive the next chunk).
    std::unordered_map<std::string_view, int64_t> first_line_by_sku_;
    std::vector<std::unique_ptr<char[]>> sku_blocks_;
    size_t sku_block_used_ = 0;
    size_t sku_block_size_ = 0;

    // Per-row scratch, reused to avoid allocations.
    std::vector<std::string_view> fields_;
    ListingFields row_;
    std::vector<RowError> row_errors_;
};

}  // namespace stocktake::engine
