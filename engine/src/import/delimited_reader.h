// Streaming reader for delimited text (CSV, semicolon-separated, Amazon-style TSV).
//
// Bytes are pushed in chunks (Feed, then Finish at the end of the stream) and records are
// pulled with Next. Memory stays bounded by one chunk plus the longest record (itself
// capped by max_record_bytes), plus the decoder's detection window (chunk_decoder.h).
//
// Contract:
//   - Encoding: see ChunkDecoder (BOMs, UTF-16, windows-1252, binary refused).
//   - Dialect: unless forced, the delimiter is sniffed among tab, comma and semicolon from
//     the first sniff_bytes of text (the candidate whose per-line count, outside quotes,
//     is most consistent with the first line's; ties prefer more columns, then tab, comma,
//     semicolon). Quoting follows the delimiter unless forced: RFC 4180 for comma and
//     semicolon; "wrap only" for tab, Amazon's convention: quotes are ordinary characters,
//     except that one pair wrapping a whole field is removed (as SplitTabs does), and a
//     newline always ends the record.
//   - RFC 4180 mode: a field starting with '"' is quoted (delimiters, CR/LF and doubled
//     quotes inside); text after its closing quote is kept literally (lenient, like
//     Python's csv); a quote inside an unquoted field is an ordinary character.
//   - Records end at LF, CRLF or CR. Lines holding only spaces and tabs are skipped but
//     counted. Trailing empty fields are kept. A record's line is the 1-based physical line
//     it starts on. The first record (the header) sets the expected field count; later
//     records with another count are flagged ragged, never dropped.
//   - Errors (sticky; every later call returns the same Status): undecodable bytes, a
//     record longer than max_record_bytes (an unbalanced quote or a runaway line), more
//     than max_columns fields, a quoted field still open at the end of the file.
// Thread safety: none; one reader per stream. Views in a DelimitedRecord stay valid until
// the next call to Next, Feed or Finish.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "import/chunk_decoder.h"
#include "stocktake/status.h"

namespace stocktake::engine {

enum class QuoteMode {
    kAuto,      // RFC 4180 for comma and semicolon, kWrapOnly for tab
    kRfc4180,   // quoted fields may hold delimiters, newlines and doubled quotes
    kWrapOnly,  // quotes are data; one pair wrapping a whole field is removed
};

const char* QuoteModeName(QuoteMode mode);  // "auto", "rfc4180", "wrap-only"

struct DelimitedReaderOptions {
    char delimiter = 0;  // 0: sniff among '\t', ',' and ';'
    QuoteMode quoting = QuoteMode::kAuto;
    size_t max_record_bytes = size_t{1} << 20;
    size_t max_columns = 2000;
    // Text sniffed for the dialect, and raw bytes judged for UTF-8 vs windows-1252 (the
    // decoder's probe for BOM/binary is min(4096, this)). Lower only in tests and fuzzing.
    size_t sniff_bytes = 64 * 1024;
};

struct DelimitedRecord {
    std::span<const std::string_view> fields;
    int64_t line = 0;     // 1-based physical line where the record starts
    bool ragged = false;  // field count differs from the header's (the first record)
};

enum class ReadState {
    kRecord,     // *record holds the next record
    kNeedInput,  // Feed more bytes (or Finish)
    kEnd,        // Finish was called and every record has been read
};

// Sniffs the delimiter of text, the beginning of a file (complete: text is the whole
// file, so its last line is whole). Returns '\t', ',' or ';'; ',' when no candidate
// occurs on the first line.
char SniffDelimiter(std::string_view text, bool complete);

class DelimitedReader {
  public:
    explicit DelimitedReader(DelimitedReaderOptions options = {});

    // Appends the next bytes of the file. Invalidates the views of the last record.
    Status Feed(std::string_view bytes);
    // No more bytes will come.
    Status Finish();
    // The next record, or why there is none yet.
    Result<ReadState> Next(DelimitedRecord* record);

    // Progress: bytes passed to Feed so far.
    uint64_t bytes_fed() const { return decoder_.bytes_in(); }
    SourceEncoding encoding() const { return decoder_.encoding(); }
    bool had_bom() const { return decoder_.had_bom(); }
    // 0 until sniffed (the first Next that returns a record or kEnd).
    char delimiter() const { return delimiter_; }
    QuoteMode quoting() const { return quoting_; }
    size_t header_field_count() const { return header_fields_; }
    int64_t records_read() const { return records_; }
    int64_t ragged_records() const { return ragged_; }
    // Memory held for text (what "bounded by a chunk plus a record" is about).
    size_t buffer_capacity() const { return text_.capacity(); }

  private:
    enum class Parse { kComplete, kIncomplete };

    void DecideDialect();
    // Splits the record starting at pos_ into fields_; *end is past its terminator.
    Result<Parse> ParseRecord(size_t* end, bool* in_quote, int64_t* inner_lines);
    Status Fail(Status status);

    DelimitedReaderOptions options_;
    ChunkDecoder decoder_;
    std::string text_;  // decoded text; [pos_, size) is not yet read
    size_t pos_ = 0;
    bool finished_ = false;
    bool after_cr_ = false;  // the last record ended in CR: skip one LF that follows
    int64_t line_ = 1;       // physical line of text_[pos_]
    char delimiter_ = 0;
    QuoteMode quoting_ = QuoteMode::kAuto;
    bool dialect_ready_ = false;
    size_t header_fields_ = 0;
    int64_t records_ = 0;
    int64_t ragged_ = 0;
    std::vector<std::string_view> fields_;
    std::vector<uint32_t> fix_;  // fields_ indexes whose quotes must be undone in place
    Status failed_;
};

}  // namespace stocktake::engine
