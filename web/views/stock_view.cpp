#include "views/stock_view.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "views/import_common.h"

namespace stocktake::web {
namespace {

bool ContainsNoCase(const std::string& text, const std::string& part) {
    if (part.empty()) return true;
    const auto it =
        std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
        });
    return it != text.end();
}

// A location and everything under it: "MAIN" holds "MAIN" and its bins, at any depth.
bool IsUnder(const std::vector<engine::Location>& locations, const std::string& id,
             const std::string& ancestor) {
    std::string current = id;
    for (size_t guard = 0; guard <= locations.size() && !current.empty(); ++guard) {
        if (current == ancestor) return true;
        const auto it = std::find_if(locations.begin(), locations.end(),
                                     [&](const engine::Location& l) { return l.id == current; });
        if (it == locations.end()) return false;
        current = it->parent_id;
    }
    return false;
}

float FieldWidth(const ViewContext& ctx) {
    return ctx.narrow ? -1.0f : ImGui::GetFontSize() * 14.0f;
}

}  // namespace

void StockView::Derive(const ViewContext& ctx) {
    const StockScreenState& s = ctx.catalog->stock;
    derived_revision_ = ctx.catalog->revision;
    derived_location_ = selected_location_;
    derived_filter_ = sku_filter_;
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < s.locations.size(); ++i) {
        index[s.locations[i].id] = i;
        glyphs_.Scan(s.locations[i].name);
    }
    location_totals_.assign(s.locations.size(), 0);
    children_.assign(s.locations.size(), {});
    roots_.clear();
    for (size_t i = 0; i < s.locations.size(); ++i) {
        const auto parent = index.find(s.locations[i].parent_id);
        if (parent == index.end()) {
            roots_.push_back(i);
        } else {
            children_[parent->second].push_back(i);
        }
    }
    shown_.clear();
    for (size_t i = 0; i < s.levels.size(); ++i) {
        const engine::StockLevel& level = s.levels[i];
        const auto at = index.find(level.location);
        if (at != index.end()) location_totals_[at->second] += level.on_hand;
        if (!selected_location_.empty() &&
            !IsUnder(s.locations, level.location, selected_location_)) {
            continue;
        }
        if (!ContainsNoCase(level.sku, sku_filter_)) continue;
        shown_.push_back(i);
    }
}

void StockView::Draw(const ViewContext& ctx) {
    const StockScreenState& s = ctx.catalog->stock;
    if (derived_revision_ != ctx.catalog->revision || derived_location_ != selected_location_ ||
        derived_filter_ != sku_filter_) {
        Derive(ctx);
    }
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
    ImGui::BeginChild("stock", ImVec2(0.0f, 0.0f), false);
    ImGui::PushTextWrapPos(0.0f);
    if (!s.error.empty()) ImGui::TextColored(kImportErrorColor, "%s", s.error.c_str());
    if (!s.message.empty()) {
        ImGui::TextColored(s.message_is_error ? kImportErrorColor : kImportOkColor, "%s",
                           s.message.c_str());
    }
    ImGui::PopTextWrapPos();
    DrawPending(ctx);
    if (s.locations.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted("No locations yet");
        TextHint(
            "Add your first warehouse below (e.g. id MAIN). Bins go inside a warehouse "
            "(id MAIN/A-01, parent MAIN). Stock is received, moved and counted at "
            "locations.");
        ImGui::PopTextWrapPos();
        DrawAddLocation(ctx);
        ImGui::EndChild();
        return;
    }
    if (ctx.narrow) {
        DrawTree(ctx);
        DrawForms(ctx);
        DrawLevels(ctx);
    } else if (ImGui::BeginTable("stock_layout", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("left", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("right", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableNextColumn();
        DrawTree(ctx);
        ImGui::TableNextColumn();
        DrawForms(ctx);
        ImGui::EndTable();
        DrawLevels(ctx);
    }
    ImGui::EndChild();
}

void StockView::DrawTree(const ViewContext& ctx) {
    ImGui::TextUnformatted("Locations");
    if (ImGui::Selectable("All locations", selected_location_.empty())) selected_location_.clear();
    for (size_t root : roots_) DrawTreeNode(ctx, root);
    if (ImGui::TreeNode("Add a location")) {
        DrawAddLocation(ctx);
        ImGui::TreePop();
    }
}

void StockView::DrawTreeNode(const ViewContext& ctx, size_t index) {
    const engine::Location& location = ctx.catalog->stock.locations[index];
    NumberBuffer n;
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_DefaultOpen |
                               ImGuiTreeNodeFlags_SpanAvailWidth;
    if (children_[index].empty()) flags |= ImGuiTreeNodeFlags_Leaf;
    if (location.id == selected_location_) flags |= ImGuiTreeNodeFlags_Selected;
    const bool open =
        ImGui::TreeNodeEx(location.id.c_str(), flags, "%s  %s  (%s)", location.id.c_str(),
                          location.name.c_str(), FormatCount(location_totals_[index], n));
    if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) selected_location_ = location.id;
    if (!open) return;
    for (size_t child : children_[index]) DrawTreeNode(ctx, child);
    ImGui::TreePop();
}

void StockView::DrawAddLocation(const ViewContext& ctx) {
    ImGui::PushID("add_location");
    ImGui::SetNextItemWidth(FieldWidth(ctx));
    ImGui::InputTextWithHint("##id", "Id, e.g. MAIN or MAIN/A-01", &new_id_);
    ImGui::SetNextItemWidth(FieldWidth(ctx));
    ImGui::InputTextWithHint("##name", "Name, e.g. Main warehouse", &new_name_);
    ImGui::SetNextItemWidth(FieldWidth(ctx));
    const char* parent_label = new_parent_.empty() ? "(none: a warehouse)" : new_parent_.c_str();
    if (ImGui::BeginCombo("##parent", parent_label)) {
        if (ImGui::Selectable("(none: a warehouse)", new_parent_.empty())) new_parent_.clear();
        for (const engine::Location& l : ctx.catalog->stock.locations) {
            if (ImGui::Selectable(l.id.c_str(), l.id == new_parent_)) new_parent_ = l.id;
        }
        ImGui::EndCombo();
    }
    if (ImGui::Button(new_parent_.empty() ? "Add warehouse" : "Add bin")) {
        engine::Location location;
        location.id = new_id_;
        location.parent_id = new_parent_;
        location.name = new_name_.empty() ? new_id_ : new_name_;
        location.kind = new_parent_.empty() ? "warehouse" : "bin";
        ctx.intents->Post(AddLocationIntent{location});
    }
    ImGui::PopID();
}

bool StockView::LocationCombo(const char* id, const ViewContext& ctx, std::string* location) {
    bool changed = false;
    ImGui::SetNextItemWidth(FieldWidth(ctx));
    if (ImGui::BeginCombo(id, location->empty() ? "Choose a location" : location->c_str())) {
        for (const engine::Location& l : ctx.catalog->stock.locations) {
            if (ImGui::Selectable(l.id.c_str(), l.id == *location)) {
                *location = l.id;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

void StockView::DrawForms(const ViewContext& ctx) {
    const bool pending = ctx.catalog->stock.pending.has_value();
    ImGui::BeginDisabled(pending);
    ImGui::TextUnformatted("Transfer");
    ImGui::PushID("transfer");
    ImGui::SetNextItemWidth(FieldWidth(ctx));
    ImGui::InputTextWithHint("##sku", "SKU", &move_sku_);
    LocationCombo("##from", ctx, &move_from_);
    if (!ctx.narrow) ImGui::SameLine();
    ImGui::TextDisabled("to");
    if (!ctx.narrow) ImGui::SameLine();
    LocationCombo("##to", ctx, &move_to_);
    ImGui::SetNextItemWidth(ctx.narrow ? -1.0f : ImGui::GetFontSize() * 6.0f);
    ImGui::InputTextWithHint("##quantity", "Units", &move_quantity_,
                             ImGuiInputTextFlags_CharsDecimal);
    if (!ctx.narrow) ImGui::SameLine();
    ImGui::SetNextItemWidth(FieldWidth(ctx));
    ImGui::InputTextWithHint("##reason", "Reason (optional)", &move_reason_);
    if (ImGui::Button("Preview transfer")) {
        ctx.intents->Post(
            PreviewTransferIntent{move_sku_, move_from_, move_to_, move_quantity_, move_reason_});
    }
    ImGui::PopID();

    ImGui::Spacing();
    ImGui::TextUnformatted("Count");
    ImGui::PushID("count");
    ImGui::SetNextItemWidth(FieldWidth(ctx));
    ImGui::InputTextWithHint("##sku", "SKU", &count_sku_);
    LocationCombo("##location", ctx, &count_location_);
    if (!ctx.narrow) ImGui::SameLine();
    ImGui::SetNextItemWidth(ctx.narrow ? -1.0f : ImGui::GetFontSize() * 6.0f);
    ImGui::InputTextWithHint("##counted", "Counted", &count_counted_,
                             ImGuiInputTextFlags_CharsDecimal);
    if (ImGui::Button("Preview count")) {
        ctx.intents->Post(PreviewCountIntent{count_sku_, count_location_, count_counted_});
    }
    ImGui::PopID();
    ImGui::EndDisabled();
}

void StockView::DrawPending(const ViewContext& ctx) {
    const std::optional<StockChangePreview>& pending = ctx.catalog->stock.pending;
    if (!pending) return;
    ImGui::BeginChild("pending", ImVec2(0.0f, ImGui::GetFrameHeightWithSpacing() * 3.2f), true);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kImportAccentColor, "%s", pending->summary.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button(pending->is_count ? "Confirm count" : "Confirm transfer")) {
        ctx.intents->Post(ConfirmStockChangeIntent{});
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ctx.intents->Post(CancelStockChangeIntent{});
    ImGui::EndChild();
}

void StockView::DrawLevels(const ViewContext& ctx) {
    const std::vector<engine::StockLevel>& levels = ctx.catalog->stock.levels;
    ImGui::Spacing();
    ImGui::TextUnformatted(selected_location_.empty() ? "On hand, every location" : "On hand at");
    if (!selected_location_.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(kImportAccentColor, "%s", selected_location_.c_str());
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
    ImGui::InputTextWithHint("##sku_filter", "Filter by SKU", &sku_filter_);
    if (shown_.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        TextHint(
            "No stock here yet: transfer or count some above, or receive it with the "
            "scanner.");
        return;
    }
    const float height = std::max(ImGui::GetContentRegionAvail().y, ImGui::GetFontSize() * 12.0f);
    if (!BeginStretchTable("levels", {{"SKU", 2.0f}, {"Location", 2.0f}, {"On hand", 1.0f}},
                           height)) {
        return;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const engine::StockLevel& level = levels[shown_[static_cast<size_t>(i)]];
            NumberBuffer n;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            CellText(level.sku.c_str());
            ImGui::TableNextColumn();
            CellText(level.location.c_str());
            ImGui::TableNextColumn();
            TextRightAligned(FormatCount(level.on_hand, n));
        }
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
