#include "import/chunk_decoder.h"

#include <catch2/catch.hpp>
#include <string>

namespace stocktake::engine {
namespace {

// Decodes bytes that are not valid UTF-8 in one chunk: the decoder settles on windows-1252.
std::string FromWindows1252(const std::string& bytes) {
    ChunkDecoder decoder;
    std::string out;
    REQUIRE(decoder.Decode(bytes, &out).ok());
    REQUIRE(decoder.Finish(&out).ok());
    REQUIRE(decoder.encoding() == SourceEncoding::kWindows1252);
    return out;
}

TEST_CASE("windows-1252 bytes decode to UTF-8 (e-acute, u-umlaut, trade mark)",
          "[engine][import][encoding]") {
    CHECK(FromWindows1252("Caf\xE9 \xFC \x99") == "Caf\xC3\xA9 \xC3\xBC \xE2\x84\xA2");
}

TEST_CASE("windows-1252 maps the whole 0x80-0x9F block", "[engine][import][encoding]") {
    // Each case leads with text holding 0xE9 (e-acute), so the bytes are not valid UTF-8
    // and are mostly text (a file of mostly control bytes is refused as binary).
    const std::string e = "Caf\xE9 menu: ";
    const std::string e_utf8 = "Caf\xC3\xA9 menu: ";
    CHECK(FromWindows1252(e + "\x80") == e_utf8 + "\xE2\x82\xAC");                  // euro
    CHECK(FromWindows1252(e + "\x85") == e_utf8 + "\xE2\x80\xA6");                  // ellipsis
    CHECK(FromWindows1252(e + "\x8A") == e_utf8 + "\xC5\xA0");                      // S caron
    CHECK(FromWindows1252(e + "\x93\x94") == e_utf8 + "\xE2\x80\x9C\xE2\x80\x9D");  // quotes
    CHECK(FromWindows1252(e + "\x96\x97") == e_utf8 + "\xE2\x80\x93\xE2\x80\x94");  // dashes
    CHECK(FromWindows1252(e + "\x9F") == e_utf8 + "\xC5\xB8");                      // Y diaeresis
    // The five undefined bytes become the C1 controls of the same value, as browsers do.
    CHECK(FromWindows1252(e + "\x81") == e_utf8 + "\xC2\x81");
    CHECK(FromWindows1252(e + "\x9D") == e_utf8 + "\xC2\x9D");
    // Latin-1 range and ASCII.
    CHECK(FromWindows1252(e + "\xA3\xFF") == e_utf8 + "\xC2\xA3\xC3\xBF");
    CHECK(FromWindows1252(e + "plain\tascii") == e_utf8 + "plain\tascii");
}

TEST_CASE("UTF-8 keeps its bytes and loses its byte order mark", "[engine][import][encoding]") {
    ChunkDecoder decoder;
    std::string out;
    REQUIRE(decoder.Decode("\xEF\xBB\xBFitem-name\tseller-sku\nCaf\xC3\xA9\tA1\n", &out).ok());
    REQUIRE(decoder.Finish(&out).ok());
    CHECK(decoder.encoding() == SourceEncoding::kUtf8);
    CHECK(decoder.had_bom());
    CHECK(std::string(SourceEncodingName(decoder.encoding())) == "utf-8");
    CHECK(out == "item-name\tseller-sku\nCaf\xC3\xA9\tA1\n");
}

}  // namespace
}  // namespace stocktake::engine
