#include "views/nav_view.h"

#include "imgui.h"

namespace stocktake::web {
namespace {

// One block per group of screens; a new screen adds its entry in its group's block.
constexpr NavEntry kEntries[] = {
    // The catalogue.
    {Screen::kDashboard, "Dashboard"},
    {Screen::kListings, "Products"},
    {Screen::kImports, "Imports"},
    {Screen::kStock, "Stock & locations"},
    {Screen::kScanner, "Scanner"},
    // Selling and buying.
    {Screen::kOrders, "Orders"},
    {Screen::kPurchasing, "Purchasing"},
    {Screen::kInsights, "Insights"},
    {Screen::kRestock, "Restock plan"},
    {Screen::kReallocation, "Reallocation"},
    {Screen::kChannels, "Channels"},
    // The device and its account.
    {Screen::kSync, "Sync & settings"},
};

// The entry that stands for the shown screen (a detail screen shows as its parent).
Screen Current(Screen shown) {
    return shown == Screen::kProductDetail ? Screen::kListings : shown;
}

const char* LabelOf(Screen screen) {
    for (const NavEntry& entry : kEntries) {
        if (entry.screen == screen) return entry.label;
    }
    return "";
}

}  // namespace

const NavEntry* NavEntries(size_t* count) {
    *count = sizeof(kEntries) / sizeof(kEntries[0]);
    return kEntries;
}

void NavView::Draw(const ViewContext& ctx, Screen shown) {
    const Screen current = Current(shown);
    if (ctx.narrow) {
        ImGui::SetNextItemWidth(-1.0f);
        if (ImGui::BeginCombo("##screen", LabelOf(current), ImGuiComboFlags_HeightLarge)) {
            for (const NavEntry& entry : kEntries) {
                const bool selected = entry.screen == current;
                if (ImGui::Selectable(entry.label, selected) && entry.screen != shown) {
                    ctx.intents->Post(ShowScreenIntent{entry.screen});
                }
                if (selected) ImGui::SetItemDefaultFocus();
            }
            ImGui::EndCombo();
        }
        return;
    }
    for (const NavEntry& entry : kEntries) {
        if (ImGui::Selectable(entry.label, entry.screen == current) && entry.screen != shown) {
            ctx.intents->Post(ShowScreenIntent{entry.screen});
        }
    }
}

}  // namespace stocktake::web
