#include "import/chunk_decoder.h"

#include <cstring>
#include <utility>

namespace stocktake::engine {

namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ull;

// windows-1252 bytes 0x80..0x9F as Unicode code points; the five undefined bytes map to
// the C1 control of the same value, as browsers (and Windows1252ToUtf8) do.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88-8F
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98-9F
};

// Length of the UTF-8 sequence a lead byte starts; 0 for bytes that cannot lead.
size_t SeqLen(unsigned char c) {
    if (c >= 0xC2 && c <= 0xDF) return 2;
    if (c >= 0xE0 && c <= 0xEF) return 3;
    if (c >= 0xF0 && c <= 0xF4) return 4;
    return 0;
}

// The second byte's range excludes overlong forms, surrogates and code points past
// U+10FFFF, so no sequence needs decoding to be validated.
bool SecondOk(unsigned char lead, unsigned char b) {
    if ((b & 0xC0) != 0x80) return false;
    switch (lead) {
        case 0xE0: return b >= 0xA0;
        case 0xED: return b <= 0x9F;
        case 0xF0: return b >= 0x90;
        case 0xF4: return b <= 0x8F;
        default: return true;
    }
}

// Checks the bytes present of a sequence of length len starting at p (have <= len).
bool PartialOk(const unsigned char* p, size_t have) {
    if (have >= 2 && !SecondOk(p[0], p[1])) return false;
    for (size_t j = 2; j < have; ++j) {
        if ((p[j] & 0xC0) != 0x80) return false;
    }
    return true;
}

// Length of the prefix of p[0..n) that is plain ASCII, eight bytes at a time.
size_t AsciiPrefix(const unsigned char* p, size_t n) {
    size_t i = 0;
    while (i < n) {
        if (n - i >= 8) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            if ((w & kHighBits) == 0) {
                i += 8;
                continue;
            }
        }
        if (p[i] >= 0x80) break;
        ++i;
    }
    return i;
}

// Length of the longest prefix made of complete, valid UTF-8 sequences. *invalid says
// whether the byte after it starts an invalid sequence (rather than an incomplete but so
// far valid one at the end, or nothing).
size_t ScanUtf8(const unsigned char* p, size_t n, bool* invalid) {
    size_t i = 0;
    *invalid = false;
    while (i < n) {
        i += AsciiPrefix(p + i, n - i);
        if (i >= n) break;
        const unsigned char c = p[i];  // >= 0x80: AsciiPrefix stopped here
        const size_t len = SeqLen(c);
        if (len == 0) {
            *invalid = true;
            return i;
        }
        const size_t have = n - i < len ? n - i : len;
        if (!PartialOk(p + i, have)) {
            *invalid = true;
            return i;
        }
        if (have < len) return i;
        i += len;
    }
    return i;
}

char* PutUtf8(uint32_t cp, char* w) {
    if (cp < 0x80) {
        *w++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
        *w++ = static_cast<char>(0xC0 | (cp >> 6));
        *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *w++ = static_cast<char>(0xE0 | (cp >> 12));
        *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        *w++ = static_cast<char>(0xF0 | (cp >> 18));
        *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
    return w;
}

void AppendCp1252(std::string_view bytes, std::string* out) {
    const size_t old = out->size();
    out->resize(old + bytes.size() * 3);
    char* w = out->data() + old;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const unsigned char* end = p + bytes.size();
    while (p < end) {
        if (end - p >= 8) {
            uint64_t v;
            std::memcpy(&v, p, 8);
            if ((v & kHighBits) == 0) {
                std::memcpy(w, p, 8);
                p += 8;
                w += 8;
                continue;
            }
        }
        const unsigned char c = *p++;
        if (c < 0x80) {
            *w++ = static_cast<char>(c);
        } else if (c < 0xA0) {
            w = PutUtf8(kCp1252High[c - 0x80], w);
        } else {
            w = PutUtf8(c, w);
        }
    }
    out->resize(static_cast<size_t>(w - out->data()));
}

std::string At(uint64_t offset) {
    return " at byte " + std::to_string(offset);
}

}  // namespace

const char* SourceEncodingName(SourceEncoding encoding) {
    switch (encoding) {
        case SourceEncoding::kUtf8: return "utf-8";
        case SourceEncoding::kUtf16Le: return "utf-16le";
        case SourceEncoding::kUtf16Be: return "utf-16be";
        case SourceEncoding::kWindows1252: return "windows-1252";
    }
    return "utf-8";
}

SourceEncoding ChunkDecoder::encoding() const {
    switch (state_) {
        case State::kCp1252: return SourceEncoding::kWindows1252;
        case State::kUtf16Le: return SourceEncoding::kUtf16Le;
        case State::kUtf16Be: return SourceEncoding::kUtf16Be;
        default: return SourceEncoding::kUtf8;
    }
}

Status ChunkDecoder::InvalidUtf8(uint64_t offset) const {
    return Status::Corruption("the text is not valid UTF-8" + At(offset) +
                              (had_bom_ ? " although it starts with a UTF-8 byte order mark"
                                        : ": the file mixes encodings"));
}

Status ChunkDecoder::Fail(Status status) {
    failed_ = status;
    pending_.clear();
    pending_.shrink_to_fit();
    return status;
}

Status ChunkDecoder::Decode(std::string_view bytes, std::string* out) {
    if (!failed_.ok()) return failed_;
    const uint64_t offset = bytes_in_;
    bytes_in_ += bytes.size();
    if (state_ == State::kProbe) {
        pending_.append(bytes);
        if (pending_.size() < probe_bytes_) return Status::Ok();
        return Probe(false, out);
    }
    return Process(bytes, offset, false, out);
}

Status ChunkDecoder::Finish(std::string* out) {
    if (!failed_.ok()) return failed_;
    if (state_ == State::kProbe) return Probe(true, out);
    return Process(std::string_view(), bytes_in_, true, out);
}

Status ChunkDecoder::Probe(bool final, std::string* out) {
    // Process may refill pending_, so the probe moves out first.
    std::string probe;
    probe.swap(pending_);
    const auto* b = reinterpret_cast<const unsigned char*>(probe.data());
    const size_t n = probe.size();
    size_t skip = 0;
    if (n >= 4 && ((b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) ||
                   (b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF))) {
        return Fail(Status::Unsupported("the file is UTF-32 text; save it as UTF-8 or UTF-16"));
    }
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        skip = 3;
        state_ = State::kUtf8;
    } else if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        skip = 2;
        state_ = State::kUtf16Le;
    } else if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        skip = 2;
        state_ = State::kUtf16Be;
    } else if (n >= 2 && b[0] == 0x1F && b[1] == 0x8B) {
        return Fail(Status::Unsupported("the file is gzip-compressed; decompress it first"));
    } else if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
        return Fail(Status::Unsupported(
            "the file is a ZIP archive (an Excel .xlsx workbook?); export it as text or CSV"));
    } else if (n >= 4 && b[0] == 0xD0 && b[1] == 0xCF && b[2] == 0x11 && b[3] == 0xE0) {
        return Fail(
            Status::Unsupported("the file is an Excel .xls workbook; export it as text or CSV"));
    } else {
        // Text never holds NUL bytes and holds few control characters; without a byte
        // order mark, NULs mean binary data or UTF-16 saved without one.
        // Only the first probe_bytes_ count, so the answer does not depend on chunk sizes.
        const size_t m = n < probe_bytes_ ? n : probe_bytes_;
        size_t nul_even = 0, nul_odd = 0, controls = 0;
        for (size_t i = 0; i < m; ++i) {
            const unsigned char c = b[i];
            if (c == 0) {
                ++(i % 2 == 0 ? nul_even : nul_odd);
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
                       c != 0x1A) {
                ++controls;
            }
        }
        const size_t nuls = nul_even + nul_odd;
        if (nuls > 0 && nuls * 3 >= m && (nul_even == 0 || nul_odd == 0)) {
            return Fail(Status::Unsupported(
                "the file looks like UTF-16 text without a byte order mark; save it as UTF-8 "
                "or as Excel \"Unicode text\""));
        }
        if (nuls > 0 || controls * 20 > m) {
            return Fail(Status::Unsupported(
                "the file is binary, not delimited text (it contains NUL or control bytes)"));
        }
        state_ = State::kAscii;
    }
    had_bom_ = skip > 0;
    return Process(std::string_view(probe).substr(skip), skip, final, out);
}

Status ChunkDecoder::Process(std::string_view bytes, uint64_t offset, bool final,
                             std::string* out) {
    switch (state_) {
        case State::kProbe: return Status::Internal("chunk decoder: probe not done");
        case State::kAscii: {
            const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
            const size_t n = bytes.size();
            const size_t i = AsciiPrefix(p, n);
            out->append(bytes.data(), i);
            if (i == n && !final) return Status::Ok();
            state_ = State::kDeciding;
            pending_.assign(bytes.substr(i));
            pending_offset_ = offset + i;
            break;
        }
        case State::kDeciding: pending_.append(bytes); break;
        case State::kUtf8: return DecodeUtf8(bytes, offset, final, out);
        case State::kCp1252: AppendCp1252(bytes, out); return Status::Ok();
        case State::kUtf16Le:
        case State::kUtf16Be: return DecodeUtf16(bytes, offset, final, out);
    }
    // Deciding between UTF-8 and windows-1252 on a window from the first non-ASCII byte.
    if (pending_.size() < decide_bytes_ && !final) return Status::Ok();
    // Only the first decide_bytes_ count, so the answer does not depend on chunk sizes.
    bool invalid = false;
    const size_t window_size = pending_.size() < decide_bytes_ ? pending_.size() : decide_bytes_;
    ScanUtf8(reinterpret_cast<const unsigned char*>(pending_.data()), window_size, &invalid);
    state_ = invalid ? State::kCp1252 : State::kUtf8;
    std::string window = std::move(pending_);
    pending_.clear();
    return Process(window, pending_offset_, final, out);
}

Status ChunkDecoder::DecodeUtf8(std::string_view bytes, uint64_t offset, bool final,
                                std::string* out) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const size_t n = bytes.size();
    size_t i = 0;
    if (carry_size_ > 0) {
        const size_t need = SeqLen(carry_[0]);
        while (carry_size_ < need && i < n) carry_[carry_size_++] = p[i++];
        if (!PartialOk(carry_, carry_size_)) {
            return Fail(InvalidUtf8(carry_offset_));
        }
        if (carry_size_ < need) {
            if (!final) return Status::Ok();
            return Fail(Status::Corruption("the file ends inside a UTF-8 character" +
                                           At(carry_offset_) + ": is it truncated?"));
        }
        out->append(reinterpret_cast<const char*>(carry_), need);
        carry_size_ = 0;
    }
    bool invalid = false;
    const size_t good = ScanUtf8(p + i, n - i, &invalid);
    out->append(bytes.data() + i, good);
    i += good;
    if (invalid) {
        return Fail(InvalidUtf8(offset + i));
    }
    if (i < n) {
        carry_size_ = n - i;
        std::memcpy(carry_, p + i, carry_size_);
        carry_offset_ = offset + i;
        if (final) {
            return Fail(Status::Corruption("the file ends inside a UTF-8 character" +
                                           At(carry_offset_) + ": is it truncated?"));
        }
    }
    return Status::Ok();
}

Status ChunkDecoder::DecodeUtf16(std::string_view bytes, uint64_t offset, bool final,
                                 std::string* out) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const size_t n = bytes.size();
    const bool le = state_ == State::kUtf16Le;
    const size_t old = out->size();
    // A code unit yields at most 3 bytes; a pair yields 4, even when its lead surrogate came
    // in an earlier chunk, so one unit of this chunk may write 4.
    out->resize(old + (n / 2 + 2) * 3);
    char* w = out->data() + old;
    size_t i = 0;
    Status error;
    auto unit_at = [&](unsigned char b0, unsigned char b1) -> uint32_t {
        return le ? (static_cast<uint32_t>(b1) << 8 | b0) : (static_cast<uint32_t>(b0) << 8 | b1);
    };
    auto emit = [&](uint32_t unit, uint64_t at) -> bool {
        if (high_surrogate_ != 0) {
            if (unit < 0xDC00 || unit > 0xDFFF) {
                error = Status::Corruption("invalid UTF-16: an unpaired surrogate" + At(at));
                return false;
            }
            w = PutUtf8(0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00), w);
            high_surrogate_ = 0;
            return true;
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            high_surrogate_ = unit;
            return true;
        }
        if (unit >= 0xDC00 && unit <= 0xDFFF) {
            error = Status::Corruption("invalid UTF-16: an unpaired surrogate" + At(at));
            return false;
        }
        w = PutUtf8(unit, w);
        return true;
    };
    bool ok = true;
    if (carry_size_ == 1 && n > 0) {
        carry_size_ = 0;
        ok = emit(unit_at(carry_[0], p[0]), offset);
        i = 1;
    }
    while (ok && i + 1 < n) {
        const uint32_t unit = unit_at(p[i], p[i + 1]);
        if (unit < 0x80 && high_surrogate_ == 0) {
            *w++ = static_cast<char>(unit);
        } else {
            ok = emit(unit, offset + i);
        }
        i += 2;
    }
    out->resize(static_cast<size_t>(w - out->data()));
    if (!ok) return Fail(error);
    if (i < n) {
        carry_[0] = p[i];
        carry_size_ = 1;
    }
    if (final && (carry_size_ != 0 || high_surrogate_ != 0)) {
        return Fail(Status::Corruption("the UTF-16 file ends inside a character" + At(offset + n) +
                                       ": is it truncated?"));
    }
    return Status::Ok();
}

}  // namespace stocktake::engine
