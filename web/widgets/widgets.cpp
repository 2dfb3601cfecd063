#include "widgets/widgets.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <utility>

#include "imgui.h"

namespace stocktake::web {

const char* FormatCount(int64_t value, NumberBuffer& out) {
    char digits[24];
    const bool negative = value < 0;
    // Work with the magnitude as unsigned so INT64_MIN does not overflow.
    uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    int pos = 0;
    if (negative) out[pos++] = '-';
    for (int i = n - 1; i >= 0; --i) {
        out[pos++] = digits[i];
        if (i > 0 && i % 3 == 0) out[pos++] = ',';
    }
    out[pos] = '\0';
    return out;
}

const char* FormatMoney(int64_t minor, NumberBuffer& out) {
    const bool negative = minor < 0;
    const uint64_t magnitude =
        negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
    std::snprintf(out, sizeof(out), "%s%" PRIu64 ".%02" PRIu64, negative ? "-" : "",
                  magnitude / 100, magnitude % 100);
    return out;
}

const char* FormatTimestamp(const std::string& iso, NumberBuffer& out) {
    // Expected shape: YYYY-MM-DDTHH:MM:SS[.fff]Z
    if (iso.size() >= 17 && iso[10] == 'T' && iso.back() == 'Z') {
        std::snprintf(out, sizeof(out), "%.10s %.5s UTC", iso.c_str(), iso.c_str() + 11);
    } else {
        std::snprintf(out, sizeof(out), "%s", iso.c_str());
    }
    return out;
}

const char* FormatDate(const std::string& iso, NumberBuffer& out) {
    std::snprintf(out, sizeof(out), "%.10s", iso.c_str());
    return out;
}

void TextRightAligned(const char* text) {
    const float width = ImGui::CalcTextSize(text).x;
    const float avail = ImGui::GetContentRegionAvail().x;
    if (avail > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - width);
    ImGui::TextUnformatted(text);
}

void FigureRow(const char* label, const char* value) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(label);
    ImGui::TableNextColumn();
    TextRightAligned(value);
}

void TextHint(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

void CenterNextItem(float width) {
    const float avail = ImGui::GetContentRegionAvail().x;
    if (avail > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - width) * 0.5f);
}

void MissingGlyphs::Scan(std::string_view utf8) {
    const ImFont* font = ImGui::GetFont();
    if (font == nullptr) return;
    if (seen_.empty()) seen_.assign(0x10000 / 8, 0);
    const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
    const auto* end = p + utf8.size();
    while (p < end) {
        const unsigned char lead = *p;
        if (lead < 0x80) {
            ++p;
            continue;
        }
        uint32_t cp = 0;
        int extra = 0;
        if ((lead & 0xE0) == 0xC0) {
            cp = lead & 0x1Fu;
            extra = 1;
        } else if ((lead & 0xF0) == 0xE0) {
            cp = lead & 0x0Fu;
            extra = 2;
        } else if ((lead & 0xF8) == 0xF0) {
            cp = lead & 0x07u;
            extra = 3;
        } else {
            ++p;  // stray continuation byte: drawn as U+FFFD, which the atlas has
            continue;
        }
        if (end - p <= extra) break;
        ++p;
        bool valid = true;
        for (int i = 0; i < extra; ++i, ++p) {
            if ((*p & 0xC0) != 0x80) {
                valid = false;
                break;
            }
            cp = (cp << 6) | (*p & 0x3Fu);
        }
        if (!valid || cp > 0xFFFF) continue;  // ImWchar is 16-bit: BMP only
        uint8_t& byte = seen_[cp >> 3];
        const uint8_t bit = static_cast<uint8_t>(1u << (cp & 7));
        if (byte & bit) continue;
        byte = static_cast<uint8_t>(byte | bit);
        if (font->FindGlyphNoFallback(static_cast<ImWchar>(cp)) == nullptr) found_.push_back(cp);
    }
}

std::vector<uint32_t> MissingGlyphs::Take() {
    return std::exchange(found_, {});
}

bool BeginStretchTable(const char* id, std::initializer_list<StretchColumn> columns, float height,
                       float min_width) {
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                            ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    const bool scroll_x = ImGui::GetContentRegionAvail().x < min_width;
    if (scroll_x) flags |= ImGuiTableFlags_ScrollX;
    if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), flags, ImVec2(0.0f, height),
                           scroll_x ? min_width : 0.0f)) {
        return false;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const StretchColumn& column : columns) {
        ImGui::TableSetupColumn(column.header, ImGuiTableColumnFlags_WidthStretch, column.weight);
    }
    ImGui::TableHeadersRow();
    return true;
}

bool EmptyStatePanel(const char* title, std::initializer_list<const char*> hints,
                     const char* button, bool button_enabled) {
    ImGui::BeginChild("empty", ImVec2(0, 0), true);
    ImGui::Dummy(ImVec2(0.0f, ImGui::GetFontSize() * 2.0f));
    const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 34.0f);
    CenterNextItem(width);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(title);
    for (const char* hint : hints) {
        ImGui::Spacing();
        TextHint(hint);
    }
    ImGui::Spacing();
    ImGui::BeginDisabled(!button_enabled);
    const bool clicked = ImGui::Button(button);
    ImGui::EndDisabled();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::EndChild();
    return clicked;
}

void CellText(const char* text) {
    ImGui::TextUnformatted(text);
    if (ImGui::IsItemHovered() && ImGui::CalcTextSize(text).x > ImGui::GetColumnWidth()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

}  // namespace stocktake::web
