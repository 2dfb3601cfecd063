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
    // Room for the values of most details at once.
    DetailsJson() { values_.reserve(64); }

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
    // A member: its key and where its value's text is in values_.
    struct Member {
        std::string_view key;
        size_t begin;
        size_t size;
    };
    // Adds the member whose value's text was appended to values_ from begin on.
    DetailsJson& Added(std::string_view key, size_t begin);

    // Every value's text in one string, in the order added: a string per member, and a tree
    // of json values for a text, were most of writing the details (docs/PERFORMANCE.md,
    // "Insights from scratch, session 15").
    std::vector<Member> members_;
    std::string values_;
};

// [item,...] of values already written as JSON.
std::string JsonArray(const std::vector<std::string>& items);

}  // namespace stocktake::engine
