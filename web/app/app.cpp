#include "app/app.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <type_traits>
#include <utility>

#include "imgui.h"
#include "stocktake/engine/export.h"
#include "stocktake/engine/formats.h"
#include "stocktake/engine/memory_vfs.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

// Time a long job (the import, the insights) may use per frame: about half the frame
// interval, so drawing keeps its share. 8 ms at 60 Hz; up to 50 ms when the browser delivers
// frames slowly anyway (e.g. software GL, where rendering happens in the GPU process and the
// main thread is idle between frames): measured in headless Chromium, 32 -> 50 ms took a
// 100k-row import from 5.6 s to 3.6 s at the same frame rate (docs/PERFORMANCE.md). Between
// frames the import goes on in tasks of its own (WorkBetweenFrames), which take the rest of
// the thread.
constexpr double kMinImportBudgetMs = 8.0;
constexpr double kMaxImportBudgetMs = 50.0;
constexpr int64_t kMinStepRows = 16;
constexpr int64_t kMaxStepRows = 65536;

const ImVec4 kErrorColor(1.00f, 0.45f, 0.42f, 1.00f);
const ImVec4 kOkColor(0.45f, 0.85f, 0.50f, 1.00f);
const ImVec4 kAccentColor(0.55f, 0.75f, 1.00f, 1.00f);

double MsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

// Rows the file preview shows: enough to recognise the data, few enough for a phone.
constexpr int64_t kPreviewRows = 8;

// Bytes of the file read (and fed to the job) at a time while a job runs. One slice is fed
// while the next is read ahead, so input memory stays about three slices (the job's, the
// one read ahead, the reader's text) whatever the file's size.
constexpr int64_t kSliceBytes = int64_t{4} << 20;

int OutcomeCode(const std::string& outcome) {
    if (outcome == "recognised") return 1;
    if (outcome == "ambiguous") return 2;
    if (outcome == "needs_mapping") return 3;
    return 0;
}

// The formats the seller may pick: those whose rows can be imported, generic catalog last
// (ListFormats() already lists it last).
std::vector<engine::FormatInfo> ChoosableFormats() {
    std::vector<engine::FormatInfo> formats;
    for (engine::FormatInfo& info : engine::ListFormats()) {
        if (info.importable) formats.push_back(std::move(info));
    }
    return formats;
}

}  // namespace

// A name without an extension keeps all of it.
std::string ErrorsFileName(const std::string& file_name) {
    const size_t slash = file_name.find_last_of("/\\");
    std::string base = slash == std::string::npos ? file_name : file_name.substr(slash + 1);
    const size_t dot = base.rfind('.');
    if (dot != std::string::npos && dot > 0) base.resize(dot);
    if (base.empty()) base = "import";
    return base + "-errors.csv";
}

App::App(PlatformServices* platform) : platform_(platform), sync_(platform) {}

App::~App() = default;

// --- Platform events (between frames) --------------------------------------------------

void App::OnFileReceived(BrowserFile file, std::string head) {
    // One file at a time: a preview or an import reads the bytes of the file it started with.
    const std::string file_name = file.name;
    if (wizard_.IsBusy()) {
        platform_->ReleaseFile(file.id);
        const bool importing = wizard_.step == WizardStep::kCommitting;
        wizard_.notice = "\"" + file_name + "\" was not opened: " + wizard_.file_name +
                         (importing ? " is still importing." : " is still being previewed.") +
                         " Wait for it to finish (or cancel it), then choose the file again.";
        wizard_.notice_is_error = true;
        ++imports_refused_;
        return;
    }
    // Busy from now on (kReading), so a second file arriving before the next frame is
    // refused too.
    std::vector<engine::FormatInfo> formats = std::move(wizard_.formats);
    const uint64_t revision = wizard_.revision;
    const uint64_t file_serial = wizard_.file_serial;
    wizard_ = ImportWizard();
    wizard_.revision = revision + 1;
    wizard_.file_serial = file_serial + 1;
    wizard_.formats = formats.empty() ? ChoosableFormats() : std::move(formats);
    wizard_.step = WizardStep::kReading;
    wizard_.file_name = file_name;
    wizard_.file_size = file.size;
    ReleaseFile();  // the file put aside before this one
    file_ = std::move(file);
    screen_ = Screen::kListings;  // the import's screens and report show with the listings
    file_head_ = std::move(head);
    UpdateLeaveWarning();
}

void App::OnFileSlice(int file_id, int64_t offset, std::string bytes) {
    // A slice for a job that was cancelled (or another file) is dropped.
    if (job_ == nullptr || file_id != file_.id || !read_in_flight_ || offset != read_offset_) {
        return;
    }
    read_in_flight_ = false;
    read_offset_ += static_cast<int64_t>(bytes.size());
    // Kept until the job asks for it (PumpImport), so the job works on one slice while the
    // browser reads the next: the input never waits a frame for a read.
    next_slice_ = std::move(bytes);
    next_slice_ready_ = true;
}

void App::FeedNextSlice() {
    next_slice_ready_ = false;
    // No bytes before the end: the file shrank. FinishInput then fails the job, saying so.
    Status status = next_slice_.empty() ? job_->FinishInput() : job_->Feed(next_slice_);
    if (!status.ok()) std::fprintf(stderr, "app: feed: %s\n", status.ToString().c_str());
    next_slice_.clear();
    if (!job_->IsDone()) RequestNextSlice();
}

void App::RequestNextSlice() {
    if (read_in_flight_ || next_slice_ready_ || read_offset_ >= file_.size) return;
    platform_->ReadFileSlice(file_.id, read_offset_, kSliceBytes);
    read_in_flight_ = true;
}

void App::OnFileSliceFailed(int file_id, std::string message) {
    if (job_ == nullptr || file_id != file_.id) return;
    read_in_flight_ = false;
    read_error_ = std::move(message);
    job_->Cancel();  // the pump finishes it on the next frame, saying why
}

void App::ReleaseFile() {
    if (file_.id != 0) platform_->ReleaseFile(file_.id);
    file_ = BrowserFile();
    file_head_ = std::string();
}

void App::OnFileError(std::string message) {
    wizard_.notice = std::move(message);
    wizard_.notice_is_error = true;
}

// --- Frame ------------------------------------------------------------------------------

void App::DrawFrame() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Stocktake", nullptr, flags);
    DrawHeader();
    if (engine_ == nullptr) {
        DrawLoading();
        ImGui::End();
        return;
    }

    ViewContext ctx;
    ctx.engine = engine_.get();
    ctx.summary = has_data_ ? &summary_ : nullptr;
    ctx.last_import = last_import_.has_value() ? &*last_import_ : nullptr;
    ctx.generation = data_generation_;
    ctx.wizard = &wizard_;
    ctx.insights = &insights_;
    ctx.sync = &sync_.state();
    ctx.intents = &intents_;
    ctx.scanner = &scanner_;
    ctx.operations = &operations_;

    const float font = ImGui::GetFontSize();
    const float avail_w = ImGui::GetContentRegionAvail().x;
    const bool narrow = avail_w < font * 56.0f;
    ctx.catalog = &catalog_;
    ctx.narrow = narrow;
    ctx.admin = &admin_;
    // Wide: the navigation and the summary in a left sidebar. Narrow (a phone): the
    // navigation is one combo above the screen and the summary folds away.
    if (!narrow) {
        const float sidebar_w = std::min(font * 19.0f, avail_w * 0.3f);
        ImGui::BeginChild("sidebar", ImVec2(sidebar_w, 0.0f), true);
        nav_view_.Draw(ctx, screen_);
        ImGui::Spacing();
        summary_view_.Draw(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginGroup();
    // The wizard's screens between a file and its result need the room: they replace the
    // listings (and the navigation) until the import is done or the file is put aside.
    const bool wizard_screen =
        wizard_.step == WizardStep::kFile || wizard_.step == WizardStep::kDryRun ||
        wizard_.step == WizardStep::kDiff || wizard_.step == WizardStep::kCommitting;
    if (narrow && !wizard_screen) {
        nav_view_.Draw(ctx, screen_);
        ImGui::Separator();
    }
    if (wizard_screen || screen_ == Screen::kListings) {
        import_view_.Draw(ctx);
        if (!wizard_screen) {
            if (narrow && ImGui::CollapsingHeader("Summary")) summary_view_.Draw(ctx);
            ImGui::Spacing();
            listings_view_.Draw(ctx);
        }
    } else if (DrawCatalogScreen(ctx)) {
        // Dashboard, Product detail, Stock & locations (app_catalog.cpp)
    } else if (screen_ == Screen::kInsights) {
        insights_view_.Draw(ctx);
        sales_view_.Draw(ctx);
    } else if (screen_ == Screen::kRestock) {
        restock_view_.Draw(ctx);
    } else if (screen_ == Screen::kScanner) {
        scanner_view_.Draw(ctx);
    } else if (screen_ == Screen::kOrders) {
        orders_view_.Draw(ctx);
    } else if (screen_ == Screen::kPurchasing) {
        purchasing_view_.Draw(ctx);
    } else if (screen_ == Screen::kReallocation) {
        reallocation_view_.Draw(ctx);
    } else if (screen_ == Screen::kChannels) {
        channels_view_.Draw(ctx);
    } else if (screen_ == Screen::kImports) {
        imports_view_.Draw(ctx);
    } else {
        sync_view_.Draw(ctx);
    }
    ImGui::EndGroup();
    ImGui::End();
    drew_with_engine_ = true;
}

void App::DrawHeader() {
    ImGui::TextColored(kAccentColor, "Stocktake");
    ImGui::SameLine();
    ImGui::TextDisabled("inventory");

    const StorageStatus& storage = platform_->Storage();
    const char* text = "";
    ImVec4 color = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    const std::string* detail = &storage.message;
    if (!persist_) {
        text = "Not saved: temporary database";
        color = kErrorColor;
        detail = &open_error_;
    } else {
        switch (storage.state) {
            case StorageState::kLoading: text = "Loading your data..."; break;
            case StorageState::kReady:
            case StorageState::kSaved:
                text = "Saved on this device";
                color = kOkColor;
                break;
            case StorageState::kSaving: text = "Saving on this device..."; break;
            case StorageState::kUnavailable:
                text = "Not saved: browser storage unavailable";
                color = kErrorColor;
                break;
            case StorageState::kError:
                text = "Not saved: saving failed";
                color = kErrorColor;
                break;
        }
    }
    const float width = ImGui::CalcTextSize(text).x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - width));
    ImGui::TextColored(color, "%s", text);
    if (!detail->empty() && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        ImGui::TextUnformatted(detail->c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (!open_error_.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kErrorColor, "%s", open_error_.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
}

void App::DrawLoading() {
    const char* text = "Loading your data...";
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + std::max(0.0f, (avail.x - size.x) * 0.5f),
                               ImGui::GetCursorPosY() + std::max(0.0f, (avail.y - size.y) * 0.4f)));
    ImGui::TextUnformatted(text);
}

// --- After the frame ----------------------------------------------------------------------

void App::AfterFrame() {
    ApplyIntents();
    OpenDatabaseWhenStorageReady();
    PreviewArrivedFile();
    if (job_ != nullptr) {
        ++import_frames_;
        PumpImport(FrameSliceMs());
    }
    PumpInsights();  // app_insights.cpp
    PumpScanner();
    // Sync never interleaves with an import job (which holds the database between frames).
    if (engine_ != nullptr && !wizard_.IsBusy()) {
        for (HttpAnswer& answer : std::exchange(deferred_answers_, {})) {
            if (OnOperationsHttpResponse(answer.request_id, answer.status, answer.body)) continue;
            if (OnAdminHttpResponse(answer.request_id, answer.status, answer.body)) continue;
            sync_.OnHttpResponse(answer.request_id, answer.status, answer.body);
        }
        sync_.Tick(Clock::now());
    }
    if (engine_ != nullptr && (!has_data_ || engine_->Generation() != data_generation_)) {
        RefreshCachedData();
    }
    // An insights screen shows what the database holds now (e.g. after an import).
    if (engine_ != nullptr && (screen_ == Screen::kInsights || screen_ == Screen::kRestock) &&
        (!insights_.loaded || engine_->Generation() != insights_generation_)) {
        LoadInsights();
    }
    LoadOperationsIfShown();
    LoadCatalogScreens();  // the catalogue screens (app_catalog.cpp)
    LoadAdminScreens();    // the Imports history and the devices (app_admin.cpp)
    UpdateLeaveWarning();
}

void App::ApplyIntents() {
    for (Intent& intent : intents_.TakeAll()) ApplyIntent(intent);
}

void App::ApplyIntent(Intent& intent) {
    if (ApplyScannerIntent(intent)) return;
    if (ApplyCatalogIntent(intent)) return;  // the catalogue screens (app_catalog.cpp)
    if (ApplyAdminIntent(intent)) return;    // Imports history, devices (app_admin.cpp)
    std::visit(
        [this](auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, ChooseFileIntent>) {
                platform_->OpenFilePicker();
            } else if constexpr (std::is_same_v<T, DismissImportResultIntent>) {
                if (!wizard_.IsBusy()) {
                    wizard_.step = WizardStep::kIdle;
                    wizard_.report.reset();
                    wizard_.dry_run.reset();
                    ReleaseFile();  // the file is put aside
                    ++wizard_.revision;
                }
                wizard_.notice.clear();
            } else if constexpr (std::is_same_v<T, RequestGlyphsIntent>) {
                platform_->RequestGlyphs(i.codepoints);
            } else if constexpr (std::is_same_v<T, SelectFormatIntent>) {
                SelectFormat(i.format);
            } else if constexpr (std::is_same_v<T, MapColumnIntent>) {
                MapColumn(i.field, i.column);
            } else if constexpr (std::is_same_v<T, PreviewChangesIntent>) {
                if (wizard_.step == WizardStep::kFile) StartJob(/*dry_run=*/true);
            } else if constexpr (std::is_same_v<T, CommitImportIntent>) {
                if (wizard_.step == WizardStep::kFile || wizard_.step == WizardStep::kDiff) {
                    StartJob(/*dry_run=*/false);
                }
            } else if constexpr (std::is_same_v<T, CancelImportJobIntent>) {
                CancelJob();
            } else if constexpr (std::is_same_v<T, BackToFileIntent>) {
                if (wizard_.step == WizardStep::kDiff) {
                    wizard_.step = WizardStep::kFile;
                    wizard_.dry_run.reset();
                    ++wizard_.revision;
                }
            } else if constexpr (std::is_same_v<T, DownloadErrorsIntent>) {
                DownloadErrors();
            } else if constexpr (std::is_same_v<T, OperationsIntent>) {
                ApplyOperation(i);
            } else if constexpr (std::is_same_v<T, SignInIntent>) {
                sync_.SignIn(i.email, i.password);
            } else if constexpr (std::is_same_v<T, CreateAccountIntent>) {
                sync_.CreateAccount(i.organisation, i.email, i.password);
            } else if constexpr (std::is_same_v<T, SignOutIntent>) {
                sync_.SignOut();
            } else if constexpr (std::is_same_v<T, SyncNowIntent>) {
                sync_.SyncNow();
            } else if constexpr (std::is_same_v<T, ShowScreenIntent>) {
                ShowScreen(i.screen);
            } else if constexpr (std::is_same_v<T, RefreshInsightsIntent>) {
                RefreshInsights();
            } else if constexpr (std::is_same_v<T, SelectInsightIntent>) {
                SelectInsight(i);
            } else if constexpr (std::is_same_v<T, DownloadInsightsCsvIntent>) {
                DownloadInsightsCsv(i.kind);
            } else if constexpr (std::is_same_v<T, DownloadRestockCsvIntent>) {
                DownloadRestockCsv();
            } else if constexpr (std::is_same_v<T, CreateRestockPosIntent>) {
                CreateRestockPurchaseOrders();
            } else if constexpr (std::is_same_v<T, DownloadChannelFileIntent>) {
                DownloadChannelFile(i.channel);
            }
        },
        intent);
}

void App::OpenDatabaseWhenStorageReady() {
    if (engine_ != nullptr || platform_->Storage().state == StorageState::kLoading) return;
    // The database file lives in the engine's memory VFS, loaded and saved by the platform.
    Result<std::unique_ptr<engine::Engine>> opened =
        engine::Engine::Open(kDatabasePath, engine::MemoryVfsEngineOptions());
    if (opened.ok()) {
        engine_ = std::move(opened).value();
        sync_.Attach(engine_.get());
        return;
    }
    // The saved database cannot be used (e.g. damaged). Keep the app usable on a throwaway
    // database and say so; the saved file is left untouched.
    open_error_ = "Could not open the data saved on this device (" + opened.status().ToString() +
                  "). Working on a temporary database: nothing you import now is saved.";
    std::fprintf(stderr, "app: %s\n", open_error_.c_str());
    persist_ = false;
    Result<std::unique_ptr<engine::Engine>> temporary = engine::Engine::Open(":memory:");
    if (temporary.ok()) engine_ = std::move(temporary).value();
}

// Reads the header and first rows of a file that just arrived: cheap whatever the file's size,
// so it runs at once; the dry run and the import wait for the seller.
void App::PreviewArrivedFile() {
    if (wizard_.step != WizardStep::kReading || engine_ == nullptr) return;
    ++wizard_.revision;
    // Only the head arrived with the file: enough for the preview, whatever the file's size.
    const bool whole_file = static_cast<int64_t>(file_head_.size()) >= file_.size;
    Result<engine::FilePreview> preview =
        engine_->PreviewFile(file_head_, kPreviewRows, whole_file);
    file_head_ = std::string();  // the jobs read the file again from its start
    if (!preview.ok()) {
        wizard_.preview.error = preview.status().message();
    } else {
        wizard_.preview = std::move(preview).value();
    }
    if (!wizard_.preview.error.empty()) {
        wizard_.step = WizardStep::kUnreadable;
        ReleaseFile();
        return;
    }
    wizard_.step = WizardStep::kFile;
    wizard_.mapping = wizard_.preview.mapping;
    // Start from what the file looks like: the recognised format, the seller's mapping for a
    // catalogue; an ambiguous file waits for the seller to choose.
    const engine::FilePreview& p = wizard_.preview;
    if (p.outcome == "needs_mapping") {
        wizard_.format = std::string(kGenericCatalogFormatId);
    } else if (p.outcome == "recognised" && !p.candidates.empty() &&
               p.candidates.front().importable) {
        wizard_.format = p.candidates.front().id;
    }
}

void App::SelectFormat(const std::string& format) {
    if (wizard_.step != WizardStep::kFile) return;
    wizard_.format = format;
    ++wizard_.revision;
}

void App::MapColumn(const std::string& field, int column) {
    if (wizard_.step != WizardStep::kFile) return;
    const std::vector<std::string>& header = wizard_.preview.header;
    if (column < 0 || static_cast<size_t>(column) >= header.size()) {
        wizard_.mapping.fields.erase(field);
    } else {
        // Headers may repeat a name: the mapping names the column by text + occurrence.
        const std::string& name = header[static_cast<size_t>(column)];
        int occurrence = 0;
        for (int c = 0; c <= column; ++c) {
            if (header[static_cast<size_t>(c)] == name) ++occurrence;
        }
        wizard_.mapping.fields[field] = engine::MappedColumn{name, occurrence};
    }
    ++wizard_.revision;
}

void App::StartJob(bool dry_run) {
    if (engine_ == nullptr || job_ != nullptr || !wizard_.CanStart()) return;
    // The job is fed the file a slice at a time (PumpImport); the dry run and the import
    // each read it from the start, so no copy of the file is kept between them.
    engine::ImportRequest request;
    request.file_name = wizard_.file_name;
    request.fed = true;
    request.size = file_.size;
    request.format = wizard_.format;
    if (wizard_.UsesMapping()) request.mapping = wizard_.mapping;
    request.dry_run = dry_run;
    request.record_dry_run = true;  // the Imports screen lists previews too
    import_frames_ = 0;
    import_started_ = Clock::now();
    wizard_.elapsed_ms = 0;
    wizard_.notice.clear();
    Result<std::unique_ptr<engine::ImportJob>> job = engine_->StartImport(std::move(request));
    if (!job.ok()) {
        wizard_.notice = "Could not start " +
                         std::string(dry_run ? "the preview of " : "importing ") +
                         wizard_.file_name + ": " + job.status().message();
        wizard_.notice_is_error = true;
        return;
    }
    job_ = std::move(job).value();
    read_offset_ = 0;
    read_in_flight_ = false;
    next_slice_ready_ = false;
    next_slice_ = std::string();
    read_error_.clear();
    job_is_dry_run_ = dry_run;
    wizard_.progress = job_->Progress();
    wizard_.step = dry_run ? WizardStep::kDryRun : WizardStep::kCommitting;
    if (!dry_run) last_commit_state_ = 1;
    ++wizard_.revision;
}

void App::CancelJob() {
    // The pump sees the job done on the next frame and finishes it like any other.
    if (job_ != nullptr) job_->Cancel();
}

void App::DownloadErrors() {
    const engine::ImportReport* report = wizard_.report.has_value()    ? &*wizard_.report
                                         : wizard_.dry_run.has_value() ? &*wizard_.dry_run
                                                                       : nullptr;
    if (report == nullptr || report->errors.empty()) return;
    Download(ErrorsFileName(report->file_name), engine::RowErrorsCsv(report->errors));
}

double App::FrameSliceMs() {
    const double frame_ms = static_cast<double>(ImGui::GetIO().DeltaTime) * 1000.0;
    return std::clamp(frame_ms * 0.5, kMinImportBudgetMs, kMaxImportBudgetMs);
}

bool App::HasWorkBetweenFrames() const {
    // Not while the job waits for a slice the browser is still reading: its arrival wakes
    // the work again (Platform::WakeBetweenFrames).
    return job_ != nullptr &&
           !(read_in_flight_ && !next_slice_ready_ && job_->Progress().needs_input);
}

void App::WorkBetweenFrames(double budget_ms) {
    PumpImport(budget_ms);
}

void App::PumpImport(double budget_ms) {
    if (job_ == nullptr) return;
    const Clock::time_point start = Clock::now();
    Status status;
    while (!job_->IsDone()) {
        if (job_->Progress().needs_input) {
            // A slice read ahead goes in at once; otherwise the next arrives between frames
            // (OnFileSlice). After the last slice, the end of the file.
            if (next_slice_ready_) {
                FeedNextSlice();
                continue;
            }
            if (read_in_flight_) break;
            if (read_offset_ < file_.size) {
                RequestNextSlice();
                break;
            }
            status = job_->FinishInput();
            if (!status.ok()) break;
            continue;
        }
        const Clock::time_point step_start = Clock::now();
        status = job_->Step(step_rows_);
        if (!status.ok()) break;
        const double step_ms = MsSince(step_start);
        if (step_ms < 1.0) {
            step_rows_ = std::min(step_rows_ * 2, kMaxStepRows);
        } else if (step_ms > 4.0) {
            step_rows_ = std::max(step_rows_ / 2, kMinStepRows);
        }
        if (MsSince(start) >= budget_ms) break;
    }
    wizard_.progress = job_->Progress();
    wizard_.elapsed_ms = MsSince(import_started_);
    if (!status.ok() || job_->IsDone()) FinishJob(status);
}

void App::FinishJob(const Status& step_status) {
    engine::ImportReport report = job_->Report();
    if (!step_status.ok()) {
        report.state = engine::ImportState::kFailed;
        if (report.error.empty()) report.error = step_status.ToString();
    }
    if (!read_error_.empty()) {
        report.error = "Reading the file failed: " + read_error_ +
                       ". Nothing from it was saved; choose the file again to retry.";
        read_error_.clear();
    }
    job_.reset();
    read_in_flight_ = false;
    next_slice_ready_ = false;
    next_slice_ = std::string();
    wizard_.elapsed_ms = MsSince(import_started_);
    ++wizard_.revision;
    if (!job_is_dry_run_) {
        FinishCommit(std::move(report));
        return;
    }
    // The preview's entry in the import history is saved like any other change.
    if (persist_) platform_->PersistData();
    if (report.state == engine::ImportState::kFailed) {
        // Cancelled, or the file cannot be imported as chosen: back to the file, saying why.
        wizard_.step = WizardStep::kFile;
        wizard_.notice = report.error.empty() ? "The preview did not finish." : report.error;
        wizard_.notice_is_error = true;
        return;
    }
    wizard_.step = WizardStep::kDiff;
    wizard_.dry_run = std::move(report);
}

void App::FinishCommit(engine::ImportReport report) {
    const bool succeeded = report.state == engine::ImportState::kSucceeded;
    wizard_.step = WizardStep::kDone;
    last_commit_state_ = succeeded ? 2 : 3;
    last_import_ms_ = wizard_.elapsed_ms;
    last_import_frames_ = import_frames_;
    last_import_rows_ = report.total;
    std::printf("import: %s: %s, %" PRId64 " rows (%" PRId64 " ok, %" PRId64 " failed, %" PRId64
                " duplicates) in %.0f ms over %" PRId64 " frames\n",
                report.file_name.c_str(), succeeded ? "succeeded" : "failed", report.total,
                report.successful, report.failed, report.duplicates, wizard_.elapsed_ms,
                import_frames_);
    wizard_.report = std::move(report);
    ReleaseFile();  // imported (or not): a new import starts by choosing a file
    RefreshCachedData();
    ++imports_finished_;
    // Even a failed import is recorded in the import history: save either way.
    if (persist_) platform_->PersistData();
}

void App::RefreshCachedData() {
    data_generation_ = engine_->Generation();
    has_data_ = true;
    Result<engine::Summary> summary = engine_->Summarize();
    if (summary.ok()) {
        summary_ = std::move(summary).value();
    } else {
        std::fprintf(stderr, "app: summary: %s\n", summary.status().ToString().c_str());
    }
    Result<std::vector<engine::ImportReport>> history = engine_->ImportHistory(1);
    if (history.ok() && !history.value().empty()) {
        last_import_ = std::move(history.value().front());
    }
}

void App::UpdateLeaveWarning() {
    // A dry run writes nothing, so leaving during one loses nothing worth a prompt.
    const bool want = (job_ != nullptr && !job_is_dry_run_) ||
                      platform_->Storage().state == StorageState::kSaving;
    if (want == leave_warning_) return;
    leave_warning_ = want;
    platform_->SetLeaveWarning(want);
}

TestSnapshot App::Snapshot() const {
    TestSnapshot s;
    s.ready = drew_with_engine_ && has_data_;
    s.listing_count = has_data_ ? summary_.listings : -1;
    s.sync_signed_in = sync_.state().signed_in;
    s.sync_pending = sync_.state().pending_ops;
    s.syncs_completed = sync_.state().syncs_completed;
    s.sync_offline = sync_.state().offline;
    s.import_state = last_commit_state_;
    s.imports_finished = imports_finished_;
    s.imports_refused = imports_refused_;
    s.files_opened = static_cast<int64_t>(wizard_.file_serial);
    s.last_import_ms = wizard_.step == WizardStep::kCommitting ? 0.0 : last_import_ms_;
    s.last_import_frames = last_import_frames_;
    s.last_import_rows = last_import_rows_;
    s.storage_state = static_cast<int>(platform_->Storage().state);
    s.visible_rows = listings_view_.row_count();
    s.wizard_step = static_cast<int>(wizard_.step);
    s.preview_outcome =
        wizard_.step >= WizardStep::kFile ? OutcomeCode(wizard_.preview.outcome) : 0;
    // What the file screen draws (ImportFileView), derived from the state so it is true from
    // the frame the screen first draws, not one frame later.
    s.mapping_shown = wizard_.step == WizardStep::kFile && wizard_.UsesMapping();
    s.mapped_fields = static_cast<int64_t>(wizard_.mapping.fields.size());
    s.preview_rows = static_cast<int64_t>(wizard_.preview.rows.size());
    if (wizard_.dry_run.has_value()) {
        s.diff_created = wizard_.dry_run->created;
        s.diff_changed = wizard_.dry_run->changed;
        s.diff_unchanged = wizard_.dry_run->unchanged;
        s.diff_failed = wizard_.dry_run->failed;
    }
    if (wizard_.step == WizardStep::kDone && wizard_.report.has_value()) {
        s.report_errors = static_cast<int64_t>(wizard_.report->errors.size());
        s.report_imported = wizard_.report->successful;
    }
    s.downloads = downloads_;
    s.screen = static_cast<int>(screen_);
    s.insight_refreshes = insight_refreshes_;
    FillInsightsSnapshot(&s);  // app_insights.cpp
    if (insights_.loaded) {
        for (const std::string& kind : engine::InsightKinds()) {
            s.insight_counts.push_back(
                std::count_if(insights_.insights.begin(), insights_.insights.end(),
                              [&kind](const engine::Insight& i) { return i.kind == kind; }));
        }
    }
    if (!insights_.selected_sku.empty()) {
        s.metrics_rows = static_cast<int64_t>(insights_.metrics.size());
    }
    if (insights_.plan.has_value()) {
        s.restock_lines = static_cast<int64_t>(insights_.plan->lines.size());
    }
    s.purchase_orders_created = purchase_orders_created_;
    s.scanner_decodes = scanner_.decodes;
    s.scanner_scans = scanner_.scans;
    s.scanner_camera = static_cast<int>(scanner_.camera);
    s.scanner_last = !scanner_.has_last ? 0 : scanner_.last.ok ? 1 : scanner_.last.unknown ? 3 : 2;
    FillOperationsSnapshot(&s);
    return s;
}

bool App::FooterButtonCenter(int i, float* x, float* y) const {
    return i >= 0 && import_view_.FooterButtonCenter(static_cast<size_t>(i), x, y);
}

void App::OnTestAction(int action, int a, int b) {
    switch (static_cast<TestAction>(action)) {
        case TestAction::kPreviewChanges: intents_.Post(PreviewChangesIntent{}); break;
        case TestAction::kCommitImport: intents_.Post(CommitImportIntent{}); break;
        case TestAction::kCancelJob: intents_.Post(CancelImportJobIntent{}); break;
        case TestAction::kBackToFile: intents_.Post(BackToFileIntent{}); break;
        case TestAction::kDownloadErrors: intents_.Post(DownloadErrorsIntent{}); break;
        case TestAction::kDismiss: intents_.Post(DismissImportResultIntent{}); break;
        case TestAction::kMapColumn: {
            const std::vector<std::string>& fields = wizard_.preview.mapping_fields;
            if (a >= 0 && static_cast<size_t>(a) < fields.size()) {
                intents_.Post(MapColumnIntent{fields[static_cast<size_t>(a)], b});
            }
            break;
        }
        case TestAction::kShowScreen:
        case TestAction::kRefreshInsights:
        case TestAction::kSelectInsight:
        case TestAction::kDownloadInsightsCsv:
        case TestAction::kDownloadRestockCsv:
        case TestAction::kCreateRestockPos:
        case TestAction::kDownloadChannelFile:
            PostInsightsTestAction(static_cast<TestAction>(action), a, b);
            break;
        case TestAction::kSyncNow: intents_.Post(SyncNowIntent{}); break;
        case TestAction::kScannerShow:
        case TestAction::kScannerSetMode:
        case TestAction::kScannerStartCamera:
        case TestAction::kScannerStopCamera:
        case TestAction::kScannerAddLocation:
            PostScannerTestAction(static_cast<TestAction>(action), a);
            break;
        case TestAction::kOpenPo:
        case TestAction::kOrderPo:
        case TestAction::kReceivePo:
        case TestAction::kOpenChannel:
        case TestAction::kSetMaxListed:
        case TestAction::kLoadDeliveries:
        case TestAction::kReplayDelivery:
        case TestAction::kOpenOrder:
        case TestAction::kOpenSales:
        case TestAction::kPushReallocation:
            PostOperationsTestAction(static_cast<TestAction>(action), a, b);
            break;
    }
}

void App::OnTestSignIn(std::string email, std::string password) {
    intents_.Post(SignInIntent{std::move(email), std::move(password)});
}

std::optional<int64_t> App::TestOnHand(const std::string& sku) const {
    if (engine_ == nullptr) return std::nullopt;
    Result<std::vector<engine::StockLevel>> levels = engine_->StockLevels(sku);
    if (!levels.ok()) return std::nullopt;
    int64_t on_hand = 0;
    for (const engine::StockLevel& level : levels.value()) on_hand += level.on_hand;
    return on_hand;
}

void App::OnHttpResponse(int request_id, int status, std::string body) {
    deferred_answers_.push_back({request_id, status, std::move(body)});
}

}  // namespace stocktake::web
