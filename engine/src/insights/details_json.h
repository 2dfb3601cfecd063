// An insight's details as JSON text, written member by member: the text nlohmann::json's
// dump() gave for the same object (members sorted by key, compact), without building a tree
// of maps for each insight. A generation writes one per insight that holds (181k at 100k
// SKUs). docs/PERFORMANCE.md, "Insights, session 10".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stocktake::engine {

class DetailsJson {
  public:
    // Keys are the caller's literals (plain names, never escaped) and must outlive Dump.
    DetailsJson& Int(std::string_view key, int64_t value);
    DetailsJson& Int(std::string_view key, const std::optional<int64_t>& value);  // none: null
    DetailsJson& Text(std::string_view key, std::string_view value);
    DetailsJson& Bool(std::string_view key, bool value);
    // A local calendar day (days since 1970-01-01) as "YYYY-MM-DD"; none: null. Details keep
    // dates, not day counts, so a day passing does not rewrite them (insights/day_counts.h).
    DetailsJson& Day(std::string_view key, const std::optional<int64_t>& day);
    // A value already written as JSON (an array of objects, say).
    DetailsJson& Json(std::string_view key, std::string text);
    // {"key":value,...} with the members in key order.
    std::string Dump();

  private:
    std::vector<std::pair<std::string_view, std::string>> members_;
};

// [item,...] of values already written as JSON.
std::string JsonArray(const std::vector<std::string>& items);

}  // namespace stocktake::engine
