// libFuzzer target for DelimitedReader (and the ChunkDecoder under it).
// The first input byte picks the chunk size and the options, the rest is the file. Checks
// that the reader never crashes, hangs or grows without bound, and that:
//   - every byte fed is counted (bytes_fed == input size at the end);
//   - reading in chunks gives exactly what reading the whole input gives (or an error
//     when reading it whole gives one);
//   - each record respects the column cap, and Next after an error keeps the error.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "import/delimited_reader.h"

namespace {

using stocktake::Status;
using stocktake::engine::DelimitedReader;
using stocktake::engine::DelimitedReaderOptions;
using stocktake::engine::DelimitedRecord;
using stocktake::engine::QuoteMode;
using stocktake::engine::ReadState;

// Names the broken invariant before aborting, so a crash report says which one.
#define Check(condition) CheckImpl(condition, #condition, __LINE__)

void CheckImpl(bool condition, const char* text, int line) {
    if (condition) return;
    std::fprintf(stderr, "invariant broken at line %d: %s\n", line, text);
    std::abort();
}

struct Outcome {
    std::string flat;  // records serialized, to compare two readings
    std::string error;
    uint64_t bytes_fed = 0;
};

Status Drain(DelimitedReader* reader, const DelimitedReaderOptions& options, Outcome* out,
             bool* ended) {
    DelimitedRecord record;
    for (;;) {
        auto state = reader->Next(&record);
        if (!state.ok()) {
            // Errors stick.
            auto again = reader->Next(&record);
            Check(!again.ok() && again.status().message() == state.status().message());
            return state.status();
        }
        if (*state == ReadState::kNeedInput) return Status::Ok();
        if (*state == ReadState::kEnd) {
            *ended = true;
            return Status::Ok();
        }
        Check(!record.fields.empty() && record.fields.size() <= options.max_columns);
        Check(record.line >= 1);
        out->flat += std::to_string(record.line);
        for (std::string_view f : record.fields) {
            Check(f.size() <= options.max_record_bytes);
            out->flat += '\x1F';
            out->flat.append(f);
        }
        out->flat += '\x1E';
    }
}

Outcome Read(std::string_view bytes, size_t chunk, const DelimitedReaderOptions& options) {
    DelimitedReader reader(options);
    Outcome out;
    bool ended = false;
    Status status;
    for (size_t i = 0; i < bytes.size() && status.ok(); i += chunk) {
        status = reader.Feed(bytes.substr(i, chunk));
        if (status.ok()) status = Drain(&reader, options, &out, &ended);
        // Bounded memory: the buffer never holds much more than a chunk and a record.
        Check(reader.buffer_capacity() <=
              2 * (chunk + options.max_record_bytes + options.sniff_bytes) + 4096);
    }
    if (status.ok()) status = reader.Finish();
    if (status.ok()) status = Drain(&reader, options, &out, &ended);
    if (status.ok()) {
        Check(ended);
        Check(reader.bytes_fed() == bytes.size());
    }
    out.error = status.ToString();
    out.bytes_fed = reader.bytes_fed();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t control = data[0];
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    DelimitedReaderOptions options;
    // Small caps so the limits are reached by fuzzer-sized inputs.
    options.max_record_bytes = (control & 0x80) ? 64 : 4096;
    options.max_columns = (control & 0x40) ? 4 : 2000;
    // Small windows so detection finishes early and the incremental paths run.
    options.sniff_bytes = (control & 0x02) ? 8 : 64;
    switch ((control >> 4) & 3) {
        case 0: break;
        case 1: options.delimiter = ','; break;
        case 2: options.delimiter = '\t'; break;
        case 3: options.delimiter = ';'; break;
    }
    if (control & 0x08)
        options.quoting = (control & 0x04) ? QuoteMode::kRfc4180 : QuoteMode::kWrapOnly;
    const size_t chunk = 1 + (control & 0x03) * 3;  // 1, 4, 7 or 10 bytes
    const Outcome whole = Read(bytes, bytes.size() + 1, options);
    const Outcome chunked = Read(bytes, chunk, options);
    if (getenv("ST_FUZZ_VERBOSE") != nullptr) {
        std::fprintf(stderr, "whole: %s\nchunked: %s\n", whole.error.c_str(),
                     chunked.error.c_str());
    }
    // Which error comes first may depend on buffering (a whole input is decoded before it
    // is split; a chunked one is split as it arrives), but whether the input is readable and
    // what a readable input holds must not.
    Check((whole.error == "OK") == (chunked.error == "OK"));
    if (whole.error == "OK") Check(whole.flat == chunked.flat);
    return 0;
}
