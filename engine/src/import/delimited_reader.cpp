#include "import/delimited_reader.h"

#include <bit>
#include <cstring>

namespace stocktake::engine {

namespace {

static_assert(std::endian::native == std::endian::little,
              "Find3 takes the first match from the low bytes of a word");

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHigh = 0x8080808080808080ull;

// High bit set in each byte of v that is zero. A borrow can only mark bytes above a true
// zero byte, so the lowest marked byte is always exact.
inline uint64_t ZeroBytes(uint64_t v) {
    return (v - kOnes) & ~v & kHigh;
}

// First byte in [p, end) equal to a, b or c, or end. Eight bytes per step (SWAR): the
// portable way to be fast in wasm too, where SIMD is not enabled.
inline const char* Find3(const char* p, const char* end, char a, char b, char c) {
    const uint64_t ma = kOnes * static_cast<unsigned char>(a);
    const uint64_t mb = kOnes * static_cast<unsigned char>(b);
    const uint64_t mc = kOnes * static_cast<unsigned char>(c);
    while (end - p >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        const uint64_t hit = ZeroBytes(w ^ ma) | ZeroBytes(w ^ mb) | ZeroBytes(w ^ mc);
        if (hit != 0) return p + (std::countr_zero(hit) >> 3);
        p += 8;
    }
    while (p < end && *p != a && *p != b && *p != c) ++p;
    return p;
}

// Physical line ends in [p, end): LF, CR and CRLF each count once.
int64_t CountLineEnds(const char* p, const char* end) {
    int64_t count = 0;
    for (p = Find3(p, end, '\n', '\r', '\r'); p < end; p = Find3(p, end, '\n', '\r', '\r')) {
        p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
        ++count;
    }
    return count;
}

bool IsBlank(const char* p, const char* end) {
    for (; p < end; ++p) {
        if (*p != ' ' && *p != '\t') return false;
    }
    return true;
}

// Undoes RFC 4180 quoting of a raw field in place: the opening quote, doubled quotes and
// the closing quote go; anything after the closing quote is kept as written.
size_t UnquoteInPlace(char* s, size_t n) {
    char* w = s;
    const char* r = s + 1;  // past the opening quote
    const char* end = s + n;
    while (r < end) {
        if (*r == '"') {
            if (r + 1 < end && r[1] == '"') {
                *w++ = '"';
                r += 2;
                continue;
            }
            ++r;  // the closing quote
            const size_t rest = static_cast<size_t>(end - r);
            std::memmove(w, r, rest);
            return static_cast<size_t>(w - s) + rest;
        }
        *w++ = *r++;
    }
    return static_cast<size_t>(w - s);
}

std::string OnLine(int64_t line) {
    return "line " + std::to_string(line);
}

}  // namespace

const char* QuoteModeName(QuoteMode mode) {
    switch (mode) {
        case QuoteMode::kAuto: return "auto";
        case QuoteMode::kRfc4180: return "rfc4180";
        case QuoteMode::kWrapOnly: return "wrap-only";
    }
    return "auto";
}

char SniffDelimiter(std::string_view text, bool complete) {
    constexpr int kMaxLines = 50;
    constexpr char kCandidates[3] = {'\t', ',', ';'};
    char best = ',';
    double best_score = -1;
    int64_t best_header = 0;
    for (const char c : kCandidates) {
        // Tab-separated files do not quote (Amazon), so quotes count only for , and ;.
        const bool quotes = c != '\t';
        int64_t count = 0, header = -1, lines = 0, matches = 0;
        bool in_quote = false, nonblank = false;
        auto end_line = [&] {
            if (nonblank) {
                if (lines == 0) {
                    header = count;
                } else if (count == header) {
                    ++matches;
                }
                ++lines;
            }
            count = 0;
            nonblank = false;
        };
        for (const char ch : text) {
            if (quotes && ch == '"') {
                in_quote = !in_quote;
                nonblank = true;
            } else if (in_quote) {
                continue;
            } else if (ch == '\n' || ch == '\r') {
                end_line();
                if (lines == kMaxLines) break;
            } else {
                if (ch == c) ++count;
                if (ch != ' ' && ch != '\t') nonblank = true;
            }
        }
        if (complete && !in_quote && lines < kMaxLines) end_line();
        if (header <= 0) continue;
        const double score = static_cast<double>(matches + 1) / static_cast<double>(lines);
        if (score > best_score || (score == best_score && header > best_header)) {
            best = c;
            best_score = score;
            best_header = header;
        }
    }
    return best;
}

DelimitedReader::DelimitedReader(DelimitedReaderOptions options)
    : options_(options),
      decoder_(options.sniff_bytes < ChunkDecoder::kProbeBytes ? options.sniff_bytes
                                                               : ChunkDecoder::kProbeBytes,
               options.sniff_bytes) {
    const char d = options_.delimiter;
    if (d == '"' || d == '\n' || d == '\r') {
        failed_ = Status::InvalidArgument("a delimiter cannot be a quote or a line end");
    }
    if (options_.max_columns == 0) options_.max_columns = 1;
    if (options_.sniff_bytes == 0) options_.sniff_bytes = 1;
}

Status DelimitedReader::Fail(Status status) {
    failed_ = status;
    text_.clear();
    text_.shrink_to_fit();
    fields_.clear();
    pos_ = 0;
    return status;
}

Status DelimitedReader::Feed(std::string_view bytes) {
    if (!failed_.ok()) return failed_;
    if (finished_) return Fail(Status::InvalidArgument("Feed after Finish"));
    // Keep only the unread tail, so the buffer stays one chunk plus one partial record.
    if (pos_ > 0) {
        text_.erase(0, pos_);
        pos_ = 0;
    }
    Status status = decoder_.Decode(bytes, &text_);
    if (!status.ok()) return Fail(std::move(status));
    return Status::Ok();
}

Status DelimitedReader::Finish() {
    if (!failed_.ok()) return failed_;
    if (finished_) return Status::Ok();
    if (pos_ > 0) {
        text_.erase(0, pos_);
        pos_ = 0;
    }
    finished_ = true;
    Status status = decoder_.Finish(&text_);
    if (!status.ok()) return Fail(std::move(status));
    return Status::Ok();
}

void DelimitedReader::DecideDialect() {
    const size_t available = text_.size() - pos_;
    const std::string_view prefix = std::string_view(text_).substr(pos_, options_.sniff_bytes);
    delimiter_ = options_.delimiter != 0
                     ? options_.delimiter
                     : SniffDelimiter(prefix, finished_ && available <= options_.sniff_bytes);
    quoting_ = options_.quoting;
    if (quoting_ == QuoteMode::kAuto) {
        quoting_ = delimiter_ == '\t' ? QuoteMode::kWrapOnly : QuoteMode::kRfc4180;
    }
    dialect_ready_ = true;
}

Result<DelimitedReader::Parse> DelimitedReader::ParseRecord(size_t* end_pos, bool* in_quote,
                                                            int64_t* inner_lines) {
    fields_.clear();
    fix_.clear();
    *in_quote = false;
    *inner_lines = 0;
    char* base = text_.data();
    const char* p = base + pos_;
    const char* end = base + text_.size();
    const char d = delimiter_;
    const bool rfc = quoting_ == QuoteMode::kRfc4180;
    for (;;) {
        if (fields_.size() == options_.max_columns) {
            return Fail(Status::InvalidArgument(
                OnLine(line_) + " has more than " + std::to_string(options_.max_columns) +
                " fields (the limit is " + std::to_string(options_.max_columns) +
                " columns): is it a delimited text file?"));
        }
        const char* f = p;
        if (rfc && p < end && *p == '"') {
            const char* q = p + 1;
            bool raw = false;  // the field needs UnquoteInPlace
            for (;;) {
                q = static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
                // Without the next byte a quote could still be the first of a doubled pair.
                if (q == nullptr || (q + 1 == end && !finished_)) {
                    *in_quote = true;
                    return Parse::kIncomplete;
                }
                if (q + 1 < end && q[1] == '"') {
                    raw = true;
                    q += 2;
                    continue;
                }
                break;
            }
            *inner_lines += CountLineEnds(f + 1, q);
            p = q + 1;
            if (p < end && *p != d && *p != '\n' && *p != '\r') {
                raw = true;
                p = Find3(p, end, d, '\n', '\r');
            }
            if (raw) {
                fix_.push_back(static_cast<uint32_t>(fields_.size()));
                fields_.emplace_back(f, static_cast<size_t>(p - f));
            } else {
                fields_.emplace_back(f + 1, static_cast<size_t>(q - f - 1));
            }
        } else {
            p = Find3(p, end, d, '\n', '\r');
            std::string_view field(f, static_cast<size_t>(p - f));
            if (!rfc && field.size() >= 2 && field.front() == '"' && field.back() == '"') {
                field = field.substr(1, field.size() - 2);
            }
            fields_.push_back(field);
        }
        if (p == end) {
            if (!finished_) return Parse::kIncomplete;
            *end_pos = text_.size();
            return Parse::kComplete;
        }
        if (*p == d) {
            ++p;
            continue;
        }
        const size_t at = static_cast<size_t>(p - base);
        *end_pos = at + ((*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1);
        return Parse::kComplete;
    }
}

Result<ReadState> DelimitedReader::Next(DelimitedRecord* record) {
    if (!failed_.ok()) return failed_;
    if (!dialect_ready_) {
        if (text_.size() - pos_ < options_.sniff_bytes && !finished_) return ReadState::kNeedInput;
        DecideDialect();
    }
    for (;;) {
        if (after_cr_ && pos_ < text_.size()) {
            if (text_[pos_] == '\n') ++pos_;
            after_cr_ = false;
        }
        if (pos_ >= text_.size()) return finished_ ? ReadState::kEnd : ReadState::kNeedInput;
        size_t end = 0;
        bool in_quote = false;
        int64_t inner_lines = 0;
        Result<Parse> parsed = ParseRecord(&end, &in_quote, &inner_lines);
        if (!parsed.ok()) return parsed.status();
        if (*parsed == Parse::kIncomplete) {
            if (finished_) {
                return Fail(Status::Corruption("a quoted field that starts on " + OnLine(line_) +
                                               " never closes (an unbalanced quote)"));
            }
            if (text_.size() - pos_ > options_.max_record_bytes) {
                return Fail(Status::InvalidArgument(
                    "the record on " + OnLine(line_) + " is longer than " +
                    std::to_string(options_.max_record_bytes) + " bytes" +
                    (in_quote ? ": a quoted field never closes (an unbalanced quote?)"
                              : ": is it a delimited text file?")));
            }
            return ReadState::kNeedInput;
        }
        size_t content_end = end;
        while (content_end > pos_ &&
               (text_[content_end - 1] == '\n' || text_[content_end - 1] == '\r') &&
               end - content_end < 2) {
            --content_end;
        }
        if (content_end - pos_ > options_.max_record_bytes) {
            return Fail(Status::InvalidArgument("the record on " + OnLine(line_) +
                                                " is longer than " +
                                                std::to_string(options_.max_record_bytes) +
                                                " bytes: is it a delimited text file?"));
        }
        // A CR at the end of the buffer may be the first half of a CRLF split by a chunk.
        if (end == text_.size() && end > pos_ && text_[end - 1] == '\r') after_cr_ = true;
        const int64_t line = line_;
        line_ += 1 + inner_lines;
        const size_t start = pos_;
        pos_ = end;
        if (IsBlank(text_.data() + start, text_.data() + content_end)) continue;
        for (const uint32_t i : fix_) {
            char* s = text_.data() + (fields_[i].data() - text_.data());
            fields_[i] = std::string_view(s, UnquoteInPlace(s, fields_[i].size()));
        }
        if (records_ == 0) header_fields_ = fields_.size();
        record->ragged = fields_.size() != header_fields_;
        if (record->ragged) ++ragged_;
        ++records_;
        record->fields = std::span<const std::string_view>(fields_);
        record->line = line;
        return ReadState::kRecord;
    }
}

}  // namespace stocktake::engine
