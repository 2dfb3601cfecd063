#include "stocktake/engine/engine.h"

#include <utility>

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

Result<std::unique_ptr<ImportJob>> Engine::StartImport(std::string file_name, std::string bytes) {
    if (store_->import_running()) {
        return Status(Code::kConflict,
                      "another import is still running; wait for it to finish, then try again");
    }
    auto job = std::make_unique<ListingsImportJob>(this, std::move(file_name));
    Status status = job->Start(std::move(bytes));
    if (!status.ok()) return status;
    return std::unique_ptr<ImportJob>(std::move(job));
}

Result<ImportReport> Engine::ImportFile(std::string file_name, std::string bytes) {
    Result<std::unique_ptr<ImportJob>> job = StartImport(std::move(file_name), std::move(bytes));
    if (!job.ok()) return job.status();
    ImportJob& running = *job.value();
    while (!running.IsDone()) {
        Status status = running.Step(kImportFileStepRows);
        if (!status.ok()) return status;
    }
    return running.Report();
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

uint64_t Engine::Generation() const {
    return generation_;
}

}  // namespace stocktake::engine
