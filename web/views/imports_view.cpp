#include "views/imports_view.h"

#include <cinttypes>
#include <cstdio>

#include "imgui.h"
#include "views/import_common.h"
#include "views/operations_common.h"

namespace stocktake::web {
namespace {

const ImVec4* StatusColor(const engine::ImportReport& job) {
    if (job.state == engine::ImportState::kFailed) {
        return job.cancelled ? &kImportWarnColor : &kImportErrorColor;
    }
    return job.dry_run ? &kImportAccentColor : &kImportOkColor;
}

// "850 ms", "12.4 s", "3 min 20 s".
const char* FormatDuration(int64_t ms, NumberBuffer& out) {
    if (ms < 1000) {
        std::snprintf(out, sizeof(out), "%" PRId64 " ms", ms);
    } else if (ms < 60000) {
        std::snprintf(out, sizeof(out), "%.1f s", static_cast<double>(ms) / 1000.0);
    } else {
        std::snprintf(out, sizeof(out), "%" PRId64 " min %" PRId64 " s", ms / 60000,
                      (ms / 1000) % 60);
    }
    return out;
}

void CountCell(int64_t value, const ImVec4* color = nullptr) {
    NumberBuffer n;
    if (color != nullptr && value > 0) ImGui::PushStyleColor(ImGuiCol_Text, *color);
    TextRightAligned(FormatCount(value, n));
    if (color != nullptr && value > 0) ImGui::PopStyleColor();
}

const engine::ImportReport* OpenJob(const ImportsHistoryState& h) {
    for (const engine::ImportReport& job : h.jobs) {
        if (job.job_id == h.open_job_id) return &job;
    }
    return nullptr;
}

}  // namespace

const char* ImportJobStatus(const engine::ImportReport& job) {
    switch (job.state) {
        case engine::ImportState::kRunning: return "running";
        case engine::ImportState::kSucceeded: return job.dry_run ? "dry run" : "committed";
        case engine::ImportState::kFailed: return job.cancelled ? "cancelled" : "failed";
    }
    return "failed";
}

void ImportsView::Draw(const ViewContext& ctx) {
    const ImportsHistoryState& h = ctx.admin->imports;
    ImGui::TextUnformatted("Imports");
    ImGui::SameLine();
    if (ImGui::SmallButton("Import a file...")) ctx.intents->Post(ChooseFileIntent{});
    ImGui::Separator();
    DrawError(h.error);
    if (!h.loaded) {
        ImGui::TextDisabled("Reading the import history...");
        return;
    }
    if (h.jobs.empty()) {
        if (EmptyStatePanel("No imports yet.",
                            {"Choose a file to import: an Amazon listings or FBA report, a "
                             "Shopify or eBay export, a supplier's price sheet or any catalogue "
                             "CSV (or drop it on this page).",
                             "Preview the changes first: previews are listed here too, with "
                             "every row that could not be imported."},
                            "Choose a file...", true)) {
            ctx.intents->Post(ChooseFileIntent{});
        }
        return;
    }

    // The open job first, so a phone sees its errors without scrolling past the list.
    if (const engine::ImportReport* job = OpenJob(h)) {
        glyphs_.Scan(job->file_name);
        ImGui::TextColored(kImportAccentColor, "%s", job->file_name.c_str());
        ImGui::SameLine();
        ImGui::TextColored(*StatusColor(*job), "%s", ImportJobStatus(*job));
        NumberBuffer when;
        NumberBuffer took;
        ImGui::TextDisabled(
            "%s, %s, took %s", job->format.empty() ? "format unknown" : job->format.c_str(),
            FormatTimestamp(job->started_at, when), FormatDuration(job->elapsed_ms, took));
        if (BeginFigures("job_counts", 5)) {
            NumberBuffer n[5];
            FigureCell("Rows", FormatCount(job->total, n[0]));
            FigureCell("Processed", FormatCount(job->processed(), n[1]));
            FigureCell("Imported", FormatCount(job->successful, n[2]), &kImportOkColor,
                       job->successful > 0);
            FigureCell("Failed", FormatCount(job->failed, n[3]), &kImportErrorColor,
                       job->failed > 0);
            FigureCell("Duplicates", FormatCount(job->duplicates, n[4]), &kImportWarnColor,
                       job->duplicates > 0);
            ImGui::EndTable();
        }
        DrawError(job->error);
        if (h.errors.empty()) {
            TextHint("Every row of this file could be read.");
        } else {
            for (const engine::RowError& e : h.errors) glyphs_.Scan(e.value);
            DrawRowErrors("job_errors", h.errors, ctx.narrow ? 6 : 10);
        }
        ImGui::BeginDisabled(h.errors.empty());
        if (ImGui::Button("Download errors (CSV)")) {
            ctx.intents->Post(AdminIntent{DownloadJobErrorsIntent{job->job_id}});
        }
        ImGui::EndDisabled();
        SameLineIfFits(ButtonWidth("Close"));
        if (ImGui::Button("Close")) ctx.intents->Post(AdminIntent{OpenImportJobIntent{0}});
        ImGui::Spacing();
        ImGui::Separator();
    } else {
        TextHint("Open an import to see the rows it could not use.");
    }

    // A phone gets the columns that decide which job to open; the rest show once opened.
    const bool narrow = ctx.narrow;
    const bool shown =
        narrow ? BeginStretchTable(
                     "jobs", {{"File", 2.2f}, {"Status", 1.0f}, {"Rows", 0.8f}, {"Failed", 0.8f}})
               : BeginStretchTable("jobs", {{"When", 1.3f},
                                            {"File", 2.0f},
                                            {"Format", 1.4f},
                                            {"Status", 0.9f},
                                            {"Rows", 0.6f},
                                            {"Processed", 0.7f},
                                            {"Imported", 0.7f},
                                            {"Failed", 0.6f},
                                            {"Duplicates", 0.7f},
                                            {"Duration", 0.7f}});
    if (shown) {
        for (const engine::ImportReport& job : h.jobs) {
            glyphs_.Scan(job.file_name);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(job.job_id));
            NumberBuffer when;
            const char* first =
                narrow ? job.file_name.c_str() : FormatTimestamp(job.started_at, when);
            if (ImGui::Selectable(first, job.job_id == h.open_job_id,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                ctx.intents->Post(
                    AdminIntent{OpenImportJobIntent{job.job_id == h.open_job_id ? 0 : job.job_id}});
            }
            ImGui::PopID();
            if (!narrow) {
                ImGui::TableNextColumn();
                CellText(job.file_name.c_str());
                ImGui::TableNextColumn();
                CellText(job.format.empty() ? "-" : job.format.c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextColored(*StatusColor(job), "%s", ImportJobStatus(job));
            ImGui::TableNextColumn();
            CountCell(job.total);
            if (!narrow) {
                ImGui::TableNextColumn();
                CountCell(job.processed());
                ImGui::TableNextColumn();
                CountCell(job.successful);
            }
            ImGui::TableNextColumn();
            CountCell(job.failed, &kImportErrorColor);
            if (!narrow) {
                ImGui::TableNextColumn();
                CountCell(job.duplicates, &kImportWarnColor);
                ImGui::TableNextColumn();
                NumberBuffer took;
                TextRightAligned(FormatDuration(job.elapsed_ms, took));
            }
        }
        ImGui::EndTable();
    }
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

}  // namespace stocktake::web
