#include "import/file_head.h"

#include <algorithm>
#include <string>

#include "import/delimited_reader.h"
#include "import/upload_checks.h"

namespace stocktake::engine {

namespace {

constexpr size_t kChunkBytes = 256 * 1024;

}  // namespace

const char* DelimiterName(char delimiter) {
    switch (delimiter) {
        case '\t': return "tab";
        case ';': return "semicolon";
        default: return "comma";
    }
}

Result<FileHead> ReadFileHead(std::string_view bytes, int64_t max_rows, bool whole_file) {
    Status readable = CheckUploadBytes(bytes);
    if (!readable.ok()) return readable;
    DelimitedReader reader;
    FileHead head;
    size_t fed = 0;
    bool finished = false;
    DelimitedRecord record;
    for (;;) {
        Result<ReadState> state = reader.Next(&record);
        if (!state.ok()) {
            return Status::InvalidArgument(UnreadableFileMessage(state.status().message()));
        }
        if (state.value() == ReadState::kEnd) break;
        if (state.value() == ReadState::kRecord) {
            std::vector<std::string> cells(record.fields.begin(), record.fields.end());
            if (head.header.empty() && reader.records_read() == 1) {
                head.header = std::move(cells);
            } else {
                head.rows.push_back(std::move(cells));
            }
            if (static_cast<int64_t>(head.rows.size()) >= max_rows) break;
            continue;
        }
        Status status;
        if (fed < bytes.size()) {
            const size_t n = std::min(kChunkBytes, bytes.size() - fed);
            status = reader.Feed(bytes.substr(fed, n));
            fed += n;
        } else if (!whole_file) {
            break;  // the rest of the file was not given: its next line may be partial
        } else if (!finished) {
            finished = true;
            status = reader.Finish();
        } else {
            break;
        }
        if (!status.ok()) return Status::InvalidArgument(UnreadableFileMessage(status.message()));
    }
    if (reader.records_read() == 0) {
        if (!whole_file) {
            return Status::InvalidArgument(
                "The file's first line does not end within its first " +
                std::to_string(bytes.size()) +
                " bytes: it is not a header naming the columns, so the file cannot be read.");
        }
        return Status::InvalidArgument(EmptyFileMessage());
    }
    head.encoding = reader.encoding();
    head.delimiter = reader.delimiter();
    return head;
}

}  // namespace stocktake::engine
