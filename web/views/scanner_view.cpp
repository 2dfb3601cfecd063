#include "views/scanner_view.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "views/import_common.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

const ImVec4 kOk(0.45f, 0.85f, 0.50f, 1.00f);

// A combo over names; "" (shown as none_label) first when none_label is not null. Posts
// nothing itself: returns the chosen name when it changed.
bool NameCombo(const char* label, const std::string& current, const std::vector<std::string>& names,
               const char* none_label, std::string* chosen) {
    bool changed = false;
    const char* shown = current.empty() && none_label ? none_label : current.c_str();
    ImGui::SetNextItemWidth(
        std::min(ImGui::GetFontSize() * 12.0f, ImGui::GetContentRegionAvail().x * 0.6f));
    if (ImGui::BeginCombo(label, shown)) {
        if (none_label && ImGui::Selectable(none_label, current.empty())) {
            *chosen = "";
            changed = !current.empty();
        }
        for (const std::string& name : names) {
            if (ImGui::Selectable(name.c_str(), name == current)) {
                *chosen = name;
                changed = name != current;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

}  // namespace

void ScannerView::Draw(const ViewContext& ctx) {
    const ScannerState& scanner = *ctx.scanner;
    preview_drawn_ = false;
    ImGui::TextUnformatted("Scanner");
    ImGui::PushTextWrapPos(0.0f);
    TextHint("Scans apply on this device at once and sync when online.");
    ImGui::PopTextWrapPos();
    ImGui::Separator();
    DrawMode(scanner, ctx.intents);
    ImGui::Spacing();
    DrawCamera(scanner, ctx.intents);
    DrawEntry(ctx.intents);
    ImGui::Spacing();
    DrawOutcome(scanner, ctx.intents);
    if (scanner.settings.mode == ScanMode::kPick) DrawPickList(scanner, ctx.intents);
    if (scanner.settings.mode == ScanMode::kCount) DrawTallies(scanner, ctx.intents);
}

bool ScannerView::PreviewRect(float* x, float* y, float* width, float* height) const {
    if (!preview_drawn_) return false;
    *x = preview_[0];
    *y = preview_[1];
    *width = preview_[2];
    *height = preview_[3];
    return true;
}

void ScannerView::DrawMode(const ScannerState& scanner, IntentQueue* intents) {
    ScannerSettings next = scanner.settings;
    bool changed = false;
    for (int i = 0; i < 5; ++i) {
        if (i > 0) ImGui::SameLine();
        const bool shown = static_cast<int>(scanner.settings.mode) == i;
        if (shown)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(kScanModeNames[i]) && !shown) {
            next.mode = static_cast<ScanMode>(i);
            changed = true;
        }
        if (shown) ImGui::PopStyleColor();
    }
    if (scanner.settings.mode != ScanMode::kLookUp) {
        if (scanner.locations.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, kImportErrorColor);
            ImGui::TextWrapped(
                "No locations yet: stock needs a place to be. Create a first warehouse.");
            ImGui::PopStyleColor();
            if (ImGui::Button("Create warehouse MAIN"))
                intents->Post(ScannerAddLocationIntent{"MAIN"});
        } else {
            std::vector<std::string> ids;
            for (const engine::Location& l : scanner.locations) ids.push_back(l.id);
            const char* label = scanner.settings.mode == ScanMode::kMove ? "From" : "Location";
            if (NameCombo(label, scanner.settings.location, ids, nullptr, &next.location))
                changed = true;
            if (scanner.settings.mode == ScanMode::kMove) {
                ImGui::SameLine();
                if (NameCombo("To", scanner.settings.to_location, ids, "(choose)",
                              &next.to_location))
                    changed = true;
            }
        }
    }
    if (scanner.settings.mode == ScanMode::kReceive) {
        std::vector<std::string> pos;
        for (const engine::PurchaseOrder& po : scanner.open_pos) pos.push_back(po.id);
        if (NameCombo("Purchase order", scanner.settings.po_id, pos, "Free receiving",
                      &next.po_id)) {
            changed = true;
        }
    }
    if (scanner.settings.mode == ScanMode::kPick) {
        if (scanner.open_orders.empty()) TextHint("No open orders to pick.");
        if (NameCombo("Order", scanner.settings.order_key, scanner.open_orders, "(choose)",
                      &next.order_key))
            changed = true;
    }
    if (changed) intents->Post(ScannerSettingsIntent{next});
}

void ScannerView::DrawCamera(const ScannerState& scanner, IntentQueue* intents) {
    switch (scanner.camera) {
        case CameraState::kOff:
            if (ImGui::Button("Start camera")) intents->Post(ScannerStartCameraIntent{});
            ImGui::PushTextWrapPos(0.0f);
            TextHint("Or type a code below, or use a keyboard-wedge scanner.");
            ImGui::PopTextWrapPos();
            break;
        case CameraState::kStarting: ImGui::TextUnformatted("Starting the camera..."); break;
        case CameraState::kOn: {
            const ImVec2 avail = ImGui::GetContentRegionAvail();
            const float width = std::min(avail.x, ImGui::GetFontSize() * 30.0f);
            const float height = std::min(width * 0.62f, ImGui::GetFontSize() * 16.0f);
            const ImVec2 at = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRect(at, ImVec2(at.x + width, at.y + height),
                                                ImGui::GetColorU32(ImGuiCol_Border), 6.0f, 0, 2.0f);
            ImGui::Dummy(ImVec2(width, height));
            preview_drawn_ = ImGui::IsItemVisible();
            preview_[0] = at.x;
            preview_[1] = at.y;
            preview_[2] = width;
            preview_[3] = height;
            ImGui::Text("Point the camera at a barcode (%s).", scanner.decoder.c_str());
            ImGui::SameLine();
            if (ImGui::SmallButton("Stop camera")) intents->Post(ScannerStopCameraIntent{});
            break;
        }
        case CameraState::kDenied:
        case CameraState::kUnavailable:
            ImGui::PushStyleColor(ImGuiCol_Text, kImportErrorColor);
            ImGui::TextWrapped("%s", scanner.camera_message.c_str());
            ImGui::PopStyleColor();
            ImGui::PushTextWrapPos(0.0f);
            TextHint(
                "Type the code below, or use a keyboard-wedge scanner: both work the same way.");
            ImGui::PopTextWrapPos();
            if (ImGui::Button("Try the camera again")) intents->Post(ScannerStartCameraIntent{});
            break;
    }
}

void ScannerView::DrawEntry(IntentQueue* intents) {
    ImGui::SetNextItemWidth(
        std::min(ImGui::GetFontSize() * 14.0f, ImGui::GetContentRegionAvail().x * 0.6f));
    const bool entered =
        ImGui::InputTextWithHint("##code", "Barcode or SKU", code_.data(), code_.size(),
                                 ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Scan") || entered) && code_[0] != '\0') {
        intents->Post(ScannerSubmitIntent{code_.data()});
        code_[0] = '\0';
    }
}

void ScannerView::DrawOutcome(const ScannerState& scanner, IntentQueue* intents) {
    if (!scanner.has_last) {
        TextHint(scanner.settings.mode == ScanMode::kLookUp
                     ? "Scan a barcode to see the product and its stock."
                     : "Scan a barcode: each scan applies to one unit.");
        return;
    }
    const ScanOutcome& last = scanner.last;
    ImGui::PushStyleColor(ImGuiCol_Text, last.ok ? kOk : kImportErrorColor);
    ImGui::TextWrapped("%s", last.message.c_str());
    ImGui::PopStyleColor();
    if (!last.sku.empty()) ImGui::Text("%s  %s", last.sku.c_str(), last.name.c_str());
    if (!last.levels.empty() && BeginStretchTable("levels", {{"Location", 2.0f}, {"On hand", 1.0f}},
                                                  ImGui::GetFontSize() * 6.0f)) {
        for (const engine::StockLevel& level : last.levels) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            CellText(level.location.c_str());
            ImGui::TableNextColumn();
            NumberBuffer n;
            TextRightAligned(FormatCount(level.on_hand, n));
        }
        ImGui::EndTable();
    }
    if (!last.unknown || scanner.link_code.empty()) return;
    ImGui::Spacing();
    ImGui::Text("Link %s to a product:", scanner.link_code.c_str());
    ImGui::SetNextItemWidth(
        std::min(ImGui::GetFontSize() * 14.0f, ImGui::GetContentRegionAvail().x * 0.6f));
    // The text searched is App's (ScannerState::link_search); ImGui edits a copy.
    std::string search = scanner.link_search;
    if (ImGui::InputTextWithHint("##search", "SKU or name", &search)) {
        intents->Post(ScannerSearchProductsIntent{search});
    }
    for (const engine::ListingRow& row : scanner.link_matches) {
        ImGui::PushID(row.sku.c_str());
        if (ImGui::Button("Link"))
            intents->Post(ScannerLinkIntent{row.sku});  // a thumb-sized target
        ImGui::SameLine();
        ImGui::Text("%s  %s", row.sku.c_str(), row.name.c_str());
        ImGui::PopID();
    }
    if (!scanner.link_search.empty() && scanner.link_matches.empty()) {
        TextHint("No product matches.");
    }
}

void ScannerView::DrawPickList(const ScannerState& scanner, IntentQueue* intents) {
    if (scanner.pick_lines.empty()) return;
    ImGui::Spacing();
    bool all = true;
    if (BeginStretchTable("pick", {{"SKU", 2.0f}, {"Picked", 1.0f}}, ImGui::GetFontSize() * 8.0f)) {
        for (const PickLine& line : scanner.pick_lines) {
            all = all && line.picked >= line.ordered;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            CellText(line.sku.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld / %lld", static_cast<long long>(line.picked),
                        static_cast<long long>(line.ordered));
        }
        ImGui::EndTable();
    }
    ImGui::BeginDisabled(!all);
    if (ImGui::Button("Ship order")) intents->Post(ScannerShipOrderIntent{});
    ImGui::EndDisabled();
    if (!all) {
        ImGui::SameLine();
        TextHint("Pick every line to ship.");
    }
}

void ScannerView::DrawTallies(const ScannerState& scanner, IntentQueue* intents) {
    if (scanner.tallies.empty()) return;
    ImGui::Spacing();
    if (BeginStretchTable("tallies", {{"SKU", 2.0f}, {"Counted", 1.0f}},
                          ImGui::GetFontSize() * 8.0f)) {
        for (const CountTally& tally : scanner.tallies) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            CellText(tally.sku.c_str());
            ImGui::TableNextColumn();
            NumberBuffer n;
            TextRightAligned(FormatCount(tally.counted, n));
        }
        ImGui::EndTable();
    }
    std::string label = "Record count of " + std::to_string(scanner.tallies.size()) +
                        (scanner.tallies.size() == 1 ? " SKU at " : " SKUs at ") +
                        scanner.settings.location;
    if (ImGui::Button(label.c_str())) intents->Post(ScannerRecordCountIntent{});
    ImGui::PushTextWrapPos(0.0f);
    TextHint("Stock becomes what you counted; sales since the count began are kept.");
    ImGui::PopTextWrapPos();
}

}  // namespace stocktake::web
