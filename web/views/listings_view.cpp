#include "views/listings_view.h"

#include <algorithm>
#include <chrono>

#include "imgui_stdlib.h"
#include "views/import_common.h"

namespace stocktake::web {
namespace {

constexpr double kFilterDebounceSeconds = 0.15;

enum Column {
    kColSku,
    kColName,
    kColGtin,
    kColChannel,
    kColAsin,
    kColPrice,
    kColListPrice,
    kColQty,
    kColFulfillment,
    kColStatus,
    kColOpened,
    kColCount
};

bool SameQuery(const engine::ListingQuery& a, const engine::ListingQuery& b) {
    return a.text == b.text && a.sort == b.sort && a.descending == b.descending &&
           a.limit == b.limit && a.include_unlisted == b.include_unlisted;
}

bool KeyPressed(ImGuiKey key) {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key));
}

const char* FieldName(ProductField field) {
    return field == ProductField::kName ? "name" : "list price";
}

}  // namespace

void ListingsView::Draw(const ViewContext& ctx) {
    if (ctx.engine == nullptr) return;
    const bool empty = ctx.summary != nullptr && ctx.summary->skus == 0;
    if (!empty) DrawToolbar(ctx);
    RefreshIfNeeded(ctx);
    CheckEditResult(ctx);
    if (!error_.empty()) {
        ImGui::TextColored(kImportErrorColor, "%s", error_.c_str());
    }
    if (empty) {
        DrawEmptyState(ctx);
    } else {
        DrawSelectionBar(ctx);
        HandleKeys(ctx);
        DrawTable(ctx);
    }
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void ListingsView::DrawToolbar(const ViewContext& ctx) {
    const float count_width = ImGui::CalcTextSize("000,000 of 000,000 rows").x;
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
    if (ImGui::InputTextWithHint("##filter", "Search SKU, name, GTIN, ASIN...", &filter_)) {
        filter_edited_at_ = ImGui::GetTime();
        glyphs_.Scan(filter_);
    }
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    filter_center_ = ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
    if (ctx.narrow) {
        // On a phone the count goes under the box rather than squeezing it.
    } else {
        ImGui::SameLine();
    }
    NumberBuffer shown;
    NumberBuffer total;
    if (!has_cache_) {
        ImGui::TextDisabled("...");
    } else if (cached_query_.text.empty() || ctx.summary == nullptr) {
        ImGui::TextDisabled("%s rows", FormatCount(static_cast<int64_t>(rows_.size()), shown));
    } else {
        ImGui::TextDisabled("%s rows match, of %s products",
                            FormatCount(static_cast<int64_t>(rows_.size()), shown),
                            FormatCount(ctx.summary->skus, total));
    }
    if (has_cache_ && ImGui::IsItemHovered()) ImGui::SetTooltip("Query took %.0f ms", query_ms_);
}

// The selected product and what can be done with it: buttons as well as keys, for touch.
void ListingsView::DrawSelectionBar(const ViewContext& ctx) {
    if (!edit_error_.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kImportErrorColor, "The %s of %s was not saved: %s",
                           FieldName(editing_field_), editing_sku_.c_str(), edit_error_.c_str());
        ImGui::PopTextWrapPos();
    }
    if (selected_sku_.empty()) {
        TextHint(ctx.narrow ? "Tap a row to choose a product."
                            : "Double-click a row (or select it and press Enter) to open it; "
                              "double-click a name or list price to edit it.");
        return;
    }
    ImGui::TextUnformatted(selected_sku_.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Open")) ctx.intents->Post(OpenProductIntent{selected_sku_});
    ImGui::SameLine();
    if (ImGui::SmallButton("Edit name")) StartEdit(selected_row_, ProductField::kName);
    ImGui::SameLine();
    if (ImGui::SmallButton("Edit list price")) StartEdit(selected_row_, ProductField::kListPrice);
}

void ListingsView::RefreshIfNeeded(const ViewContext& ctx) {
    engine::ListingQuery query;
    query.sort = sort_;
    query.descending = descending_;
    query.include_unlisted = true;
    // While the user types, keep the old text until the keystrokes pause.
    const bool typing = ImGui::GetTime() - filter_edited_at_ < kFilterDebounceSeconds;
    query.text = (typing && has_cache_) ? cached_query_.text : filter_;
    if (has_cache_ && SameQuery(query, cached_query_) &&
        (cached_generation_ == ctx.generation || PatchEditedRows(ctx))) {
        return;
    }
    ++full_reads_;
    const auto start = std::chrono::steady_clock::now();
    Result<std::vector<engine::ListingRow>> result = ctx.engine->Listings(query);
    query_ms_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    has_cache_ = true;
    cached_query_ = query;
    cached_generation_ = ctx.generation;
    if (!result.ok()) {
        rows_.clear();
        error_ = "Could not read products: " + result.status().ToString();
        return;
    }
    error_.clear();
    rows_ = std::move(result).value();
    for (const engine::ListingRow& row : rows_) {
        glyphs_.Scan(row.sku);
        glyphs_.Scan(row.name);
        glyphs_.Scan(row.status);
    }
    // The selection and the editor follow their product to its new row (or let go).
    const auto row_of = [this](const std::string& sku) {
        if (sku.empty()) return -1;
        for (size_t i = 0; i < rows_.size(); ++i) {
            if (rows_[i].sku == sku) return static_cast<int>(i);
        }
        return -1;
    };
    selected_row_ = row_of(selected_sku_);
    if (selected_row_ < 0) selected_sku_.clear();
    if (!editing_sku_.empty()) {
        editing_row_ = row_of(editing_sku_);
        if (editing_row_ < 0 && awaiting_serial_ == 0) editing_sku_.clear();
    }
}

// An inline edit moves the generation by itself: re-read only the edited product's rows and
// put them where they were, instead of every row (a frame of about a second at 300k rows).
// Anything else falls back to the full read: another change in between, a sort by the edited
// column, or the rows no longer matching the search.
bool ListingsView::PatchEditedRows(const ViewContext& ctx) {
    const ProductEditResult& edit = ctx.catalog->edit;
    if (!edit.ok || edit.generation_before != cached_generation_ ||
        edit.generation_after != ctx.generation) {
        return false;
    }
    const engine::ListingSort sort = cached_query_.sort;
    if ((edit.field == ProductField::kName && sort == engine::ListingSort::kName) ||
        (edit.field == ProductField::kListPrice && sort == engine::ListingSort::kPrice)) {
        return false;
    }
    engine::ListingQuery one = cached_query_;
    one.sku = edit.sku;
    Result<std::vector<engine::ListingRow>> fresh = ctx.engine->Listings(one);
    if (!fresh.ok()) return false;
    std::vector<size_t> at;
    for (size_t i = 0; i < rows_.size(); ++i) {
        if (rows_[i].sku == edit.sku) at.push_back(i);
    }
    std::vector<engine::ListingRow> rows = std::move(fresh).value();
    if (rows.size() != at.size()) return false;
    for (size_t i = 0; i < at.size(); ++i) {
        glyphs_.Scan(rows[i].name);
        rows_[at[i]] = std::move(rows[i]);
    }
    cached_generation_ = ctx.generation;
    ++patches_;
    return true;
}

void ListingsView::CheckEditResult(const ViewContext& ctx) {
    const ProductEditResult& result = ctx.catalog->edit;
    if (awaiting_serial_ == 0 || result.serial < awaiting_serial_) return;
    awaiting_serial_ = 0;
    if (result.ok) {
        editing_sku_.clear();
        edit_error_.clear();
        return;
    }
    // Refused: the editor stays open with what was typed, and says why.
    edit_error_ = result.error;
    focus_editor_ = true;
}

void ListingsView::Select(int row) {
    if (rows_.empty()) return;
    selected_row_ = std::clamp(row, 0, static_cast<int>(rows_.size()) - 1);
    selected_sku_ = rows_[static_cast<size_t>(selected_row_)].sku;
    scroll_to_selection_ = true;
}

void ListingsView::StartEdit(int row, ProductField field) {
    if (row < 0 || static_cast<size_t>(row) >= rows_.size()) return;
    const engine::ListingRow& r = rows_[static_cast<size_t>(row)];
    editing_sku_ = r.sku;
    editing_row_ = row;
    editing_field_ = field;
    NumberBuffer price;
    edit_text_ = field == ProductField::kName
                     ? r.name
                     : (r.list_price_minor ? FormatMoney(*r.list_price_minor, price) : "");
    edit_error_.clear();
    focus_editor_ = true;
    scroll_to_selection_ = true;
}

void ListingsView::HandleKeys(const ViewContext& ctx) {
    // Keys belong to a text field while one is active (the filter, the editor).
    if (ImGui::GetIO().WantTextInput || ImGui::IsAnyItemActive() || rows_.empty()) return;
    if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) return;
    const float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2.0f;
    const int page = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().y / row_h) - 2);
    const int last = static_cast<int>(rows_.size()) - 1;
    if (KeyPressed(ImGuiKey_DownArrow)) Select(selected_row_ < 0 ? 0 : selected_row_ + 1);
    if (KeyPressed(ImGuiKey_UpArrow)) Select(selected_row_ < 0 ? 0 : selected_row_ - 1);
    if (KeyPressed(ImGuiKey_PageDown)) Select(std::max(selected_row_, 0) + page);
    if (KeyPressed(ImGuiKey_PageUp)) Select(std::max(selected_row_, 0) - page);
    if (KeyPressed(ImGuiKey_Home)) Select(0);
    if (KeyPressed(ImGuiKey_End)) Select(last);
    if (selected_row_ >= 0 && !selected_sku_.empty()) {
        if (KeyPressed(ImGuiKey_Enter) || KeyPressed(ImGuiKey_KeyPadEnter)) {
            ctx.intents->Post(OpenProductIntent{selected_sku_});
        }
        // "e" edits the name, "p" the list price (typed characters, as "/" for the filter:
        // ImGui 1.86 maps no function keys).
        ImVector<ImWchar>& typed = ImGui::GetIO().InputQueueCharacters;
        for (const ImWchar c : typed) {
            if (c == 'e') StartEdit(selected_row_, ProductField::kName);
            if (c == 'p') StartEdit(selected_row_, ProductField::kListPrice);
        }
        if (editing()) typed.clear();  // the key opened the editor; it is not typed into it
    }
}

void ListingsView::DrawEmptyState(const ViewContext& ctx) {
    if (EmptyStatePanel(
            "No products yet",
            {"Upload your Amazon All Listings report: in Seller Central open Inventory > "
             "Inventory Reports, choose \"All Listings Report\", request it, then download the "
             ".txt file (tab-separated). Other marketplace reports and your own catalogue saved "
             "as CSV work too. Choose a file below or drop it anywhere on this page: you see what "
             "it would change before anything is imported.",
             "Everything stays in this browser on this device."},
            "Choose file...", !ctx.wizard->IsBusy())) {
        ctx.intents->Post(ChooseFileIntent{});
    }
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

// The inline editor in the current cell: Enter saves (App validates; a refusal keeps it open
// with the error), Escape or clicking elsewhere without changes cancels.
void ListingsView::DrawEditor(const ViewContext& ctx) {
    if (focus_editor_) {
        ImGui::SetKeyboardFocusHere();
        focus_editor_ = false;
    }
    const bool has_error = !edit_error_.empty();
    if (has_error) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.45f, 0.12f, 0.12f, 1.0f));
    ImGui::SetNextItemWidth(-1.0f);
    const ImGuiInputTextFlags flags =
        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll |
        (editing_field_ == ProductField::kListPrice ? ImGuiInputTextFlags_CharsDecimal : 0);
    // ImGui lets go of the field on Escape itself, so the key is read before it.
    const bool escape = KeyPressed(ImGuiKey_Escape);
    const bool enter = ImGui::InputText("##edit", &edit_text_, flags);
    if (has_error) ImGui::PopStyleColor();
    if (has_error && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", edit_error_.c_str());
    if (escape && (ImGui::IsItemActive() || ImGui::IsItemDeactivated())) {
        editing_sku_.clear();
        edit_error_.clear();
        return;
    }
    if (enter) {
        glyphs_.Scan(edit_text_);
        ctx.intents->Post(SaveProductFieldIntent{editing_sku_, editing_field_, edit_text_});
        awaiting_serial_ = ctx.catalog->edit.serial + 1;
    }
}

void ListingsView::DrawTable(const ViewContext& ctx) {
    // Columns share the width in proportion; below a useful minimum the table scrolls
    // sideways instead of crushing the names.
    const float font = ImGui::GetFontSize();
    const float min_width = font * 66.0f;
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
    const ImGuiTableColumnFlags no_sort = stretch | ImGuiTableColumnFlags_NoSort;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("SKU", stretch | ImGuiTableColumnFlags_DefaultSort, 1.5f,
                            id(engine::ListingSort::kSku));
    ImGui::TableSetupColumn("Name", stretch, 3.4f, id(engine::ListingSort::kName));
    ImGui::TableSetupColumn("GTIN", no_sort, 1.35f);
    ImGui::TableSetupColumn("Channel", no_sort, 0.9f);
    ImGui::TableSetupColumn("ASIN", no_sort, 1.3f);
    ImGui::TableSetupColumn("Price", stretch | ImGuiTableColumnFlags_PreferSortDescending, 0.8f,
                            id(engine::ListingSort::kPrice));
    ImGui::TableSetupColumn("List price", no_sort, 0.9f);
    ImGui::TableSetupColumn("Qty", stretch | ImGuiTableColumnFlags_PreferSortDescending, 0.6f,
                            id(engine::ListingSort::kQuantity));
    ImGui::TableSetupColumn("Fulfillment", stretch, 1.05f, id(engine::ListingSort::kFulfillment));
    ImGui::TableSetupColumn("Status", stretch, 0.9f, id(engine::ListingSort::kStatus));
    ImGui::TableSetupColumn("Opened", stretch, 1.0f, id(engine::ListingSort::kOpenedAt));
    ImGui::TableHeadersRow();
    ReadSortSpecs();
    scroll_y_ = ImGui::GetScrollY();
    const float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2.0f;
    if (scroll_to_selection_) {
        // Keeps the selected (or edited) row in view: above the top or below the bottom,
        // scroll just enough.
        scroll_to_selection_ = false;
        const int row = !editing_sku_.empty() && editing_row_ >= 0 ? editing_row_ : selected_row_;
        if (row >= 0) {
            const float top = static_cast<float>(row) * row_h;
            const float view = ImGui::GetWindowHeight() - row_h * 2.0f;
            if (top < scroll_y_) ImGui::SetScrollY(top);
            if (top + row_h > scroll_y_ + view) ImGui::SetScrollY(top + row_h - view);
        }
    }

    first_row_center_ = ImVec2(-1.0f, -1.0f);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.size()));
    // The edited row is drawn even when scrolled away, so its text field keeps its state.
    if (editing_row_ >= 0 && !editing_sku_.empty()) {
        clipper.ForceDisplayRangeByIndices(editing_row_, editing_row_ + 1);
    }
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const engine::ListingRow& row = rows_[static_cast<size_t>(i)];
            const bool editing_row = i == editing_row_ && row.sku == editing_sku_;
            NumberBuffer number;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(kColSku);
            ImGui::PushID(i);
            const bool selected = row.sku == selected_sku_;
            // Overlap (the editor's field over the row) only on the edited row: elsewhere it
            // would ignore a click that arrives with the pointer (a tap, a test's click).
            const ImGuiSelectableFlags select_flags =
                ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick |
                (editing_row ? ImGuiSelectableFlags_AllowItemOverlap : 0);
            if (ImGui::Selectable(row.sku.c_str(), selected, select_flags)) {
                selected_row_ = i;
                selected_sku_ = row.sku;
                if (ImGui::IsMouseDoubleClicked(0)) {
                    const float x = ImGui::GetIO().MousePos.x;
                    if (x >= name_x_ && x < name_x_ + name_w_) {
                        StartEdit(i, ProductField::kName);
                    } else if (x >= price_x_ && x < price_x_ + price_w_) {
                        StartEdit(i, ProductField::kListPrice);
                    } else {
                        ctx.intents->Post(OpenProductIntent{row.sku});
                    }
                }
            }
            if (first_row_center_.x < 0.0f) {
                const ImVec2 min = ImGui::GetItemRectMin();
                const ImVec2 max = ImGui::GetItemRectMax();
                first_row_center_ =
                    ImVec2(min.x + ImGui::GetFontSize() * 2.0f, (min.y + max.y) * 0.5f);
            }
            ImGui::TableSetColumnIndex(kColName);
            name_x_ = ImGui::GetCursorScreenPos().x;
            name_w_ = ImGui::GetColumnWidth();
            if (editing_row && editing_field_ == ProductField::kName) {
                DrawEditor(ctx);
            } else {
                CellText(row.name.c_str());
            }
            ImGui::TableSetColumnIndex(kColGtin);
            ImGui::TextUnformatted(row.gtin.c_str());
            ImGui::TableSetColumnIndex(kColChannel);
            if (row.channel.empty()) {
                ImGui::TextDisabled("not listed");
            } else {
                ImGui::TextUnformatted(row.channel.c_str());
            }
            ImGui::TableSetColumnIndex(kColAsin);
            ImGui::TextUnformatted(row.asin.c_str());
            ImGui::TableSetColumnIndex(kColPrice);
            if (row.price_minor.has_value())
                TextRightAligned(FormatMoney(*row.price_minor, number));
            ImGui::TableSetColumnIndex(kColListPrice);
            price_x_ = ImGui::GetCursorScreenPos().x;
            price_w_ = ImGui::GetColumnWidth();
            if (editing_row && editing_field_ == ProductField::kListPrice) {
                DrawEditor(ctx);
            } else if (row.list_price_minor.has_value()) {
                TextRightAligned(FormatMoney(*row.list_price_minor, number));
            }
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
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
