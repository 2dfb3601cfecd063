// GS1 element strings (GS1 General Specifications, section 3 "Application identifiers" and
// 7.8 "Processing of data from a GS1 symbol"). Only the AIs whose lengths are listed here
// can be stepped over in the raw form; the list covers what goods-in labels carry.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

#include "stocktake/engine/barcode.h"
#include "stocktake/gtin.h"

namespace stocktake::engine {

namespace {

constexpr char kGroupSeparator = '\x1d';  // FNC1 as scanners transmit it

struct AiSpec {
    size_t ai_digits = 0;  // 0: unknown AI
    size_t length = 0;     // fixed length, or the maximum for a variable field
    bool fixed = false;
};

bool IsDigits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// The AI at the start of rest, from its first two digits (GS1's table is keyed that way).
AiSpec SpecOf(std::string_view rest) {
    if (rest.size() < 2 || !IsDigits(rest.substr(0, 2))) return {};
    const int two = (rest[0] - '0') * 10 + (rest[1] - '0');
    switch (two) {
        case 0: return {2, 18, true};  // SSCC
        case 1:
        case 2: return {2, 14, true};  // GTIN, GTIN of contained items
        case 11:
        case 12:
        case 13:
        case 15:
        case 16:
        case 17: return {2, 6, true};  // dates
        case 20: return {2, 2, true};  // variant
        case 10:
        case 21:
        case 22: return {2, 20, false};  // lot, serial, consumer variant
        case 30:
        case 37: return {2, 8, false};  // counts
        case 24:
        case 25:
        case 40: return {3, 30, false};  // additional ids, customer order numbers
        case 41: return {3, 13, true};   // GLNs
        case 42: return {3, 20, false};  // ship-to postal code
        case 90: return {2, 30, false};  // mutually agreed
        default: break;
    }
    if (two >= 31 && two <= 36) return {4, 6, true};    // measures (31nn..36nn)
    if (two >= 91 && two <= 99) return {2, 90, false};  // company internal
    return {};
}

Status Bad(const std::string& what) {
    return Status::InvalidArgument("GS1 code: " + what);
}

int DaysInMonth(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

Result<std::string> ExpiryDate(std::string_view yymmdd) {
    if (yymmdd.size() != 6 || !IsDigits(yymmdd)) {
        return Bad("expiry (17) must be 6 digits YYMMDD, got '" + std::string(yymmdd) + "'");
    }
    const int year = 2000 + std::stoi(std::string(yymmdd.substr(0, 2)));
    const int month = std::stoi(std::string(yymmdd.substr(2, 2)));
    int day = std::stoi(std::string(yymmdd.substr(4, 2)));
    if (month < 1 || month > 12) {
        return Bad("expiry (17) '" + std::string(yymmdd) + "' has month " + std::to_string(month) +
                   "; months are 01 to 12");
    }
    if (day == 0) day = DaysInMonth(year, month);  // GS1: DD 00 means the month's last day
    if (day > DaysInMonth(year, month)) {
        return Bad("expiry (17) '" + std::string(yymmdd) + "' is not a date: that month has " +
                   std::to_string(DaysInMonth(year, month)) + " days");
    }
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return std::string(text);
}

// Checks and stores one AI's value.
Status Store(std::string_view ai, std::string_view value, Gs1Data* out) {
    if (ai == "01") {
        if (value.size() != 14 || !IsDigits(value)) {
            return Bad("GTIN (01) must be 14 digits, got '" + std::string(value) + "'");
        }
        Status valid = ValidateGtin(value);
        if (!valid.ok()) return Bad("GTIN (01): " + valid.message());
        out->gtin14 = std::string(value);
    } else if (ai == "10") {
        if (value.empty() || value.size() > 20) {
            return Bad("lot (10) must be 1 to 20 characters, got " + std::to_string(value.size()));
        }
        out->lot = std::string(value);
    } else if (ai == "17") {
        Result<std::string> date = ExpiryDate(value);
        if (!date.ok()) return date.status();
        out->expiry = date.value();
    } else if (ai == "30") {
        if (value.size() > 8 || !IsDigits(value)) {
            return Bad("count (30) must be 1 to 8 digits, got '" + std::string(value) + "'");
        }
        out->count = std::stoll(std::string(value));
    }
    return Status::Ok();
}

Status CheckLength(std::string_view ai, const AiSpec& spec, std::string_view value) {
    if (spec.fixed ? value.size() != spec.length : value.size() > spec.length) {
        return Bad("AI (" + std::string(ai) + ") takes " + (spec.fixed ? "" : "up to ") +
                   std::to_string(spec.length) + " characters, got " +
                   std::to_string(value.size()));
    }
    return Status::Ok();
}

Result<Gs1Data> ParseBracketed(std::string_view text) {
    Gs1Data out;
    size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] != '(') {
            return Bad("expected '(' at character " + std::to_string(pos + 1));
        }
        const size_t close = text.find(')', pos);
        if (close == std::string_view::npos) return Bad("an AI's '(' is never closed");
        const std::string_view ai = text.substr(pos + 1, close - pos - 1);
        if (ai.size() < 2 || ai.size() > 4 || !IsDigits(ai)) {
            return Bad("'(" + std::string(ai) + ")' is not an application identifier");
        }
        const size_t next = std::min(text.find('(', close), text.size());
        const std::string_view value = text.substr(close + 1, next - close - 1);
        const AiSpec spec = SpecOf(ai);
        if (spec.ai_digits == ai.size()) {
            Status status = CheckLength(ai, spec, value);
            if (!status.ok()) return status;
        }
        Status status = Store(ai, value, &out);
        if (!status.ok()) return status;
        pos = next;
    }
    return out;
}

Result<Gs1Data> ParseRaw(std::string_view text) {
    Gs1Data out;
    size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == kGroupSeparator) {
            ++pos;
            continue;
        }
        const std::string_view rest = text.substr(pos);
        const AiSpec spec = SpecOf(rest);
        if (spec.ai_digits == 0 || rest.size() < spec.ai_digits ||
            !IsDigits(rest.substr(0, spec.ai_digits))) {
            return Bad("unknown application identifier at character " + std::to_string(pos + 1) +
                       " ('" + std::string(rest.substr(0, 4)) + "...')");
        }
        const std::string_view ai = rest.substr(0, spec.ai_digits);
        const std::string_view after = rest.substr(spec.ai_digits);
        const size_t end = spec.fixed ? std::min(spec.length, after.size())
                                      : std::min(after.find(kGroupSeparator), after.size());
        const std::string_view value = after.substr(0, end);
        Status status = CheckLength(ai, spec, value);
        if (!status.ok()) return status;
        status = Store(ai, value, &out);
        if (!status.ok()) return status;
        pos += spec.ai_digits + end;
    }
    return out;
}

}  // namespace

std::string_view StripSymbologyId(std::string_view code) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!code.empty() && is_space(code.front())) code.remove_prefix(1);
    while (!code.empty() && is_space(code.back())) code.remove_suffix(1);
    if (code.size() >= 3 && code[0] == ']' && std::isalpha(static_cast<unsigned char>(code[1])) &&
        std::isalnum(static_cast<unsigned char>(code[2]))) {
        code.remove_prefix(3);
    }
    return code;
}

bool IsGs1ElementString(std::string_view code) {
    std::string_view trimmed = StripSymbologyId(code);
    const size_t id_at = code.find(']');
    if (id_at != std::string_view::npos && code.size() >= id_at + 3) {
        const std::string_view id = code.substr(id_at, 3);
        if (id == "]d2" || id == "]C1" || id == "]Q3" || id == "]e0") return true;
    }
    if (trimmed.find(kGroupSeparator) != std::string_view::npos) return true;
    if (trimmed.size() >= 4 && trimmed[0] == '(' &&
        std::isdigit(static_cast<unsigned char>(trimmed[1])) &&
        trimmed.find(')') != std::string_view::npos) {
        return true;
    }
    return trimmed.size() >= 16 && trimmed.substr(0, 2) == "01" && IsDigits(trimmed.substr(0, 16));
}

Result<Gs1Data> ParseGs1(std::string_view code) {
    std::string_view text = StripSymbologyId(code);
    if (text.empty()) return Bad("the code is empty");
    return text.front() == '(' ? ParseBracketed(text) : ParseRaw(text);
}

bool IsFnsku(std::string_view code) {
    if (code.size() != 10) return false;
    if (code.substr(0, 3) != "X00" && code.substr(0, 2) != "B0") return false;
    return std::all_of(code.begin(), code.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0 || (c >= 'A' && c <= 'Z');
    });
}

}  // namespace stocktake::engine
