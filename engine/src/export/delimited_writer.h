// Writer for delimited text (CSV, Amazon-style TSV) into a std::string: the inverse of
// DelimitedReader (import/delimited_reader.h), so what one writes the other reads back.
//
// Contract:
//   - Quoting kRfc4180: a field is quoted when it contains the delimiter, a quote, CR or LF,
//     or starts or ends with a space or TAB (spreadsheets trim unquoted spaces); embedded
//     quotes are doubled. Every field round-trips through DelimitedReader in kRfc4180 mode.
//   - Quoting kAmazonTsv (Amazon's flat files and our importer): nothing is quoted, so a
//     field holding the delimiter, CR or LF cannot be written faithfully. Each such
//     character becomes one space (a CRLF pair becomes one space) and the field is counted
//     in lossy_fields(). Refusing the row instead would make one odd description fail a
//     whole export; the counter lets the caller warn. A field that starts and ends with a
//     quote ("\"abc\"") is wrapped in one more pair, because readers of this convention
//     (DelimitedReader kWrapOnly, SplitTabs) remove one pair wrapping a whole field.
//   - A row that would be blank (only spaces and TABs: readers skip such lines, e.g. one
//     empty cell) gets its first field wrapped in quotes (`""`), which both quoting
//     conventions read back as the same cell. A row with no cells is an empty line.
//   - Each row ends with options.line_ending: "\r\n" for CSV (RFC 4180), "\n" for TSV.
//   - utf8_bom writes EF BB BF at the start of the document: Excel opens a CSV as UTF-8
//     only with a BOM (without it, as the local ANSI code page). Our reader strips it.
//   - guard_formulas (CSV injection, OWASP): a cell starting with = + - @ TAB or CR is
//     prefixed with a single quote, so a spreadsheet shows it as text instead of running
//     it as a formula. It changes data ("-3" becomes "'-3"), so it is only for files meant
//     for people (the errors download), never for files meant to be imported again.
//   - Text is written as given (UTF-8 expected; bytes are not validated or transcoded).
// Thread safety: none; one writer per document.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace stocktake::engine {

enum class WriteQuoting {
    kRfc4180,    // quote when needed, double embedded quotes
    kAmazonTsv,  // never quote; delimiter, CR and LF inside a field become a space
};

struct DelimitedWriterOptions {
    char delimiter = ',';  // ',' or '\t' (any byte but a quote, CR or LF works)
    WriteQuoting quoting = WriteQuoting::kRfc4180;
    std::string_view line_ending = "\r\n";  // must outlive the writer (a literal)
    bool utf8_bom = true;
    bool guard_formulas = false;

    // A CSV for spreadsheets: ',', RFC 4180, CRLF, BOM; formulas not guarded.
    static DelimitedWriterOptions SpreadsheetCsv();
    // The same with guard_formulas on: for files people open but never import again.
    static DelimitedWriterOptions GuardedSpreadsheetCsv();
    // Amazon flat file: TAB, no quoting, LF, no BOM.
    static DelimitedWriterOptions AmazonTsv();
};

class DelimitedWriter {
  public:
    explicit DelimitedWriter(DelimitedWriterOptions options = {});

    void WriteRow(std::span<const std::string_view> cells);
    void WriteRow(std::span<const std::string> cells);
    void WriteRow(std::initializer_list<std::string_view> cells);

    // The document so far. Take() moves it out and starts a new document (with a BOM
    // again when the options ask for one); the counters restart too.
    const std::string& text() const { return out_; }
    std::string Take();

    int64_t rows_written() const { return rows_; }
    // Fields changed by kAmazonTsv because they held the delimiter, CR or LF.
    int64_t lossy_fields() const { return lossy_; }
    // Fields prefixed with a quote by guard_formulas.
    int64_t guarded_fields() const { return guarded_; }

  private:
    template <typename Cell>
    void WriteCells(std::span<const Cell> cells);
    void Start();
    // Appends one field; force_quotes wraps it in quotes whatever its content.
    void AppendField(std::string_view cell, bool force_quotes);

    DelimitedWriterOptions options_;
    std::string out_;
    std::string scratch_;  // a field rewritten by the formula guard or the TSV replacement
    int64_t rows_ = 0;
    int64_t lossy_ = 0;
    int64_t guarded_ = 0;
};

}  // namespace stocktake::engine
