// The browser platform: GLFW window on a WebGL2 canvas, ImGui's GLFW backend and the app's
// own WebGL2 renderer (gl_renderer.h), HiDPI, the frame loop. This file holds the program's
// only emscripten_set_main_loop.
//
// HiDPI: ImGui works in device pixels. Each frame the canvas backing store is sized to its
// CSS size times devicePixelRatio, fonts are rasterized at 15 CSS px times the ratio and the
// style is scaled by it. Emscripten's GLFW reports window size, framebuffer size and mouse
// positions all in backing-store pixels (library_browser.js calculateMouseEvent scales by
// canvas.width / rect.width), so everything lines up without further correction.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "platform/fonts.h"
#include "platform/gl_renderer.h"
#include "platform/key_queue.h"
#include "platform/platform_internal.h"

extern "C" {
void st_js_set_canvas_size(int width, int height);
void st_js_set_cursor(const char* css_cursor);
void st_js_first_frame();
void st_js_schedule_between_frames();
void st_js_set_leave_warning(int enabled);
void st_js_clipboard_write(const char* text);
void st_js_install_paste(void (*callback)(const char* text));
}

namespace stocktake::web {
namespace {

Platform* g_platform = nullptr;

// Saves up to this many blocks (a few edits' worth) pause frames for up to this long.
constexpr int64_t kYieldToSaveMaxBlocks = 16;
constexpr double kYieldToSaveMaxMs = 100.0;
// One task of work between frames: short enough that a frame or a click due meanwhile
// waits at most this long for the thread.
constexpr double kBetweenFramesBudgetMs = 8.0;

void MainLoopTrampoline() {
    g_platform->Tick();
}

// Emscripten 3.1.6's GLFW passes the browser's raw wheel deltas (pixels, inverted sign) to
// glfwSetScrollCallback, which makes ImGui scroll backwards by pages. Read the wheel
// ourselves instead: 100 px (one notch in Chrome) = 1 ImGui wheel step = 5 lines.
EM_BOOL OnWheel(int /*event_type*/, const EmscriptenWheelEvent* event, void* /*user*/) {
    double dx = event->deltaX;
    double dy = event->deltaY;
    switch (event->deltaMode) {
        case DOM_DELTA_PIXEL:
            dx /= 100.0;
            dy /= 100.0;
            break;
        case DOM_DELTA_LINE:
            dx /= 3.0;
            dy /= 3.0;
            break;
        default:  // DOM_DELTA_PAGE
            dx *= 4.0;
            dy *= 4.0;
            break;
    }
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheelH -= static_cast<float>(dx);
    io.MouseWheel -= static_cast<float>(dy);
    return EM_TRUE;  // preventDefault: the page itself never scrolls
}

void OnPaste(const char* text) {
    ImGui::GetIO().AddInputCharactersUTF8(text);
}

void SetClipboardText(void* /*user*/, const char* text) {
    st_js_clipboard_write(text);
}
// Reading the clipboard synchronously is not possible in a browser; paste arrives as a DOM
// 'paste' event instead (OnPaste), so ImGui's own Ctrl+V finds nothing here.
const char* GetClipboardText(void* /*user*/) {
    return nullptr;
}

const char* CssCursor(ImGuiMouseCursor cursor) {
    switch (cursor) {
        case ImGuiMouseCursor_None: return "none";
        case ImGuiMouseCursor_TextInput: return "text";
        case ImGuiMouseCursor_ResizeAll: return "move";
        case ImGuiMouseCursor_ResizeNS: return "ns-resize";
        case ImGuiMouseCursor_ResizeEW: return "ew-resize";
        case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
        case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
        case ImGuiMouseCursor_Hand: return "pointer";
        case ImGuiMouseCursor_NotAllowed: return "not-allowed";
        default: return "default";
    }
}

void ApplyStyle(float pixel_ratio) {
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 0.0f;
    style.ChildRounding = 4.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.PopupRounding = 4.0f;
    style.ScrollbarRounding = 6.0f;
    style.ScrollbarSize = 14.0f;
    style.FramePadding = ImVec2(8.0f, 4.0f);
    style.ItemSpacing = ImVec2(8.0f, 6.0f);
    style.CellPadding = ImVec2(6.0f, 3.0f);
    style.WindowPadding = ImVec2(12.0f, 10.0f);
    style.WindowBorderSize = 0.0f;
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.13f, 1.00f);
    c[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.16f, 1.00f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.18f, 0.20f, 0.23f, 1.00f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1.00f, 1.00f, 1.00f, 0.03f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.26f, 0.59f, 0.98f, 1.00f);
    style.ScaleAllSizes(pixel_ratio);
    ImGui::GetStyle() = style;
}

}  // namespace

Platform::Platform() : fonts_(new FontManager()) {}

Platform::~Platform() {
    delete fonts_;
}

int Platform::Run(PlatformClient* client) {
    client_ = client;
    g_platform = this;

    if (!glfwInit()) {
        std::fprintf(stderr, "platform: glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    pixel_ratio_ = static_cast<float>(emscripten_get_device_pixel_ratio());
    double css_w = 0;
    double css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    canvas_w_ = std::max(1, static_cast<int>(std::lround(css_w * pixel_ratio_)));
    canvas_h_ = std::max(1, static_cast<int>(std::lround(css_h * pixel_ratio_)));
    window_ = glfwCreateWindow(canvas_w_, canvas_h_, "Stocktake", nullptr, nullptr);
    if (window_ == nullptr) {
        std::fprintf(stderr, "platform: cannot create a WebGL2 context\n");
        return 1;
    }
    glfwMakeContextCurrent(window_);
    st_js_set_canvas_size(canvas_w_, canvas_h_);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini in the browser's file system
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    glfwSetScrollCallback(window_, nullptr);  // see OnWheel
    InstallKeyQueue(window_);
    if (!InitGlRenderer()) return 1;
    io.SetClipboardTextFn = SetClipboardText;
    io.GetClipboardTextFn = GetClipboardText;
    emscripten_set_wheel_callback("#canvas", nullptr, EM_FALSE, OnWheel);
    st_js_install_paste(OnPaste);

    ApplyStyle(pixel_ratio_);
    fonts_->Build(pixel_ratio_);
    UploadFontAtlas();

    InstallTestHooks(this);
    InstallTouchInput();
    InstallTextInput();
    InstallFileInput(this);
    InstallHttp(this);
    LoadStorage(this);

    // 0 fps = requestAnimationFrame; false: main() returns and the browser drives frames.
    emscripten_set_main_loop(MainLoopTrampoline, 0, EM_FALSE);
    return 0;
}

void Platform::SyncCanvasSize() {
    const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (ratio != pixel_ratio_) ApplyPixelRatio(ratio);
    double css_w = 0;
    double css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const int w = std::max(1, static_cast<int>(std::lround(css_w * pixel_ratio_)));
    const int h = std::max(1, static_cast<int>(std::lround(css_h * pixel_ratio_)));
    if (w != canvas_w_ || h != canvas_h_) {
        canvas_w_ = w;
        canvas_h_ = h;
        st_js_set_canvas_size(w, h);
    }
}

void Platform::ApplyPixelRatio(float ratio) {
    pixel_ratio_ = ratio;
    ApplyStyle(ratio);
    fonts_->MarkDirty();
}

void Platform::UpdateMouseCursor() {
    const ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
    if (cursor == last_cursor_) return;
    last_cursor_ = cursor;
    st_js_set_cursor(CssCursor(cursor));
}

void Platform::Tick() {
    const double started_ms = emscripten_get_now();
    // A small save in flight gets the thread before the next frame does: its completion is a
    // task on this thread, and a frame that re-reads a large screen after the edit would hold
    // it back for that frame's whole length. Bounded, so a slow disk never stops the screen
    // for long; a large save (an import's) never pauses frames.
    if (save_in_flight_ && saving_blocks_ <= kYieldToSaveMaxBlocks &&
        started_ms - save_started_ms_ < kYieldToSaveMaxMs) {
        ++save_stats_.frames_yielded;
        return;
    }
    in_tick_ = true;
    SyncCanvasSize();
    if (fonts_->NeedsRebuild()) {
        fonts_->Build(pixel_ratio_);
        UploadFontAtlas();
    }

    FeedQueuedKeys();
    ImGui_ImplGlfw_NewFrame();
    ApplyTouchInput(pixel_ratio_);
    ImGui::NewFrame();
    client_->DrawFrame();
    ImGui::Render();
    SyncTextInput(pixel_ratio_);

    int fb_w = 0;
    int fb_h = 0;
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    RenderDrawData(ImGui::GetDrawData());
    UpdateMouseCursor();

    ++frame_count_;
    if (!first_frame_reported_) {
        first_frame_reported_ = true;
        st_js_first_frame();
    }
    client_->AfterFrame();
    in_tick_ = false;
    // Saves start here, after the frame's work, not where a change asked for them: the
    // transaction's completion is a task on this thread, and one started mid-frame waited
    // for the rest of the frame (e.g. the screens re-reading after an edit) before it could
    // be delivered (docs/PERFORMANCE.md, "The browser app").
    if (save_wanted_ && !save_in_flight_) StartSave();
    WakeBetweenFrames();
    frame_stats_.Add(emscripten_get_now() - started_ms);
}

void Platform::WakeBetweenFrames() {
    if (between_frames_scheduled_ || client_ == nullptr || !client_->HasWorkBetweenFrames()) {
        return;
    }
    between_frames_scheduled_ = true;
    st_js_schedule_between_frames();
}

void Platform::BetweenFrames() {
    between_frames_scheduled_ = false;
    if (client_ == nullptr) return;
    client_->WorkBetweenFrames(kBetweenFramesBudgetMs);
    WakeBetweenFrames();
}

void Platform::OpenFilePicker() {
    OpenBrowserFilePicker();
}

void Platform::PersistData() {
    if (storage_.state == StorageState::kUnavailable) return;
    save_wanted_ = true;
    // Outside a frame (a callback from the page) nothing else is about to run: save now,
    // which also keeps saving while the tab is hidden and draws no frames.
    if (!in_tick_ && !save_in_flight_) StartSave();
}

void Platform::StartSave() {
    save_wanted_ = false;
    const SaveRequest request = SaveStorage(this);
    switch (request.start) {
        case SaveStart::kStarted:
            save_in_flight_ = true;
            save_started_ms_ = emscripten_get_now();
            saving_blocks_ = request.blocks;
            saving_file_bytes_ = request.file_bytes;
            storage_.state = StorageState::kSaving;
            storage_.message.clear();
            break;
        case SaveStart::kLater:
            save_wanted_ = true;  // Tick asks again after a later frame
            break;
        case SaveStart::kNothingToSave: break;
    }
}

void Platform::RequestGlyphs(const std::vector<uint32_t>& codepoints) {
    fonts_->Request(codepoints);
}

void Platform::Download(const std::string& file_name, const std::string& bytes,
                        const std::string& mime_type) {
    DownloadBrowserFile(file_name, bytes, mime_type);
}

void Platform::SetLeaveWarning(bool enabled) {
    st_js_set_leave_warning(enabled ? 1 : 0);
}

void Platform::OnStorageLoaded(int error_code, std::string message) {
    if (error_code != 0) {
        storage_.state = StorageState::kUnavailable;
        storage_.message = "Browser storage is unavailable (" + message +
                           "): imported data lasts only until this tab closes.";
        std::fprintf(stderr, "storage: %s\n", storage_.message.c_str());
    } else {
        storage_.state = StorageState::kReady;
        storage_.message.clear();
    }
}

void Platform::OnStorageSaved(int error_code, std::string message) {
    save_in_flight_ = false;
    if (error_code != 0) {
        storage_.state = StorageState::kError;
        storage_.message = "Could not save on this device: " + message;
        std::fprintf(stderr, "storage: %s\n", storage_.message.c_str());
    } else {
        // Changes made while this save ran are not saved yet: Tick starts their save after
        // the next frame, and until it ends the app must not say "Saved".
        storage_.state = save_wanted_ ? StorageState::kSaving : StorageState::kSaved;
        storage_.message.clear();
        save_stats_.completed += 1;
        save_stats_.last_ms = emscripten_get_now() - save_started_ms_;
        save_stats_.last_blocks = saving_blocks_;
        save_stats_.file_bytes = saving_file_bytes_;
    }
}

}  // namespace stocktake::web

// The task st_js_schedule_between_frames posted (library_stocktake.js).
extern "C" EMSCRIPTEN_KEEPALIVE void stocktake_between_frames() {
    if (stocktake::web::g_platform != nullptr) stocktake::web::g_platform->BetweenFrames();
}
