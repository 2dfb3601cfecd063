// Line and field splitting for tab-separated reports that have no quoting convention
// (Amazon's flat files): lines end in LF, CRLF or CR; fields are split on every TAB.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace stocktake::engine {

// Yields the non-blank lines of text with their 1-based physical line numbers. A line of
// only spaces and tabs is blank. The last line needs no terminator.
class LineReader {
  public:
    LineReader() = default;
    explicit LineReader(std::string_view text) : text_(text) {}

    // False at the end of the text.
    bool Next(std::string_view* line, int64_t* line_number);
    // True when no non-blank line remains.
    bool AtEnd();
    // Bytes consumed so far.
    size_t position() const { return pos_; }

  private:
    std::string_view text_;
    size_t pos_ = 0;
    int64_t line_number_ = 0;  // number of the last line read
};

// Splits line on TAB into fields (views into line). Removes one pair of double quotes that
// wraps a whole field ("\"abc\"" -> "abc"); any other quote is an ordinary character.
void SplitTabs(std::string_view line, std::vector<std::string_view>* fields);

// Removes leading and trailing spaces and tabs.
std::string_view TrimSpace(std::string_view text);

}  // namespace stocktake::engine
