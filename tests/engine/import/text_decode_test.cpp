#include "import/text_decode.h"

#include <catch2/catch.hpp>
#include <string>

namespace stocktake::engine {
namespace {

TEST_CASE("windows-1252 bytes decode to UTF-8 (e-acute, u-umlaut, trade mark)",
          "[engine][import][encoding]") {
    const std::string bytes = "Caf\xE9 \xFC \x99";
    DecodedText decoded = DecodeText(bytes);
    CHECK(decoded.encoding == TextEncoding::kWindows1252);
    CHECK(std::string(EncodingName(decoded.encoding)) == "windows-1252");
    CHECK(decoded.text() == "Caf\xC3\xA9 \xC3\xBC \xE2\x84\xA2");  // "Café ü ™"
}

TEST_CASE("windows-1252 maps the whole 0x80-0x9F block", "[engine][import][encoding]") {
    CHECK(Windows1252ToUtf8("\x80") == "\xE2\x82\xAC");                  // euro sign
    CHECK(Windows1252ToUtf8("\x85") == "\xE2\x80\xA6");                  // ellipsis
    CHECK(Windows1252ToUtf8("\x8A") == "\xC5\xA0");                      // S caron
    CHECK(Windows1252ToUtf8("\x93\x94") == "\xE2\x80\x9C\xE2\x80\x9D");  // curly quotes
    CHECK(Windows1252ToUtf8("\x96\x97") == "\xE2\x80\x93\xE2\x80\x94");  // en and em dash
    CHECK(Windows1252ToUtf8("\x9F") == "\xC5\xB8");                      // Y diaeresis
    // The five undefined bytes become the C1 controls of the same value.
    CHECK(Windows1252ToUtf8("\x81") == "\xC2\x81");
    CHECK(Windows1252ToUtf8("\x9D") == "\xC2\x9D");
    // Latin-1 range and ASCII.
    CHECK(Windows1252ToUtf8("\xA3\xFF") == "\xC2\xA3\xC3\xBF");
    CHECK(Windows1252ToUtf8("plain\tascii") == "plain\tascii");
    // Every byte produces valid UTF-8.
    std::string all;
    for (int b = 1; b < 256; ++b) all.push_back(static_cast<char>(b));
    CHECK(IsValidUtf8(Windows1252ToUtf8(all)));
}

TEST_CASE("UTF-8 text keeps its bytes and loses its byte order mark",
          "[engine][import][encoding]") {
    DecodedText decoded = DecodeText("\xEF\xBB\xBFitem-name\tseller-sku\nCaf\xC3\xA9\tA1\n");
    CHECK(decoded.encoding == TextEncoding::kUtf8);
    CHECK(std::string(EncodingName(decoded.encoding)) == "utf-8");
    CHECK(decoded.text() == "item-name\tseller-sku\nCaf\xC3\xA9\tA1\n");

    DecodedText no_bom = DecodeText("a\tb");
    CHECK(no_bom.encoding == TextEncoding::kUtf8);
    CHECK(no_bom.text() == "a\tb");
}

TEST_CASE("UTF-8 validation rejects malformed sequences", "[engine][import][encoding]") {
    CHECK(IsValidUtf8(""));
    CHECK(IsValidUtf8("\xE6\x97\xA5\xE6\x9C\xAC"));  // 日本
    CHECK(IsValidUtf8("\xF0\x9F\x93\xA6 box"));      // 4-byte emoji
    CHECK_FALSE(IsValidUtf8("\xE9"));                // lone windows-1252 e-acute
    CHECK_FALSE(IsValidUtf8("abcdefgh\xC3"));        // truncated at the end
    CHECK_FALSE(IsValidUtf8("\xC0\xAF"));            // overlong '/'
    CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));        // UTF-16 surrogate
    CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));    // past U+10FFFF
    CHECK_FALSE(IsValidUtf8("\x80"));                // stray continuation byte
}

}  // namespace
}  // namespace stocktake::engine
