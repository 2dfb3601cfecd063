#include "import/amazon_listings.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>

#include "import/tsv_lines.h"
#include "stocktake/ascii.h"
#include "stocktake/decimal.h"
#include "stocktake/time.h"
#include "stocktake/time_zones.h"

namespace stocktake::engine {

namespace {

constexpr const char* kWhatToDo =
    " Expected an Amazon Seller Central \"All Listings\" report: tab-separated text whose "
    "first line is a header naming the columns, including seller-sku. Download it again from "
    "Seller Central (Inventory > Inventory Reports > All Listings Report) and upload that file "
    "as it is.";

std::string_view FieldAt(const std::vector<std::string_view>& fields, int index) {
    if (index < 0 || static_cast<size_t>(index) >= fields.size()) return std::string_view();
    return fields[static_cast<size_t>(index)];
}

// --- dates -------------------------------------------------------------------------------

bool ParseNumber(std::string_view text, int64_t* out) {
    if (text.empty()) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    const auto result = std::from_chars(text.data(), text.data() + text.size(), *out);
    return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

Status BadDate(std::string_view text, std::string_view why) {
    std::string message = "'";
    message += text;
    message += "' is not a date Stocktake can read: ";
    message += why;
    return Status::InvalidArgument(std::move(message));
}

// Splits "a/b/c" or "a-b-c" into three numbers; false on any other shape.
bool SplitDate(std::string_view token, char sep, std::string_view parts[3]) {
    const size_t first = token.find(sep);
    if (first == std::string_view::npos) return false;
    const size_t second = token.find(sep, first + 1);
    if (second == std::string_view::npos) return false;
    if (token.find(sep, second + 1) != std::string_view::npos) return false;
    parts[0] = token.substr(0, first);
    parts[1] = token.substr(first + 1, second - first - 1);
    parts[2] = token.substr(second + 1);
    return true;
}

// The digits at text[pos, pos + n) as a number; false unless all n are digits.
bool DigitsAt(std::string_view text, size_t pos, size_t n, int64_t* out) {
    int64_t value = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    *out = value;
    return true;
}

// Nearly every Amazon date, "2021-03-14 07:12:44 PST", read by position (an import reads one
// a row). Anything else, and anything wrong with it, is left to ParseAmazonDate's general
// reading, which gives the same values and says what is wrong.
std::optional<int64_t> ParseUsualAmazonDate(std::string_view text) {
    if (text.size() <= 20 || text[4] != '-' || text[7] != '-' || text[10] != ' ' ||
        text[13] != ':' || text[16] != ':' || text[19] != ' ') {
        return std::nullopt;
    }
    int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!DigitsAt(text, 0, 4, &year) || !DigitsAt(text, 5, 2, &month) ||
        !DigitsAt(text, 8, 2, &day) || !DigitsAt(text, 11, 2, &hour) ||
        !DigitsAt(text, 14, 2, &minute) || !DigitsAt(text, 17, 2, &second)) {
        return std::nullopt;
    }
    const std::string_view zone_name = text.substr(20);
    if (zone_name.find(' ') != std::string_view::npos) return std::nullopt;
    const ZoneAbbreviation* zone = FindZoneAbbreviation(zone_name);
    if (zone == nullptr || year < 1900 || hour > 23 || minute > 59 || second > 59 ||
        !IsValidCivilDate(year, static_cast<int>(month), static_cast<int>(day))) {
        return std::nullopt;
    }
    return DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day)) * 86400 +
           hour * 3600 + minute * 60 + second - zone->offset_minutes * int64_t{60};
}

}  // namespace

Result<int64_t> ParseAmazonDate(std::string_view raw) {
    const std::string_view text = TrimSpace(raw);
    if (text.empty()) return BadDate(raw, "it is empty");
    if (const std::optional<int64_t> usual = ParseUsualAmazonDate(text)) return *usual;

    // Up to three space-separated tokens: date, time, zone.
    std::string_view tokens[4];
    size_t count = 0;
    for (size_t pos = 0; pos < text.size();) {
        while (pos < text.size() && text[pos] == ' ') ++pos;
        if (pos >= text.size()) break;
        size_t end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        if (count == 4) return BadDate(raw, "too many parts");
        tokens[count++] = text.substr(pos, end - pos);
        pos = end;
    }
    if (count > 3) return BadDate(raw, "too many parts");
    const std::string_view date_token = tokens[0];

    const bool dashed = date_token.size() >= 10 && date_token[4] == '-' && date_token[7] == '-';
    // ISO-8601 forms: "YYYY-MM-DD", "YYYY-MM-DDThh:mm:ssZ", "YYYY-MM-DD hh:mm:ss+02:00".
    if (dashed &&
        (count == 1 || (count == 2 && tokens[1].find_first_of("Zz+-") != std::string_view::npos))) {
        Result<int64_t> iso = ParseIso8601(text);
        if (!iso.ok()) return BadDate(raw, "expected an ISO-8601 date");
        return iso;
    }

    const ZoneAbbreviation* zone = nullptr;
    if (count == 3) {
        zone = FindZoneAbbreviation(tokens[2]);
        if (zone == nullptr) {
            return BadDate(raw, "unknown time zone '" + std::string(tokens[2]) + "'");
        }
    } else if (count == 2) {
        return BadDate(raw, "it has no time zone (expected e.g. '2022-03-15 02:26:37 PDT')");
    }

    int64_t year = 0, month = 0, day = 0;
    std::string_view parts[3];
    if (dashed && date_token.size() == 10) {
        if (!SplitDate(date_token, '-', parts) || !ParseNumber(parts[0], &year) ||
            !ParseNumber(parts[1], &month) || !ParseNumber(parts[2], &day)) {
            return BadDate(raw, "expected YYYY-MM-DD");
        }
    } else if (SplitDate(date_token, '/', parts)) {
        int64_t a = 0, b = 0, c = 0;
        if (!ParseNumber(parts[0], &a) || !ParseNumber(parts[1], &b) ||
            !ParseNumber(parts[2], &c)) {
            return BadDate(raw, "expected digits between the slashes");
        }
        if (parts[0].size() == 4) {  // YYYY/MM/DD
            year = a;
            month = b;
            day = c;
        } else if (parts[2].size() == 4) {
            year = c;
            SlashDateOrder order = zone != nullptr ? zone->slash_order : SlashDateOrder::kUnknown;
            if (order == SlashDateOrder::kUnknown) {
                if (a > 12 && b <= 12) {
                    order = SlashDateOrder::kDayFirst;
                } else if (b > 12 && a <= 12) {
                    order = SlashDateOrder::kMonthFirst;
                } else if (a == b) {
                    order = SlashDateOrder::kDayFirst;  // either reading gives the same date
                } else {
                    return BadDate(raw, "day and month order is ambiguous without a time zone");
                }
            }
            month = order == SlashDateOrder::kMonthFirst ? a : b;
            day = order == SlashDateOrder::kMonthFirst ? b : a;
        } else {
            return BadDate(raw, "expected a four-digit year");
        }
    } else {
        return BadDate(raw, "expected a date like 2022-03-15 or 15/03/2022");
    }
    if (year < 1900 || year > 9999 ||
        !IsValidCivilDate(year, static_cast<int>(month), static_cast<int>(day))) {
        return BadDate(raw, "no such calendar date");
    }

    int64_t seconds_of_day = 0;
    if (count >= 2) {
        std::string_view hms[3];
        int64_t hour = 0, minute = 0, second = 0;
        const std::string_view time = tokens[1];
        const size_t colons = static_cast<size_t>(std::count(time.begin(), time.end(), ':'));
        bool ok = false;
        if (colons == 2 && SplitDate(time, ':', hms)) {
            ok = ParseNumber(hms[0], &hour) && ParseNumber(hms[1], &minute) &&
                 ParseNumber(hms[2], &second);
        } else if (colons == 1) {
            const size_t colon = time.find(':');
            ok = ParseNumber(time.substr(0, colon), &hour) &&
                 ParseNumber(time.substr(colon + 1), &minute);
        }
        if (!ok || hour > 23 || minute > 59 || second > 59) {
            return BadDate(raw, "expected a time like 02:26:37");
        }
        seconds_of_day = hour * 3600 + minute * 60 + second;
    }
    const int64_t offset = zone != nullptr ? zone->offset_minutes * int64_t{60} : 0;
    return DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day)) * 86400 +
           seconds_of_day - offset;
}

std::string_view FulfillmentFromChannel(std::string_view channel) {
    const std::string_view value = TrimSpace(channel);
    if (value.empty() || EqualsIgnoreAsciiCase(value, "DEFAULT")) return "merchant";
    if (StartsWithIgnoreAsciiCase(value, "AMAZON")) return "fba";
    return std::string_view();
}

Result<ListingsHeader> ParseListingsHeader(std::string_view line) {
    std::vector<std::string_view> fields;
    SplitTabs(line, &fields);
    return ParseListingsHeaderFields(fields);
}

Result<ListingsHeader> ParseListingsHeaderFields(const std::vector<std::string_view>& fields) {
    if (fields.size() < 2) {
        const std::string_view line = fields.empty() ? std::string_view() : fields.front();
        std::string message = "The first line is not a tab-separated header";
        if (line.find(',') != std::string_view::npos || line.find(';') != std::string_view::npos) {
            message += " (it looks comma- or semicolon-separated, like a CSV file)";
        }
        message += ".";
        message += kWhatToDo;
        return Status::InvalidArgument(std::move(message));
    }
    ListingsHeader header;
    struct Known {
        std::string_view name;
        int ListingsHeader::*member;
    };
    static constexpr Known kKnown[] = {
        {"item-name", &ListingsHeader::item_name},
        {"item-description", &ListingsHeader::item_description},
        {"listing-id", &ListingsHeader::listing_id},
        {"seller-sku", &ListingsHeader::seller_sku},
        {"price", &ListingsHeader::price},
        {"quantity", &ListingsHeader::quantity},
        {"open-date", &ListingsHeader::open_date},
        {"product-id-type", &ListingsHeader::product_id_type},
        {"asin1", &ListingsHeader::asin1},
        {"product-id", &ListingsHeader::product_id},
        {"fulfillment-channel", &ListingsHeader::fulfillment_channel},
        {"status", &ListingsHeader::status},
    };
    for (size_t i = 0; i < fields.size(); ++i) {
        const std::string_view name = TrimSpace(fields[i]);
        header.names.emplace_back(name);
        for (const Known& known : kKnown) {
            // The first column with a name wins if a header repeats it.
            if (header.*known.member < 0 && EqualsIgnoreAsciiCase(name, known.name)) {
                header.*known.member = static_cast<int>(i);
            }
        }
    }
    if (header.seller_sku < 0) {
        std::string found;
        for (size_t i = 0; i < header.names.size() && i < 8; ++i) {
            if (!found.empty()) found += ", ";
            found += header.names[i];
        }
        if (header.names.size() > 8) found += ", ...";
        return Status::InvalidArgument("The header has no seller-sku column (found: " + found +
                                       ")." + kWhatToDo);
    }
    return header;
}

bool ParseListingRow(const ListingsHeader& header, const std::vector<std::string_view>& fields,
                     int64_t line_number, ListingFields* out, std::vector<RowError>* errors) {
    const size_t errors_before = errors->size();
    const auto add_error = [&](std::string_view column, std::string message,
                               std::string_view value = {}) {
        errors->push_back(
            RowError{line_number, std::string(column), std::move(message), std::string(value)});
    };

    // Extra fields past the header are fine when empty (trailing tabs), an error otherwise.
    const size_t width = header.names.size();
    for (size_t i = width; i < fields.size(); ++i) {
        if (!TrimSpace(fields[i]).empty()) {
            add_error("",
                      "the row has " + std::to_string(fields.size()) +
                          " fields but the header has " + std::to_string(width) +
                          "; a value may contain a TAB. Fix the row and import it again",
                      fields[i]);
            break;
        }
    }

    out->sku = FieldAt(fields, header.seller_sku);
    if (TrimSpace(out->sku).empty()) {
        add_error("seller-sku", "seller-sku is empty; every row needs the SKU it lists");
    }
    out->name = FieldAt(fields, header.item_name);
    out->description = FieldAt(fields, header.item_description);
    out->listing_id = TrimSpace(FieldAt(fields, header.listing_id));
    out->asin = TrimSpace(FieldAt(fields, header.asin1));
    out->product_id = TrimSpace(FieldAt(fields, header.product_id));
    out->product_id_type = TrimSpace(FieldAt(fields, header.product_id_type));
    out->status = TrimSpace(FieldAt(fields, header.status));

    out->price_minor.reset();
    const std::string_view price = TrimSpace(FieldAt(fields, header.price));
    if (!price.empty()) {
        Result<int64_t> minor = ParseDecimalMinor(price, 2);
        if (!minor.ok()) {
            add_error("price",
                      "price '" + std::string(price) +
                          "' is not a number; use digits with an optional decimal "
                          "point, like 15.69",
                      price);
        } else if (minor.value() < 0) {
            add_error("price", "price '" + std::string(price) + "' is negative", price);
        } else {
            out->price_minor = minor.value();
        }
    }

    // Empty stays unknown (FBA rows: Amazon holds the stock); negative stock is a fact.
    out->quantity.reset();
    const std::string_view quantity = TrimSpace(FieldAt(fields, header.quantity));
    if (!quantity.empty()) {
        int64_t value = 0;
        const char* begin = quantity.data();
        const char* end = begin + quantity.size();
        if (*begin == '+' && quantity.size() > 1) ++begin;
        const auto result = std::from_chars(begin, end, value);
        if (result.ec != std::errc() || result.ptr != end) {
            add_error("quantity",
                      "quantity '" + std::string(quantity) +
                          "' is not a whole number; leave it empty when unknown",
                      quantity);
        } else {
            out->quantity = value;
        }
    }

    const std::string_view channel = FieldAt(fields, header.fulfillment_channel);
    out->fulfillment = FulfillmentFromChannel(channel);
    if (out->fulfillment.empty()) {
        add_error("fulfillment-channel",
                  "fulfillment-channel '" + std::string(TrimSpace(channel)) +
                      "' is unknown; expected DEFAULT (you ship) or AMAZON_NA / AMAZON_EU (FBA)",
                  channel);
    }

    out->opened_at.clear();
    const std::string_view open_date = TrimSpace(FieldAt(fields, header.open_date));
    if (!open_date.empty()) {
        Result<int64_t> when = ParseAmazonDate(open_date);
        if (!when.ok()) {
            add_error("open-date", "open-date " + when.status().message(), open_date);
        } else {
            out->opened_at = FormatIso8601Utc(when.value());
        }
    }
    return errors->size() == errors_before;
}

}  // namespace stocktake::engine
