// TableImportJob: imports one delimited file of any importable format into the Engine's
// store, or (dry run) reports what importing it would change. Internal to the engine;
// callers see the ImportJob interface in engine.h.
//
// Input: the request's bytes, or (a fed request) what the caller passes to Feed; either
// way the job hands the reader at most one chunk at a time from its input buffer, so a fed
// job holds one fed chunk plus one record, whatever the file's size.
// Reading the header checks the head of the file (CheckUploadBytes), settles the format
// (the request's override, the detected format, or a generic mapping: given, or saved for
// this header) and opens the one transaction every row goes into; Start does it at once
// when the bytes are there, a fed job in its first Steps. Step feeds the reader, converts
// each row (row_converter.h), skips in-file duplicates, applies the writes (RecordTable)
// and counts what changed. The last Step commits (or, in a dry run, rolls back).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "import/delimited_reader.h"
#include "import/first_import_cache.h"
#include "import/first_match_keys.h"
#include "import/flat_text_map.h"
#include "import/format_detect.h"
#include "import/row_converter.h"
#include "import/seen_keys.h"
#include "import/text_arena.h"
#include "stocktake/engine/engine.h"
#include "store/record_table.h"
#include "store/record_write.h"

namespace stocktake::engine {

// At most this many RowErrors / RecordChanges / MatchSuggestions are kept per job (in the
// report and in the database); the counts stay exact.
inline constexpr size_t kMaxStoredRowErrors = 1000;
inline constexpr size_t kMaxReportedChanges = 1000;
inline constexpr size_t kMaxReportedSuggestions = 1000;

class RecordTable;

class TableImportJob : public ImportJob {
  public:
    TableImportJob(Engine* engine, ImportRequest request);
    // A job dropped before it is done is cancelled.
    ~TableImportJob() override;

    // Marks the import running and, unless the request is fed, reads the header (below).
    // A file that cannot be imported is recorded as a failed job right away (the job is
    // then done); non-OK only for a storage failure. No decoded copy of the whole file is
    // ever made.
    Status Start();

    Status Step(int64_t max_rows) override;
    Status Feed(std::string_view bytes) override;
    Status FinishInput() override;
    void Cancel() override;
    bool IsDone() const override { return done_; }
    ImportProgress Progress() const override { return progress_; }
    const ImportReport& Report() const override { return report_; }

  private:
    // Checks the head, reads the header and settles the format, once enough input is
    // there (else it leaves progress_.needs_input set, to be called again).
    Status ReadHeader();
    // The reader's next record, feeding it the next chunk of input (or Finish) as needed;
    // kNeedInput when a fed job has handed the reader everything it was fed.
    Result<ReadState> NextRecord(DelimitedRecord* record);
    void NotePeakInput();
    // The binding for header, or the message for the seller saying why there is none.
    Result<FormatBinding> ChooseFormat(const std::vector<std::string>& header);
    Status ProcessRecord(std::span<const std::string_view> fields, int64_t line_number);
    Status ApplyWrites(int64_t line_number);
    Result<ChangeKind> ApplyOne(RecordTable& table, const RecordWrite& write, int64_t line_number);
    Status SuggestMatches(int64_t line_number);
    enum class MatchKey { kGtin14, kNameKey };
    // The smallest SKU other than sku whose product has key, or "".
    Result<std::string> OtherSkuWith(MatchKey which, std::string_view key, std::string_view sku);
    // Remembers the product's match keys for the probes of later rows (seen_keys.h,
    // first_match_keys.h).
    void NoteMatchKeys();
    // Stops answering the probes from memory: makes the catalogue's match indexes now.
    Status AskDatabaseForMatches();
    // Makes the indexes deferred while the tables filled (RecordTable::DeferIndexes).
    Status CreateDeferredIndexes();
    // Within a Step, new records and their ops are written many rows to a statement
    // (RecordTable::StartBatching, SyncRepo::BatchLocalOps); between Steps, when others may
    // use the database, nothing is pending.
    void StartBatchedStep();
    Status EndBatchedStep();
    // Copies record (read past the end of a Step to see whether the file ended).
    void KeepPending(const DelimitedRecord& record);
    void AddErrors(std::vector<RowError>* errors);
    // Ends a job that never opened its transaction: recorded as failed.
    Status FailUnreadable(std::string error);
    Status Finish();
    // Commits (with the deferred indexes made) or rolls back the import's transaction.
    Status EndTransaction(bool commit);
    // Inserts and finishes the job's history entry in a transaction of its own: for jobs
    // whose work was rolled back (failed, cancelled, previews).
    Status RecordWholeJob();
    // Whether the job gets a history entry: imports always, dry runs when asked.
    bool Recorded() const { return !request_.dry_run || request_.record_dry_run; }
    // Makes room in the job's maps for as many keys as the file seems to hold, from its
    // first rows (no rehash of a million keys as the file goes on).
    static constexpr int64_t kRowsBeforeReserve = 1024;
    void ReserveKeys();
    // Rolls back every row, records the job as failed with error, and ends the job.
    Status Abort(Status cause, std::string error);
    void MarkElapsed();
    void MarkDone();
    void UpdateProgress();

    Engine* engine_;
    ImportRequest request_;
    ImportReport report_;
    ImportProgress progress_;
    std::chrono::steady_clock::time_point started_;
    bool done_ = false;
    bool in_transaction_ = false;
    std::string now_;  // one timestamp for every row of this import
    // Tables that had no record clocks (nor tombstones) when the job began: a record that is
    // new to them can carry a created clock (ApplyOne).
    std::vector<const RecordTable*> unclocked_tables_;
    // The tables filled from empty are written in batches until another writer writes
    // between two Steps (Db::TotalChanges differs from what the last Step left).
    bool batch_tables_ = false;
    int64_t changes_after_step_ = 0;

    // The input: [input_pos_, size) is not yet handed to the reader.
    std::string input_;
    size_t input_pos_ = 0;
    bool input_finished_ = false;
    uint64_t input_total_ = 0;  // bytes received, for checking against request_.size
    bool utf16_ = false;        // NUL bytes are text in UTF-16
    bool head_checked_ = false;
    bool header_read_ = false;
    bool reader_finished_ = false;
    DelimitedReader reader_;
    uint64_t text_consumed_ = 0;  // decoded text handed out so far: progress estimate
    bool has_pending_ = false;
    int64_t pending_line_ = 0;
    std::string pending_text_;
    std::vector<std::string_view> pending_fields_;

    std::vector<std::string> header_;
    FormatBinding binding_;
    std::string signature_;
    bool save_mapping_ = false;
    ColumnMapping mapping_;
    std::unique_ptr<RowConverter> converter_;
    std::string key_column_;  // header name of the SKU column, for duplicate messages
    int64_t omitted_errors_ = 0;

    // Keys imported so far -> the line that had them, for duplicate detection.
    FlatTextMap<int64_t> first_line_by_key_;
    // The match keys this job wrote, to skip probes that cannot find anything.
    SeenKeys gtin14_seen_;
    SeenKeys name_keys_seen_;
    // While the catalogue's match indexes are deferred (a first import), the probes'
    // answers, exactly (first_match_keys.h); the seen keys are not kept then.
    bool match_keys_in_memory_ = false;
    FirstMatchKeys gtin14_first_;
    FirstMatchKeys name_key_first_;
    // A first import's small page cache (first_import_cache.h).
    FirstImportCache page_cache_;
    // Copies of keys that live as long as the job (record views do not outlive a chunk).
    TextArena kept_keys_{64 * 1024};

    // Per-row scratch, reused to avoid allocations.
    RowWrites writes_;
    std::string key_scratch_;
    std::vector<RowError> row_errors_;
    std::vector<FieldChange> diff_;
    CreatedRecord created_;      // a created record's values before ApplyOne changed it
    int64_t step_wall_ms_ = -1;  // the wall clock of this step's ops (StartBatchedStep)
};

}  // namespace stocktake::engine
