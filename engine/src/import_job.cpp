#include "import_job.h"

#include <utility>

#include "stocktake/time.h"
#include "store/store.h"

namespace stocktake::engine {

namespace {

std::string NowText() {
    return FormatIso8601Utc(NowUnixSeconds());
}

constexpr std::string_view kChannelAmazon = "amazon";
constexpr std::string_view kMarketplaceUnknown = "";

}  // namespace

ListingsImportJob::ListingsImportJob(Engine* engine, std::string file_name) : engine_(engine) {
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

    decoded_ = DecodeText(std::move(bytes));
    report_.encoding = EncodingName(decoded_.encoding);
    reader_ = LineReader(decoded_.text());
    std::string_view line;
    int64_t line_number = 0;
    if (!reader_.Next(&line, &line_number)) return FailUnreadable(EmptyListingsFileMessage());
    Result<ListingsHeader> header = ParseListingsHeader(line);
    if (!header.ok()) return FailUnreadable(header.status().message());
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

Status ListingsImportJob::Step(int64_t max_rows) {
    if (done_ || max_rows <= 0) return Status::Ok();
    std::string_view line;
    int64_t line_number = 0;
    for (int64_t rows = 0; rows < max_rows && reader_.Next(&line, &line_number); ++rows) {
        Status status = ProcessLine(line, line_number);
        if (!status.ok()) return Abort(status, "");
    }
    UpdateProgress();
    if (reader_.AtEnd()) return Finish();
    return Status::Ok();
}

Status ListingsImportJob::ProcessLine(std::string_view line, int64_t line_number) {
    ++report_.total;
    SplitTabs(line, &fields_);
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
    first_line_by_sku_.emplace(row_.sku, line_number);
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
    const size_t text_size = decoded_.text().size();
    if (text_size == 0) return;
    // The decoded text can be longer than the file (windows-1252 -> UTF-8): scale.
    const double fraction =
        static_cast<double>(reader_.position()) / static_cast<double>(text_size);
    progress_.bytes_done =
        static_cast<int64_t>(fraction * static_cast<double>(progress_.bytes_total));
}

}  // namespace stocktake::engine
