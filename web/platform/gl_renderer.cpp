// See gl_renderer.h for why the app draws ImGui itself.
#include "platform/gl_renderer.h"

#include <GLES3/gl3.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "imgui.h"

namespace stocktake::web {
namespace {

constexpr const char* kVertexShader = R"(#version 300 es
precision highp float;
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;
uniform mat4 u_projection;
out vec2 v_uv;
out vec4 v_color;
void main() {
    v_uv = a_uv;
    v_color = a_color;
    gl_Position = u_projection * vec4(a_position, 0.0, 1.0);
}
)";

constexpr const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D u_texture;
in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;
void main() {
    o_color = v_color * texture(u_texture, v_uv);
}
)";

struct GlObjects {
    GLuint program = 0;
    GLint projection = -1;
    GLint texture_unit = -1;
    GLuint vertex_array = 0;
    GLuint vertices = 0;
    GLuint indices = 0;
    GLuint font_texture = 0;
};
GlObjects g_gl;

GLuint CompileShader(GLenum kind, const char* source) {
    const GLuint shader = glCreateShader(kind);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        char log[512] = {};
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        std::fprintf(stderr, "renderer: shader does not compile: %s\n", log);
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

// State every draw command relies on; set once per frame (and again when a draw callback
// asks for it), since nothing else in the app touches the context.
void SetRenderState(const ImDrawData* draw_data, int fb_width, int fb_height) {
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_width, fb_height);

    // ImGui's coordinates (top-left origin, y down) to clip space.
    const float left = draw_data->DisplayPos.x;
    const float right = left + draw_data->DisplaySize.x;
    const float top = draw_data->DisplayPos.y;
    const float bottom = top + draw_data->DisplaySize.y;
    // clang-format off
    const float projection[16] = {
        2.0f / (right - left),           0.0f, 0.0f, 0.0f,
        0.0f, 2.0f / (top - bottom),           0.0f, 0.0f,
        0.0f, 0.0f, -1.0f, 0.0f,
        (right + left) / (left - right), (top + bottom) / (bottom - top), 0.0f, 1.0f,
    };
    // clang-format on
    glUseProgram(g_gl.program);
    glUniform1i(g_gl.texture_unit, 0);
    glUniformMatrix4fv(g_gl.projection, 1, GL_FALSE, projection);
    glBindVertexArray(g_gl.vertex_array);
    glBindBuffer(GL_ARRAY_BUFFER, g_gl.vertices);  // not part of the vertex array's state
    glActiveTexture(GL_TEXTURE0);
}

}  // namespace

bool InitGlRenderer() {
    const GLuint vertex = CompileShader(GL_VERTEX_SHADER, kVertexShader);
    const GLuint fragment = CompileShader(GL_FRAGMENT_SHADER, kFragmentShader);
    if (vertex == 0 || fragment == 0) return false;
    g_gl.program = glCreateProgram();
    glAttachShader(g_gl.program, vertex);
    glAttachShader(g_gl.program, fragment);
    glLinkProgram(g_gl.program);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    GLint ok = GL_FALSE;
    glGetProgramiv(g_gl.program, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        char log[512] = {};
        glGetProgramInfoLog(g_gl.program, sizeof log, nullptr, log);
        std::fprintf(stderr, "renderer: shaders do not link: %s\n", log);
        return false;
    }
    g_gl.projection = glGetUniformLocation(g_gl.program, "u_projection");
    g_gl.texture_unit = glGetUniformLocation(g_gl.program, "u_texture");

    // The vertex array remembers the attribute layout and the index buffer binding, so a
    // frame only binds it.
    glGenVertexArrays(1, &g_gl.vertex_array);
    glGenBuffers(1, &g_gl.vertices);
    glGenBuffers(1, &g_gl.indices);
    glBindVertexArray(g_gl.vertex_array);
    glBindBuffer(GL_ARRAY_BUFFER, g_gl.vertices);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g_gl.indices);
    const auto stride = static_cast<GLsizei>(sizeof(ImDrawVert));
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
    glBindVertexArray(0);

    ImGui::GetIO().BackendRendererName = "stocktake_webgl2";
    return true;
}

void UploadFontAtlas() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    if (g_gl.font_texture == 0) glGenTextures(1, &g_gl.font_texture);
    glBindTexture(GL_TEXTURE_2D, g_gl.font_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(g_gl.font_texture)));
}

void RenderDrawData(const ImDrawData* draw_data) {
    const ImVec2 scale = draw_data->FramebufferScale;
    const int fb_width = static_cast<int>(draw_data->DisplaySize.x * scale.x);
    const int fb_height = static_cast<int>(draw_data->DisplaySize.y * scale.y);
    if (fb_width <= 0 || fb_height <= 0) return;
    SetRenderState(draw_data, fb_width, fb_height);

    const ImVec2 origin = draw_data->DisplayPos;
    const GLenum index_type = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
    for (int n = 0; n < draw_data->CmdListsCount; ++n) {
        const ImDrawList* list = draw_data->CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(list->VtxBuffer.Size) *
                         static_cast<GLsizeiptr>(sizeof(ImDrawVert)),
                     list->VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(list->IdxBuffer.Size) *
                         static_cast<GLsizeiptr>(sizeof(ImDrawIdx)),
                     list->IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback != nullptr) {
                if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
                    SetRenderState(draw_data, fb_width, fb_height);
                } else {
                    cmd.UserCallback(list, &cmd);
                }
                continue;
            }
            const float min_x = (cmd.ClipRect.x - origin.x) * scale.x;
            const float min_y = (cmd.ClipRect.y - origin.y) * scale.y;
            const float max_x = (cmd.ClipRect.z - origin.x) * scale.x;
            const float max_y = (cmd.ClipRect.w - origin.y) * scale.y;
            if (max_x <= min_x || max_y <= min_y) continue;
            // GL's scissor box has its origin at the bottom left.
            glScissor(static_cast<GLint>(min_x),
                      static_cast<GLint>(static_cast<float>(fb_height) - max_y),
                      static_cast<GLsizei>(max_x - min_x), static_cast<GLsizei>(max_y - min_y));
            glBindTexture(GL_TEXTURE_2D,
                          static_cast<GLuint>(reinterpret_cast<intptr_t>(cmd.GetTexID())));
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), index_type,
                           reinterpret_cast<void*>(static_cast<intptr_t>(cmd.IdxOffset) *
                                                   static_cast<intptr_t>(sizeof(ImDrawIdx))));
        }
    }
}

}  // namespace stocktake::web
