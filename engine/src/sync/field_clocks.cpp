#include "sync/field_clocks.h"

#include "stocktake/op.h"

namespace stocktake::engine {

std::string ClockOf(uint64_t hlc, std::string_view device) {
    std::string clock;
    AppendClockOf(hlc, device, &clock);
    return clock;
}

void AppendClockOf(uint64_t hlc, std::string_view device, std::string* out) {
    AppendHlcText(hlc, out);
    *out += device;
}

FieldClocks FieldClocks::Parse(std::string_view text) {
    FieldClocks clocks;
    while (!text.empty()) {
        const size_t end = std::min(text.find(';'), text.size());
        const std::string_view group = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        const size_t eq = group.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view clock = group.substr(0, eq);
        std::string_view fields = group.substr(eq + 1);
        while (!fields.empty()) {
            const size_t comma = std::min(fields.find(','), fields.size());
            clocks.Set(fields.substr(0, comma), clock);
            fields.remove_prefix(std::min(comma + 1, fields.size()));
        }
    }
    return clocks;
}

std::string FieldClocks::Text() const {
    std::map<std::string_view, std::string> by_clock;
    for (const auto& [field, clock] : by_field_) {
        std::string& fields = by_clock[clock];
        if (!fields.empty()) fields += ',';
        fields += field;
    }
    std::string text;
    for (const auto& [clock, fields] : by_clock) {
        if (!text.empty()) text += ';';
        text += clock;
        text += '=';
        text += fields;
    }
    return text;
}

std::string FieldClocks::TextOfOne(std::string_view clock,
                                   const std::vector<std::string_view>& fields) {
    if (fields.empty()) return std::string();
    std::string text(clock);
    char separator = '=';
    for (const std::string_view field : fields) {
        text += separator;
        text += field;
        separator = ',';
    }
    return text;
}

std::string_view FieldClocks::Of(std::string_view field) const {
    const auto it = by_field_.find(field);
    return it == by_field_.end() ? std::string_view() : std::string_view(it->second);
}

void FieldClocks::Set(std::string_view field, std::string_view clock) {
    const auto it = by_field_.find(field);
    if (it == by_field_.end()) {
        by_field_.emplace(std::string(field), std::string(clock));
    } else {
        it->second = std::string(clock);
    }
}

}  // namespace stocktake::engine
