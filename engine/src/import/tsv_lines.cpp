#include "import/tsv_lines.h"

namespace stocktake::engine {

namespace {

bool IsBlank(std::string_view line) {
    for (char c : line) {
        if (c != ' ' && c != '\t') return false;
    }
    return true;
}

std::string_view StripOuterQuotes(std::string_view field) {
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
        return field.substr(1, field.size() - 2);
    }
    return field;
}

}  // namespace

bool LineReader::Next(std::string_view* line, int64_t* line_number) {
    const size_t size = text_.size();
    while (pos_ < size) {
        const size_t start = pos_;
        size_t end = start;
        const char* data = text_.data();
        while (end < size && data[end] != '\n' && data[end] != '\r') ++end;
        pos_ = end;
        if (pos_ < size) {
            if (data[pos_] == '\r' && pos_ + 1 < size && data[pos_ + 1] == '\n') ++pos_;
            ++pos_;
        }
        ++line_number_;
        const std::string_view candidate = text_.substr(start, end - start);
        if (IsBlank(candidate)) continue;
        *line = candidate;
        *line_number = line_number_;
        return true;
    }
    return false;
}

bool LineReader::AtEnd() {
    size_t p = pos_;
    const size_t size = text_.size();
    while (p < size) {
        const char c = text_[p];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
        ++p;
    }
    return true;
}

void SplitTabs(std::string_view line, std::vector<std::string_view>* fields) {
    fields->clear();
    size_t start = 0;
    for (;;) {
        const size_t tab = line.find('\t', start);
        if (tab == std::string_view::npos) {
            fields->push_back(StripOuterQuotes(line.substr(start)));
            return;
        }
        fields->push_back(StripOuterQuotes(line.substr(start, tab - start)));
        start = tab + 1;
    }
}

std::string_view TrimSpace(std::string_view text) {
    size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    return text.substr(begin, end - begin);
}

}  // namespace stocktake::engine
