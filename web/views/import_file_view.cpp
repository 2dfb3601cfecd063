#include "views/import_file_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "views/import_common.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

// Sample columns: wide enough to read a value, never so wide that one description pushes
// the others off screen (cells are clipped; hovering shows the whole text).
constexpr float kMinColumnEms = 3.0f;
constexpr float kMaxColumnEms = 14.0f;
constexpr size_t kExampleBytes = 24;  // of a column's example value in the mapping combos

// The first max_bytes of text, cut at a UTF-8 character boundary, with "..." when cut.
std::string Abbreviate(const std::string& text, size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "...";
}

const engine::FormatGuess* FindGuess(const engine::FilePreview& preview, const std::string& id) {
    for (const engine::FormatGuess& guess : preview.candidates) {
        if (guess.id == id) return &guess;
    }
    return nullptr;
}

const char* DelimiterLabel(const std::string& delimiter) {
    if (delimiter == "tab") return "tab-separated";
    if (delimiter == "comma") return "comma-separated";
    if (delimiter == "semicolon") return "semicolon-separated";
    return delimiter.c_str();
}

int Percent(double confidence) {
    return static_cast<int>(std::lround(std::clamp(confidence, 0.0, 1.0) * 100.0));
}

void WrappedHint(const std::string& text) {
    ImGui::PushTextWrapPos(0.0f);
    TextHint(text.c_str());
    ImGui::PopTextWrapPos();
}

}  // namespace

void ImportFileView::Recache(const ImportWizard& wizard) {
    cached_revision_ = wizard.revision;
    cached_glyphs_ = ImGui::GetFont()->Glyphs.Size;
    const engine::FilePreview& preview = wizard.preview;
    glyphs_.Scan(wizard.file_name);
    glyphs_.Scan(preview.reason);

    const float em = ImGui::GetFontSize();
    const size_t columns = preview.header.size();
    column_ems_.assign(columns, kMinColumnEms);
    column_labels_.assign(columns, std::string());
    column_choices_.assign(columns, std::string());
    for (size_t c = 0; c < columns; ++c) {
        const std::string& name = preview.header[c];
        glyphs_.Scan(name);
        int occurrence = 0;
        for (size_t k = 0; k <= c; ++k) {
            if (preview.header[k] == name) ++occurrence;
        }
        column_labels_[c] = name.empty() ? "(column " + std::to_string(c + 1) + ")" : name;
        if (occurrence > 1) column_labels_[c] += " (" + std::to_string(occurrence) + ")";
        float width = ImGui::CalcTextSize(column_labels_[c].c_str()).x;
        for (const std::vector<std::string>& row : preview.rows) {
            if (c >= row.size()) continue;
            glyphs_.Scan(row[c]);
            width = std::max(width, ImGui::CalcTextSize(row[c].c_str()).x);
        }
        column_ems_[c] = std::clamp(width / em + 0.5f, kMinColumnEms, kMaxColumnEms);
        // The mapping combos show a value from the column, so "Code" vs "Item code" is
        // decided by what the column holds, not by its name.
        column_choices_[c] = column_labels_[c];
        for (const std::vector<std::string>& row : preview.rows) {
            if (c < row.size() && !row[c].empty()) {
                column_choices_[c] += "  (e.g. " + Abbreviate(row[c], kExampleBytes) + ")";
                break;
            }
        }
    }

    format_items_.clear();
    format_label_ = wizard.format.empty() ? "Choose a format..." : wizard.format;
    for (const engine::FormatInfo& info : wizard.formats) {
        std::string label = info.display_name;
        const engine::FormatGuess* guess = FindGuess(preview, info.id);
        if (guess != nullptr && guess->confidence > 0.0 && info.id != kGenericCatalogFormatId) {
            label += " (" + std::to_string(Percent(guess->confidence)) + "% match)";
        }
        if (info.id == wizard.format) format_label_ = label;
        format_items_.push_back(std::move(label));
    }
}

void ImportFileView::Draw(const ViewContext& ctx) {
    const ImportWizard& wizard = *ctx.wizard;
    // Text widths are measured once per change, and again when glyphs the text needs have
    // been added to the font (until then they measure as the narrower '?').
    if (cached_revision_ != wizard.revision || cached_glyphs_ != ImGui::GetFont()->Glyphs.Size) {
        Recache(wizard);
    }
    DrawSummary(wizard);
    ImGui::Spacing();
    DrawFormatChoice(ctx);
    ImGui::Spacing();
    // ImGui keeps a table's column widths under its id and uses the widths given here only
    // for a new table: an id per file sizes the columns for this file.
    ImGui::PushID(static_cast<int>(wizard.file_serial));
    DrawSampleRows(wizard);
    ImGui::PopID();
    if (wizard.UsesMapping()) {
        ImGui::Spacing();
        DrawMapping(ctx);
    }
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void ImportFileView::DrawSummary(const ImportWizard& wizard) {
    const engine::FilePreview& preview = wizard.preview;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kImportAccentColor, "%s", wizard.file_name.c_str());
    NumberBuffer size;
    const bool kib = wizard.file_size >= 10 * 1024;
    ImGui::TextDisabled(
        "%s %s, %s, %s", FormatCount(kib ? wizard.file_size / 1024 : wizard.file_size, size),
        kib ? "KB" : "bytes", preview.encoding.c_str(), DelimiterLabel(preview.delimiter));

    const engine::FormatGuess* best = preview.candidates.empty() ? nullptr : &preview.candidates[0];
    if (preview.outcome == "recognised" && best != nullptr) {
        ImGui::Text("Recognised: %s, %d%% sure.", best->display_name.c_str(),
                    Percent(best->confidence));
        if (!best->importable) {
            ImGui::TextColored(kImportWarnColor,
                               "Stocktake knows this report but cannot import its rows yet.");
        }
    } else if (preview.outcome == "ambiguous") {
        ImGui::TextColored(kImportWarnColor,
                           "This file matches more than one format: choose which it is.");
    } else {
        ImGui::TextColored(kImportWarnColor,
                           "Not a report Stocktake knows: tell it which column is which.");
    }
    ImGui::PopTextWrapPos();
    // A recognised file's reason only repeats the line above; the others say what to do.
    if (!preview.reason.empty() && preview.outcome != "recognised") WrappedHint(preview.reason);
}

void ImportFileView::DrawFormatChoice(const ViewContext& ctx) {
    const ImportWizard& wizard = *ctx.wizard;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Import as");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(
        std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 26.0f));
    if (ImGui::BeginCombo("##format", format_label_.c_str())) {
        for (size_t i = 0; i < wizard.formats.size(); ++i) {
            const bool selected = wizard.formats[i].id == wizard.format;
            if (ImGui::Selectable(format_items_[i].c_str(), selected) && !selected) {
                ctx.intents->Post(SelectFormatIntent{wizard.formats[i].id});
            }
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    const engine::FormatGuess* chosen = FindGuess(wizard.preview, wizard.format);
    if (chosen != nullptr && !chosen->missing_required.empty() && !wizard.UsesMapping()) {
        std::string missing;
        for (const std::string& column : chosen->missing_required) {
            missing += (missing.empty() ? "" : ", ") + column;
        }
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kImportWarnColor, "This file lacks columns that format requires: %s",
                           missing.c_str());
        ImGui::PopTextWrapPos();
    }
}

void ImportFileView::DrawSampleRows(const ImportWizard& wizard) {
    const engine::FilePreview& preview = wizard.preview;
    const size_t columns = std::min<size_t>(preview.header.size(), 64);  // ImGui's table limit
    if (columns == 0) return;
    NumberBuffer count;
    ImGui::Text("First %s rows", FormatCount(static_cast<int64_t>(preview.rows.size()), count));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float em = ImGui::GetFontSize();
    float total_w = 0.0f;
    for (size_t c = 0; c < columns; ++c)
        total_w += column_ems_[c] * em + style.CellPadding.x * 2.0f;
    // Room for the horizontal scrollbar only when the columns overflow.
    const bool scrolls_x = total_w > ImGui::GetContentRegionAvail().x - em;  // em: borders
    const float row_h = ImGui::GetTextLineHeight() + style.CellPadding.y * 2.0f;
    const ImVec2 size(0.0f, row_h * static_cast<float>(preview.rows.size() + 1) +
                                style.CellPadding.y * 2.0f +
                                (scrolls_x ? style.ScrollbarSize : 0.0f));
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("sample_rows", static_cast<int>(columns), flags, size)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (size_t c = 0; c < columns; ++c) {
        ImGui::TableSetupColumn(column_labels_[c].c_str(), ImGuiTableColumnFlags_WidthFixed,
                                column_ems_[c] * em);
    }
    ImGui::TableHeadersRow();
    for (const std::vector<std::string>& row : preview.rows) {
        ImGui::TableNextRow();
        for (size_t c = 0; c < columns; ++c) {
            ImGui::TableNextColumn();
            if (c >= row.size()) continue;
            CellText(row[c].c_str());
        }
    }
    ImGui::EndTable();
}

int ImportFileView::MappedColumnIndex(const ImportWizard& wizard, const std::string& field) const {
    const auto it = wizard.mapping.fields.find(field);
    if (it == wizard.mapping.fields.end()) return -1;
    const std::vector<std::string>& header = wizard.preview.header;
    int seen = 0;
    for (size_t c = 0; c < header.size(); ++c) {
        if (header[c] == it->second.column && ++seen == it->second.occurrence) {
            return static_cast<int>(c);
        }
    }
    return -1;
}

void ImportFileView::DrawMapping(const ViewContext& ctx) {
    const ImportWizard& wizard = *ctx.wizard;
    const engine::FilePreview& preview = wizard.preview;
    ImGui::Separator();
    ImGui::TextUnformatted("Which column holds what?");
    WrappedHint(preview.mapping_saved
                    ? "Using the mapping you chose last time for files with these columns."
                    : "Suggested from the column names: check it. It is remembered for files "
                      "with these columns once you import.");
    if (wizard.mapping.fields.count("sku") == 0) {
        ImGui::TextColored(kImportErrorColor, "Choose the column that holds the SKU.");
    }

    // Two fields side by side when there is room, one per line on a phone.
    const float em = ImGui::GetFontSize();
    const int per_line = ImGui::GetContentRegionAvail().x > em * 52.0f ? 2 : 1;
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
    if (!ImGui::BeginTable("mapping", per_line * 2, flags)) return;
    for (int i = 0; i < per_line; ++i) {
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, em * 8.0f);
        ImGui::TableSetupColumn("column", ImGuiTableColumnFlags_WidthStretch);
    }
    const std::vector<std::string>& fields = preview.mapping_fields;
    for (size_t f = 0; f < fields.size(); ++f) {
        const std::string& field = fields[f];
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        if (field == "sku") {
            ImGui::TextUnformatted(FieldLabel(field));
            ImGui::SameLine(0.0f, 0.0f);
            ImGui::TextColored(kImportErrorColor, " *");
        } else {
            ImGui::TextUnformatted(FieldLabel(field));
        }
        ImGui::TableNextColumn();
        const int current = MappedColumnIndex(wizard, field);
        const char* preview_text =
            current < 0 ? "(not imported)" : column_choices_[static_cast<size_t>(current)].c_str();
        ImGui::PushID(static_cast<int>(f));
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (ImGui::BeginCombo("##column", preview_text)) {
            if (ImGui::Selectable("(not imported)", current < 0) && current >= 0) {
                ctx.intents->Post(MapColumnIntent{field, -1});
            }
            for (size_t c = 0; c < column_choices_.size(); ++c) {
                const bool selected = static_cast<int>(c) == current;
                if (ImGui::Selectable(column_choices_[c].c_str(), selected) && !selected) {
                    ctx.intents->Post(MapColumnIntent{field, static_cast<int>(c)});
                }
                if (selected) ImGui::SetItemDefaultFocus();
            }
            ImGui::EndCombo();
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    TextHint("* required");
}

}  // namespace stocktake::web
