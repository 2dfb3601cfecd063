// Shared by the reader benchmarks (native, node and browser): one pass of the delimited
// reader over bytes held in memory, fed chunk bytes at a time, the way an import feeds it.
#pragma once

#include <cstdint>
#include <string_view>

#include "import/delimited_reader.h"

namespace stocktake::bench {

struct ReadCounts {
    int64_t records = 0;
    int64_t fields = 0;
    engine::SourceEncoding encoding = engine::SourceEncoding::kUtf8;
};

inline Result<ReadCounts> ReadAll(std::string_view bytes, size_t chunk) {
    engine::DelimitedReader reader;
    engine::DelimitedRecord record;
    ReadCounts counts;
    for (size_t pos = 0;; pos += chunk) {
        Status status =
            pos < bytes.size() ? reader.Feed(bytes.substr(pos, chunk)) : reader.Finish();
        if (!status.ok()) return status;
        for (;;) {
            Result<engine::ReadState> state = reader.Next(&record);
            if (!state.ok()) return state.status();
            if (*state == engine::ReadState::kNeedInput) break;
            if (*state == engine::ReadState::kEnd) {
                counts.encoding = reader.encoding();
                return counts;
            }
            ++counts.records;
            counts.fields += static_cast<int64_t>(record.fields.size());
        }
    }
}

}  // namespace stocktake::bench
