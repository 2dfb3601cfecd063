#include "stocktake/gtin.h"

#include <utility>

namespace stocktake {

namespace {

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

std::string Quote(std::string_view text) {
    std::string quoted = "'";
    quoted.append(text);
    quoted += "'";
    return quoted;
}

Status BadGtin(std::string_view text, std::string_view why) {
    std::string message = Quote(text);
    message += " is not a valid GTIN: ";
    message.append(why);
    return Status::InvalidArgument(std::move(message));
}

// A reason when `text` holds anything but ASCII digits, else empty.
std::string NonDigitReason(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        if (!IsDigit(text[i])) {
            std::string why = "character ";
            why += std::to_string(i + 1);
            why += " is not a digit (";
            const unsigned char byte = static_cast<unsigned char>(text[i]);
            if (byte >= 0x20 && byte < 0x7F) {
                why += Quote(std::string_view(&text[i], 1));
            } else {
                why += "byte " + std::to_string(byte);
            }
            why += "); a GTIN is digits only";
            return why;
        }
    }
    return std::string();
}

bool CheckDigitHolds(std::string_view digits) {
    return !digits.empty() &&
           GtinCheckDigit(digits.substr(0, digits.size() - 1)) == digits[digits.size() - 1];
}

std::string_view TrimAsciiSpace(std::string_view text) {
    size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    return text.substr(begin, end - begin);
}

}  // namespace

const char* GtinKindName(GtinKind kind) {
    switch (kind) {
        case GtinKind::kGtin8: return "GTIN-8";
        case GtinKind::kGtin12: return "GTIN-12";
        case GtinKind::kGtin13: return "GTIN-13";
        case GtinKind::kGtin14: return "GTIN-14";
        case GtinKind::kUpcE: return "UPC-E";
    }
    return "GTIN";
}

char GtinCheckDigit(std::string_view data) {
    // Weights 3, 1, 3, ... from the rightmost data digit, so padding on the left is free.
    int sum = 0;
    int weight = 3;
    for (size_t i = data.size(); i > 0; --i) {
        sum += (data[i - 1] - '0') * weight;
        weight = 4 - weight;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

Status ValidateGtin(std::string_view digits) {
    if (digits.empty()) return BadGtin(digits, "it is empty");
    const std::string non_digit = NonDigitReason(digits);
    if (!non_digit.empty()) return BadGtin(digits, non_digit);
    const size_t n = digits.size();
    if (n != 8 && n != 12 && n != 13 && n != 14) {
        return BadGtin(digits, std::to_string(n) + " digits; a GTIN has 8, 12, 13 or 14");
    }
    const char expected = GtinCheckDigit(digits.substr(0, n - 1));
    if (expected != digits[n - 1]) {
        return BadGtin(digits, std::string("the check digit should be ") + expected);
    }
    return Status::Ok();
}

Result<std::string> ExpandUpcE(std::string_view upc_e) {
    const std::string non_digit = NonDigitReason(upc_e);
    if (upc_e.empty() || !non_digit.empty()) {
        return BadGtin(upc_e, upc_e.empty() ? std::string("it is empty") : non_digit);
    }
    char number_system = '0';
    std::string_view body;  // "abcdeN"
    if (upc_e.size() == 8) {
        number_system = upc_e[0];
        if (number_system != '0' && number_system != '1') {
            return BadGtin(upc_e, "a UPC-E starts with number system 0 or 1");
        }
        body = upc_e.substr(1, 6);
    } else if (upc_e.size() == 6) {
        body = upc_e;
    } else {
        return BadGtin(upc_e, "a UPC-E has 6 or 8 digits");
    }
    const std::string_view a = body.substr(0, 5);  // "abcde"
    const char last = body[5];
    std::string upc_a(1, number_system);
    switch (last) {
        case '0':
        case '1':
        case '2':  // S a b N 0 0 0 0 c d e
            upc_a.append(a.substr(0, 2));
            upc_a += last;
            upc_a += "0000";
            upc_a.append(a.substr(2, 3));
            break;
        case '3':  // S a b c 0 0 0 0 0 d e
            upc_a.append(a.substr(0, 3));
            upc_a += "00000";
            upc_a.append(a.substr(3, 2));
            break;
        case '4':  // S a b c d 0 0 0 0 0 e
            upc_a.append(a.substr(0, 4));
            upc_a += "00000";
            upc_a += a[4];
            break;
        default:  // S a b c d e 0 0 0 0 N
            upc_a.append(a);
            upc_a += "0000";
            upc_a += last;
            break;
    }
    const char check = GtinCheckDigit(upc_a);
    if (upc_e.size() == 8 && upc_e[7] != check) {
        return BadGtin(upc_e, std::string("the UPC-E check digit should be ") + check);
    }
    upc_a += check;
    return upc_a;
}

Result<Gtin> NormalizeToGtin14(std::string_view text) {
    const std::string_view digits = TrimAsciiSpace(text);
    if (digits.empty()) return BadGtin(text, "it is empty");
    const std::string non_digit = NonDigitReason(digits);
    if (!non_digit.empty()) return BadGtin(text, non_digit);
    if (digits.find_first_not_of('0') == std::string_view::npos) {
        return BadGtin(text, "all zeros is a placeholder, not a product code");
    }

    Gtin gtin;
    gtin.original = std::string(digits);
    std::string full;
    const size_t n = digits.size();
    if (n == 6) {
        Result<std::string> upc_a = ExpandUpcE(digits);
        if (!upc_a.ok()) return upc_a.status();
        full = std::move(upc_a).value();
        gtin.kind = GtinKind::kUpcE;
    } else if (n == 8) {
        const bool ean8 = CheckDigitHolds(digits);
        Result<std::string> upc_a = ExpandUpcE(digits);
        if (upc_a.ok() && (!ean8 || digits[0] == '0')) {
            full = std::move(upc_a).value();
            gtin.kind = GtinKind::kUpcE;
        } else if (ean8) {
            full = std::string(digits);
            gtin.kind = GtinKind::kGtin8;
        } else {
            return BadGtin(text, std::string("the check digit fits neither EAN-8 (expected ") +
                                     GtinCheckDigit(digits.substr(0, 7)) + ") nor UPC-E");
        }
    } else if (n == 12 || n == 13 || n == 14) {
        Status valid = ValidateGtin(digits);
        if (!valid.ok()) return valid;
        full = std::string(digits);
        gtin.kind = n == 12 ? GtinKind::kGtin12 : n == 13 ? GtinKind::kGtin13 : GtinKind::kGtin14;
    } else if (n >= 9 && n <= 11) {
        return BadGtin(text, std::to_string(n) +
                                 " digits; a GTIN has 8, 12, 13 or 14 (were leading zeros lost "
                                 "in a spreadsheet?)");
    } else {
        return BadGtin(text, std::to_string(n) + " digits; a GTIN has 8, 12, 13 or 14");
    }
    gtin.gtin14 = std::string(14 - full.size(), '0') + full;
    return gtin;
}

}  // namespace stocktake
