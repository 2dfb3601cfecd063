#include "views/product_detail_view.h"

#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "views/import_common.h"

namespace stocktake::web {
namespace {

// Height of a table showing `rows` rows (at most max_rows, then it scrolls) under its header.
float TableHeight(size_t rows, size_t max_rows) {
    const float row = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2.0f;
    const size_t shown = std::max<size_t>(1, std::min(rows, max_rows));
    return row * static_cast<float>(shown + 1) + ImGui::GetStyle().ScrollbarSize;
}

const char* ChannelLabel(const std::string& channel) {
    return channel.empty() ? "(not listed)" : channel.c_str();
}

}  // namespace

void ProductDetailView::Draw(const ViewContext& ctx) {
    const ProductDetailState& d = ctx.catalog->detail;
    if (ImGui::Button("< Products")) ctx.intents->Post(ShowScreenIntent{Screen::kListings});
    ImGui::SameLine();
    ImGui::TextUnformatted(d.sku.c_str());
    if (scanned_revision_ != ctx.catalog->revision) {
        scanned_revision_ = ctx.catalog->revision;
        for (const engine::ListingRow& row : d.rows) glyphs_.Scan(row.name);
        for (const engine::StockLevel& level : d.levels) glyphs_.Scan(level.location);
        for (const engine::Movement& m : d.ledger) glyphs_.Scan(m.reason);
    }
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
    ImGui::PushTextWrapPos(0.0f);
    if (!d.error.empty()) ImGui::TextColored(kImportErrorColor, "%s", d.error.c_str());
    if (!d.loaded) {
        ImGui::TextDisabled("Loading...");
        ImGui::PopTextWrapPos();
        return;
    }
    if (!d.found) {
        TextHint(
            "This product is not in the catalogue (it may have been deleted on another "
            "device). Go back to the products and choose another.");
        ImGui::PopTextWrapPos();
        return;
    }
    const engine::ListingRow& product = d.rows.front();
    ImGui::TextUnformatted(product.name.c_str());
    NumberBuffer price;
    ImGui::TextDisabled(
        "GTIN %s   List price %s", product.gtin.empty() ? "-" : product.gtin.c_str(),
        product.list_price_minor ? FormatMoney(*product.list_price_minor, price) : "-");
    ImGui::PopTextWrapPos();

    ImGui::BeginChild("detail", ImVec2(0.0f, 0.0f), false);
    ImGui::PushTextWrapPos(0.0f);  // the hints wrap on a phone instead of running off
    DrawListings(d);
    DrawStock(ctx, d);
    DrawLedger(d);
    DrawVelocity(d);
    DrawRestock(d);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

void ProductDetailView::DrawListings(const ProductDetailState& d) {
    if (!ImGui::CollapsingHeader("Listings per channel", ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (!BeginStretchTable("listings",
                           {{"Channel", 1.0f},
                            {"Listing / ASIN", 1.6f},
                            {"Price", 0.8f},
                            {"Qty", 0.6f},
                            {"Fulfillment", 1.0f},
                            {"Status", 0.9f}},
                           TableHeight(d.rows.size(), 6), ImGui::GetFontSize() * 30.0f)) {
        return;
    }
    for (const engine::ListingRow& row : d.rows) {
        NumberBuffer n;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(ChannelLabel(row.channel));
        if (!row.marketplace.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", row.marketplace.c_str());
        }
        ImGui::TableNextColumn();
        CellText(row.asin.empty() ? row.listing_id.c_str() : row.asin.c_str());
        ImGui::TableNextColumn();
        if (row.price_minor) TextRightAligned(FormatMoney(*row.price_minor, n));
        ImGui::TableNextColumn();
        if (row.quantity) {
            TextRightAligned(FormatCount(*row.quantity, n));
        } else if (row.fulfillment == "fba") {
            ImGui::TextDisabled("FBA");
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.fulfillment.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.status.c_str());
    }
    ImGui::EndTable();
}

void ProductDetailView::DrawStock(const ViewContext& ctx, const ProductDetailState& d) {
    if (!ImGui::CollapsingHeader("Stock per location", ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (d.levels.empty()) {
        TextHint(
            "No stock recorded for this product yet: receive or count it on the Stock & "
            "locations screen (or with the scanner).");
        return;
    }
    if (!BeginStretchTable("levels", {{"Location", 2.0f}, {"On hand", 1.0f}, {"", 1.2f}},
                           TableHeight(d.levels.size() + 1, 8))) {
        return;
    }
    int64_t total = 0;
    for (const engine::StockLevel& level : d.levels) total += level.on_hand;
    const auto row = [&](const std::string& location, const char* label, int64_t on_hand) {
        NumberBuffer n;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const bool shown = d.explain_location == location;
        if (shown) {
            ImGui::TextColored(kImportAccentColor, "%s", label);
        } else {
            ImGui::TextUnformatted(label);
        }
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(on_hand, n));
        ImGui::TableNextColumn();
        ImGui::PushID(label);
        if (!shown && ImGui::SmallButton("Why?")) {
            ctx.intents->Post(ExplainOnHandIntent{location});
        }
        ImGui::PopID();
    };
    row("", "All locations", total);
    for (const engine::StockLevel& level : d.levels) {
        row(level.location, level.location.c_str(), level.on_hand);
    }
    ImGui::EndTable();
}

void ProductDetailView::DrawLedger(const ProductDetailState& d) {
    NumberBuffer sum;
    char title[160];
    std::snprintf(title, sizeof(title), "Why is on-hand %s%s%s?###ledger",
                  FormatCount(d.ledger_sum, sum), d.explain_location.empty() ? "" : " at ",
                  d.explain_location.c_str());
    if (!ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (d.ledger.empty()) {
        TextHint("No movements: on-hand is 0 because nothing was received, sold or counted here.");
        return;
    }
    ImGui::TextDisabled("The movements that add up to it, oldest first.");
    if (!BeginStretchTable("ledger",
                           {{"When", 1.2f},
                            {"Kind", 1.0f},
                            {"Location", 1.0f},
                            {"Change", 0.6f},
                            {"Running", 0.7f},
                            {"Reason / reference", 2.0f}},
                           TableHeight(d.ledger.size(), 10), ImGui::GetFontSize() * 36.0f)) {
        return;
    }
    int64_t running = 0;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(d.ledger.size()));
    // The running total needs every earlier row, so sum up to the first drawn row first.
    int summed = 0;
    while (clipper.Step()) {
        for (; summed < clipper.DisplayStart; ++summed) {
            running += d.ledger[static_cast<size_t>(summed)].delta;
        }
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i, ++summed) {
            const engine::Movement& m = d.ledger[static_cast<size_t>(i)];
            running += m.delta;
            NumberBuffer when, delta, total;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatTimestamp(m.occurred_at, when));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(engine::MovementKindName(m.kind));
            ImGui::TableNextColumn();
            CellText(m.location.c_str());
            ImGui::TableNextColumn();
            std::snprintf(delta, sizeof(delta), "%+lld", static_cast<long long>(m.delta));
            TextRightAligned(delta);
            ImGui::TableNextColumn();
            TextRightAligned(FormatCount(running, total));
            ImGui::TableNextColumn();
            const std::string why =
                m.reference.empty()
                    ? m.reason
                    : (m.reason.empty() ? m.reference : m.reason + " (" + m.reference + ")");
            CellText(why.c_str());
        }
    }
    ImGui::EndTable();
}

void ProductDetailView::DrawVelocity(const ProductDetailState& d) {
    if (!ImGui::CollapsingHeader("Velocity and cover", ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (d.metrics.empty()) {
        TextHint("No figures yet.");
        return;
    }
    if (!BeginStretchTable("metrics",
                           {{"Channel", 1.1f},
                            {"7 d", 0.5f},
                            {"30 d", 0.5f},
                            {"90 d", 0.5f},
                            {"Per day", 0.7f},
                            {"Cover (days)", 0.9f},
                            {"Available", 0.8f},
                            {"Last sale", 1.1f}},
                           TableHeight(d.metrics.size(), 6), ImGui::GetFontSize() * 40.0f)) {
        return;
    }
    for (const engine::SkuMetrics& m : d.metrics) {
        NumberBuffer n;
        char text[32];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.channel.empty() ? "all channels" : m.channel.c_str());
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(m.units_7, n));
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(m.units_30, n));
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(m.units_90, n));
        ImGui::TableNextColumn();
        std::snprintf(text, sizeof(text), "%.2f", m.velocity);
        TextRightAligned(text);
        ImGui::TableNextColumn();
        if (m.days_of_cover) {
            std::snprintf(text, sizeof(text), "%.0f", *m.days_of_cover);
            TextRightAligned(text);
        } else {
            TextRightAligned("-");
        }
        ImGui::TableNextColumn();
        TextRightAligned(FormatCount(m.available, n));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.last_sale_at.empty() ? "never" : FormatDate(m.last_sale_at, n));
    }
    ImGui::EndTable();
}

void ProductDetailView::DrawRestock(const ProductDetailState& d) {
    if (!ImGui::CollapsingHeader("Restock", ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::PushTextWrapPos(0.0f);
    if (!d.plan_read) {
        TextHint(d.plan_updating ? "Working out the restock plan..."
                                 : "The restock plan could not be read.");
    } else if (!d.restock) {
        TextHint(
            "Nothing to order now: stock and inbound orders cover the demand over the lead "
            "time and review period plus safety stock.");
    } else {
        NumberBuffer n;
        ImGui::Text("Order %s%s%s", FormatCount(d.restock->quantity, n),
                    d.restock->supplier.empty() ? "" : " from ", d.restock->supplier.c_str());
        ImGui::TextUnformatted(d.restock->derivation.c_str());
    }
    ImGui::PopTextWrapPos();
}

}  // namespace stocktake::web
