// Turns an uploaded file's bytes into UTF-8 text: strips a UTF-8 byte order mark, keeps
// valid UTF-8 as it is, and otherwise reads the bytes as windows-1252 (what Amazon's US
// and EU listing reports use).
#pragma once

#include <string>
#include <string_view>

namespace stocktake::engine {

enum class TextEncoding { kUtf8, kWindows1252 };

const char* EncodingName(TextEncoding encoding);  // "utf-8", "windows-1252"

struct DecodedText {
    std::string storage;
    size_t begin = 0;  // offset of the text in storage (past a byte order mark)
    TextEncoding encoding = TextEncoding::kUtf8;

    std::string_view text() const { return std::string_view(storage).substr(begin); }
};

bool IsValidUtf8(std::string_view bytes);
// Every byte maps to one code point; the five bytes windows-1252 leaves undefined (0x81,
// 0x8D, 0x8F, 0x90, 0x9D) map to the C1 controls of the same value, as browsers do.
std::string Windows1252ToUtf8(std::string_view bytes);
// Takes ownership of bytes; moves them into the result when no conversion is needed.
DecodedText DecodeText(std::string bytes);

}  // namespace stocktake::engine
