// JSON text of a value, compact, written faster than nlohmann's dump for what ops hold
// (objects of strings and integers): strings are copied in runs between the characters that
// need escaping, instead of byte by byte through a UTF-8 state machine. Parsing the text
// gives back the same value. Invalid UTF-8 is replaced (U+FFFD) as dump's "replace" does.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stocktake {

std::string JsonText(const nlohmann::json& value);
// The text of a string, quoted and escaped as JsonText writes it, appended to out.
void AppendJsonString(std::string_view text, std::string* out);
void AppendJsonText(const nlohmann::json& value, std::string* out);
// The text of an array of strings (an op's key), without making a json value first.
std::string JsonStringArray(const std::vector<std::string>& strings);
// The same appended to out, from views (a first import's keys, two a row).
void AppendJsonStringArray(std::span<const std::string_view> strings, std::string* out);

}  // namespace stocktake
