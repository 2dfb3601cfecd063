#include "stocktake/time_zones.h"

#include "stocktake/ascii.h"

namespace stocktake {

namespace {

constexpr ZoneAbbreviation kZones[] = {
    {"PST", -8 * 60, SlashDateOrder::kMonthFirst},  {"PDT", -7 * 60, SlashDateOrder::kMonthFirst},
    {"MST", -7 * 60, SlashDateOrder::kMonthFirst},  {"MDT", -6 * 60, SlashDateOrder::kMonthFirst},
    {"CST", -6 * 60, SlashDateOrder::kMonthFirst},  {"CDT", -5 * 60, SlashDateOrder::kMonthFirst},
    {"EST", -5 * 60, SlashDateOrder::kMonthFirst},  {"EDT", -4 * 60, SlashDateOrder::kMonthFirst},
    {"AKST", -9 * 60, SlashDateOrder::kMonthFirst}, {"AKDT", -8 * 60, SlashDateOrder::kMonthFirst},
    {"HST", -10 * 60, SlashDateOrder::kMonthFirst}, {"GMT", 0, SlashDateOrder::kDayFirst},
    {"UTC", 0, SlashDateOrder::kDayFirst},          {"BST", 60, SlashDateOrder::kDayFirst},
    {"CET", 60, SlashDateOrder::kDayFirst},         {"CEST", 120, SlashDateOrder::kDayFirst},
    {"WET", 0, SlashDateOrder::kDayFirst},          {"WEST", 60, SlashDateOrder::kDayFirst},
    {"JST", 9 * 60, SlashDateOrder::kUnknown},
};

}  // namespace

const ZoneAbbreviation* FindZoneAbbreviation(std::string_view name) {
    for (const ZoneAbbreviation& zone : kZones) {
        if (EqualsIgnoreAsciiCase(name, zone.name)) return &zone;
    }
    return nullptr;
}

}  // namespace stocktake
