// ReadFileHead: the header and first rows of an upload, for the import screen's preview.
// Reads only as many chunks as those rows need, so the caller may pass only the file's
// beginning (whole_file false).
// Thread safety: pure function; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "import/chunk_decoder.h"
#include "stocktake/status.h"

namespace stocktake::engine {

struct FileHead {
    SourceEncoding encoding = SourceEncoding::kUtf8;
    char delimiter = ',';
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

// InvalidArgument with a message for the seller when the file cannot be read or is empty.
// bytes is the whole file, or (whole_file false) its beginning: then the last, partial
// line is left out and nothing is said about how the file ends.
Result<FileHead> ReadFileHead(std::string_view bytes, int64_t max_rows, bool whole_file = true);

const char* DelimiterName(char delimiter);  // "tab", "comma", "semicolon"

}  // namespace stocktake::engine
