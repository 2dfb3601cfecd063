// ScannerView: the Scanner screen. The mode (look up, receive, pick, move, count) and its
// options, room for the camera picture (the platform lays the <video> over it), typed
// entry, what the last scan did, linking an unknown code to a product, and the pick list
// or count tallies. Draws ScannerState; posts scanner intents.
#pragma once

#include <array>

#include "views/view.h"

namespace stocktake::web {

class ScannerView {
  public:
    void Draw(const ViewContext& ctx);
    // Where the last frame left room for the camera picture, in ImGui (device) pixels;
    // false when it left none.
    bool PreviewRect(float* x, float* y, float* width, float* height) const;

  private:
    void DrawMode(const ScannerState& scanner, IntentQueue* intents);
    void DrawCamera(const ScannerState& scanner, IntentQueue* intents);
    void DrawEntry(IntentQueue* intents);
    void DrawOutcome(const ScannerState& scanner, IntentQueue* intents);
    void DrawPickList(const ScannerState& scanner, IntentQueue* intents);
    void DrawTallies(const ScannerState& scanner, IntentQueue* intents);

    std::array<char, 128> code_{};
    bool preview_drawn_ = false;
    float preview_[4] = {0, 0, 0, 0};
};

}  // namespace stocktake::web
