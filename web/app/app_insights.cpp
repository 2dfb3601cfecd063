// App's part for the insights and restock screens: loads and caches the engine's insights,
// the selected insight's metrics and the restock plan (InsightsState), and applies the
// screens' intents (refresh, select, CSV downloads, draft purchase orders).
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/app.h"
#include "stocktake/engine/export.h"

namespace stocktake::web {

void App::ShowScreen(Screen screen) {
    screen_ = screen;
    // The data is read after this frame's intents (AfterFrame), once per engine generation.
}

void App::LoadInsights() {
    insights_generation_ = engine_->Generation();
    insights_.loaded = true;
    ++insights_.revision;
    insights_.error.clear();
    Result<std::vector<engine::Insight>> insights = engine_->Insights();
    if (insights.ok()) {
        insights_.insights = std::move(insights).value();
    } else {
        insights_.error = "Could not read the insights: " + insights.status().ToString();
    }
    // Right after a refresh, at its instant: the generation made this plan from the same
    // reads (Engine::PlanRestock returns it without reading everything again). Otherwise
    // the data changed since: planning every SKU here would hold up the frame (over a
    // second at 100k SKUs), so the last plan stays shown while a refresh, spread over
    // frames, brings the insights and the plan up to date.
    const bool fresh =
        !insights_.refreshed_at.empty() && engine_->Generation() == refreshed_generation_;
    if (fresh) {
        Result<engine::RestockPlan> plan = engine_->PlanRestock(insights_.refreshed_at);
        if (plan.ok()) {
            insights_.plan = std::move(plan).value();
        } else {
            insights_.plan.reset();
            insights_.error = "Could not plan the restock: " + plan.status().ToString();
        }
    } else {
        RefreshInsightsAfterChange();
    }
    if (screen_ == Screen::kProductDetail) FindDetailRestockLine();
    if (!insights_.selected_sku.empty()) LoadSelectedMetrics();
}

void App::RefreshInsightsAfterChange() {
    // Not over an import, which holds the database; not again at a generation whose
    // refresh failed (its error is shown, and Refresh tries again).
    if (job_ != nullptr || insights_job_ != nullptr) return;
    if (failed_refresh_generation_ == engine_->Generation()) return;
    RefreshInsights();
}

void App::RefreshInsights() {
    if (insights_job_ != nullptr) return;  // one generation at a time; this one is running
    insights_job_ = engine_->StartInsights();
    insights_started_ = Clock::now();
    insights_job_frames_ = 0;
    insights_job_max_slice_ms_ = 0;
    insights_.generating = true;
    insights_.progress_phase = insights_job_->Progress().phase;
    insights_.progress_percent = 0;
    ++insights_.revision;
}

void App::PumpInsights() {
    if (insights_job_ == nullptr) return;
    ++insights_job_frames_;
    // As the import's slice (docs/DECISIONS.md "Import slices per frame").
    const double budget_ms = FrameSliceMs();
    const Clock::time_point start = Clock::now();
    Status status = insights_job_->Step(static_cast<int64_t>(budget_ms * 1000.0));
    insights_job_max_slice_ms_ =
        std::max(insights_job_max_slice_ms_,
                 std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    const engine::InsightsProgress progress = insights_job_->Progress();
    if (progress.phase != insights_.progress_phase ||
        progress.percent != insights_.progress_percent) {
        insights_.progress_phase = progress.phase;
        insights_.progress_percent = progress.percent;
        ++insights_.revision;
    }
    if (!status.ok() || insights_job_->IsDone()) FinishInsights(status);
}

void App::FinishInsights(const Status& status) {
    const engine::InsightRun run = insights_job_->Run();
    insights_job_.reset();
    insights_.generating = false;
    last_insights_frames_ = insights_job_frames_;
    last_insights_max_slice_ms_ = insights_job_max_slice_ms_;
    last_insights_ms_ =
        std::chrono::duration<double, std::milli>(Clock::now() - insights_started_).count();
    if (!status.ok()) {
        failed_refresh_generation_ = engine_->Generation();
        insights_.error = "Could not refresh the insights: " + status.ToString();
        ++insights_.revision;
        return;
    }
    insights_.last_run = run;
    insights_.refreshed_at = run.generated_at;
    refreshed_generation_ = engine_->Generation();
    ++insight_refreshes_;
    LoadInsights();
    if (persist_) platform_->PersistData();  // insights are stored, so keep them
}

void App::SelectInsight(const SelectInsightIntent& selection) {
    insights_.selected_kind = selection.kind;
    insights_.selected_sku = selection.sku;
    insights_.selected_channel = selection.channel;
    ++insights_.revision;
    LoadSelectedMetrics();
}

void App::LoadSelectedMetrics() {
    insights_.metrics.clear();
    insights_.metrics_error.clear();
    Result<std::vector<engine::SkuMetrics>> metrics = engine_->Metrics(insights_.selected_sku);
    if (metrics.ok()) {
        insights_.metrics = std::move(metrics).value();
    } else {
        insights_.metrics_error = "Could not read the metrics: " + metrics.status().ToString();
    }
}

void App::DownloadInsightsCsv(const std::string& kind) {
    std::vector<engine::Insight> rows;
    for (const engine::Insight& insight : insights_.insights) {
        if (kind.empty() || insight.kind == kind) rows.push_back(insight);
    }
    Download("insights-" + (kind.empty() ? std::string("all") : kind) + ".csv", InsightsCsv(rows));
}

void App::DownloadRestockCsv() {
    if (!insights_.plan.has_value()) return;
    Download("restock-plan.csv", engine::RestockPlanCsv(*insights_.plan));
}

void App::DownloadChannelFile(const std::string& channel) {
    Result<engine::BulkFile> file = engine_->ChannelFile(channel);
    ++insights_.revision;
    if (!file.ok()) {
        insights_.restock_message = "No file was made: " + file.status().ToString();
        insights_.restock_message_is_error = true;
        return;
    }
    Download(file->file_name, file->text, file->media_type.c_str());
    // What the file leaves out, and why, is part of what the seller uploads.
    std::string message = file->file_name + ": " + std::to_string(file->rows) + " listing(s)";
    if (file->skipped > 0) message += ", " + std::to_string(file->skipped) + " left out";
    for (const std::string& note : file->notes) message += ". " + note;
    insights_.restock_message = message;
    insights_.restock_message_is_error = false;
}

void App::Download(const std::string& file_name, const std::string& text, const char* media_type) {
    platform_->Download(file_name, text, media_type);
    ++downloads_;
}

void App::CreateRestockPurchaseOrders() {
    Result<std::vector<engine::PurchaseOrder>> made = engine_->CreateRestockPurchaseOrders();
    ++insights_.revision;
    if (!made.ok()) {
        insights_.restock_message = "No purchase orders were created: " + made.status().ToString();
        insights_.restock_message_is_error = true;
        return;
    }
    size_t lines = 0;
    for (const engine::PurchaseOrder& po : made.value()) lines += po.lines.size();
    purchase_orders_created_ += static_cast<int64_t>(made->size());
    char text[160];
    std::snprintf(text, sizeof(text),
                  "Created %zu draft purchase order(s) with %zu line(s). The plan now counts "
                  "them as inbound.",
                  made->size(), lines);
    insights_.restock_message = text;
    insights_.restock_message_is_error = false;
    LoadInsights();  // the drafts are inbound stock: the plan shrinks
    if (persist_) platform_->PersistData();
}

void App::FillInsightsSnapshot(TestSnapshot* s) const {
    s->insights_generating = insights_.generating;
    s->insights_percent = insights_.progress_percent;
    s->last_insights_frames = last_insights_frames_;
    s->last_insights_max_slice_ms = last_insights_max_slice_ms_;
    s->last_insights_ms = last_insights_ms_;
}

// The test's actions, each posting exactly the intent the screen's button or row posts.
void App::PostInsightsTestAction(TestAction action, int a, int b) {
    const std::vector<std::string>& kinds = engine::InsightKinds();
    const bool valid_kind = a >= 0 && static_cast<size_t>(a) < kinds.size();
    switch (action) {
        case TestAction::kShowScreen:
            if (a >= 0 && a <= static_cast<int>(Screen::kStock)) {  // the last screen
                intents_.Post(ShowScreenIntent{static_cast<Screen>(a)});
            }
            break;
        case TestAction::kRefreshInsights: intents_.Post(RefreshInsightsIntent{}); break;
        case TestAction::kSelectInsight: {
            if (!valid_kind) break;
            int row = 0;
            for (const engine::Insight& i : insights_.insights) {
                if (i.kind != kinds[static_cast<size_t>(a)]) continue;
                if (row++ == b) intents_.Post(SelectInsightIntent{i.kind, i.sku, i.channel});
            }
            break;
        }
        case TestAction::kDownloadInsightsCsv:
            intents_.Post(
                DownloadInsightsCsvIntent{valid_kind ? kinds[static_cast<size_t>(a)] : ""});
            break;
        case TestAction::kDownloadRestockCsv: intents_.Post(DownloadRestockCsvIntent{}); break;
        case TestAction::kCreateRestockPos: intents_.Post(CreateRestockPosIntent{}); break;
        case TestAction::kDownloadChannelFile: {
            const std::vector<engine::ChannelInfo> channels = engine_->Channels();
            if (a >= 0 && static_cast<size_t>(a) < channels.size()) {
                intents_.Post(DownloadChannelFileIntent{channels[static_cast<size_t>(a)].id});
            }
            break;
        }
        default: break;
    }
}

}  // namespace stocktake::web
