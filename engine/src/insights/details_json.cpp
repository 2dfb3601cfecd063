#include "insights/details_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "insights/day_counts.h"
#include "stocktake/json_text.h"

namespace stocktake::engine {

DetailsJson& DetailsJson::Int(std::string_view key, int64_t value) {
    members_.emplace_back(key, std::to_string(value));
    return *this;
}

DetailsJson& DetailsJson::Int(std::string_view key, const std::optional<int64_t>& value) {
    members_.emplace_back(key, value ? std::to_string(*value) : "null");
    return *this;
}

DetailsJson& DetailsJson::Text(std::string_view key, std::string_view value) {
    // Escaped as dump() escapes (json_text.h); invalid UTF-8 is replaced, where dump threw.
    members_.emplace_back(key, JsonText(nlohmann::json(std::string(value))));
    return *this;
}

DetailsJson& DetailsJson::Bool(std::string_view key, bool value) {
    members_.emplace_back(key, value ? "true" : "false");
    return *this;
}

DetailsJson& DetailsJson::Day(std::string_view key, const std::optional<int64_t>& day) {
    members_.emplace_back(key, day ? '"' + DayText(*day) + '"' : "null");
    return *this;
}

DetailsJson& DetailsJson::Json(std::string_view key, std::string text) {
    members_.emplace_back(key, std::move(text));
    return *this;
}

std::string DetailsJson::Dump() {
    // nlohmann::json keeps an object's members in a std::map: sorted by key.
    std::stable_sort(members_.begin(), members_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string text = "{";
    for (const auto& [key, value] : members_) {
        if (text.size() > 1) text += ',';
        text += '"';
        text += key;
        text += "\":";
        text += value;
    }
    text += '}';
    return text;
}

std::string JsonArray(const std::vector<std::string>& items) {
    std::string text = "[";
    for (const std::string& item : items) {
        if (text.size() > 1) text += ',';
        text += item;
    }
    text += ']';
    return text;
}

}  // namespace stocktake::engine
