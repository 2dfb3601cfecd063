// Draws ImGui's draw data with WebGL2 (GLES 3.0 through emscripten), in place of ImGui's
// OpenGL3 backend.
//
// Why not the backend: it saves and restores the GL state around every frame, reading it
// back with ~14 glGetIntegerv calls. In Chromium most of those are a synchronous round trip
// to the GPU process that waits for all queued work (GLES2Implementation::GetIntegerv ->
// CommandBufferHelper::Finish), so each frame blocked the page's thread for the GPU's whole
// frame, and everything else on that thread (IndexedDB completions, input) queued behind it
// (docs/PERFORMANCE.md, "The browser app"). The app owns its one context, so there is
// nothing to save or restore: this renderer only sets state and never reads any back.
#pragma once

struct ImDrawData;

namespace stocktake::web {

// Compiles the shaders and creates the buffers; false (and a message on stderr) when the
// context refuses them.
bool InitGlRenderer();

// (Re)uploads ImGui's font atlas as the texture its draw commands name.
void UploadFontAtlas();

// Draws one frame's draw data into the default framebuffer.
void RenderDrawData(const ImDrawData* draw_data);

}  // namespace stocktake::web
