// Small drawing and formatting helpers shared by the views. Formatting writes into a
// caller's buffer so drawing a frame allocates nothing.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace stocktake::web {

using NumberBuffer = char[32];

// 1234567 -> "1,234,567".
const char* FormatCount(int64_t value, NumberBuffer& out);
// Minor units (cents) -> "12.34", "-0.05", "1234.00".
const char* FormatMoney(int64_t minor, NumberBuffer& out);

// "2022-03-15T09:26:37Z" -> "2022-03-15 09:26 UTC"; other text is copied as it is.
const char* FormatTimestamp(const std::string& iso, NumberBuffer& out);

// "2022-03-15T09:26:37Z" -> "2022-03-15" (the UTC date); shorter text is copied as it is.
const char* FormatDate(const std::string& iso, NumberBuffer& out);

// Text right-aligned in the current table cell or column.
void TextRightAligned(const char* text);
// A label and a right-aligned value in a two-column table row.
void FigureRow(const char* label, const char* value);
// Dimmed explanatory text (wrapped if the caller pushed a wrap position).
void TextHint(const char* text);
// Centers the next item of the given width in the available width.
void CenterNextItem(float width);

// Collects code points that the current ImGui font cannot draw (they would show as '?'),
// so the font atlas can be extended. Scan() only inside a frame (it reads the current font).
class MissingGlyphs {
  public:
    void Scan(std::string_view utf8);
    bool empty() const { return found_.empty(); }
    std::vector<uint32_t> Take();

  private:
    std::vector<uint8_t> seen_;  // 1 bit per BMP code point
    std::vector<uint32_t> found_;
};

// A column of a StretchTable: its header and its share of the width.
struct StretchColumn {
    const char* header;
    float weight;
};
// Begins a bordered, resizable table whose columns share the width by weight, scrolling
// under a frozen header row (already drawn). height 0 = the rest of the window. Narrower than
// min_width, it scrolls sideways instead of crushing its columns. Call ImGui::EndTable()
// when it returns true.
bool BeginStretchTable(const char* id, std::initializer_list<StretchColumn> columns,
                       float height = 0.0f, float min_width = 0.0f);

// A screen with nothing to show yet: a framed panel with a title, hints saying what to do
// first and one button (disabled unless button_enabled). True when the button is clicked.
bool EmptyStatePanel(const char* title, std::initializer_list<const char*> hints,
                     const char* button, bool button_enabled);

// Text in a table cell; when the column cuts it, hovering shows the whole of it.
void CellText(const char* text);

}  // namespace stocktake::web
