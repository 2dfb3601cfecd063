#include "views/purchasing_view.h"

#include <algorithm>
#include <cinttypes>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "views/import_common.h"
#include "views/operations_common.h"

namespace stocktake::web {
namespace {

constexpr const char* kReceivePopup = "Receive goods?";
constexpr const char* kCancelPopup = "Cancel purchase order?";

const std::vector<std::string> kStatuses = {"",
                                            engine::kPoDraft,
                                            engine::kPoOrdered,
                                            engine::kPoPartiallyReceived,
                                            engine::kPoReceived,
                                            engine::kPoCancelled};
const std::vector<std::string> kStatusLabels = {"All purchase orders", "Drafts",   "Ordered",
                                                "Partly received",     "Received", "Cancelled"};

int64_t Open(const engine::PoLine& line) {
    return std::max<int64_t>(0, line.quantity_ordered - line.quantity_received);
}

bool CanReceive(const engine::PurchaseOrder& po) {
    return po.status == engine::kPoOrdered || po.status == engine::kPoPartiallyReceived;
}

bool CanCancel(const engine::PurchaseOrder& po) {
    return po.status == engine::kPoDraft || CanReceive(po);
}

// A popup as wide as the screen allows, up to `ems` font sizes.
void SizeNextPopup(float ems) {
    const float font = ImGui::GetFontSize();
    const float screen = ImGui::GetMainViewport()->WorkSize.x - font;
    ImGui::SetNextWindowSizeConstraints(ImVec2(std::min(font * 18.0f, screen), 0.0f),
                                        ImVec2(std::min(font * ems, screen), font * 30.0f));
}

// What a PO holds, in the words of its list: "3 of 50" units received.
struct PoProgress {
    int64_t ordered = 0;
    int64_t received = 0;
};

PoProgress Progress(const engine::PurchaseOrder& po) {
    PoProgress p;
    for (const engine::PoLine& l : po.lines) {
        p.ordered += l.quantity_ordered;
        p.received += l.quantity_received;
    }
    return p;
}

// A phone gets one block per PO (its id to tap, the rest in a line under it): the
// six-column table scrolled sideways there.
void DrawPoBlocks(const ViewContext& ctx) {
    const PurchasingState& state = ctx.operations->purchasing;
    ImGui::BeginChild("pos", ImVec2(0.0f, 0.0f), true);
    for (size_t i = 0; i < state.pos.size(); ++i) {
        const engine::PurchaseOrder& po = state.pos[i];
        const PoProgress p = Progress(po);
        const bool open = state.open.has_value() && state.open->id == po.id;
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(po.id.c_str(), open)) {
            PostOperation(ctx.intents, OpenPoIntent{open ? "" : po.id});
        }
        ImGui::PopID();
        NumberBuffer created;
        NumberBuffer lines;
        NumberBuffer received;
        NumberBuffer ordered;
        ImGui::Indent();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s, %s, created %s; %s %s, %s of %s received", po.supplier_id.c_str(),
                            StatusName(po.status), FormatDate(po.created_at, created),
                            FormatCount(static_cast<int64_t>(po.lines.size()), lines),
                            po.lines.size() == 1 ? "line" : "lines",
                            FormatCount(p.received, received), FormatCount(p.ordered, ordered));
        ImGui::PopTextWrapPos();
        ImGui::Unindent();
    }
    ImGui::EndChild();
}

void DrawPoList(const ViewContext& ctx) {
    if (ctx.narrow) {
        DrawPoBlocks(ctx);
        return;
    }
    const PurchasingState& state = ctx.operations->purchasing;
    if (!BeginStretchTable("pos",
                           {{"PO", 1.4f},
                            {"Supplier", 1.0f},
                            {"Status", 0.9f},
                            {"Created", 0.8f},
                            {"Lines", 0.4f},
                            {"Received", 0.8f}},
                           0.0f, ImGui::GetFontSize() * 28.0f)) {
        return;
    }
    for (size_t i = 0; i < state.pos.size(); ++i) {
        const engine::PurchaseOrder& po = state.pos[i];
        const PoProgress p = Progress(po);
        const bool open = state.open.has_value() && state.open->id == po.id;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(po.id.c_str(), open, ImGuiSelectableFlags_SpanAllColumns)) {
            PostOperation(ctx.intents, OpenPoIntent{open ? "" : po.id});
        }
        ImGui::PopID();
        ImGui::TableNextColumn();
        CellText(po.supplier_id.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(StatusName(po.status));
        ImGui::TableNextColumn();
        NumberBuffer n;
        ImGui::TextUnformatted(FormatDate(po.created_at, n));
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(static_cast<int64_t>(po.lines.size()), n));
        ImGui::TableNextColumn();
        NumberBuffer m;
        char text[80];
        std::snprintf(text, sizeof(text), "%s of %s", FormatCount(p.received, n),
                      FormatCount(p.ordered, m));
        TextRightAligned(text);
    }
    ImGui::EndTable();
}

}  // namespace

void PurchasingView::Draw(const ViewContext& ctx) {
    const PurchasingState& state = ctx.operations->purchasing;
    Follow(state, ctx.operations->revision);
    DrawOutcome(state.outcome);
    DrawError(state.error);
    if (ImGui::BeginTabBar("purchasing")) {
        if (ImGui::BeginTabItem("Purchase orders")) {
            DrawOrders(ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Suppliers")) {
            DrawSuppliers(ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Vendor prices")) {
            DrawVendorPrices(ctx);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void PurchasingView::Follow(const PurchasingState& state, uint64_t revision) {
    if (revision == followed_revision_) return;
    followed_revision_ = revision;
    const std::string open_id = state.open.has_value() ? state.open->id : "";
    const bool same_po = open_id == followed_po_;
    followed_po_ = open_id;
    if (!state.open.has_value()) return;
    const engine::PurchaseOrder& po = *state.open;
    line_qty_.clear();
    receive_qty_.clear();
    for (const engine::PoLine& line : po.lines) {
        line_qty_.push_back(static_cast<int>(line.quantity_ordered));
        receive_qty_.push_back(static_cast<int>(Open(line)));
    }
    if (!same_po || receive_location_.empty()) {
        receive_location_ = state.locations.empty() ? "MAIN" : state.locations.front();
    }
}

void PurchasingView::DrawOrders(const ViewContext& ctx) {
    const PurchasingState& state = ctx.operations->purchasing;
    std::string status = state.status_filter;
    if (StringCombo("##po_status", kStatuses, kStatusLabels, &status, FieldWidth(11.0f))) {
        PostOperation(ctx.intents, FilterPosIntent{status});
    }
    // A new, empty draft for a supplier.
    if (!state.suppliers.empty()) {
        std::vector<std::string> ids;
        std::vector<std::string> names;
        for (const engine::Supplier& s : state.suppliers) {
            ids.push_back(s.id);
            names.push_back(s.name.empty() ? s.id : s.name);
        }
        if (new_po_supplier_.empty()) new_po_supplier_ = ids.front();
        const float combo = ImGui::GetFontSize() * 11.0f;
        SameLineIfFits(combo + ImGui::GetStyle().ItemSpacing.x + ButtonWidth("New draft"));
        StringCombo("##new_po_supplier", ids, names, &new_po_supplier_, FieldWidth(11.0f));
        ImGui::SameLine();
        if (ImGui::Button("New draft")) {
            PostOperation(ctx.intents, CreatePoIntent{new_po_supplier_});
        }
    }
    if (state.open.has_value()) DrawOpenPo(ctx);
    if (state.pos.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        TextHint(state.suppliers.empty()
                     ? "No purchase orders yet. Add a supplier (Suppliers tab) and its prices "
                       "(import a supplier price sheet), then use \"Create draft purchase "
                       "orders\" on the Restock plan, or New draft here."
                     : "No purchase orders here yet: New draft starts one, or the Restock plan "
                       "creates drafts from what needs ordering.");
        ImGui::PopTextWrapPos();
        return;
    }
    DrawPoList(ctx);
}

void PurchasingView::DrawOpenPo(const ViewContext& ctx) {
    const engine::PurchaseOrder& po = *ctx.operations->purchasing.open;
    ImGui::Separator();
    ImGui::TextColored(kImportAccentColor, "%s", po.id.c_str());
    NumberBuffer when;
    NumberBuffer expected;
    std::string about = std::string(StatusName(po.status)) + " from " + po.supplier_id +
                        ", created " + FormatDate(po.created_at, when);
    if (!po.expected_at.empty())
        about += ", expected " + std::string(FormatDate(po.expected_at, expected));
    SameLineIfFits(ImGui::CalcTextSize(about.c_str()).x);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", about.c_str());
    ImGui::PopStyleColor();
    if (po.status == engine::kPoDraft) {
        DrawDraftLines(ctx, po);
    } else {
        DrawReceiveLines(po);
    }
    ImGui::BeginDisabled(po.status != engine::kPoDraft || po.lines.empty());
    if (ImGui::Button("Mark ordered")) PostOperation(ctx.intents, OrderPoIntent{po.id});
    ImGui::EndDisabled();
    SameLineIfFits(ButtonWidth("Receive..."));
    ImGui::BeginDisabled(!CanReceive(po));
    if (ImGui::Button("Receive...")) ImGui::OpenPopup(kReceivePopup);
    ImGui::EndDisabled();
    SameLineIfFits(ButtonWidth("Cancel PO..."));
    ImGui::BeginDisabled(!CanCancel(po));
    if (ImGui::Button("Cancel PO...")) ImGui::OpenPopup(kCancelPopup);
    ImGui::EndDisabled();
    SameLineIfFits(ButtonWidth("Close"));
    if (ImGui::Button("Close")) PostOperation(ctx.intents, OpenPoIntent{});
    DrawReceiveConfirmation(ctx, po);
    DrawCancelConfirmation(ctx, po);
    ImGui::Separator();
}

void PurchasingView::DrawDraftLines(const ViewContext& ctx, const engine::PurchaseOrder& po) {
    const float font = ImGui::GetFontSize();
    if (po.lines.empty()) TextHint("No lines yet: add a SKU below.");
    for (size_t i = 0; i < po.lines.size() && i < line_qty_.size(); ++i) {
        const engine::PoLine& line = po.lines[i];
        glyphs_.Scan(line.sku);
        ImGui::PushID(static_cast<int>(i));
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(line.sku.c_str());
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), font * 9.0f));
        ImGui::SetNextItemWidth(FieldWidth(7.0f));
        ImGui::InputInt("##qty", &line_qty_[i]);
        ImGui::SameLine();
        ImGui::BeginDisabled(line_qty_[i] == line.quantity_ordered || line_qty_[i] <= 0);
        if (ImGui::SmallButton("Save")) {
            engine::PoLine changed = line;
            changed.quantity_ordered = line_qty_[i];
            PostOperation(ctx.intents, SetPoLineIntent{po.id, changed});
        }
        ImGui::EndDisabled();
        SameLineIfFits(ButtonWidth("Remove"));
        if (ImGui::SmallButton("Remove")) {
            PostOperation(ctx.intents, RemovePoLineIntent{po.id, line.sku});
        }
        ImGui::PopID();
    }
    ImGui::SetNextItemWidth(FieldWidth(8.0f));
    ImGui::InputTextWithHint("##add_sku", "SKU", &add_sku_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(FieldWidth(7.0f));
    ImGui::InputInt("##add_qty", &add_qty_);
    ImGui::SameLine();
    ImGui::BeginDisabled(add_sku_.empty() || add_qty_ <= 0);
    if (ImGui::Button("Add line")) {
        engine::PoLine line;
        line.sku = add_sku_;
        line.quantity_ordered = add_qty_;
        PostOperation(ctx.intents, SetPoLineIntent{po.id, line});
        add_sku_.clear();
        add_qty_ = 1;
    }
    ImGui::EndDisabled();
}

void PurchasingView::DrawReceiveLines(const engine::PurchaseOrder& po) {
    const bool receiving = CanReceive(po);
    const float rows = static_cast<float>(po.lines.size()) + 1.3f;
    if (!BeginStretchTable("po_lines",
                           {{"SKU", 1.4f},
                            {"Ordered", 0.6f},
                            {"Received", 0.6f},
                            {receiving ? "Arriving now" : "Open", 1.0f}},
                           std::min(rows, 9.0f) * ImGui::GetFrameHeightWithSpacing(),
                           ImGui::GetFontSize() * 22.0f)) {
        return;
    }
    for (size_t i = 0; i < po.lines.size(); ++i) {
        const engine::PoLine& line = po.lines[i];
        glyphs_.Scan(line.sku);
        NumberBuffer n;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        CellText(line.sku.c_str());
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(line.quantity_ordered, n));
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(line.quantity_received, n));
        ImGui::TableNextColumn();
        if (receiving && i < receive_qty_.size()) {
            ImGui::PushID(static_cast<int>(i));
            ImGui::SetNextItemWidth(-1.0f);
            ImGui::InputInt("##receive", &receive_qty_[i]);
            receive_qty_[i] = std::max(0, receive_qty_[i]);
            ImGui::PopID();
        } else {
            TextRightAligned(FormatCount(Open(line), n));
        }
    }
    ImGui::EndTable();
}

// What receiving would do, line by line, before anything moves.
void PurchasingView::DrawReceiveConfirmation(const ViewContext& ctx,
                                             const engine::PurchaseOrder& po) {
    SizeNextPopup(30.0f);
    if (!ImGui::BeginPopupModal(kReceivePopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        return;
    }
    const PurchasingState& state = ctx.operations->purchasing;
    engine::PoReceipt receipt;
    receipt.po_id = po.id;
    bool over = false;
    for (size_t i = 0; i < po.lines.size() && i < receive_qty_.size(); ++i) {
        if (receive_qty_[i] <= 0) continue;
        const engine::PoLine& line = po.lines[i];
        receipt.lines.push_back({line.sku, receive_qty_[i]});
        const int64_t after = line.quantity_received + receive_qty_[i];
        over |= after > line.quantity_ordered;
        NumberBuffer a;
        NumberBuffer b;
        NumberBuffer c;
        ImGui::BulletText("%s: +%s on hand (received %s of %s)", line.sku.c_str(),
                          FormatCount(receive_qty_[i], a), FormatCount(after, b),
                          FormatCount(line.quantity_ordered, c));
    }
    if (receipt.lines.empty()) TextHint("Nothing to receive: type the units arriving now.");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Into");
    ImGui::SameLine();
    StringCombo("##location", state.locations, {}, &receive_location_, FieldWidth(10.0f));
    receipt.location = receive_location_;
    if (over) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        ImGui::TextColored(kImportWarnColor,
                           "More than was ordered arrives: the excess is received and reported.");
        ImGui::PopTextWrapPos();
    }
    receipt.allow_over = over;
    ImGui::BeginDisabled(receipt.lines.empty());
    if (ImGui::Button("Receive")) {
        PostOperation(ctx.intents, ReceivePoIntent{receipt});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Back")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void PurchasingView::DrawCancelConfirmation(const ViewContext& ctx,
                                            const engine::PurchaseOrder& po) {
    SizeNextPopup(26.0f);
    if (!ImGui::BeginPopupModal(kCancelPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        return;
    }
    int64_t open = 0;
    for (const engine::PoLine& line : po.lines) open += Open(line);
    NumberBuffer n;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
    ImGui::Text("%s will be cancelled: %s unit(s) not yet received will no longer be expected.",
                po.id.c_str(), FormatCount(open, n));
    TextHint("What was received stays in stock. A cancelled PO cannot be reopened.");
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Cancel the PO")) {
        PostOperation(ctx.intents, CancelPoIntent{po.id});
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Keep it")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void PurchasingView::DrawSuppliers(const ViewContext& ctx) {
    const PurchasingState& state = ctx.operations->purchasing;
    // The form: a new supplier, or the one selected below.
    const float width = FieldWidth(14.0f);
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint("Id", "e.g. ACME (as on price sheets)", &supplier_.id);
    ImGui::SetNextItemWidth(width);
    ImGui::InputText("Name", &supplier_.name);
    ImGui::SetNextItemWidth(width);
    ImGui::InputText("Email", &supplier_.email);
    ImGui::SetNextItemWidth(width);
    ImGui::InputInt("Lead time (days)", &supplier_lead_);
    ImGui::SetNextItemWidth(width);
    ImGui::InputText("Notes", &supplier_.notes);
    ImGui::BeginDisabled(supplier_.id.empty());
    if (ImGui::Button("Save supplier")) {
        engine::Supplier saved = supplier_;
        if (supplier_lead_ > 0) saved.lead_time_days = supplier_lead_;
        PostOperation(ctx.intents, SaveSupplierIntent{saved});
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("New")) {
        supplier_ = engine::Supplier();
        supplier_lead_ = 0;
    }
    if (state.suppliers.empty()) {
        TextHint("No suppliers yet: fill in the form to add the first.");
        return;
    }
    if (!BeginStretchTable("suppliers",
                           {{"Id", 0.8f}, {"Name", 1.2f}, {"Email", 1.2f}, {"Lead time", 0.6f}},
                           0.0f, ImGui::GetFontSize() * 24.0f)) {
        return;
    }
    for (size_t i = 0; i < state.suppliers.size(); ++i) {
        const engine::Supplier& s = state.suppliers[i];
        glyphs_.Scan(s.name);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(s.id.c_str(), s.id == supplier_.id,
                              ImGuiSelectableFlags_SpanAllColumns)) {
            supplier_ = s;
            supplier_lead_ = static_cast<int>(s.lead_time_days.value_or(0));
        }
        ImGui::PopID();
        ImGui::TableNextColumn();
        CellText(s.name.c_str());
        ImGui::TableNextColumn();
        CellText(s.email.c_str());
        ImGui::TableNextColumn();
        NumberBuffer n;
        TextRightAligned(s.lead_time_days ? FormatCount(*s.lead_time_days, n) : "-");
    }
    ImGui::EndTable();
}

void PurchasingView::DrawVendorPrices(const ViewContext& ctx) {
    const PurchasingState& state = ctx.operations->purchasing;
    if (state.vendor_prices.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        TextHint(
            "No vendor prices yet: import a supplier's price sheet (Listings, Choose "
            "file). The restock plan orders from the cheapest valid price.");
        ImGui::PopTextWrapPos();
        return;
    }
    ImGui::SetNextItemWidth(FieldWidth(12.0f));
    ImGui::InputTextWithHint("##price_filter", "Filter by SKU or supplier", &price_filter_);
    if (!BeginStretchTable("vendor_prices",
                           {{"Supplier", 1.0f},
                            {"SKU", 1.2f},
                            {"Cost", 0.7f},
                            {"MOQ", 0.5f},
                            {"Pack", 0.5f},
                            {"Lead", 0.5f}},
                           0.0f, ImGui::GetFontSize() * 24.0f)) {
        return;
    }
    for (const engine::VendorPrice& p : state.vendor_prices) {
        if (!price_filter_.empty() && p.sku.find(price_filter_) == std::string::npos &&
            p.supplier.find(price_filter_) == std::string::npos) {
            continue;
        }
        NumberBuffer n;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        CellText(p.supplier.c_str());
        ImGui::TableNextColumn();
        CellText(p.sku.c_str());
        ImGui::TableNextColumn();
        TextRightAligned(FormatE4Price(p.cost, n));
        ImGui::TableNextColumn();
        TextRightAligned(p.moq ? FormatCount(*p.moq, n) : "-");
        ImGui::TableNextColumn();
        TextRightAligned(p.pack_size ? FormatCount(*p.pack_size, n) : "-");
        ImGui::TableNextColumn();
        TextRightAligned(p.lead_time_days ? FormatCount(*p.lead_time_days, n) : "-");
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
