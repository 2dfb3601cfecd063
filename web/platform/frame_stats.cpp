// FrameStats; see frame_stats.h.
#include "platform/frame_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace stocktake::web {

void FrameStats::Add(double ms) {
    ring_[static_cast<size_t>(count_ % kKept)] = static_cast<float>(ms);
    ++count_;
}

std::vector<float> FrameStats::Last(int64_t frames) const {
    const int64_t n = std::clamp<int64_t>(frames, 0, std::min(count_, kKept));
    std::vector<float> out;
    out.reserve(static_cast<size_t>(n));
    for (int64_t i = count_ - n; i < count_; ++i)
        out.push_back(ring_[static_cast<size_t>(i % kKept)]);
    return out;
}

double FrameStats::Percentile(double p, int64_t frames) const {
    std::vector<float> last = Last(frames);
    if (last.empty()) return 0;
    std::sort(last.begin(), last.end());
    const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(last.size() - 1);
    return last[static_cast<size_t>(std::lround(rank))];
}

double FrameStats::Mean(int64_t frames) const {
    const std::vector<float> last = Last(frames);
    if (last.empty()) return 0;
    return std::accumulate(last.begin(), last.end(), 0.0) / static_cast<double>(last.size());
}

}  // namespace stocktake::web
