// libFuzzer target for format detection and the generic mapping's JSON. The input's lines
// (split on '\n') are the header cells. Checks that detection never crashes and that:
//   - every candidate's confidence is within 0..1 and the outcome agrees with the ranking;
//   - the header signature does not depend on column order;
//   - a recognised format binds through the override path too;
//   - mapping JSON that parses round-trips to the same mapping.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "import/format_detect.h"

namespace {

using stocktake::engine::BindFormat;
using stocktake::engine::ColumnMapping;
using stocktake::engine::ColumnMappingFromJson;
using stocktake::engine::ColumnMappingToJson;
using stocktake::engine::DetectFormat;
using stocktake::engine::Detection;
using stocktake::engine::DetectOutcome;
using stocktake::engine::HeaderSignature;

#define Check(condition) CheckImpl(condition, #condition, __LINE__)

void CheckImpl(bool condition, const char* text, int line) {
    if (condition) return;
    std::fprintf(stderr, "invariant broken at line %d: %s\n", line, text);
    std::abort();
}

std::vector<std::string> SplitLines(std::string_view text) {
    std::vector<std::string> cells;
    size_t start = 0;
    while (start <= text.size() && cells.size() < 512) {
        const size_t end = std::min(text.find('\n', start), text.size());
        cells.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return cells;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> header = SplitLines(text);

    const Detection detection = DetectFormat(header);
    Check(!detection.candidates.empty());
    for (const auto& candidate : detection.candidates) {
        Check(candidate.confidence >= 0.0 && candidate.confidence <= 1.0);
    }
    if (detection.outcome == DetectOutcome::kRecognised) {
        const auto& best = detection.candidates.front();
        Check(best.missing_required.empty());
        Check(BindFormat(best.format_id, header).ok());
    }

    std::vector<std::string> reversed(header.rbegin(), header.rend());
    Check(HeaderSignature(reversed) == detection.signature);

    const auto mapping = ColumnMappingFromJson(text);
    if (mapping.ok()) {
        const auto again = ColumnMappingFromJson(ColumnMappingToJson(mapping.value()));
        Check(again.ok() && again.value() == mapping.value());
    }
    return 0;
}
