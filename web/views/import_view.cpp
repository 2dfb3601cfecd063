#include "views/import_view.h"

#include <algorithm>
#include <cstdio>

#include "imgui.h"

namespace stocktake::web {
namespace {

const ImVec4 kErrorColor(1.00f, 0.45f, 0.42f, 1.00f);
const ImVec4 kOkColor(0.45f, 0.85f, 0.50f, 1.00f);

}  // namespace

void ImportView::Draw(const ViewContext& ctx) {
    const ImportStatus& import = *ctx.import;
    const bool running = import.phase == ImportPhase::kRunning;

    ImGui::BeginDisabled(running);
    if (ImGui::Button("Choose file...")) ctx.intents->Post(ChooseFileIntent{});
    ImGui::EndDisabled();
    ImGui::SameLine();
    TextHint("or drop a report anywhere on this page.");

    if (!import.notice.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, import.notice_is_error
                                                 ? kErrorColor
                                                 : ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(import.notice.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }

    if (running) {
        DrawProgress(import);
    } else if (import.report.has_value()) {
        DrawReport(ctx, *import.report, import.elapsed_ms);
    } else if (ctx.last_import != nullptr) {
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

    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void ImportView::DrawProgress(const ImportStatus& import) {
    ImGui::Text("Importing %s", import.file_name.c_str());
    const float fraction = std::clamp(import.progress.Fraction(), 0.0f, 1.0f);
    NumberBuffer rows;
    char overlay[64];
    std::snprintf(overlay, sizeof(overlay), "%s rows  %d%%",
                  FormatCount(import.progress.rows_done, rows),
                  static_cast<int>(fraction * 100.0f));
    ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f), overlay);
    ImGui::TextDisabled("%.1f s", import.elapsed_ms / 1000.0);
}

void ImportView::DrawReport(const ViewContext& ctx, const engine::ImportReport& report,
                            double elapsed_ms) {
    if (scanned_report_ != &report || scanned_job_id_ != report.job_id) {
        scanned_report_ = &report;
        scanned_job_id_ = report.job_id;
        glyphs_.Scan(report.file_name);
        glyphs_.Scan(report.error);
        for (const engine::RowError& e : report.errors) glyphs_.Scan(e.message);
    }

    ImGui::Separator();
    const bool failed = report.state == engine::ImportState::kFailed;
    ImGui::PushTextWrapPos(0.0f);
    if (failed) {
        ImGui::TextColored(kErrorColor, "Could not import %s", report.file_name.c_str());
        if (!report.error.empty()) ImGui::TextUnformatted(report.error.c_str());
    } else {
        ImGui::TextColored(kOkColor, "Imported %s", report.file_name.c_str());
    }
    ImGui::PopTextWrapPos();

    if (!failed || report.total > 0) {
        const ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                      ImGuiTableFlags_SizingStretchSame;
        if (ImGui::BeginTable("import_figures", 6, flags)) {
            ImGui::TableSetupColumn("Rows in file");
            ImGui::TableSetupColumn("Imported");
            ImGui::TableSetupColumn("Failed");
            ImGui::TableSetupColumn("Duplicates");
            ImGui::TableSetupColumn("Encoding");
            ImGui::TableSetupColumn("Time");
            ImGui::TableHeadersRow();
            ImGui::TableNextRow();
            NumberBuffer number;
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatCount(report.total, number));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatCount(report.successful, number));
            ImGui::TableNextColumn();
            if (report.failed > 0) {
                ImGui::TextColored(kErrorColor, "%s", FormatCount(report.failed, number));
            } else {
                ImGui::TextUnformatted("0");
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatCount(report.duplicates, number));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(report.encoding.empty() ? "-" : report.encoding.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.2f s", elapsed_ms / 1000.0);
            ImGui::EndTable();
        }
    }
    if (!report.errors.empty()) DrawErrors(report);
    if (ImGui::SmallButton("Dismiss")) ctx.intents->Post(DismissImportResultIntent{});
}

void ImportView::DrawErrors(const engine::ImportReport& report) {
    NumberBuffer count;
    const int64_t n = static_cast<int64_t>(report.errors.size());
    ImGui::Text(n == 1 ? "%s row has a problem:" : "%s rows have problems:", FormatCount(n, count));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + style.CellPadding.y * 2.0f;
    const int visible = static_cast<int>(std::min<int64_t>(n, 8));
    const ImVec2 size(0.0f, row_h * static_cast<float>(visible + 1) + style.CellPadding.y);
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                  ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("import_errors", 3, flags, size)) return;
    const float digit = ImGui::CalcTextSize("0").x;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, digit * 7.0f);
    ImGui::TableSetupColumn("Column", ImGuiTableColumnFlags_WidthFixed, digit * 9.0f);
    ImGui::TableSetupColumn("Message", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(report.errors.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const engine::RowError& e = report.errors[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            NumberBuffer line;
            TextRightAligned(FormatCount(e.line, line));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.column.empty() ? "(row)" : e.column.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.message.c_str());
            if (ImGui::IsItemHovered() &&
                ImGui::CalcTextSize(e.message.c_str()).x > ImGui::GetContentRegionAvail().x) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
                ImGui::TextUnformatted(e.message.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
