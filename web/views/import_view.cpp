#include "views/import_view.h"

#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "views/import_common.h"

namespace stocktake::web {

void ImportView::Draw(const ViewContext& ctx) {
    const ImportWizard& wizard = *ctx.wizard;
    footer_centers_.clear();
    switch (wizard.step) {
        case WizardStep::kFile:
        case WizardStep::kDryRun:
        case WizardStep::kDiff:
        case WizardStep::kCommitting: DrawScreen(ctx); break;
        case WizardStep::kIdle:
        case WizardStep::kReading:
        case WizardStep::kUnreadable:
        case WizardStep::kDone:
            DrawChooser(ctx);
            if (wizard.step == WizardStep::kDone && wizard.report.has_value()) {
                DrawReport(ctx, *wizard.report, wizard.elapsed_ms);
            }
            break;
    }
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void ImportView::DrawNotice(const ImportWizard& wizard) {
    if (wizard.notice.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, wizard.notice_is_error
                                             ? kImportErrorColor
                                             : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(wizard.notice.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void ImportView::DrawChooser(const ViewContext& ctx) {
    const ImportWizard& wizard = *ctx.wizard;
    ImGui::BeginDisabled(wizard.IsBusy());
    if (ImGui::Button("Choose file...")) ctx.intents->Post(ChooseFileIntent{});
    ImGui::EndDisabled();
    ImGui::SameLine();
    TextHint("or drop a report anywhere on this page.");
    DrawNotice(wizard);

    if (wizard.step == WizardStep::kReading) {
        ImGui::Text("Reading %s...", wizard.file_name.c_str());
    } else if (wizard.step == WizardStep::kUnreadable) {
        if (scanned_revision_ != wizard.revision) {
            scanned_revision_ = wizard.revision;
            glyphs_.Scan(wizard.file_name);
            glyphs_.Scan(wizard.preview.error);
        }
        ImGui::Separator();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kImportErrorColor, "Cannot read %s", wizard.file_name.c_str());
        ImGui::TextUnformatted(wizard.preview.error.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::SmallButton("Dismiss")) ctx.intents->Post(DismissImportResultIntent{});
    } else if (wizard.step == WizardStep::kIdle && ctx.last_import != nullptr) {
        const engine::ImportReport& last = *ctx.last_import;
        NumberBuffer rows;
        NumberBuffer when;
        const std::string& at = last.finished_at.empty() ? last.started_at : last.finished_at;
        ImGui::PushTextWrapPos(0.0f);
        if (last.state == engine::ImportState::kFailed) {
            ImGui::TextDisabled("Last import: %s could not be imported (%s)",
                                last.file_name.c_str(), FormatTimestamp(at, when));
        } else {
            ImGui::TextDisabled("Last import: %s, %s rows imported (%s)", last.file_name.c_str(),
                                FormatCount(last.successful, rows), FormatTimestamp(at, when));
        }
        ImGui::PopTextWrapPos();
    }
}

void ImportView::DrawScreen(const ViewContext& ctx) {
    const ImportWizard& wizard = *ctx.wizard;
    // The footer's buttons stay in view however long the screen's content is: measure them
    // first (they wrap on a phone), give the rest to a scrolling child.
    ButtonRow footer = FooterButtons(wizard);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float footer_h = footer.Height() + style.ItemSpacing.y * 2.0f + 1.0f;
    const float child_h =
        std::max(ImGui::GetFontSize() * 6.0f, ImGui::GetContentRegionAvail().y - footer_h);
    ImGui::BeginChild("import_screen", ImVec2(0.0f, child_h), false);
    DrawNotice(wizard);
    if (wizard.step == WizardStep::kFile) {
        file_view_.Draw(ctx);
    } else if (wizard.step == WizardStep::kDiff) {
        diff_view_.Draw(ctx);
    } else {
        DrawProgress(ctx);
    }
    ImGui::EndChild();
    ImGui::Separator();
    DrawFooter(ctx, footer);
    footer_centers_ = footer.centers();
}

bool ImportView::FooterButtonCenter(size_t i, float* x, float* y) const {
    if (i >= footer_centers_.size()) return false;
    *x = footer_centers_[i].x;
    *y = footer_centers_[i].y;
    return true;
}

ButtonRow ImportView::FooterButtons(const ImportWizard& wizard) {
    if (wizard.step == WizardStep::kFile) {
        return ButtonRow(
            {"Preview changes", "Import without preview", "Choose another file", "Close"});
    }
    if (wizard.step == WizardStep::kDiff) {
        const int64_t rows = wizard.dry_run.has_value() ? wizard.dry_run->successful : 0;
        NumberBuffer count;
        // "###import" keeps the button's id stable while its label carries the count.
        std::snprintf(import_label_, sizeof(import_label_), "Import %s %s###import",
                      FormatCount(rows, count), rows == 1 ? "row" : "rows");
        return ButtonRow({import_label_, "Back", "Choose another file", "Close"});
    }
    return ButtonRow({"Cancel"});
}

void ImportView::DrawFooter(const ViewContext& ctx, ButtonRow& row) {
    const ImportWizard& wizard = *ctx.wizard;
    if (wizard.step == WizardStep::kFile) {
        if (row.Button(0, wizard.CanStart())) ctx.intents->Post(PreviewChangesIntent{});
        if (row.Button(1, wizard.CanStart())) ctx.intents->Post(CommitImportIntent{});
        if (row.Button(2)) ctx.intents->Post(ChooseFileIntent{});
        if (row.Button(3)) ctx.intents->Post(DismissImportResultIntent{});
    } else if (wizard.step == WizardStep::kDiff) {
        const bool any = wizard.dry_run.has_value() && wizard.dry_run->successful > 0;
        if (row.Button(0, any)) ctx.intents->Post(CommitImportIntent{});
        if (row.Button(1)) ctx.intents->Post(BackToFileIntent{});
        if (row.Button(2)) ctx.intents->Post(ChooseFileIntent{});
        if (row.Button(3)) ctx.intents->Post(DismissImportResultIntent{});
    } else {
        if (row.Button(0)) ctx.intents->Post(CancelImportJobIntent{});
    }
}

void ImportView::DrawProgress(const ViewContext& ctx) {
    const ImportWizard& wizard = *ctx.wizard;
    const bool dry_run = wizard.step == WizardStep::kDryRun;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(dry_run ? "Checking what importing %s would change" : "Importing %s",
                wizard.file_name.c_str());
    ImGui::PopTextWrapPos();
    const float fraction = std::clamp(wizard.progress.Fraction(), 0.0f, 1.0f);
    NumberBuffer rows;
    char overlay[64];
    std::snprintf(overlay, sizeof(overlay), "%s rows  %d%%",
                  FormatCount(wizard.progress.rows_done, rows),
                  static_cast<int>(fraction * 100.0f));
    ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f), overlay);
    ImGui::TextDisabled("%.1f s", wizard.elapsed_ms / 1000.0);
    if (dry_run) TextHint("Nothing is written until you choose to import.");
}

void ImportView::DrawReport(const ViewContext& ctx, const engine::ImportReport& report,
                            double elapsed_ms) {
    if (scanned_revision_ != ctx.wizard->revision) {
        scanned_revision_ = ctx.wizard->revision;
        glyphs_.Scan(report.file_name);
        glyphs_.Scan(report.error);
        for (const engine::RowError& e : report.errors) {
            glyphs_.Scan(e.message);
            glyphs_.Scan(e.value);
        }
    }

    ImGui::Separator();
    const bool failed = report.state == engine::ImportState::kFailed;
    ImGui::PushTextWrapPos(0.0f);
    if (failed) {
        ImGui::TextColored(kImportErrorColor, "Could not import %s", report.file_name.c_str());
        if (!report.error.empty()) ImGui::TextUnformatted(report.error.c_str());
    } else {
        ImGui::TextColored(kImportOkColor, "Imported %s", report.file_name.c_str());
    }
    ImGui::PopTextWrapPos();

    if ((!failed || report.total > 0) && BeginFigures("import_figures", 6)) {
        NumberBuffer number;
        char time[32];
        std::snprintf(time, sizeof(time), "%.2f s", elapsed_ms / 1000.0);
        FigureCell("Rows in file", FormatCount(report.total, number));
        FigureCell("Imported", FormatCount(report.successful, number));
        FigureCell("Failed", FormatCount(report.failed, number), &kImportErrorColor,
                   report.failed > 0);
        FigureCell("Duplicates", FormatCount(report.duplicates, number));
        FigureCell("Encoding", report.encoding.empty() ? "-" : report.encoding.c_str());
        FigureCell("Time", time);
        ImGui::EndTable();
    }
    if (!report.errors.empty()) {
        NumberBuffer count;
        const int64_t n = static_cast<int64_t>(report.errors.size());
        ImGui::Text(n == 1 ? "%s row has a problem:" : "%s rows have problems:",
                    FormatCount(n, count));
        ImGui::PushID(static_cast<int>(ctx.wizard->revision));  // widths for this report
        DrawRowErrors("import_errors", report.errors, 8);
        ImGui::PopID();
        if (ImGui::SmallButton("Download errors (CSV)")) {
            ctx.intents->Post(DownloadErrorsIntent{});
        }
        ImGui::SameLine();
    }
    if (ImGui::SmallButton("Dismiss")) ctx.intents->Post(DismissImportResultIntent{});
}

}  // namespace stocktake::web
