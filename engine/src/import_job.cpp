#include "import_job.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "import/format_detect.h"
#include "stocktake/time.h"
#include "store/store.h"

namespace stocktake::engine {

namespace {

std::string NowText() {
    return FormatIso8601Utc(NowUnixSeconds());
}

constexpr std::string_view kChannelAmazon = "amazon";
constexpr std::string_view kMarketplaceUnknown = "";

// Bytes handed to the reader at a time: memory stays one chunk plus the longest record.
constexpr size_t kChunkBytes = size_t{1} << 20;
constexpr size_t kSkuBlockBytes = 64 * 1024;

// Amazon All Listings reports are always tab-separated, with Amazon's quoting (quotes are
// data; one pair wrapping a whole field is removed; a newline always ends a row).
DelimitedReaderOptions ListingsReaderOptions() {
    DelimitedReaderOptions options;
    options.delimiter = '\t';
    options.quoting = QuoteMode::kWrapOnly;
    return options;
}

}  // namespace

ListingsImportJob::ListingsImportJob(Engine* engine, std::string file_name)
    : engine_(engine), reader_(ListingsReaderOptions()) {
    now_ = NowText();
    report_.file_name = std::move(file_name);
    report_.format = std::string(kAmazonAllListingsFormat);
    report_.state = ImportState::kRunning;
    report_.started_at = now_;
}

ListingsImportJob::~ListingsImportJob() {
    if (!done_ && in_transaction_) {
        (void)Abort(Status::Ok(),
                    "The import was cancelled before it finished; nothing from this file was "
                    "saved. Import the file again to apply it.");
    }
}

Status ListingsImportJob::Start(std::string bytes) {
    progress_.bytes_total = static_cast<int64_t>(bytes.size());
    Status readable = CheckListingsFileBytes(bytes);
    if (!readable.ok()) return FailUnreadable(readable.message());
    bytes_ = std::move(bytes);

    DelimitedRecord record;
    Result<ReadState> state = NextRecord(&record);
    report_.encoding = SourceEncodingName(reader_.encoding());
    if (!state.ok()) return FailUnreadable(UnreadableListingsFileMessage(state.status().message()));
    if (state.value() != ReadState::kRecord) return FailUnreadable(EmptyListingsFileMessage());
    fields_.assign(record.fields.begin(), record.fields.end());
    for (const std::string_view field : fields_) text_consumed_ += field.size() + 1;
    Result<ListingsHeader> header = ParseListingsHeaderFields(fields_);
    if (!header.ok()) return FailUnreadable(HeaderFailureMessage(header.status()));
    header_ = std::move(header.value());

    Store& store = *engine_->store_;
    Status status = store.db().Begin();
    if (!status.ok()) return status;
    in_transaction_ = true;
    store.set_import_running(true);
    Result<int64_t> id = store.import_jobs().Insert(report_);
    if (!id.ok()) return Abort(id.status(), "");
    report_.job_id = id.value();
    UpdateProgress();
    return Status::Ok();
}

Result<ReadState> ListingsImportJob::NextRecord(DelimitedRecord* record) {
    for (;;) {
        Result<ReadState> state = reader_.Next(record);
        if (!state.ok() || state.value() != ReadState::kNeedInput) return state;
        if (bytes_fed_ < bytes_.size()) {
            const size_t n = std::min(kChunkBytes, bytes_.size() - bytes_fed_);
            Status status = reader_.Feed(std::string_view(bytes_).substr(bytes_fed_, n));
            bytes_fed_ += n;
            if (!status.ok()) return status;
        } else if (!reader_finished_) {
            reader_finished_ = true;
            Status status = reader_.Finish();
            if (!status.ok()) return status;
        } else {
            return Status::Internal("the reader asked for input after the end of the file");
        }
    }
}

std::string ListingsImportJob::HeaderFailureMessage(const Status& header_error) {
    // Read the header again with the delimiter sniffed, so a CSV export is recognised too.
    DelimitedReader sniffer;
    const std::string_view bytes(bytes_);
    DelimitedRecord record;
    size_t fed = 0;
    bool finished = false;
    for (;;) {
        Result<ReadState> state = sniffer.Next(&record);
        if (!state.ok() || state.value() == ReadState::kEnd) return header_error.message();
        if (state.value() == ReadState::kRecord) break;
        if (fed < bytes.size()) {
            const size_t n = std::min(kChunkBytes, bytes.size() - fed);
            if (!sniffer.Feed(bytes.substr(fed, n)).ok()) return header_error.message();
            fed += n;
        } else if (!finished) {
            finished = true;
            if (!sniffer.Finish().ok()) return header_error.message();
        } else {
            return header_error.message();
        }
    }
    const std::vector<std::string> cells(record.fields.begin(), record.fields.end());
    const Detection detection = DetectFormat(cells);
    if (detection.outcome != DetectOutcome::kRecognised || detection.candidates.empty()) {
        return header_error.message();
    }
    const FormatCandidate& best = detection.candidates.front();
    if (best.format_id == kAmazonAllListingsFormat) return header_error.message();
    report_.format = best.format_id;
    return OtherFormatMessage(best.display_name, best.confidence);
}

Status ListingsImportJob::Step(int64_t max_rows) {
    if (done_ || max_rows <= 0) return Status::Ok();
    int64_t rows = 0;
    if (has_pending_) {
        has_pending_ = false;
        Status status = ProcessRecord(pending_fields_, pending_line_);
        if (!status.ok()) return Abort(status, "");
        ++rows;
    }
    // One read past max_rows: a job whose last row was read finishes in the same Step.
    DelimitedRecord record;
    for (;; ++rows) {
        Result<ReadState> state = NextRecord(&record);
        if (!state.ok()) {
            report_.encoding = SourceEncodingName(reader_.encoding());
            return Abort(Status::Ok(), UnreadableListingsFileMessage(state.status().message()));
        }
        if (state.value() == ReadState::kEnd) {
            report_.encoding = SourceEncodingName(reader_.encoding());
            return Finish();
        }
        if (rows >= max_rows) {
            KeepPending(record);
            break;
        }
        Status status = ProcessRecord(record.fields, record.line);
        if (!status.ok()) return Abort(status, "");
    }
    UpdateProgress();
    return Status::Ok();
}

void ListingsImportJob::KeepPending(const DelimitedRecord& record) {
    pending_text_.clear();
    for (const std::string_view field : record.fields) pending_text_ += field;
    pending_fields_.clear();
    size_t offset = 0;
    for (const std::string_view field : record.fields) {
        pending_fields_.push_back(std::string_view(pending_text_).substr(offset, field.size()));
        offset += field.size();
    }
    pending_line_ = record.line;
    has_pending_ = true;
}

std::string_view ListingsImportJob::KeepSku(std::string_view sku) {
    if (sku_blocks_.empty() || sku_block_size_ - sku_block_used_ < sku.size()) {
        sku_block_size_ = std::max(kSkuBlockBytes, sku.size());
        sku_blocks_.push_back(std::make_unique<char[]>(sku_block_size_));
        sku_block_used_ = 0;
    }
    char* copy = sku_blocks_.back().get() + sku_block_used_;
    if (!sku.empty()) std::memcpy(copy, sku.data(), sku.size());
    sku_block_used_ += sku.size();
    return std::string_view(copy, sku.size());
}

Status ListingsImportJob::ProcessRecord(std::span<const std::string_view> fields,
                                        int64_t line_number) {
    ++report_.total;
    fields_.assign(fields.begin(), fields.end());
    for (const std::string_view field : fields_) text_consumed_ += field.size() + 1;
    row_errors_.clear();

    const std::string_view sku = header_.seller_sku < static_cast<int>(fields_.size())
                                     ? fields_[static_cast<size_t>(header_.seller_sku)]
                                     : std::string_view();
    if (!sku.empty()) {
        const auto first = first_line_by_sku_.find(sku);
        if (first != first_line_by_sku_.end()) {
            ++report_.duplicates;
            row_errors_.push_back(
                RowError{line_number, "seller-sku",
                         "seller-sku '" + std::string(sku) + "' is a duplicate of line " +
                             std::to_string(first->second) + "; the first row was kept"});
            AddErrors(&row_errors_);
            return Status::Ok();
        }
    }
    if (!ParseListingRow(header_, fields_, line_number, &row_, &row_errors_)) {
        ++report_.failed;
        AddErrors(&row_errors_);
        return Status::Ok();
    }

    ListingUpsert upsert;
    upsert.sku = row_.sku;
    upsert.name = row_.name;
    upsert.description = row_.description;
    upsert.product_id = row_.product_id;
    upsert.product_id_type = row_.product_id_type;
    upsert.channel = kChannelAmazon;
    upsert.marketplace = kMarketplaceUnknown;
    upsert.listing_id = row_.listing_id;
    upsert.asin = row_.asin;
    upsert.price_minor = row_.price_minor;
    upsert.quantity = row_.quantity;
    upsert.fulfillment = row_.fulfillment;
    upsert.status = row_.status;
    upsert.opened_at = row_.opened_at;
    Status status = engine_->store_->catalog().Upsert(upsert, now_);
    if (!status.ok()) return status;
    ++report_.successful;
    first_line_by_sku_.emplace(KeepSku(row_.sku), line_number);
    return Status::Ok();
}

void ListingsImportJob::AddErrors(std::vector<RowError>* errors) {
    for (RowError& error : *errors) {
        if (report_.errors.size() < kMaxStoredRowErrors) {
            report_.errors.push_back(std::move(error));
        } else {
            ++omitted_errors_;
        }
    }
    errors->clear();
}

Status ListingsImportJob::FailUnreadable(std::string error) {
    report_.state = ImportState::kFailed;
    report_.error = std::move(error);
    report_.finished_at = NowText();
    Status status = RecordFailedJob();
    MarkDone();
    return status;
}

Status ListingsImportJob::RecordFailedJob() {
    Store& store = *engine_->store_;
    Status status = store.db().Begin();
    if (!status.ok()) return status;
    Result<int64_t> id = store.import_jobs().Insert(report_);
    if (id.ok()) {
        report_.job_id = id.value();
        status = store.import_jobs().Finish(report_);
        if (status.ok()) status = store.db().Commit();
    } else {
        status = id.status();
    }
    if (!status.ok()) (void)store.db().Rollback();
    return status;
}

Status ListingsImportJob::Finish() {
    if (omitted_errors_ > 0 && !report_.errors.empty()) {
        report_.errors.back().message += " (" + std::to_string(omitted_errors_) +
                                         " more problems were omitted: only the first " +
                                         std::to_string(kMaxStoredRowErrors) +
                                         " are kept; the counts are exact)";
    }
    report_.state = ImportState::kSucceeded;
    report_.finished_at = NowText();
    Store& store = *engine_->store_;
    Status status = store.import_jobs().Finish(report_);
    if (status.ok()) status = store.db().Commit();
    if (!status.ok()) return Abort(status, "");
    in_transaction_ = false;
    MarkDone();
    return Status::Ok();
}

Status ListingsImportJob::Abort(Status cause, std::string error) {
    Store& store = *engine_->store_;
    (void)store.db().Rollback();
    in_transaction_ = false;
    report_.state = ImportState::kFailed;
    report_.successful = 0;
    report_.error = !error.empty()
                        ? std::move(error)
                        : "The import stopped because of a storage error, so nothing from this "
                          "file was saved: " +
                              cause.message();
    report_.finished_at = NowText();
    // Best effort: keep the failed attempt in the history.
    (void)RecordFailedJob();
    MarkDone();
    return cause;
}

void ListingsImportJob::MarkDone() {
    done_ = true;
    engine_->store_->set_import_running(false);
    ++engine_->generation_;
    progress_.done = true;
    progress_.bytes_done = progress_.bytes_total;
    progress_.rows_done = report_.total;
}

void ListingsImportJob::UpdateProgress() {
    progress_.rows_done = report_.total;
    // The reader does not say how much of what it was fed it has handed out: estimate from
    // the text of the rows read (UTF-16 takes about two bytes per character), never past
    // what was fed, never backwards, and below the total until the job is done.
    const uint64_t per_char = reader_.encoding() == SourceEncoding::kUtf16Le ||
                                      reader_.encoding() == SourceEncoding::kUtf16Be
                                  ? 2
                                  : 1;
    int64_t estimate =
        static_cast<int64_t>(std::min<uint64_t>(text_consumed_ * per_char, reader_.bytes_fed()));
    if (progress_.bytes_total > 0) estimate = std::min(estimate, progress_.bytes_total - 1);
    progress_.bytes_done = std::max(progress_.bytes_done, estimate);
}

}  // namespace stocktake::engine
