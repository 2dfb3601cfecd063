// Incremental bytes -> UTF-8 decoding for uploads that arrive in chunks (browser File
// slices). Memory stays bounded: besides the caller's output, the decoder holds at most
// probe_bytes or decide_bytes of raw input plus one chunk while it decides the encoding.
//
// Detection, in order:
//   - a byte order mark: UTF-8 (EF BB BF), UTF-16 LE (FF FE) or BE (FE FF) -> that encoding;
//   - gzip, ZIP (.xlsx), OLE (.xls) magic, UTF-32, NUL bytes or mostly control characters in
//     the first kProbeBytes -> one Unsupported error naming what the file looks like;
//   - otherwise ASCII passes through undecided (it reads the same in UTF-8 and
//     windows-1252). At the first non-ASCII byte the decoder buffers kDecideBytes from there
//     and decides once: valid UTF-8 -> UTF-8, else windows-1252. Deciding once on a window
//     (instead of restarting) keeps memory bounded and never changes text already handed
//     out; the window starts at the first non-ASCII byte, so a file whose first accent is
//     deep in the file is still judged on its accented text.
//   - After deciding UTF-8, an invalid sequence is a Corruption error with its byte offset
//     (a file mixing encodings is refused rather than silently garbled), and a file that
//     ends inside a sequence is a Corruption error ("truncated"), never a replacement char.
//   - UTF-16: surrogate pairs and code units split across chunks are handled; an unpaired
//     surrogate or an odd byte count at the end is a Corruption error.
// Thread safety: none (one decoder per stream).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::engine {

enum class SourceEncoding { kUtf8, kUtf16Le, kUtf16Be, kWindows1252 };

const char* SourceEncodingName(SourceEncoding encoding);  // "utf-8", "utf-16le", ...

class ChunkDecoder {
  public:
    static constexpr size_t kProbeBytes = 4096;
    static constexpr size_t kDecideBytes = 64 * 1024;

    // Smaller windows let tests and the fuzzer reach every state with small inputs. A probe
    // shorter than 4 bytes could not see a whole byte order mark or magic number.
    explicit ChunkDecoder(size_t probe_bytes = kProbeBytes, size_t decide_bytes = kDecideBytes)
        : probe_bytes_(probe_bytes < 4 ? 4 : probe_bytes),
          decide_bytes_(decide_bytes < 1 ? 1 : decide_bytes) {}

    // Appends the UTF-8 text of bytes (the next part of the stream) to *out. After an error
    // every later call returns the same error.
    Status Decode(std::string_view bytes, std::string* out);
    // The stream has ended: flushes what was held back, or reports a truncated sequence.
    Status Finish(std::string* out);

    // UTF-8 while the text seen so far is ASCII only.
    SourceEncoding encoding() const;
    bool had_bom() const { return had_bom_; }
    uint64_t bytes_in() const { return bytes_in_; }

  private:
    enum class State { kProbe, kAscii, kDeciding, kUtf8, kCp1252, kUtf16Le, kUtf16Be };

    // offset: position in the stream of bytes[0], for error messages.
    Status Process(std::string_view bytes, uint64_t offset, bool final, std::string* out);
    Status Probe(bool final, std::string* out);
    Status DecodeUtf8(std::string_view bytes, uint64_t offset, bool final, std::string* out);
    Status DecodeUtf16(std::string_view bytes, uint64_t offset, bool final, std::string* out);
    Status InvalidUtf8(uint64_t offset) const;
    Status Fail(Status status);

    size_t probe_bytes_;
    size_t decide_bytes_;
    State state_ = State::kProbe;
    std::string pending_;          // probe or decide window (raw bytes)
    uint64_t pending_offset_ = 0;  // stream offset of pending_[0]
    unsigned char carry_[4] = {};  // incomplete UTF-8 sequence or UTF-16 code unit
    size_t carry_size_ = 0;
    uint64_t carry_offset_ = 0;
    uint32_t high_surrogate_ = 0;  // UTF-16 lead surrogate waiting for its trail
    bool had_bom_ = false;
    uint64_t bytes_in_ = 0;
    Status failed_;
};

}  // namespace stocktake::engine
