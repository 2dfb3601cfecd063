// The one table of time-zone abbreviations Stocktake understands in seller files ("PDT",
// "BST", "JST", ...), with their fixed UTC offsets. Abbreviations are ambiguous in general
// (CST is also China Standard Time, IST is Irish, Indian or Israeli), so the table holds
// only the readings the marketplaces we import use; an unknown abbreviation is an error for
// the caller to report, never a guess.
// Thread safety: immutable data and pure functions; safe from any thread.
#pragma once

#include <string_view>

namespace stocktake {

// How "dd/dd/yyyy" reads where a zone is used: US marketplaces write month first, UK and EU
// ones day first. kUnknown where slashed dates are year first (JP) or no rule is known.
enum class SlashDateOrder { kUnknown, kMonthFirst, kDayFirst };

struct ZoneAbbreviation {
    const char* name;    // upper case, e.g. "PDT"
    int offset_minutes;  // east of UTC: PDT is -420
    SlashDateOrder slash_order;
};

// The entry for `name` (ASCII case-insensitive), or nullptr when the abbreviation is unknown.
const ZoneAbbreviation* FindZoneAbbreviation(std::string_view name);

}  // namespace stocktake
