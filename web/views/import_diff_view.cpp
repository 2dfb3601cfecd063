#include "views/import_diff_view.h"

#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "views/import_common.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

std::string RecordLabel(const std::string& entity) {
    if (entity == "vendor_price") return "supplier price";
    std::string label = entity;
    std::replace(label.begin(), label.end(), '_', ' ');
    return label;
}

// "price: 12.00 → 13.50" for a change, "price: 12.00" for a new record's value.
std::string FieldsText(const engine::RecordChange& change) {
    std::string text;
    for (const engine::FieldChange& f : change.fields) {
        if (!text.empty()) text += ", ";
        text += f.field + ": ";
        if (change.kind == engine::ChangeKind::kNew) {
            text += f.after;
        } else {
            text += (f.before.empty() ? "(empty)" : f.before) + " \u2192 " +
                    (f.after.empty() ? "(empty)" : f.after);
        }
    }
    return text;
}

void CountCell(const char* label, int64_t value, const ImVec4* color) {
    NumberBuffer number;
    FigureCell(label, FormatCount(value, number), color, value > 0);
}

// BulletText does not wrap; a phone needs it to.
void WrappedBullet(const char* text) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", text);
}

}  // namespace

void ImportDiffView::Recache(const ImportWizard& wizard) {
    cached_revision_ = wizard.revision;
    cached_glyphs_ = ImGui::GetFont()->Glyphs.Size;
    lines_.clear();
    suggestions_.clear();
    fields_ems_ = 0.0f;
    if (!wizard.dry_run.has_value()) return;
    const engine::ImportReport& report = *wizard.dry_run;
    glyphs_.Scan("\u2192\u2014");
    for (const engine::RecordChange& change : report.changes) {
        ChangeLine line{RecordLabel(change.entity), FieldsText(change)};
        glyphs_.Scan(change.key);
        glyphs_.Scan(line.fields);
        fields_ems_ = std::max(fields_ems_,
                               ImGui::CalcTextSize(line.fields.c_str()).x / ImGui::GetFontSize());
        lines_.push_back(std::move(line));
    }
    for (const engine::MatchSuggestion& s : report.suggestions) {
        char prefix[48];
        std::snprintf(prefix, sizeof(prefix), "line %lld: SKU ", static_cast<long long>(s.line));
        std::string text = prefix + s.sku + " may be the same product as " + s.existing_sku +
                           " \u2014 " + s.reason;
        glyphs_.Scan(text);
        suggestions_.push_back(std::move(text));
    }
    for (const std::string& note : report.notes) glyphs_.Scan(note);
    for (const engine::RowError& e : report.errors) {
        glyphs_.Scan(e.message);
        glyphs_.Scan(e.value);
    }
}

void ImportDiffView::Draw(const ViewContext& ctx) {
    const ImportWizard& wizard = *ctx.wizard;
    // Text widths are measured once per change, and again when glyphs the text needs have
    // been added to the font (until then they measure as the narrower '?').
    if (cached_revision_ != wizard.revision || cached_glyphs_ != ImGui::GetFont()->Glyphs.Size) {
        Recache(wizard);
    }
    if (!wizard.dry_run.has_value()) return;
    const engine::ImportReport& report = *wizard.dry_run;

    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kImportAccentColor, "%s", wizard.file_name.c_str());
    TextHint("Preview: this is what importing the file would do. Nothing has changed yet.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    DrawCounts(report);
    // ImGui keeps a table's column widths under its id and uses the widths given here only
    // for a new table: an id per dry run sizes the columns for this report's content.
    ImGui::PushID(static_cast<int>(wizard.revision));
    if (!report.changes.empty()) DrawChanges(report);
    if (!suggestions_.empty()) DrawSuggestions(report);
    if (!report.notes.empty()) DrawNotes(report);
    if (!report.errors.empty()) DrawErrors(ctx, report);
    ImGui::PopID();
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void ImportDiffView::DrawCounts(const engine::ImportReport& report) {
    if (!BeginFigures("diff_counts", 6)) return;
    CountCell("New", report.created, &kImportOkColor);
    CountCell("Changed", report.changed, &kImportAccentColor);
    CountCell("Unchanged", report.unchanged, nullptr);
    CountCell("Failed", report.failed, &kImportErrorColor);
    CountCell("Duplicates", report.duplicates, &kImportWarnColor);
    CountCell("Skipped", report.skipped, nullptr);
    ImGui::EndTable();
}

void ImportDiffView::DrawChanges(const engine::ImportReport& report) {
    ImGui::Spacing();
    NumberBuffer shown;
    const int64_t n = static_cast<int64_t>(report.changes.size());
    const int64_t total = report.created + report.changed;
    if (n < total) {
        NumberBuffer all;
        ImGui::Text("Changes (the first %s of %s)", FormatCount(n, shown), FormatCount(total, all));
    } else {
        ImGui::TextUnformatted("Changes");
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float em = ImGui::GetFontSize();
    const float digit = ImGui::CalcTextSize("0").x;
    // The field list takes the rest of a wide screen, and as much as its longest line needs:
    // the table scrolls sideways then (and on a phone).
    const float fixed =
        digit * 7.0f + em * 20.0f + style.CellPadding.x * 10.0f + style.ScrollbarSize;
    const float rest = ImGui::GetContentRegionAvail().x - fixed - em;  // an em for borders
    const float fields_w = std::max({em * 24.0f, rest, (fields_ems_ + 1.0f) * em});
    const bool scrolls_x = fields_w > rest;
    const float row_h = ImGui::GetTextLineHeight() + style.CellPadding.y * 2.0f;
    const int visible = static_cast<int>(std::min<int64_t>(n, 10));
    const ImVec2 size(0.0f, row_h * static_cast<float>(visible + 1) + style.CellPadding.y * 2.0f +
                                (scrolls_x ? style.ScrollbarSize : 0.0f));
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("diff_changes", 5, flags, size)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, digit * 7.0f);
    ImGui::TableSetupColumn("Record", ImGuiTableColumnFlags_WidthFixed, em * 6.0f);
    ImGui::TableSetupColumn("Key", ImGuiTableColumnFlags_WidthFixed, em * 9.0f);
    ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_WidthFixed, em * 5.0f);
    ImGui::TableSetupColumn("Fields", ImGuiTableColumnFlags_WidthFixed, fields_w);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(n));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const engine::RecordChange& change = report.changes[static_cast<size_t>(i)];
            const ChangeLine& line = lines_[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            NumberBuffer number;
            TextRightAligned(FormatCount(change.line, number));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(line.record.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(change.key.c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(
                change.kind == engine::ChangeKind::kNew ? kImportOkColor : kImportAccentColor, "%s",
                engine::ChangeKindName(change.kind));
            ImGui::TableNextColumn();
            CellText(line.fields.c_str());
        }
    }
    ImGui::EndTable();
}

void ImportDiffView::DrawSuggestions(const engine::ImportReport& report) {
    ImGui::Spacing();
    NumberBuffer count;
    ImGui::TextColored(kImportWarnColor, "Possibly the same product (%s)",
                       FormatCount(report.suggestions_found, count));
    ImGui::PushTextWrapPos(0.0f);
    TextHint("Only suggestions: nothing is merged. Each row imports under its own SKU.");
    for (const std::string& text : suggestions_) WrappedBullet(text.c_str());
    const int64_t more = report.suggestions_found - static_cast<int64_t>(suggestions_.size());
    if (more > 0) ImGui::TextDisabled("and %s more", FormatCount(more, count));
    ImGui::PopTextWrapPos();
}

void ImportDiffView::DrawNotes(const engine::ImportReport& report) {
    ImGui::Spacing();
    ImGui::TextUnformatted("Notes");
    ImGui::PushTextWrapPos(0.0f);
    for (const std::string& note : report.notes) WrappedBullet(note.c_str());
    ImGui::PopTextWrapPos();
}

void ImportDiffView::DrawErrors(const ViewContext& ctx, const engine::ImportReport& report) {
    ImGui::Spacing();
    NumberBuffer count;
    const int64_t n = static_cast<int64_t>(report.errors.size());
    ImGui::TextColored(kImportErrorColor,
                       n == 1 ? "%s row would not be imported:" : "%s rows would not be imported:",
                       FormatCount(n, count));
    DrawRowErrors("diff_errors", report.errors, 8);
    if (ImGui::SmallButton("Download errors (CSV)")) ctx.intents->Post(DownloadErrorsIntent{});
}

}  // namespace stocktake::web
