#include "app/app.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <type_traits>
#include <utility>

#include "imgui.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

// Time the import may use per frame: about half the frame interval, so drawing keeps its
// share. 8 ms at 60 Hz; up to 50 ms when the browser delivers frames slowly anyway (e.g.
// software GL, where rendering happens in the GPU process and the main thread is idle
// between frames): measured in headless Chromium, 32 -> 50 ms took a 100k-row import from
// 5.6 s to 3.6 s at the same frame rate (docs/PERFORMANCE.md).
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

int ImportStateCode(ImportPhase phase) {
    switch (phase) {
        case ImportPhase::kIdle: return 0;
        case ImportPhase::kRunning: return 1;
        case ImportPhase::kSucceeded: return 2;
        case ImportPhase::kFailed: return 3;
    }
    return 0;
}

}  // namespace

App::App(PlatformServices* platform) : platform_(platform) {}

App::~App() = default;

// --- Platform events (between frames) --------------------------------------------------

void App::OnFileReceived(std::string file_name, std::string bytes) {
    if (import_.phase == ImportPhase::kRunning) {
        import_.notice = "\"" + file_name + "\" was not imported: " + import_.file_name +
                         " is still importing. Wait for it to finish, then choose the file again.";
        import_.notice_is_error = true;
        ++imports_refused_;
        return;
    }
    // Counts as running from now on, so a second file arriving before the next frame is
    // refused too.
    import_ = ImportStatus();
    import_.phase = ImportPhase::kRunning;
    import_.file_name = file_name;
    import_started_ = Clock::now();
    pending_file_ = PendingFile{std::move(file_name), std::move(bytes)};
    UpdateLeaveWarning();
}

void App::OnFileError(std::string message) {
    import_.notice = std::move(message);
    import_.notice_is_error = true;
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
    ctx.import = &import_;
    ctx.intents = &intents_;

    const float font = ImGui::GetFontSize();
    const float avail_w = ImGui::GetContentRegionAvail().x;
    const bool narrow = avail_w < font * 56.0f;
    if (!narrow) {
        const float sidebar_w = std::min(font * 19.0f, avail_w * 0.3f);
        ImGui::BeginChild("sidebar", ImVec2(sidebar_w, 0.0f), true);
        summary_view_.Draw(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginGroup();
    import_view_.Draw(ctx);
    if (narrow && ImGui::CollapsingHeader("Summary")) summary_view_.Draw(ctx);
    ImGui::Spacing();
    listings_view_.Draw(ctx);
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
    StartPendingImport();
    PumpImport();
    if (engine_ != nullptr && (!has_data_ || engine_->Generation() != data_generation_)) {
        RefreshCachedData();
    }
    UpdateLeaveWarning();
}

void App::ApplyIntents() {
    for (Intent& intent : intents_.TakeAll()) {
        std::visit(
            [this](auto& i) {
                using T = std::decay_t<decltype(i)>;
                if constexpr (std::is_same_v<T, ChooseFileIntent>) {
                    platform_->OpenFilePicker();
                } else if constexpr (std::is_same_v<T, DismissImportResultIntent>) {
                    if (import_.phase != ImportPhase::kRunning) {
                        import_.report.reset();
                        import_.phase = ImportPhase::kIdle;
                    }
                    import_.notice.clear();
                } else if constexpr (std::is_same_v<T, RequestGlyphsIntent>) {
                    platform_->RequestGlyphs(i.codepoints);
                }
            },
            intent);
    }
}

void App::OpenDatabaseWhenStorageReady() {
    if (engine_ != nullptr || platform_->Storage().state == StorageState::kLoading) return;
    // The database file lives in memory (IDBFS) and is persisted after each commit, so
    // its journal need not be a file.
    engine::EngineOptions options;
    options.journal_in_memory = true;
    Result<std::unique_ptr<engine::Engine>> opened = engine::Engine::Open(kDatabasePath, options);
    if (opened.ok()) {
        engine_ = std::move(opened).value();
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

void App::StartPendingImport() {
    if (!pending_file_.has_value() || engine_ == nullptr || job_ != nullptr) return;
    PendingFile file = std::move(*pending_file_);
    pending_file_.reset();
    import_frames_ = 0;
    Result<std::unique_ptr<engine::ImportJob>> job =
        engine_->StartImport({file.name, std::move(file.bytes)});
    if (!job.ok()) {
        import_.phase = ImportPhase::kFailed;
        import_.notice = "Could not start importing " + file.name + ": " + job.status().message();
        import_.notice_is_error = true;
        ++imports_finished_;
        return;
    }
    job_ = std::move(job).value();
    import_.progress = job_->Progress();
}

void App::PumpImport() {
    if (job_ == nullptr) return;
    ++import_frames_;
    const double frame_ms = static_cast<double>(ImGui::GetIO().DeltaTime) * 1000.0;
    const double budget_ms = std::clamp(frame_ms * 0.5, kMinImportBudgetMs, kMaxImportBudgetMs);
    const Clock::time_point start = Clock::now();
    Status status;
    while (!job_->IsDone()) {
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
    import_.progress = job_->Progress();
    import_.elapsed_ms = MsSince(import_started_);
    if (!status.ok() || job_->IsDone()) FinishImport(status);
}

void App::FinishImport(const Status& step_status) {
    engine::ImportReport report = job_->Report();
    if (!step_status.ok()) {
        report.state = engine::ImportState::kFailed;
        if (report.error.empty()) report.error = step_status.ToString();
    }
    job_.reset();
    import_.elapsed_ms = MsSince(import_started_);
    import_.phase = report.state == engine::ImportState::kSucceeded ? ImportPhase::kSucceeded
                                                                    : ImportPhase::kFailed;
    last_import_frames_ = import_frames_;
    last_import_rows_ = report.total;
    std::printf("import: %s: %s, %" PRId64 " rows (%" PRId64 " ok, %" PRId64 " failed, %" PRId64
                " duplicates) in %.0f ms over %" PRId64 " frames\n",
                report.file_name.c_str(),
                import_.phase == ImportPhase::kSucceeded ? "succeeded" : "failed", report.total,
                report.successful, report.failed, report.duplicates, import_.elapsed_ms,
                import_frames_);
    import_.report = std::move(report);
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
    const bool want = job_ != nullptr || pending_file_.has_value() ||
                      platform_->Storage().state == StorageState::kSaving;
    if (want == leave_warning_) return;
    leave_warning_ = want;
    platform_->SetLeaveWarning(want);
}

TestSnapshot App::Snapshot() const {
    TestSnapshot s;
    s.ready = drew_with_engine_ && has_data_;
    s.listing_count = has_data_ ? summary_.listings : -1;
    s.import_state = ImportStateCode(import_.phase);
    s.imports_finished = imports_finished_;
    s.imports_refused = imports_refused_;
    s.last_import_ms = import_.phase == ImportPhase::kRunning ? 0.0 : import_.elapsed_ms;
    s.last_import_frames = last_import_frames_;
    s.last_import_rows = last_import_rows_;
    s.storage_state = static_cast<int>(platform_->Storage().state);
    s.visible_rows = listings_view_.row_count();
    return s;
}

}  // namespace stocktake::web
