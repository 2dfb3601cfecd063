#include "export/delimited_writer.h"

#include <utility>

namespace stocktake::engine {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// OWASP's list for CSV injection: what a spreadsheet reads as the start of a formula.
bool StartsFormula(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool IsSpace(char c) {
    return c == ' ' || c == '\t';
}

bool IsBlank(std::string_view text) {
    for (const char c : text) {
        if (!IsSpace(c)) return false;
    }
    return true;
}

}  // namespace

DelimitedWriterOptions DelimitedWriterOptions::SpreadsheetCsv() {
    return DelimitedWriterOptions{};
}

DelimitedWriterOptions DelimitedWriterOptions::GuardedSpreadsheetCsv() {
    DelimitedWriterOptions options;
    options.guard_formulas = true;
    return options;
}

DelimitedWriterOptions DelimitedWriterOptions::AmazonTsv() {
    DelimitedWriterOptions options;
    options.delimiter = '\t';
    options.quoting = WriteQuoting::kAmazonTsv;
    options.line_ending = "\n";
    options.utf8_bom = false;
    return options;
}

DelimitedWriter::DelimitedWriter(DelimitedWriterOptions options) : options_(options) {
    Start();
}

void DelimitedWriter::Start() {
    out_.clear();
    rows_ = 0;
    lossy_ = 0;
    guarded_ = 0;
    if (options_.utf8_bom) out_.append(kUtf8Bom);
}

std::string DelimitedWriter::Take() {
    std::string document = std::move(out_);
    out_ = std::string();
    Start();
    return document;
}

template <typename Cell>
void DelimitedWriter::WriteCells(std::span<const Cell> cells) {
    const size_t start = out_.size();
    const int64_t lossy_before = lossy_;
    const int64_t guarded_before = guarded_;
    for (bool force_first = false;; force_first = true) {
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) out_.push_back(options_.delimiter);
            AppendField(std::string_view(cells[i]), force_first && i == 0);
        }
        // Readers skip a line of only spaces and TABs: quote the first field so the row
        // survives (`""` reads back as an empty cell in both quoting conventions).
        if (force_first || cells.empty() || !IsBlank(std::string_view(out_).substr(start))) {
            break;
        }
        out_.resize(start);
        lossy_ = lossy_before;
        guarded_ = guarded_before;
    }
    out_.append(options_.line_ending);
    ++rows_;
}

void DelimitedWriter::WriteRow(std::span<const std::string_view> cells) {
    WriteCells(cells);
}

void DelimitedWriter::WriteRow(std::span<const std::string> cells) {
    WriteCells(cells);
}

void DelimitedWriter::WriteRow(std::initializer_list<std::string_view> cells) {
    WriteCells(std::span<const std::string_view>(cells.begin(), cells.size()));
}

void DelimitedWriter::AppendField(std::string_view cell, bool force_quotes) {
    const char d = options_.delimiter;
    std::string_view text = cell;
    if (options_.guard_formulas && !text.empty() && StartsFormula(text.front())) {
        scratch_.assign(1, '\'');
        scratch_.append(text);
        text = scratch_;
        ++guarded_;
    }

    if (options_.quoting == WriteQuoting::kAmazonTsv) {
        std::string replaced;
        const char specials[] = {d, '\r', '\n'};
        if (text.find_first_of(std::string_view(specials, 3)) != std::string_view::npos) {
            replaced.reserve(text.size());
            for (size_t i = 0; i < text.size(); ++i) {
                const char c = text[i];
                if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                    replaced.push_back(' ');
                    ++i;
                } else if (c == d || c == '\r' || c == '\n') {
                    replaced.push_back(' ');
                } else {
                    replaced.push_back(c);
                }
            }
            text = replaced;
            ++lossy_;
        }
        const bool wrapped = text.size() >= 2 && text.front() == '"' && text.back() == '"';
        if (force_quotes || wrapped) {
            out_.push_back('"');
            out_.append(text);
            out_.push_back('"');
        } else {
            out_.append(text);
        }
        return;
    }

    const char specials[] = {d, '"', '\r', '\n'};
    const bool quote =
        force_quotes ||
        text.find_first_of(std::string_view(specials, 4)) != std::string_view::npos ||
        (!text.empty() && (IsSpace(text.front()) || IsSpace(text.back())));
    if (!quote) {
        out_.append(text);
        return;
    }
    out_.push_back('"');
    for (size_t pos = 0;;) {
        const size_t q = text.find('"', pos);
        if (q == std::string_view::npos) {
            out_.append(text.substr(pos));
            break;
        }
        out_.append(text.substr(pos, q + 1 - pos));
        out_.push_back('"');
        pos = q + 1;
    }
    out_.push_back('"');
}

}  // namespace stocktake::engine
