#include "insights/day_counts.h"

#include <cstdio>
#include <nlohmann/json.hpp>

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

}  // namespace

std::string DayText(int64_t day) {
    const CivilDate date = CivilFromDays(day);
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

void AddDayCounts(Insight* insight, int64_t today) {
    for (const DayCount& derived : kDayCounts) {
        if (insight->kind != derived.kind) continue;
        nlohmann::json details = nlohmann::json::parse(insight->details, nullptr, false);
        if (details.is_discarded() || !details.is_object()) return;
        auto date = details.find(derived.date);
        if (date == details.end()) return;
        std::optional<int64_t> day =
            date->is_string() ? DayOfText(date->get<std::string>()) : std::nullopt;
        details[derived.count] = day ? nlohmann::json(today - *day) : nlohmann::json(nullptr);
        insight->details = details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
}

}  // namespace stocktake::engine
