#include "import_job.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

#include "import/upload_checks.h"
#include "stocktake/time.h"
#include "store/store.h"
#include "sync/outbox.h"
#include "sync/records.h"

namespace stocktake::engine {

namespace {

// Bytes handed to the reader at a time: its text stays one chunk plus the longest record.
constexpr size_t kChunkBytes = size_t{1} << 20;

std::string NowText() {
    return FormatIso8601Utc(NowUnixSeconds());
}

std::string JoinHeader(const std::vector<std::string>& header) {
    std::string text;
    for (const std::string& cell : header) {
        if (!text.empty()) text += ", ";
        text += cell;
    }
    return text;
}

std::string_view FieldText(const RecordWrite& write, int column) {
    for (const auto& [field, value] : write.fields) {
        if (field == column && value.kind == FieldValue::Kind::kText) return value.text;
    }
    return {};
}

}  // namespace

TableImportJob::TableImportJob(Engine* engine, ImportRequest request)
    : engine_(engine), request_(std::move(request)), started_(std::chrono::steady_clock::now()) {
    now_ = NowText();
    report_.file_name = request_.file_name;
    report_.format = request_.format;
    report_.dry_run = request_.dry_run;
    report_.state = ImportState::kRunning;
    report_.started_at = now_;
    if (request_.fed) {
        progress_.bytes_total = std::max<int64_t>(request_.size, 0);
    } else {
        // The request's bytes become the input, whole: nothing more will come.
        input_ = std::move(request_.bytes);
        request_.bytes = std::string();
        input_total_ = input_.size();
        input_finished_ = true;
        progress_.bytes_total = static_cast<int64_t>(input_.size());
    }
}

TableImportJob::~TableImportJob() {
    if (!done_) Cancel();
}

void TableImportJob::Cancel() {
    if (done_) return;
    report_.cancelled = true;
    (void)Abort(Status::Ok(),
                "The import was cancelled before it finished; nothing from this file was saved. "
                "Import the file again to apply it.");
}

Status TableImportJob::Start() {
    // From now on no other import (or stock write) may start, even while a fed job waits
    // for its first bytes; MarkDone ends it.
    engine_->store_->set_import_running(true);
    NotePeakInput();
    return ReadHeader();
}

Status TableImportJob::Feed(std::string_view bytes) {
    if (!request_.fed) return Status::InvalidArgument("this import reads its request's bytes");
    if (done_) return Status::Ok();
    if (input_finished_) return Status::InvalidArgument("Feed after FinishInput");
    // Keep only what the reader has not been handed yet (nothing, when fed as asked).
    input_.erase(0, input_pos_);
    input_pos_ = 0;
    input_.append(bytes);
    input_total_ += bytes.size();
    progress_.needs_input = false;
    NotePeakInput();
    return Status::Ok();
}

Status TableImportJob::FinishInput() {
    if (!request_.fed) return Status::InvalidArgument("this import reads its request's bytes");
    if (done_) return Status::Ok();
    input_finished_ = true;
    progress_.needs_input = false;
    if (request_.size >= 0 && input_total_ != static_cast<uint64_t>(request_.size)) {
        std::string error = "The file changed while it was being read (" +
                            std::to_string(input_total_) + " bytes arrived";
        error += ", " + std::to_string(request_.size) + " were expected), so nothing from it ";
        error += "was saved. Choose the file again to import it as it is now.";
        return in_transaction_ ? Abort(Status::Ok(), std::move(error))
                               : FailUnreadable(std::move(error));
    }
    return Status::Ok();
}

void TableImportJob::NotePeakInput() {
    const auto held = static_cast<int64_t>(input_.capacity() + reader_.buffer_capacity());
    progress_.peak_input_bytes = std::max(progress_.peak_input_bytes, held);
}

Status TableImportJob::ReadHeader() {
    if (!head_checked_) {
        // The head is judged whole, however it was fed, so the outcome cannot depend on
        // chunk sizes. Nothing has been handed to the reader yet: input_ starts the file.
        if (input_.size() < kUploadCheckBytes && !input_finished_) {
            progress_.needs_input = true;
            return Status::Ok();
        }
        Status readable = CheckUploadBytes(input_);
        if (!readable.ok()) return FailUnreadable(readable.message());
        const auto byte = [&](size_t i) { return static_cast<unsigned char>(input_[i]); };
        utf16_ = input_.size() >= 2 &&
                 ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF));
        head_checked_ = true;
    }
    DelimitedRecord record;
    Result<ReadState> state = NextRecord(&record);
    report_.encoding = SourceEncodingName(reader_.encoding());
    if (!state.ok()) return FailUnreadable(UnreadableFileMessage(state.status().message()));
    if (state.value() == ReadState::kNeedInput) {
        progress_.needs_input = true;
        return Status::Ok();
    }
    if (state.value() != ReadState::kRecord) return FailUnreadable(EmptyFileMessage());
    header_read_ = true;
    header_.assign(record.fields.begin(), record.fields.end());
    for (const std::string& cell : header_) text_consumed_ += cell.size() + 1;

    Result<FormatBinding> binding = ChooseFormat(header_);
    if (!binding.ok()) return FailUnreadable(binding.status().message());
    binding_ = std::move(binding.value());
    report_.format = binding_.format_id;
    Result<std::unique_ptr<RowConverter>> converter = MakeRowConverter(binding_, header_);
    if (!converter.ok()) return FailUnreadable(converter.status().message());
    converter_ = std::move(converter.value());
    report_.notes = converter_->notes();
    const auto sku = binding_.fields.find("sku");
    if (sku != binding_.fields.end() && sku->second >= 0 &&
        static_cast<size_t>(sku->second) < header_.size()) {
        key_column_ = header_[static_cast<size_t>(sku->second)];
    }

    Store& store = *engine_->store_;
    // The match probes read the name-key index, which the last first import may have left
    // to this one (CreateDeferredIndexes): made on its own, so a preview's rollback keeps it.
    Status status = store.catalog().EnsureNameKeyIndex();
    if (!status.ok()) return Abort(status, "");
    // Every row writes its product before its listing, so the references hold (foreign
    // keys are not enforced by SQLite: db.cpp).
    status = store.db().Begin();
    if (!status.ok()) return status;
    in_transaction_ = true;
    store.set_import_running(true);
    for (RecordTable* table : {&store.products(), &store.listings(), &store.vendor_prices()}) {
        status = table->AssumeEmptyIfEmpty();
        if (!status.ok()) return Abort(status, "");
        // Nor any clocks or tombstones: then the outbox need not look them up either.
        Result<bool> clocked = store.sync().AnyClocks(table->spec().entity);
        if (!clocked.ok()) return Abort(clocked.status(), "");
        if (!clocked.value()) unclocked_tables_.push_back(table);
    }
    // A first import: the catalogue holds only what this job writes (seen_keys.h).
    const bool first_import = store.products().assuming_empty();
    gtin14_seen_.Enable(first_import);
    name_keys_seen_.Enable(first_import);
    // A table the job fills from empty gets its secondary indexes after the rows (one sort
    // each instead of a random insert per row); the catalogue's match probes are answered
    // from memory meanwhile (first_match_keys.h).
    for (RecordTable* table : {&store.products(), &store.listings(), &store.vendor_prices()}) {
        if (!table->assuming_empty()) continue;
        status = table->DeferIndexes();
        if (!status.ok()) return Abort(status, "");
    }
    match_keys_in_memory_ = first_import;
    batch_tables_ = true;
    const bool fills_from_empty = store.products().assuming_empty() ||
                                  store.listings().assuming_empty() ||
                                  store.vendor_prices().assuming_empty();
    if (fills_from_empty) {
        status = page_cache_.Start(&store.db());
        if (!status.ok()) return Abort(status, "");
    }
    if (!request_.dry_run) {
        Result<int64_t> id = store.import_jobs().Insert(report_);
        if (!id.ok()) return Abort(id.status(), "");
        report_.job_id = id.value();
    }
    changes_after_step_ = store.db().TotalChanges();
    UpdateProgress();
    return Status::Ok();
}

void TableImportJob::StartBatchedStep() {
    Store& store = *engine_->store_;
    RecordTable* const tables[] = {&store.products(), &store.listings(), &store.vendor_prices()};
    if (batch_tables_ && store.db().TotalChanges() != changes_after_step_) {
        // Another writer was here: it may have stored keys the tables did not see inserted.
        batch_tables_ = false;
        for (RecordTable* table : tables) table->StopBatching();
    }
    if (batch_tables_) {
        for (RecordTable* table : tables) {
            if (table->assuming_empty()) table->StartBatching();
        }
    }
    store.sync().BatchLocalOps(true);
    // The clock of the step's ops, read once: per op it was 2 % of a 1M-row import in wasm,
    // where each read calls out to JavaScript. The clocks stay ordered (HybridClock::Tick
    // counts within a millisecond) and as recent as the step, like now_ is the job's.
    step_wall_ms_ = NowUnixMillis();
}

Status TableImportJob::EndBatchedStep() {
    Store& store = *engine_->store_;
    for (RecordTable* table : {&store.products(), &store.listings(), &store.vendor_prices()}) {
        Status status = table->PauseBatching();
        if (!status.ok()) return status;
    }
    Status status = store.sync().FlushOps();
    store.sync().BatchLocalOps(false);
    if (!status.ok()) return status;
    changes_after_step_ = store.db().TotalChanges();
    return Status::Ok();
}

Result<FormatBinding> TableImportJob::ChooseFormat(const std::vector<std::string>& header) {
    signature_ = HeaderSignature(header);
    const bool generic = request_.format == kGenericCatalogFormat ||
                         (request_.format.empty() && request_.mapping.has_value());
    if (!request_.format.empty() && !generic) {
        Result<FormatBinding> bound = BindFormat(request_.format, header);
        if (!bound.ok()) {
            return Status::InvalidArgument("The file cannot be read as " + request_.format + ": " +
                                           bound.status().message());
        }
        return bound;
    }

    Detection detection;
    if (!generic) {
        detection = DetectFormat(header);
        if (detection.outcome == DetectOutcome::kRecognised) {
            return BindFormat(detection.candidates.front().format_id, header);
        }
        if (detection.outcome == DetectOutcome::kAmbiguous) {
            // The tied candidates come first and share one confidence.
            std::string ids;
            const double tied = detection.candidates.front().confidence;
            for (const FormatCandidate& candidate : detection.candidates) {
                if (candidate.format_id == kGenericCatalogFormat) continue;
                if (tied - candidate.confidence > 1e-9) break;
                if (!ids.empty()) ids += ", ";
                ids += candidate.format_id;
            }
            return Status::InvalidArgument(
                detection.reason +
                " Choose the format on the import screen (or with stocktake "
                "import --format), one of: " +
                ids + ".");
        }
    }

    // A generic catalogue: the user's mapping, else the one saved for this header.
    if (request_.mapping) {
        mapping_ = *request_.mapping;
        save_mapping_ = true;
    } else {
        Store& store = *engine_->store_;
        Result<std::optional<std::string>> saved = store.mappings().Find(signature_);
        if (!saved.ok()) return saved.status();
        if (!saved.value()) {
            std::string reason = detection.reason.empty()
                                     ? std::string("No column mapping is saved for this header.")
                                     : detection.reason;
            return Status::InvalidArgument(
                reason +
                " Map its columns (at least the SKU) on the import screen, or pass a mapping to "
                "stocktake import --mapping, then import it.");
        }
        Result<ColumnMapping> parsed = ColumnMappingFromJson(**saved);
        if (!parsed.ok()) return parsed.status();
        mapping_ = std::move(parsed.value());
    }
    return BindMapping(mapping_, header);  // its errors say which mapped column is missing
}

Result<ReadState> TableImportJob::NextRecord(DelimitedRecord* record) {
    for (;;) {
        Result<ReadState> state = reader_.Next(record);
        if (!state.ok() || state.value() != ReadState::kNeedInput) return state;
        if (input_pos_ < input_.size()) {
            const size_t n = std::min(kChunkBytes, input_.size() - input_pos_);
            const std::string_view piece = std::string_view(input_).substr(input_pos_, n);
            // The head was checked for NULs; text (other than UTF-16) never holds one later.
            const void* nul = utf16_ ? nullptr : std::memchr(piece.data(), '\0', piece.size());
            if (nul != nullptr) {
                return NulByteError(
                    input_pos_ + (input_total_ - input_.size()) +
                    static_cast<size_t>(static_cast<const char*>(nul) - piece.data()));
            }
            Status status = reader_.Feed(piece);
            input_pos_ += n;
            NotePeakInput();
            if (!status.ok()) return status;
        } else if (!input_finished_) {
            return ReadState::kNeedInput;
        } else if (!reader_finished_) {
            reader_finished_ = true;
            Status status = reader_.Finish();
            if (!status.ok()) return status;
        } else {
            return Status::Internal("the reader asked for input after the end of the file");
        }
    }
}

Status TableImportJob::Step(int64_t max_rows) {
    if (done_ || max_rows <= 0) return Status::Ok();
    if (!header_read_) {
        Status status = ReadHeader();
        if (!status.ok() || !header_read_ || done_) return status;
    }
    StartBatchedStep();
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
            return Abort(Status::Ok(), UnreadableFileMessage(state.status().message()));
        }
        if (state.value() == ReadState::kEnd) {
            report_.encoding = SourceEncodingName(reader_.encoding());
            return Finish();
        }
        if (state.value() == ReadState::kNeedInput) {
            progress_.needs_input = true;
            break;
        }
        if (rows >= max_rows) {
            KeepPending(record);
            break;
        }
        Status status = ProcessRecord(record.fields, record.line);
        if (!status.ok()) return Abort(status, "");
    }
    Status status = EndBatchedStep();
    if (!status.ok()) return Abort(status, "");
    UpdateProgress();
    return Status::Ok();
}

void TableImportJob::KeepPending(const DelimitedRecord& record) {
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

Status TableImportJob::ProcessRecord(std::span<const std::string_view> fields,
                                     int64_t line_number) {
    ++report_.total;
    for (const std::string_view field : fields) text_consumed_ += field.size() + 1;
    if (report_.total == kRowsBeforeReserve) ReserveKeys();
    writes_.Reset();
    row_errors_.clear();
    switch (converter_->Convert(fields, line_number, &writes_, &row_errors_)) {
        case RowOutcome::kSkip: ++report_.skipped; return Status::Ok();
        case RowOutcome::kReject:
            ++report_.failed;
            AddErrors(&row_errors_);
            return Status::Ok();
        case RowOutcome::kImport: break;
    }

    // The row's own record (the listing, the price) is its identity within the file.
    const RecordWrite& primary = writes_.listing.active        ? writes_.listing
                                 : writes_.vendor_price.active ? writes_.vendor_price
                                                               : writes_.product;
    key_scratch_.clear();
    for (const std::string_view part : primary.key) {
        key_scratch_ += part;
        key_scratch_ += '\x1f';
    }
    const int64_t* first = first_line_by_key_.Find(key_scratch_);
    if (first != nullptr) {
        ++report_.duplicates;
        const std::string shown(primary.key[writes_.vendor_price.active ? 1 : 0]);
        row_errors_.push_back(RowError{line_number, key_column_,
                                       "'" + shown + "' is a duplicate of line " +
                                           std::to_string(*first) + "; the first row was kept",
                                       shown});
        AddErrors(&row_errors_);
        return Status::Ok();
    }
    Status status = ApplyWrites(line_number);
    if (!status.ok()) return status;
    first_line_by_key_.Insert(kept_keys_.Keep(key_scratch_), line_number);
    return Status::Ok();
}

void TableImportJob::ReserveKeys() {
    // The maps' keys so far, scaled from the text read to the whole file, say how many it
    // holds (within a cap): a fixed bytes per key was wrong both ways (a report of long
    // descriptions made 64 MB of slots for 16).
    if (text_consumed_ == 0 || progress_.bytes_total <= 0) return;
    const double scale =
        static_cast<double>(progress_.bytes_total) / static_cast<double>(text_consumed_) * 1.05;
    const auto expected = [scale](size_t keys) {
        return static_cast<size_t>(
            std::min(static_cast<double>(keys) * scale, static_cast<double>(size_t{4} << 20)));
    };
    first_line_by_key_.Reserve(expected(first_line_by_key_.size()));
    if (!match_keys_in_memory_) return;
    gtin14_first_.Reserve(expected(gtin14_first_.size()));
    name_key_first_.Reserve(expected(name_key_first_.size()));
}

Result<ChangeKind> TableImportJob::ApplyOne(RecordTable& table, const RecordWrite& write,
                                            int64_t line_number) {
    const bool want_diff = request_.dry_run && report_.changes.size() < kMaxReportedChanges;
    diff_.clear();
    // Each record the file changes is an op in the outbox, in the import's transaction. A
    // record that is certainly new (a first import) carries its op's clock instead of a
    // record_clocks row (sync/records.h, "created clocks").
    Store& store = *engine_->store_;
    const bool likely_new = table.spec().has_created_clock && table.assuming_empty() &&
                            std::find(unclocked_tables_.begin(), unclocked_tables_.end(), &table) !=
                                unclocked_tables_.end();
    std::optional<OpStamp> new_op;
    if (likely_new) {
        Result<OpStamp> op = NextLocalOp(store, nullptr, step_wall_ms_);
        if (!op.ok()) return op.status();
        new_op = op.value();
    }
    Result<ChangeKind> kind =
        table.Apply(write, now_, want_diff ? &diff_ : nullptr, new_op ? new_op->hlc : 0, &created_);
    if (!kind.ok() || kind.value() == ChangeKind::kUnchanged) return kind;
    if (created_.has_clock()) {
        // A record an import created is changed: its op keeps what it created.
        Status kept = KeepCreatedPayload(store, table.spec(), created_);
        if (!kept.ok()) return kept;
    }
    // The key existed after all (another row's record): its op is made the usual way.
    Status recorded = new_op && kind.value() == ChangeKind::kNew
                          ? StoreNewRecordOp(store, table.spec(), write, *new_op)
                          : RecordWrittenFields(store, table.spec(), write, now_);
    if (!recorded.ok()) return recorded;
    if (!want_diff) return kind;
    RecordChange change;
    change.line = line_number;
    change.entity = table.spec().entity;
    change.key = table.KeyText(write);
    change.kind = kind.value();
    change.fields = diff_;
    report_.changes.push_back(std::move(change));
    return kind;
}

Status TableImportJob::ApplyWrites(int64_t line_number) {
    Store& store = *engine_->store_;
    bool any_new = false;
    bool any_changed = false;
    bool product_new = false;
    const struct {
        RecordTable* table;
        const RecordWrite* write;
    } order[] = {{&store.products(), &writes_.product},
                 {&store.listings(), &writes_.listing},
                 {&store.vendor_prices(), &writes_.vendor_price}};
    for (const auto& [table, write] : order) {
        if (!write->active) continue;
        Result<ChangeKind> kind = ApplyOne(*table, *write, line_number);
        if (!kind.ok()) return kind.status();
        any_new = any_new || kind.value() == ChangeKind::kNew;
        any_changed = any_changed || kind.value() == ChangeKind::kChanged;
        if (write == &writes_.product) product_new = kind.value() == ChangeKind::kNew;
        if (write == &writes_.product && kind.value() == ChangeKind::kChanged &&
            match_keys_in_memory_) {
            // A product changed: its old keys may be in memory. The database answers now.
            Status status = AskDatabaseForMatches();
            if (!status.ok()) return status;
        }
    }
    // A link the row carries is not the row's own record: it does not count as a change.
    if (writes_.barcode.active) {
        Result<ChangeKind> kind = ApplyOne(store.barcodes(), writes_.barcode, line_number);
        if (!kind.ok()) return kind.status();
    }
    ++report_.successful;
    Status cache = page_cache_.AfterRow();
    if (!cache.ok()) return cache;
    if (any_new) {
        ++report_.created;
    } else if (any_changed) {
        ++report_.changed;
    } else {
        ++report_.unchanged;
    }
    Status status = product_new ? SuggestMatches(line_number) : Status::Ok();
    NoteMatchKeys();  // after the probes: they look for rows other than this one
    return status;
}

void TableImportJob::NoteMatchKeys() {
    if (!writes_.product.active) return;
    if (match_keys_in_memory_) {
        const std::string_view sku = writes_.product.key[0];
        gtin14_first_.Note(FieldText(writes_.product, kProductGtin14), sku);
        name_key_first_.Note(FieldText(writes_.product, kProductNameKey), sku);
        return;
    }
    gtin14_seen_.Add(FieldText(writes_.product, kProductGtin14));
    name_keys_seen_.Add(FieldText(writes_.product, kProductNameKey));
}

Status TableImportJob::AskDatabaseForMatches() {
    match_keys_in_memory_ = false;
    gtin14_first_.Clear();
    name_key_first_.Clear();
    // The seen keys were not kept meanwhile: every probe asks.
    gtin14_seen_.Enable(false);
    name_keys_seen_.Enable(false);
    // The probes read the products from now on: none may be pending.
    RecordTable& products = engine_->store_->products();
    Status status = products.CreateDeferredIndexes();  // flushes the batch first
    products.StopBatching();
    return status;
}

Result<std::string> TableImportJob::OtherSkuWith(MatchKey which, std::string_view key,
                                                 std::string_view sku) {
    if (match_keys_in_memory_) {
        // The row's own product is noted after its probe: the smallest noted is another's.
        const FirstMatchKeys& first = which == MatchKey::kGtin14 ? gtin14_first_ : name_key_first_;
        return std::string(first.Find(key));
    }
    const SeenKeys& seen = which == MatchKey::kGtin14 ? gtin14_seen_ : name_keys_seen_;
    if (!seen.MaybeSeen(key)) return std::string();
    CatalogRepo& catalog = engine_->store_->catalog();
    return which == MatchKey::kGtin14 ? catalog.OtherSkuWithGtin14(key, sku)
                                      : catalog.OtherSkuWithNameKey(key, sku);
}

Status TableImportJob::SuggestMatches(int64_t line_number) {
    const std::string_view sku = writes_.product.key[0];
    const auto suggest = [&](const std::string& other, std::string reason) {
        ++report_.suggestions_found;
        if (report_.suggestions.size() >= kMaxReportedSuggestions) return;
        report_.suggestions.push_back(
            MatchSuggestion{line_number, std::string(sku), other, std::move(reason)});
    };
    const std::string_view gtin14 = FieldText(writes_.product, kProductGtin14);
    if (!gtin14.empty()) {
        Result<std::string> other = OtherSkuWith(MatchKey::kGtin14, gtin14, sku);
        if (!other.ok()) return other.status();
        if (!other->empty()) {
            suggest(*other, "same GTIN " + std::string(gtin14));
            return Status::Ok();
        }
    }
    const std::string_view name_key = FieldText(writes_.product, kProductNameKey);
    if (!name_key.empty()) {
        Result<std::string> other = OtherSkuWith(MatchKey::kNameKey, name_key, sku);
        if (!other.ok()) return other.status();
        if (!other->empty()) suggest(*other, "near-identical name");
    }
    return Status::Ok();
}

void TableImportJob::AddErrors(std::vector<RowError>* errors) {
    for (RowError& error : *errors) {
        if (report_.errors.size() < kMaxStoredRowErrors) {
            report_.errors.push_back(std::move(error));
        } else {
            ++omitted_errors_;
        }
    }
    errors->clear();
}

Status TableImportJob::FailUnreadable(std::string error) {
    report_.state = ImportState::kFailed;
    report_.error = std::move(error);
    report_.finished_at = NowText();
    MarkElapsed();
    Status status = Recorded() ? RecordWholeJob() : Status::Ok();
    MarkDone();
    return status;
}

Status TableImportJob::RecordWholeJob() {
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

Status TableImportJob::Finish() {
    if (omitted_errors_ > 0 && !report_.errors.empty()) {
        report_.errors.back().message += " (" + std::to_string(omitted_errors_) +
                                         " more problems were omitted: only the first " +
                                         std::to_string(kMaxStoredRowErrors) +
                                         " are kept; the counts are exact)";
    }
    report_.state = ImportState::kSucceeded;
    report_.finished_at = NowText();
    Store& store = *engine_->store_;
    Status status;
    if (request_.dry_run) {
        status = EndTransaction(/*commit=*/false);
        MarkElapsed();
        // After the rollback, which would undo it.
        if (status.ok() && Recorded()) status = RecordWholeJob();
    } else {
        if (save_mapping_) {
            status = store.mappings().Save(signature_, ColumnMappingToJson(mapping_),
                                           JoinHeader(header_), now_);
        }
        if (status.ok()) status = CreateDeferredIndexes();
        MarkElapsed();
        if (status.ok()) status = store.import_jobs().Finish(report_);
        if (status.ok()) status = EndTransaction(/*commit=*/true);
    }
    if (!status.ok()) return Abort(status, "");
    MarkDone();
    return Status::Ok();
}

Status TableImportJob::Abort(Status cause, std::string error) {
    if (in_transaction_) (void)EndTransaction(/*commit=*/false);
    report_.state = ImportState::kFailed;
    report_.successful = 0;
    report_.created = 0;
    report_.changed = 0;
    report_.unchanged = 0;
    report_.error = !error.empty()
                        ? std::move(error)
                        : "The import stopped because of a storage error, so nothing from this "
                          "file was saved: " +
                              cause.message();
    report_.finished_at = NowText();
    // Best effort: keep the failed attempt (or recorded preview) in the history.
    MarkElapsed();
    if (Recorded()) (void)RecordWholeJob();
    MarkDone();
    return cause;
}

Status TableImportJob::EndTransaction(bool commit) {
    Store& store = *engine_->store_;
    RecordTable* const tables[] = {&store.products(), &store.listings(), &store.vendor_prices()};
    // A commit writes what is pending (a failure leaves the transaction to Abort's
    // rollback); a rollback forgets it.
    Status status = commit ? store.sync().FlushOps() : Status::Ok();
    for (RecordTable* table : tables) {
        if (status.ok() && commit) status = table->FlushBatch();
    }
    if (!status.ok()) return status;
    store.sync().DropOps();
    store.sync().BatchLocalOps(false);
    for (RecordTable* table : tables) {
        table->DropBatch();
        table->StopAssumingEmpty();
    }
    Db& db = store.db();
    status = commit ? CreateDeferredIndexes() : Status::Ok();
    if (!status.ok()) return status;
    status = commit ? db.Commit() : db.Rollback();
    if (!status.ok()) return status;  // still open: Abort rolls it back
    in_transaction_ = false;
    // Committed, they were made; rolled back, the rollback brought them back.
    for (RecordTable* table : {&store.products(), &store.listings(), &store.vendor_prices()}) {
        table->ForgetDeferredIndexes();
    }
    return Status::Ok();
}

Status TableImportJob::CreateDeferredIndexes() {
    Store& store = *engine_->store_;
    // Not the name-key index: only the next import's match probes read it, and it makes it
    // first (EnsureNameKeyIndex), so a first import does not pay for its sort
    // (docs/DECISIONS.md, "The name-key index is made when next needed").
    Status status = store.products().CreateDeferredIndexes(CatalogRepo::kNameKeyIndex);
    if (status.ok()) status = store.listings().CreateDeferredIndexes();
    if (status.ok()) status = store.vendor_prices().CreateDeferredIndexes();
    return status;
}

void TableImportJob::MarkElapsed() {
    report_.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started_)
                             .count();
}

void TableImportJob::MarkDone() {
    MarkElapsed();
    // The connection's own cache again. Best effort: the rows are committed or rolled back
    // by now, and a cache that stays small costs only time.
    (void)page_cache_.Finish();
    done_ = true;
    engine_->store_->set_import_running(false);
    if (!request_.dry_run) ++engine_->generation_;
    progress_.done = true;
    progress_.bytes_done = progress_.bytes_total;
    progress_.rows_done = report_.total;
    progress_.needs_input = false;
    // The input is no longer needed; a finished job should not hold a 400 MB file.
    std::string().swap(input_);
    input_pos_ = 0;
}

void TableImportJob::UpdateProgress() {
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
