// FontManager: loads the UI font (DejaVu Sans) plus a merged CJK fallback (Droid Sans
// Fallback) into ImGui's atlas at the device pixel ratio, so text is crisp on HiDPI screens.
// The atlas holds Latin and punctuation up front; any other code point (e.g. kanji in
// product names) is added on request, which keeps the atlas and the first frame small.
// The UI font is packaged with the app (--preload-file, see web/CMakeLists.txt). The CJK
// font (4 MB) is fetched only when a requested code point is missing from the UI font:
// loading it before main() cost every first frame its download, for sellers whose data may
// hold no CJK at all. Until it arrives such glyphs draw as ImGui's fallback; then the atlas
// is rebuilt. Call Build() only between frames; the caller re-uploads the texture.
#pragma once

#include <cstdint>
#include <vector>

#include "imgui.h"

namespace stocktake::web {

inline constexpr float kBaseFontSize = 15.0f;  // CSS pixels

class FontManager {
  public:
    // Rebuilds the atlas for pixel_ratio. Returns false when the UI font cannot be loaded
    // (ImGui then uses its built-in font, ASCII only).
    bool Build(float pixel_ratio);
    // Adds code points to the next build; returns true if any was new (a rebuild is due).
    bool Request(const std::vector<uint32_t>& codepoints);
    bool NeedsRebuild() const { return dirty_; }
    void MarkDirty() { dirty_ = true; }

    enum class CjkFont { kNotNeeded, kLoading, kLoaded, kFailed };
    CjkFont cjk_font() const { return cjk_font_; }
    // Called when the CJK font's fetch ends (fonts.cpp).
    void OnCjkFontFetched(bool ok);

  private:
    // Starts the CJK font's fetch when a requested code point is not in the built atlas.
    void FetchCjkFontIfMissingGlyphs();

    std::vector<ImWchar> extra_;   // requested code points, sorted, unique
    std::vector<uint8_t> known_;   // 1 bit per BMP code point already requested
    ImVector<ImWchar> ui_ranges_;  // kept alive until the atlas is built
    ImVector<ImWchar> cjk_ranges_;
    bool dirty_ = true;
    CjkFont cjk_font_ = CjkFont::kNotNeeded;
};

}  // namespace stocktake::web
