#include "webhooks/bounded_json.h"

#include <algorithm>

namespace stocktake::server {

int JsonNestingDepth(std::string_view text) {
    int depth = 0;
    int deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '[':
            case '{': deepest = std::max(deepest, ++depth); break;
            case ']':
            case '}': depth = std::max(0, depth - 1); break;
            default: break;
        }
    }
    return deepest;
}

Result<nlohmann::json> ParseBoundedJson(std::string_view text, int max_depth) {
    if (JsonNestingDepth(text) > max_depth) {
        return Status::InvalidArgument("the body nests arrays and objects deeper than " +
                                       std::to_string(max_depth) + " levels");
    }
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return Status::InvalidArgument("the body is not valid JSON");
    return parsed;
}

}  // namespace stocktake::server
