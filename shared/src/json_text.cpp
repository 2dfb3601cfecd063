#include "stocktake/json_text.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace stocktake {

namespace {

// The length of the UTF-8 sequence at text[i] (a byte >= 0x80), or 0 when it is not one:
// truncated, overlong, a surrogate or past U+10FFFF.
size_t Utf8SequenceAt(std::string_view text, size_t i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code = 0;
    if ((byte & 0xE0) == 0xC0) {
        length = 2;
        code = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
        length = 3;
        code = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
        length = 4;
        code = byte & 0x07;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return 0;
        code = (code << 6) | (next & 0x3F);
    }
    static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return 0;
    }
    return length;
}

// Whether any of 8 bytes needs a closer look: a control character, '"', '\\' or a byte of a
// multi-byte UTF-8 sequence. Most text is plain ASCII, skipped 8 bytes at a time.
bool AnyNeedsLook(uint64_t bytes) {
    constexpr uint64_t kOnes = ~uint64_t{0} / 255;
    constexpr uint64_t kHighs = kOnes * 0x80;
    const auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
    const uint64_t below_space = (bytes - kOnes * 0x20) & ~bytes & kHighs;
    return (below_space | has_zero(bytes ^ (kOnes * '"')) | has_zero(bytes ^ (kOnes * '\\')) |
            (bytes & kHighs)) != 0;
}

void AppendString(std::string_view text, std::string* out) {
    static constexpr char kHex[] = "0123456789abcdef";
    const size_t start = out->size();
    out->push_back('"');
    size_t run = 0;
    size_t i = 0;
    while (i < text.size()) {
        if (i + 8 <= text.size()) {
            uint64_t bytes;
            std::memcpy(&bytes, text.data() + i, sizeof bytes);
            if (!AnyNeedsLook(bytes)) {
                i += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const size_t length = Utf8SequenceAt(text, i);
            if (length == 0) {
                // Not UTF-8: written as dump's "replace" handler writes it (U+FFFD).
                out->resize(start);
                *out += nlohmann::json(text).dump(-1, ' ', false,
                                                  nlohmann::json::error_handler_t::replace);
                return;
            }
            i += length;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        out->append(text.data() + run, i - run);
        run = i + 1;
        ++i;
        switch (c) {
            case '"': *out += "\\\""; break;
            case '\\': *out += "\\\\"; break;
            case '\b': *out += "\\b"; break;
            case '\f': *out += "\\f"; break;
            case '\n': *out += "\\n"; break;
            case '\r': *out += "\\r"; break;
            case '\t': *out += "\\t"; break;
            default:
                *out += "\\u00";
                out->push_back(kHex[c >> 4]);
                out->push_back(kHex[c & 0xF]);
        }
    }
    out->append(text.data() + run, text.size() - run);
    out->push_back('"');
}

template <typename Integer>
void AppendInteger(Integer value, std::string* out) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out->append(digits, end);
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
    AppendString(text, out);
}

void AppendJsonText(const nlohmann::json& value, std::string* out) {
    using Type = nlohmann::json::value_t;
    switch (value.type()) {
        case Type::object: {
            out->push_back('{');
            bool first = true;
            for (const auto& [name, member] : value.items()) {
                if (!first) out->push_back(',');
                first = false;
                AppendString(name, out);
                out->push_back(':');
                AppendJsonText(member, out);
            }
            out->push_back('}');
            return;
        }
        case Type::array: {
            out->push_back('[');
            bool first = true;
            for (const nlohmann::json& member : value) {
                if (!first) out->push_back(',');
                first = false;
                AppendJsonText(member, out);
            }
            out->push_back(']');
            return;
        }
        case Type::string: AppendString(value.get_ref<const std::string&>(), out); return;
        case Type::number_integer: AppendInteger(value.get<int64_t>(), out); return;
        case Type::number_unsigned: AppendInteger(value.get<uint64_t>(), out); return;
        default:
            // null, booleans and floating point: rare in ops; dump writes them exactly.
            *out += value.dump();
            return;
    }
}

std::string JsonText(const nlohmann::json& value) {
    std::string text;
    text.reserve(256);
    AppendJsonText(value, &text);
    return text;
}

namespace {

template <typename Strings>
void AppendStrings(const Strings& strings, std::string* out) {
    out->push_back('[');
    bool first = true;
    for (const auto& string : strings) {
        if (!first) out->push_back(',');
        first = false;
        AppendString(string, out);
    }
    out->push_back(']');
}

}  // namespace

std::string JsonStringArray(const std::vector<std::string>& strings) {
    std::string text;
    AppendStrings(strings, &text);
    return text;
}

void AppendJsonStringArray(std::span<const std::string_view> strings, std::string* out) {
    AppendStrings(strings, out);
}

}  // namespace stocktake
