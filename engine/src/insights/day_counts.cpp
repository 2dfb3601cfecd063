#include "insights/day_counts.h"

#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "stocktake/time.h"

namespace stocktake::engine {

namespace {

// The date member and the count derived from it, per kind.
struct DayCount {
    const char* kind;
    const char* date;
    const char* count;
};

constexpr DayCount kDayCounts[] = {
    {kSlowMover, "idle_since", "days_without_sale"},
    {kReallocationCandidate, "idle_since", "days_without_sale"},
    {kAgedListing, "listed_on", "listing_age_days"},
};

// A member of the top level of a JSON object, as positions in its text.
struct MemberSpan {
    std::string_view key;  // unescaped: keys with an escape are not read here
    size_t value_begin = 0;
    size_t value_end = 0;
};

// The end of the string that opens at text[at] ('"'), past its closing quote; npos when it
// does not close.
size_t StringEnd(std::string_view text, size_t at) {
    for (size_t i = at + 1; i < text.size(); ++i) {
        if (text[i] == '\\') {
            ++i;
        } else if (text[i] == '"') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// The end of the value that starts at text[at]: a string, an object or array (nested to any
// depth), or a literal or number running to the next ',' or '}'.
size_t ValueEnd(std::string_view text, size_t at) {
    if (at >= text.size()) return std::string_view::npos;
    if (text[at] == '"') return StringEnd(text, at);
    int depth = 0;
    for (size_t i = at; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            i = StringEnd(text, i);
            if (i == std::string_view::npos) return i;
            --i;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0) return i;
            if (--depth == 0) return i + 1;
        } else if (c == ',' && depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

// The members of a compact object as dump() writes it ({"key":value,...}, no spaces, keys
// without escapes); nullopt for any other text, which the caller reads with a parser.
std::optional<std::vector<MemberSpan>> CompactMembers(std::string_view text) {
    std::vector<MemberSpan> members;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
    size_t at = 1;
    while (at < text.size() - 1) {
        if (!members.empty() && text[at++] != ',') return std::nullopt;
        if (text[at] != '"') return std::nullopt;
        const size_t key_end = text.find('"', at + 1);
        if (key_end == std::string_view::npos || key_end + 1 >= text.size() ||
            text[key_end + 1] != ':') {
            return std::nullopt;
        }
        MemberSpan member;
        member.key = text.substr(at + 1, key_end - at - 1);
        if (member.key.find('\\') != std::string_view::npos) return std::nullopt;
        member.value_begin = key_end + 2;
        member.value_end = ValueEnd(text, member.value_begin);
        if (member.value_end == std::string_view::npos || member.value_end > text.size() - 1 ||
            member.value_end == member.value_begin) {
            return std::nullopt;
        }
        members.push_back(member);
        at = member.value_end;
    }
    return members;
}

// The day count of a date member's value: null unless it is a "YYYY-MM-DD" string.
std::string CountText(std::string_view date_value, int64_t today) {
    if (date_value.size() < 2 || date_value.front() != '"') return "null";
    std::optional<int64_t> day = DayOfText(date_value.substr(1, date_value.size() - 2));
    return day ? std::to_string(today - *day) : "null";
}

// AddDayCounts through a parser, for details that are not compact dump() text.
void AddDayCountParsed(Insight* insight, const DayCount& derived, int64_t today) {
    nlohmann::json details = nlohmann::json::parse(insight->details, nullptr, false);
    if (details.is_discarded() || !details.is_object()) return;
    auto date = details.find(derived.date);
    if (date == details.end()) return;
    std::optional<int64_t> day =
        date->is_string() ? DayOfText(date->get<std::string>()) : std::nullopt;
    details[derived.count] = day ? nlohmann::json(today - *day) : nlohmann::json(nullptr);
    insight->details = details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string DayText(int64_t day) {
    const CivilDate date = CivilFromDays(day);
    if (date.year >= 0 && date.year <= 9999) {
        // Every insight with a date formats one (181k at 100k SKUs); snprintf in wasm
        // was 3 % of a generation from scratch.
        std::string text = "0000-00-00";
        auto put = [&](size_t end, int64_t value, int digits) {
            for (int i = 1; i <= digits; ++i, value /= 10) {
                text[end - static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
            }
        };
        put(4, date.year, 4);
        put(7, date.month, 2);
        put(10, date.day, 2);
        return text;
    }
    char text[32];
    std::snprintf(text, sizeof(text), "%04lld-%02d-%02d", static_cast<long long>(date.year),
                  date.month, date.day);
    return text;
}

std::optional<int64_t> DayOfText(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    Result<int64_t> seconds = ParseIso8601(text);
    if (!seconds.ok()) return std::nullopt;
    return seconds.value() / 86400;
}

// Every shown insight passes here (182k at 100k SKUs): the count is spliced into the text,
// which is what dump() would write for the object with the member added, without building
// a tree and writing it again.
void AddDayCounts(Insight* insight, int64_t today) {
    for (const DayCount& derived : kDayCounts) {
        if (insight->kind != derived.kind) continue;
        const std::string_view text = insight->details;
        std::optional<std::vector<MemberSpan>> members = CompactMembers(text);
        if (!members) return AddDayCountParsed(insight, derived, today);
        const MemberSpan* date = nullptr;
        const MemberSpan* count = nullptr;
        size_t insert_at = text.size() - 1;  // before the first key after the count's
        for (const MemberSpan& member : *members) {
            if (member.key == derived.date) date = &member;
            if (member.key == derived.count) count = &member;
            const size_t key_begin = member.value_begin - member.key.size() - 3;
            if (member.key > derived.count && insert_at == text.size() - 1) insert_at = key_begin;
        }
        if (date == nullptr) return;
        const std::string value =
            CountText(text.substr(date->value_begin, date->value_end - date->value_begin), today);
        std::string details;
        details.reserve(text.size() + std::strlen(derived.count) + value.size() + 4);
        if (count != nullptr) {
            details.append(text.substr(0, count->value_begin));
            details.append(value);
            details.append(text.substr(count->value_end));
        } else {
            const bool first = insert_at == 1;
            const bool last = insert_at == text.size() - 1;
            details.append(text.substr(0, insert_at));
            if (last && !first) details += ',';
            details.append("\"").append(derived.count).append("\":").append(value);
            if (!last) details += ',';
            details.append(text.substr(insert_at));
        }
        insight->details = std::move(details);
        return;
    }
}

}  // namespace stocktake::engine
