#include "views/operations_common.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "imgui.h"
#include "views/import_common.h"

namespace stocktake::web {

void DrawOutcome(const Outcome& outcome) {
    if (outcome.text.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, outcome.is_error ? kImportErrorColor : kImportOkColor);
    ImGui::TextWrapped("%s", outcome.text.c_str());
    ImGui::PopStyleColor();
}

void DrawError(const std::string& error) {
    DrawOutcome(Outcome{error, true});
}

bool StringCombo(const char* label, const std::vector<std::string>& values,
                 const std::vector<std::string>& labels, std::string* value, float width) {
    auto label_of = [&](size_t i) -> const char* {
        return i < labels.size() ? labels[i].c_str() : values[i].c_str();
    };
    const char* preview = value->c_str();
    for (size_t i = 0; i < values.size(); ++i) {
        if (values[i] == *value) preview = label_of(i);
    }
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(label, preview)) {
        for (size_t i = 0; i < values.size(); ++i) {
            const bool selected = values[i] == *value;
            if (ImGui::Selectable(label_of(i), selected) && !selected) {
                *value = values[i];
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

const char* FormatE4Price(int64_t value, NumberBuffer& out) {
    const char* sign = value < 0 ? "-" : "";
    const int64_t v = value < 0 ? -value : value;
    if (v % 100 == 0) {
        std::snprintf(out, sizeof(out), "%s%" PRId64 ".%02" PRId64, sign, v / 10000,
                      (v % 10000) / 100);
    } else {
        std::snprintf(out, sizeof(out), "%s%" PRId64 ".%04" PRId64, sign, v / 10000, v % 10000);
    }
    return out;
}

const char* StatusName(const std::string& status) {
    if (status == engine::kPoPartiallyReceived) return "partly received";
    return status.c_str();
}

void SameLineIfFits(float width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) {
        ImGui::SameLine();
    }
}

float ButtonWidth(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

float FieldWidth(float ems) {
    return std::min(ImGui::GetFontSize() * ems, ImGui::GetContentRegionAvail().x);
}

}  // namespace stocktake::web
