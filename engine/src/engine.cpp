#include "stocktake/engine/engine.h"

#include <istream>
#include <string>
#include <utility>

#include "export/listings_export.h"
#include "import/file_head.h"
#include "import/format_detect.h"
#include "import/row_converter.h"
#include "import_job.h"
#include "store/store.h"

namespace stocktake::engine {

namespace {

// Rows per Step() in ImportFile: large enough to amortise, small enough to stay responsive.
constexpr int64_t kImportFileStepRows = 16384;

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Open(const std::string& path,
                                             const EngineOptions& options) {
    Result<std::unique_ptr<Store>> store = Store::Open(path, options);
    if (!store.ok()) return store.status();
    return std::unique_ptr<Engine>(new Engine(std::move(store.value())));
}

Engine::Engine(std::unique_ptr<Store> store) : store_(std::move(store)) {}

Engine::~Engine() = default;

int Engine::SchemaVersion() const {
    return store_->schema_version();
}

Result<FilePreview> Engine::PreviewFile(std::string_view bytes, int64_t max_rows,
                                        bool whole_file) const {
    FilePreview preview;
    Result<FileHead> head = ReadFileHead(bytes, max_rows, whole_file);
    if (!head.ok()) {
        preview.error = head.status().message();
        return preview;
    }
    preview.encoding = SourceEncodingName(head->encoding);
    preview.delimiter = DelimiterName(head->delimiter);
    preview.header = std::move(head->header);
    preview.rows = std::move(head->rows);

    const Detection detection = DetectFormat(preview.header);
    preview.outcome = DetectOutcomeName(detection.outcome);
    preview.reason = detection.reason;
    preview.signature = detection.signature;
    for (const FormatCandidate& candidate : detection.candidates) {
        if (candidate.format_id == kGenericCatalogFormat) continue;
        preview.candidates.push_back(FormatGuess{candidate.format_id, candidate.display_name,
                                                 candidate.confidence, candidate.missing_required,
                                                 IsImportableFormat(candidate.format_id)});
    }
    preview.mapping_fields = GenericCatalogFields();
    Result<std::optional<ColumnMapping>> saved = SavedMapping(preview.signature);
    if (!saved.ok()) return saved.status();
    if (saved.value()) {
        preview.mapping = std::move(**saved);
        preview.mapping_saved = true;
    } else {
        preview.mapping = SuggestMapping(preview.header);
    }
    return preview;
}

Result<std::unique_ptr<ImportJob>> Engine::StartImport(ImportRequest request) {
    if (request.fed && !request.bytes.empty()) {
        return Status::InvalidArgument("a fed import request must not hold bytes");
    }
    if (store_->import_running()) {
        return Status(Code::kConflict,
                      "another import is still running; wait for it to finish, then try again");
    }
    auto job = std::make_unique<TableImportJob>(this, std::move(request));
    Status status = job->Start();
    if (!status.ok()) return status;
    return std::unique_ptr<ImportJob>(std::move(job));
}

Result<ImportReport> Engine::ImportFile(ImportRequest request) {
    if (request.fed) return Status::InvalidArgument("ImportFile: a fed request needs a stream");
    Result<std::unique_ptr<ImportJob>> job = StartImport(std::move(request));
    if (!job.ok()) return job.status();
    ImportJob& running = *job.value();
    while (!running.IsDone()) {
        Status status = running.Step(kImportFileStepRows);
        if (!status.ok()) return status;
    }
    return running.Report();
}

Result<ImportReport> Engine::ImportFile(ImportRequest request, std::istream& in) {
    if (!request.bytes.empty()) {
        return Status::InvalidArgument("ImportFile from a stream: the request must not hold bytes");
    }
    request.fed = true;
    Result<std::unique_ptr<ImportJob>> job = StartImport(std::move(request));
    if (!job.ok()) return job.status();
    ImportJob& running = *job.value();
    // One buffer for every chunk: the file is never held whole.
    std::string chunk(static_cast<size_t>(kImportChunkBytes), '\0');
    while (!running.IsDone()) {
        Status status;
        if (running.Progress().needs_input) {
            in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
            const auto got = static_cast<size_t>(in.gcount());
            if (in.bad()) {
                running.Cancel();
                return Status::IOError("the file could not be read to the end");
            }
            status =
                got > 0 ? running.Feed(std::string_view(chunk.data(), got)) : running.FinishInput();
        } else {
            status = running.Step(kImportFileStepRows);
        }
        if (!status.ok()) return status;
    }
    return running.Report();
}

Result<ImportReport> Engine::ImportFile(std::string file_name, std::string bytes) {
    ImportRequest request;
    request.file_name = std::move(file_name);
    request.bytes = std::move(bytes);
    return ImportFile(std::move(request));
}

Result<std::optional<ColumnMapping>> Engine::SavedMapping(const std::string& signature) const {
    Result<std::optional<std::string>> json = store_->mappings().Find(signature);
    if (!json.ok()) return json.status();
    if (!json.value()) return std::optional<ColumnMapping>();
    Result<ColumnMapping> mapping = ColumnMappingFromJson(**json);
    if (!mapping.ok()) return mapping.status();
    return std::optional<ColumnMapping>(std::move(mapping.value()));
}

Result<std::string> Engine::ExportAmazonListings() const {
    Result<std::vector<ExportedListing>> rows = store_->catalog().ChannelListings("amazon");
    if (!rows.ok()) return rows.status();
    return WriteAllListingsReport(rows.value());
}

Result<std::vector<VendorPrice>> Engine::VendorPrices(const std::string& sku) const {
    return store_->catalog().VendorPrices(sku);
}

Result<std::vector<ListingRow>> Engine::Listings(const ListingQuery& query) const {
    return store_->catalog().Listings(query);
}

Result<Summary> Engine::Summarize() const {
    return store_->catalog().Summarize();
}

Result<std::vector<ImportReport>> Engine::ImportHistory(int64_t limit) const {
    return store_->import_jobs().History(limit);
}

Result<std::vector<ImportReport>> Engine::ImportJobs(int64_t limit) const {
    return store_->import_jobs().Jobs(limit);
}

Result<std::vector<RowError>> Engine::ImportJobErrors(int64_t job_id) const {
    return store_->import_jobs().Errors(job_id);
}

uint64_t Engine::Generation() const {
    return generation_;
}

}  // namespace stocktake::engine
