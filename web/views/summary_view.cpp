#include "views/summary_view.h"

#include "imgui.h"
#include "widgets/widgets.h"

namespace stocktake::web {
namespace {

// Room for counts up to "999,999,999" so large figures are never clipped.
float ValueWidth() {
    return ImGui::CalcTextSize("999,999,999").x;
}

void CountTable(const char* id, const char* heading,
                const std::vector<engine::CountByKey>& counts) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", heading);
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        return;
    }
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("count", ImGuiTableColumnFlags_WidthFixed, ValueWidth());
    for (const engine::CountByKey& c : counts) {
        NumberBuffer n;
        FigureRow(c.key.empty() ? "(none)" : c.key.c_str(), FormatCount(c.count, n));
    }
    ImGui::EndTable();
}

}  // namespace

void SummaryView::Draw(const ViewContext& ctx) {
    ImGui::TextUnformatted("Summary");
    ImGui::Separator();
    if (ctx.summary == nullptr) {
        TextHint("No figures yet.");
        return;
    }
    const engine::Summary& s = *ctx.summary;
    if (!scanned_ || scanned_generation_ != ctx.generation) {
        scanned_ = true;
        scanned_generation_ = ctx.generation;
        for (const engine::CountByKey& c : s.by_channel) glyphs_.Scan(c.key);
        for (const engine::CountByKey& c : s.by_status) glyphs_.Scan(c.key);
        if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
    }
    if (ImGui::BeginTable("figures", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, ValueWidth());
        NumberBuffer n;
        FigureRow("SKUs", FormatCount(s.skus, n));
        FigureRow("Listings", FormatCount(s.listings, n));
        FigureRow("Units on hand (merchant)", FormatCount(s.units, n));
        FigureRow("FBA listings", FormatCount(s.fba_listings, n));
        ImGui::EndTable();
    }
    if (!s.by_channel.empty()) CountTable("by_channel", "Listings by channel", s.by_channel);
    if (!s.by_status.empty()) CountTable("by_status", "Listings by status", s.by_status);
}

}  // namespace stocktake::web
