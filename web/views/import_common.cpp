#include "views/import_common.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "widgets/widgets.h"

namespace stocktake::web {

namespace {

// Narrower than this many ems, tables give way to stacked rows (a phone held upright).
constexpr float kNarrowEms = 36.0f;

// A phone's row errors: not a table wider than the screen but one block per error, its
// message wrapped. The first kStackedErrorsShown only (wrapped rows have no fixed height
// to clip by); the download has every one.
constexpr size_t kStackedErrorsShown = 200;

void DrawRowErrorsStacked(const char* id, const std::vector<engine::RowError>& errors,
                          int visible_rows) {
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const int visible = static_cast<int>(std::min<size_t>(errors.size(), visible_rows));
    const ImVec2 size(
        0.0f, line * 2.6f * static_cast<float>(visible) + ImGui::GetStyle().WindowPadding.y * 2.0f);
    if (!ImGui::BeginChild(id, size, true)) {
        ImGui::EndChild();
        return;
    }
    ImGui::PushTextWrapPos(0.0f);
    const size_t shown = std::min(errors.size(), kStackedErrorsShown);
    for (size_t i = 0; i < shown; ++i) {
        const engine::RowError& e = errors[i];
        NumberBuffer n;
        if (e.value.empty()) {
            ImGui::TextDisabled("Line %s, %s", FormatCount(e.line, n),
                                e.column.empty() ? "the row" : e.column.c_str());
        } else {
            ImGui::TextDisabled("Line %s, %s: %s", FormatCount(e.line, n),
                                e.column.empty() ? "the row" : e.column.c_str(), e.value.c_str());
        }
        ImGui::TextUnformatted(e.message.c_str());
        if (i + 1 < shown) ImGui::Separator();
    }
    if (errors.size() > shown) {
        NumberBuffer n;
        TextHint((std::string(FormatCount(static_cast<int64_t>(errors.size() - shown), n)) +
                  " more: download the errors (CSV) to see every one.")
                     .c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

}  // namespace

void DrawRowErrors(const char* id, const std::vector<engine::RowError>& errors, int visible_rows) {
    if (ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * kNarrowEms) {
        return DrawRowErrorsStacked(id, errors, visible_rows);
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + style.CellPadding.y * 2.0f;
    const int64_t n = static_cast<int64_t>(errors.size());
    const int visible = static_cast<int>(std::min<int64_t>(n, visible_rows));
    const float em = ImGui::GetFontSize();
    const float digit = ImGui::CalcTextSize("0").x;
    // Wide enough for most messages in one line; the table scrolls sideways on a phone.
    // (One em to spare for borders, so a table that fits never shows a scrollbar.)
    const float rest = ImGui::GetContentRegionAvail().x - digit * 7.0f - em * 15.0f -
                       style.CellPadding.x * 8.0f - style.ScrollbarSize;
    const float problem_w = std::max(em * 24.0f, rest);
    const bool scrolls_x = problem_w > rest;  // room for the scrollbar only then
    const ImVec2 size(0.0f, row_h * static_cast<float>(visible + 1) + style.CellPadding.y * 2.0f +
                                (scrolls_x ? style.ScrollbarSize : 0.0f));
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable(id, 4, flags, size)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, digit * 7.0f);
    ImGui::TableSetupColumn("Column", ImGuiTableColumnFlags_WidthFixed, em * 7.0f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthFixed, em * 7.0f);
    ImGui::TableSetupColumn("Problem", ImGuiTableColumnFlags_WidthFixed, problem_w);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(errors.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const engine::RowError& e = errors[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            NumberBuffer line;
            TextRightAligned(FormatCount(e.line, line));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.column.empty() ? "(row)" : e.column.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.value.c_str());
            ImGui::TableNextColumn();
            CellText(e.message.c_str());
        }
    }
    ImGui::EndTable();
}

bool BeginFigures(const char* id, int count) {
    const bool narrow = ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * kNarrowEms;
    const int columns = narrow ? (count + 1) / 2 : count;
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchSame;
    return ImGui::BeginTable(id, columns, flags);
}

void FigureCell(const char* label, const char* value, const ImVec4* color, bool value_is_nonzero) {
    ImGui::TableNextColumn();
    TextHint(label);
    if (color != nullptr && value_is_nonzero) {
        ImGui::TextColored(*color, "%s", value);
    } else {
        ImGui::TextUnformatted(value);
    }
}

ButtonRow::ButtonRow(std::vector<const char*> labels) : labels_(std::move(labels)) {}

float ButtonRow::ButtonWidth(size_t i) const {
    return ImGui::CalcTextSize(labels_[i], nullptr, true).x +
           ImGui::GetStyle().FramePadding.x * 2.0f;
}

float ButtonRow::Height() const {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float avail = ImGui::GetContentRegionAvail().x;
    int lines = labels_.empty() ? 0 : 1;
    float x = 0.0f;
    for (size_t i = 0; i < labels_.size(); ++i) {
        const float w = ButtonWidth(i);
        if (x > 0.0f && x + style.ItemSpacing.x + w > avail) {
            ++lines;
            x = 0.0f;
        }
        x += (x > 0.0f ? style.ItemSpacing.x : 0.0f) + w;
    }
    return static_cast<float>(lines) * ImGui::GetFrameHeight() +
           static_cast<float>(std::max(0, lines - 1)) * style.ItemSpacing.y;
}

bool ButtonRow::Button(size_t i, bool enabled) {
    if (!centers_.empty()) {
        ImGui::SameLine();
        // SameLine put the cursor after the previous button: wrap when this one overflows.
        const float right = ImGui::GetCursorPosX() + ButtonWidth(i);
        if (right > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
    }
    ImGui::BeginDisabled(!enabled);
    const bool clicked = ImGui::Button(labels_[i]);
    ImGui::EndDisabled();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    centers_.emplace_back((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
    return clicked;
}

const char* FieldLabel(const std::string& field) {
    static const std::pair<const char*, const char*> kLabels[] = {
        {"sku", "SKU"},
        {"name", "Name"},
        {"description", "Description"},
        {"price", "Price"},
        {"quantity", "Quantity"},
        {"gtin", "GTIN / barcode"},
        {"asin", "ASIN"},
        {"brand", "Brand"},
        {"category", "Category"},
        {"cost", "Cost"},
        {"currency", "Currency"},
        {"weight", "Weight"},
        {"image_url", "Image URL"},
        {"condition", "Condition"},
    };
    for (const auto& [id, label] : kLabels) {
        if (field == id) return label;
    }
    return field.c_str();
}

}  // namespace stocktake::web
