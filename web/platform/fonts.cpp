// Font atlas building; see fonts.h.
#include "platform/fonts.h"

#include <emscripten.h>

#include <cmath>
#include <cstdio>

namespace stocktake::web {
namespace {

constexpr const char* kUiFontPath = "/fonts/DejaVuSans.ttf";
constexpr const char* kCjkFontPath = "/fonts/DroidSansFallbackFull.ttf";
// Relative to the page, so the app works under any path prefix; the service worker keeps
// it with the app shell (web/pwa/shell_manifest.mjs), so it loads offline too.
constexpr const char* kCjkFontUrl = "fonts/DroidSansFallbackFull.ttf";
constexpr size_t kMaxExtraGlyphs = 8000;  // keeps the atlas texture within reason

// Always in the atlas: what the UI itself writes, plus the text most product names use.
// Everything else arrives through Request() once it shows up in the data.
constexpr ImWchar kUiRanges[] = {
    0x0020, 0x017F,  // Basic Latin, Latin-1 Supplement, Latin Extended-A (é, ü, ß, ł...)
    0x2000, 0x206F,  // General Punctuation (– — ‘ ’ “ ” • …)
    0x20A0, 0x20BF,  // Currency Symbols (€ £ ₹...)
    0x2100, 0x214F,  // Letterlike Symbols (™ ℃ №...)
    0x2190, 0x2193,  // arrows
    0xFFFD, 0xFFFD,  // replacement character (invalid UTF-8)
    0,
};

// emscripten_async_wget's callbacks carry no context; there is one FontManager.
FontManager* g_fetching = nullptr;

void OnCjkFontLoaded(const char*) {
    if (g_fetching != nullptr) g_fetching->OnCjkFontFetched(true);
}

void OnCjkFontFailed(const char*) {
    if (g_fetching != nullptr) g_fetching->OnCjkFontFetched(false);
}

}  // namespace

void FontManager::FetchCjkFontIfMissingGlyphs() {
    if (cjk_font_ != CjkFont::kNotNeeded) return;
    const ImFont* font =
        ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
    if (font == nullptr) return;
    for (ImWchar cp : extra_) {
        if (font->FindGlyphNoFallback(cp) != nullptr) continue;
        cjk_font_ = CjkFont::kLoading;
        g_fetching = this;
        emscripten_async_wget(kCjkFontUrl, kCjkFontPath, OnCjkFontLoaded, OnCjkFontFailed);
        return;
    }
}

void FontManager::OnCjkFontFetched(bool ok) {
    if (!ok) std::fprintf(stderr, "fonts: cannot fetch %s; CJK text shows as ?\n", kCjkFontUrl);
    cjk_font_ = ok ? CjkFont::kLoaded : CjkFont::kFailed;
    if (ok) dirty_ = true;
}

bool FontManager::Request(const std::vector<uint32_t>& codepoints) {
    if (known_.empty()) known_.assign(0x10000 / 8, 0);
    bool added = false;
    for (uint32_t cp : codepoints) {
        if (cp < 0x20 || cp > 0xFFFF) continue;  // ImWchar is 16-bit: BMP only
        uint8_t& byte = known_[cp >> 3];
        const uint8_t bit = static_cast<uint8_t>(1u << (cp & 7));
        if (byte & bit) continue;
        byte = static_cast<uint8_t>(byte | bit);
        if (extra_.size() >= kMaxExtraGlyphs) continue;
        extra_.push_back(static_cast<ImWchar>(cp));
        added = true;
    }
    if (added) dirty_ = true;
    return added;
}

bool FontManager::Build(float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();

    ImFontGlyphRangesBuilder ui_builder;
    ui_builder.AddRanges(kUiRanges);
    ImFontGlyphRangesBuilder cjk_builder;
    for (ImWchar cp : extra_) {
        ui_builder.AddChar(cp);
        cjk_builder.AddChar(cp);
    }
    ui_ranges_.clear();
    cjk_ranges_.clear();
    ui_builder.BuildRanges(&ui_ranges_);
    cjk_builder.BuildRanges(&cjk_ranges_);

    // The atlas is drawn 1:1 in device pixels, so no oversampling is needed for crisp text.
    ImFontConfig config;
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    const float size = std::round(kBaseFontSize * pixel_ratio);
    bool ok = true;
    if (io.Fonts->AddFontFromFileTTF(kUiFontPath, size, &config, ui_ranges_.Data) == nullptr) {
        std::fprintf(stderr, "fonts: cannot load %s; using ImGui's built-in font\n", kUiFontPath);
        ImFontConfig fallback;
        fallback.SizePixels = std::round(13.0f * pixel_ratio);
        io.Fonts->AddFontDefault(&fallback);
        ok = false;
    } else if (cjk_font_ == CjkFont::kLoaded && cjk_ranges_.Size > 1) {  // > the terminating 0
        ImFontConfig merge = config;
        merge.MergeMode = true;
        // Droid's CJK glyphs sit small and high next to DejaVu's Latin: draw them a little
        // larger and lower so mixed names read evenly.
        merge.GlyphOffset.y = std::round(size * 0.06f);
        if (io.Fonts->AddFontFromFileTTF(kCjkFontPath, std::round(size * 1.1f), &merge,
                                         cjk_ranges_.Data) == nullptr) {
            std::fprintf(stderr, "fonts: cannot load %s\n", kCjkFontPath);
        }
    }
    io.Fonts->Build();
    dirty_ = false;
    if (ok) FetchCjkFontIfMissingGlyphs();
    return ok;
}

}  // namespace stocktake::web
