#include "views/listings_view.h"

#include <algorithm>
#include <chrono>

#include "imgui.h"
#include "imgui_stdlib.h"

namespace stocktake::web {
namespace {

constexpr double kFilterDebounceSeconds = 0.15;

enum Column {
    kColSku,
    kColName,
    kColAsin,
    kColPrice,
    kColQty,
    kColFulfillment,
    kColStatus,
    kColOpened,
    kColCount
};

bool SameQuery(const engine::ListingQuery& a, const engine::ListingQuery& b) {
    return a.text == b.text && a.sort == b.sort && a.descending == b.descending &&
           a.limit == b.limit;
}

}  // namespace

void ListingsView::Draw(const ViewContext& ctx) {
    if (ctx.engine == nullptr) return;
    const bool empty = ctx.summary != nullptr && ctx.summary->listings == 0;
    if (!empty) DrawToolbar(ctx);
    RefreshIfNeeded(ctx);
    if (!error_.empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.42f, 1.0f), "%s", error_.c_str());
    }
    if (empty) {
        DrawEmptyState(ctx);
    } else {
        DrawTable();
    }
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void ListingsView::DrawToolbar(const ViewContext& ctx) {
    const float count_width = ImGui::CalcTextSize("000,000 of 000,000 listings").x;
    ImGui::SetNextItemWidth(std::max(
        ImGui::GetFontSize() * 12.0f,
        ImGui::GetContentRegionAvail().x - count_width - ImGui::GetStyle().ItemSpacing.x * 2.0f));
    // "/" focuses the filter, as on many web apps, unless something else has the keyboard.
    if (!ImGui::IsAnyItemActive()) {
        ImVector<ImWchar>& typed = ImGui::GetIO().InputQueueCharacters;
        if (const ImWchar* slash = typed.find(static_cast<ImWchar>('/')); slash != typed.end()) {
            typed.erase(slash);  // the key moves the focus; it is not typed into the box
            ImGui::SetKeyboardFocusHere();
        }
    }
    if (ImGui::InputTextWithHint("##filter", "Filter by SKU, name, ASIN...", &filter_)) {
        filter_edited_at_ = ImGui::GetTime();
        glyphs_.Scan(filter_);
    }
    ImGui::SameLine();
    NumberBuffer shown;
    NumberBuffer total;
    if (!has_cache_) {
        ImGui::TextDisabled("...");
    } else if (cached_query_.text.empty() || ctx.summary == nullptr) {
        ImGui::TextDisabled("%s listings", FormatCount(static_cast<int64_t>(rows_.size()), shown));
    } else {
        ImGui::TextDisabled("%s of %s listings",
                            FormatCount(static_cast<int64_t>(rows_.size()), shown),
                            FormatCount(ctx.summary->listings, total));
    }
    if (has_cache_ && ImGui::IsItemHovered()) ImGui::SetTooltip("Query took %.0f ms", query_ms_);
}

void ListingsView::RefreshIfNeeded(const ViewContext& ctx) {
    engine::ListingQuery query;
    query.sort = sort_;
    query.descending = descending_;
    // While the user types, keep the old text until the keystrokes pause.
    const bool typing = ImGui::GetTime() - filter_edited_at_ < kFilterDebounceSeconds;
    query.text = (typing && has_cache_) ? cached_query_.text : filter_;
    if (has_cache_ && cached_generation_ == ctx.generation && SameQuery(query, cached_query_)) {
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    Result<std::vector<engine::ListingRow>> result = ctx.engine->Listings(query);
    query_ms_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    has_cache_ = true;
    cached_query_ = query;
    cached_generation_ = ctx.generation;
    if (!result.ok()) {
        rows_.clear();
        error_ = "Could not read listings: " + result.status().ToString();
        return;
    }
    error_.clear();
    rows_ = std::move(result).value();
    for (const engine::ListingRow& row : rows_) {
        glyphs_.Scan(row.sku);
        glyphs_.Scan(row.name);
        glyphs_.Scan(row.status);
    }
}

void ListingsView::DrawEmptyState(const ViewContext& ctx) {
    ImGui::BeginChild("empty", ImVec2(0, 0), true);
    ImGui::Dummy(ImVec2(0.0f, ImGui::GetFontSize() * 2.0f));
    const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 34.0f);
    CenterNextItem(width);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted("No listings yet");
    ImGui::Spacing();
    TextHint(
        "Upload your Amazon All Listings report: in Seller Central open Inventory > Inventory "
        "Reports, choose \"All Listings Report\", request it, then download the .txt file "
        "(tab-separated). Other marketplace reports and your own catalogue saved as CSV work "
        "too. Choose a file below or drop it anywhere on this page: you see what it would "
        "change before anything is imported.");
    ImGui::Spacing();
    TextHint("Everything stays in this browser on this device.");
    ImGui::Spacing();
    ImGui::BeginDisabled(ctx.wizard->IsBusy());
    if (ImGui::Button("Choose file...")) ctx.intents->Post(ChooseFileIntent{});
    ImGui::EndDisabled();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::EndChild();
}

void ListingsView::ReadSortSpecs() {
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (specs == nullptr || !specs->SpecsDirty) return;
    if (specs->SpecsCount > 0) {
        sort_ = static_cast<engine::ListingSort>(specs->Specs[0].ColumnUserID);
        descending_ = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
    }
    specs->SpecsDirty = false;
}

void ListingsView::DrawTable() {
    // Columns share the width in proportion; below a useful minimum the table scrolls
    // sideways instead of crushing the names.
    const float font = ImGui::GetFontSize();
    const float min_width = font * 52.0f;
    const bool scroll_x = ImGui::GetContentRegionAvail().x < min_width;
    ImGuiTableFlags flags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
        ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
        ImGuiTableFlags_Hideable | ImGuiTableFlags_Sortable | ImGuiTableFlags_SizingStretchProp;
    if (scroll_x) flags |= ImGuiTableFlags_ScrollX;
    if (!ImGui::BeginTable("listings", kColCount, flags, ImVec2(0.0f, 0.0f),
                           scroll_x ? min_width : 0.0f)) {
        return;
    }
    const auto id = [](engine::ListingSort s) { return static_cast<ImGuiID>(s); };
    const ImGuiTableColumnFlags stretch = ImGuiTableColumnFlags_WidthStretch;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("SKU", stretch | ImGuiTableColumnFlags_DefaultSort, 1.5f,
                            id(engine::ListingSort::kSku));
    ImGui::TableSetupColumn("Name", stretch, 3.6f, id(engine::ListingSort::kName));
    ImGui::TableSetupColumn("ASIN", stretch | ImGuiTableColumnFlags_NoSort, 1.35f);
    ImGui::TableSetupColumn("Price", stretch | ImGuiTableColumnFlags_PreferSortDescending, 0.9f,
                            id(engine::ListingSort::kPrice));
    ImGui::TableSetupColumn("Qty", stretch | ImGuiTableColumnFlags_PreferSortDescending, 0.6f,
                            id(engine::ListingSort::kQuantity));
    ImGui::TableSetupColumn("Fulfillment", stretch, 1.15f, id(engine::ListingSort::kFulfillment));
    ImGui::TableSetupColumn("Status", stretch, 0.9f, id(engine::ListingSort::kStatus));
    ImGui::TableSetupColumn("Opened", stretch, 1.0f, id(engine::ListingSort::kOpenedAt));
    ImGui::TableHeadersRow();
    ReadSortSpecs();

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const engine::ListingRow& row = rows_[static_cast<size_t>(i)];
            NumberBuffer number;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(kColSku);
            ImGui::TextUnformatted(row.sku.c_str());
            ImGui::TableSetColumnIndex(kColName);
            CellText(row.name.c_str());
            ImGui::TableSetColumnIndex(kColAsin);
            ImGui::TextUnformatted(row.asin.c_str());
            ImGui::TableSetColumnIndex(kColPrice);
            if (row.price_minor.has_value())
                TextRightAligned(FormatMoney(*row.price_minor, number));
            ImGui::TableSetColumnIndex(kColQty);
            if (row.quantity.has_value()) {
                TextRightAligned(FormatCount(*row.quantity, number));
            } else if (row.fulfillment == "fba") {
                ImGui::TextDisabled("FBA");
            }
            ImGui::TableSetColumnIndex(kColFulfillment);
            ImGui::TextUnformatted(row.fulfillment == "fba"        ? "FBA"
                                   : row.fulfillment == "merchant" ? "Merchant"
                                                                   : row.fulfillment.c_str());
            ImGui::TableSetColumnIndex(kColStatus);
            ImGui::TextUnformatted(row.status.c_str());
            ImGui::TableSetColumnIndex(kColOpened);
            // "2022-03-15T09:26:37Z" -> the date; the full time on hover.
            const size_t date_len = row.opened_at.size() >= 10 ? 10 : row.opened_at.size();
            ImGui::TextUnformatted(row.opened_at.c_str(), row.opened_at.c_str() + date_len);
            if (date_len < row.opened_at.size() && ImGui::IsItemHovered()) {
                ImGui::SetTooltip("%s", row.opened_at.c_str());
            }
        }
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
