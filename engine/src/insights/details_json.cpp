#include "insights/details_json.h"

#include <charconv>

#include "insights/day_counts.h"
#include "stocktake/json_text.h"

namespace stocktake::engine {

DetailsJson& DetailsJson::Added(std::string_view key, size_t begin) {
    // A handful of members each: one allocation for all of them.
    if (members_.empty()) members_.reserve(8);
    members_.push_back(Member{key, begin, values_.size() - begin});
    return *this;
}

DetailsJson& DetailsJson::Int(std::string_view key, int64_t value) {
    const size_t begin = values_.size();
    char digits[24];
    values_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
    return Added(key, begin);
}

DetailsJson& DetailsJson::Int(std::string_view key, const std::optional<int64_t>& value) {
    if (value) return Int(key, *value);
    const size_t begin = values_.size();
    values_ += "null";
    return Added(key, begin);
}

DetailsJson& DetailsJson::Text(std::string_view key, std::string_view value) {
    // Escaped as dump() escapes (json_text.h); invalid UTF-8 is replaced, where dump threw.
    const size_t begin = values_.size();
    AppendJsonString(value, &values_);
    return Added(key, begin);
}

DetailsJson& DetailsJson::Bool(std::string_view key, bool value) {
    const size_t begin = values_.size();
    values_ += value ? "true" : "false";
    return Added(key, begin);
}

DetailsJson& DetailsJson::Day(std::string_view key, const std::optional<int64_t>& day) {
    const size_t begin = values_.size();
    if (day) {
        values_ += '"';
        values_ += DayText(*day);
        values_ += '"';
    } else {
        values_ += "null";
    }
    return Added(key, begin);
}

DetailsJson& DetailsJson::Json(std::string_view key, std::string text) {
    const size_t begin = values_.size();
    values_ += text;
    return Added(key, begin);
}

std::string DetailsJson::Dump() {
    // nlohmann::json keeps an object's members in a std::map: sorted by key. An insertion
    // sort, stable, of a handful (std::stable_sort allocated a buffer each time).
    for (size_t i = 1; i < members_.size(); ++i) {
        const Member member = members_[i];
        size_t j = i;
        for (; j > 0 && member.key < members_[j - 1].key; --j) members_[j] = members_[j - 1];
        members_[j] = member;
    }
    size_t size = 2;
    for (const Member& member : members_) size += member.key.size() + 4 + member.size;
    std::string text;
    text.reserve(size);
    text += '{';
    for (const Member& member : members_) {
        if (text.size() > 1) text += ',';
        text += '"';
        text += member.key;
        text += "\":";
        text.append(values_, member.begin, member.size);
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
