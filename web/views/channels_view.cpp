#include "views/channels_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "views/import_common.h"
#include "views/operations_common.h"

namespace stocktake::web {
namespace {

// SimulatedListing::decided_by as the seller reads it.
const char* DecidedBy(const std::string& step) {
    if (step == "out_of_stock") return "nothing available";
    if (step == "zero_below") return "below the buffer";
    if (step == "available") return "all available";
    if (step == "percent") return "% of available";
    if (step == "min_quantity") return "minimum";
    if (step == "max_quantity") return "capped";
    if (step == "channel_stock") return "channel holds stock";
    if (step == "stock_not_tracked") return "no stock recorded";
    return step.c_str();
}

bool Has(const engine::ChannelInfo& c, const char* feature) {
    return std::find(c.features.begin(), c.features.end(), feature) != c.features.end();
}

}  // namespace

void ChannelsView::Follow(const ChannelsState& state, uint64_t revision) {
    if (revision == followed_revision_) return;
    followed_revision_ = revision;
    const engine::ChannelRules& r = state.rules;
    capped_ = r.max_quantity.has_value();
    max_ = static_cast<int>(r.max_quantity.value_or(0));
    percent_ = static_cast<int>(r.percent_of_available);
    min_ = static_cast<int>(r.min_quantity);
    zero_below_ = static_cast<int>(r.zero_below);
    delay_set_ = r.update_delay_minutes.has_value();
    delay_ = static_cast<int>(r.update_delay_minutes.value_or(0));
    fee_percent_.assign(state.channels.size(), 0.0f);
    fee_fixed_.assign(state.channels.size(), 0);
    for (size_t i = 0; i < state.channels.size(); ++i) {
        for (const engine::ChannelFee& fee : state.fees) {
            if (fee.channel != state.channels[i].id) continue;
            fee_percent_[i] = static_cast<float>(fee.percent_bp) / 100.0f;
            fee_fixed_[i] = static_cast<int>(fee.fixed_minor);
        }
    }
}

void ChannelsView::Draw(const ViewContext& ctx) {
    const ChannelsState& state = ctx.operations->channels;
    Follow(state, ctx.operations->revision);
    DrawOutcome(state.outcome);
    DrawError(state.error);
    // One button per channel; the shown one highlighted.
    for (size_t i = 0; i < state.channels.size(); ++i) {
        const engine::ChannelInfo& c = state.channels[i];
        if (i > 0) ImGui::SameLine();
        const bool shown = c.id == state.shown;
        if (shown) {
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        }
        if (ImGui::Button(c.display_name.c_str()) && !shown) {
            PostOperation(ctx.intents, OpenChannelIntent{c.id});
        }
        if (shown) ImGui::PopStyleColor();
    }
    if (state.shown.empty()) return;
    if (ImGui::BeginTabBar("channel_tabs")) {
        if (ImGui::BeginTabItem("Rules and simulator")) {
            DrawRules(ctx);
            DrawFiles(ctx);
            DrawSimulation(ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Fees")) {
            DrawFees(ctx);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void ChannelsView::DrawRules(const ViewContext& ctx) {
    const ChannelsState& state = ctx.operations->channels;
    const float width = FieldWidth(7.0f);
    ImGui::Checkbox("Cap listed quantity at", &capped_);
    ImGui::SameLine();
    ImGui::BeginDisabled(!capped_);
    ImGui::SetNextItemWidth(width);
    ImGui::InputInt("##max", &max_);
    ImGui::EndDisabled();
    ImGui::SetNextItemWidth(width);
    ImGui::SliderInt("% of available", &percent_, 0, 100);
    ImGui::SetNextItemWidth(width);
    ImGui::InputInt("Minimum listed", &min_);
    ImGui::SetNextItemWidth(width);
    ImGui::InputInt("Show 0 below (units)", &zero_below_);
    ImGui::Checkbox("Update delay (minutes)", &delay_set_);
    ImGui::SameLine();
    ImGui::BeginDisabled(!delay_set_);
    ImGui::SetNextItemWidth(width);
    ImGui::InputInt("##delay", &delay_);
    ImGui::EndDisabled();
    max_ = std::max(0, max_);
    min_ = std::max(0, min_);
    zero_below_ = std::max(0, zero_below_);
    delay_ = std::clamp(delay_, 0, 43200);
    engine::ChannelRules rules;
    rules.channel = state.shown;
    if (capped_) rules.max_quantity = max_;
    rules.percent_of_available = percent_;
    rules.min_quantity = min_;
    rules.zero_below = zero_below_;
    if (delay_set_) rules.update_delay_minutes = delay_;
    const engine::ChannelRules& saved = state.rules;
    const bool changed = rules.max_quantity != saved.max_quantity ||
                         rules.percent_of_available != saved.percent_of_available ||
                         rules.min_quantity != saved.min_quantity ||
                         rules.zero_below != saved.zero_below ||
                         rules.update_delay_minutes != saved.update_delay_minutes;
    ImGui::BeginDisabled(!changed);
    if (ImGui::Button("Save rules")) PostOperation(ctx.intents, SaveChannelRulesIntent{rules});
    ImGui::EndDisabled();
    ImGui::SameLine();
    TextHint(changed ? "Not saved yet: the simulator shows the saved rules."
                     : "The simulator below shows these rules.");
}

void ChannelsView::DrawFiles(const ViewContext& ctx) {
    const ChannelsState& state = ctx.operations->channels;
    for (const engine::ChannelInfo& c : state.channels) {
        if (c.id != state.shown) continue;
        struct File {
            const char* feature;
            engine::BulkFileKind kind;
            const char* label;
        };
        static constexpr File kFiles[] = {
            {engine::kFeatureQuantityFile, engine::BulkFileKind::kQuantity, "Quantity file"},
            {engine::kFeaturePriceFile, engine::BulkFileKind::kPrice, "Price file"},
            {engine::kFeatureDelistFile, engine::BulkFileKind::kDelist, "Delist file"},
        };
        std::vector<const char*> labels;
        std::vector<const File*> files;
        for (const File& f : kFiles) {
            if (!Has(c, f.feature)) continue;
            labels.push_back(f.label);
            files.push_back(&f);
        }
        if (files.empty()) return;
        ImGui::TextDisabled("Files to upload to %s, after these rules:", c.display_name.c_str());
        ButtonRow buttons(labels);
        for (size_t i = 0; i < files.size(); ++i) {
            if (buttons.Button(i)) {
                PostOperation(ctx.intents, DownloadBulkFileIntent{c.id, files[i]->kind});
            }
        }
    }
}

void ChannelsView::DrawSimulation(const ViewContext& ctx) {
    const ChannelsState& state = ctx.operations->channels;
    if (state.simulation.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        TextHint(
            "No listings on this channel yet: import the channel's listings report "
            "(Listings, Choose file) to see what each listing would show.");
        ImGui::PopTextWrapPos();
        return;
    }
    int64_t at_risk = 0;
    for (const engine::SimulatedListing& l : state.simulation) at_risk += l.oversell_risk ? 1 : 0;
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%zu listing(s); %lld at risk of overselling before the channel updates",
                       state.simulation.size(), static_cast<long long>(at_risk));
    ImGui::PopStyleColor();
    if (!BeginStretchTable("simulation",
                           {{"SKU", 1.3f},
                            {"Market", 0.5f},
                            {"Available", 0.6f},
                            {"Listed", 0.5f},
                            {"Would show", 0.6f},
                            {"Why", 0.9f},
                            {"Sold/day", 0.5f},
                            {"Risk", 0.7f}},
                           0.0f, ImGui::GetFontSize() * 36.0f)) {
        return;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(state.simulation.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const engine::SimulatedListing& l = state.simulation[static_cast<size_t>(i)];
            glyphs_.Scan(l.sku);
            NumberBuffer n;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            CellText(l.sku.c_str());
            ImGui::TableNextColumn();
            CellText(l.marketplace.c_str());
            ImGui::TableNextColumn();
            TextRightAligned(FormatCount(l.available, n));
            ImGui::TableNextColumn();
            TextRightAligned(l.listed ? FormatCount(*l.listed, n) : "-");
            ImGui::TableNextColumn();
            // No figure: the channel holds the stock (FBA), or the ledger knows none.
            TextRightAligned(l.would_show ? FormatCount(*l.would_show, n) : "-");
            ImGui::TableNextColumn();
            CellText(DecidedBy(l.decided_by));
            ImGui::TableNextColumn();
            std::snprintf(n, sizeof(n), "%.2f", l.velocity_per_day);
            TextRightAligned(n);
            ImGui::TableNextColumn();
            if (l.oversell_risk) {
                std::snprintf(n, sizeof(n), "oversell (%.1f)", l.sales_during_delay);
                ImGui::TextColored(kImportErrorColor, "%s", n);
            } else {
                ImGui::TextDisabled("-");
            }
        }
    }
    ImGui::EndTable();
}

void ChannelsView::DrawFees(const ViewContext& ctx) {
    const ChannelsState& state = ctx.operations->channels;
    ImGui::PushTextWrapPos(0.0f);
    TextHint(
        "Each channel's fee on a sale: a percentage of the price plus a fixed amount. "
        "Margins and the SKU score use them.");
    ImGui::PopTextWrapPos();
    const float width = FieldWidth(6.0f);
    for (size_t i = 0; i < state.channels.size() && i < fee_percent_.size(); ++i) {
        const engine::ChannelInfo& c = state.channels[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(c.display_name.c_str());
        ImGui::SameLine(ImGui::GetFontSize() * 6.0f);
        ImGui::SetNextItemWidth(width);
        ImGui::InputFloat("%", &fee_percent_[i], 0.0f, 0.0f, "%.2f");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(width);
        ImGui::InputInt("cents", &fee_fixed_[i], 0);
        fee_percent_[i] = std::clamp(fee_percent_[i], 0.0f, 100.0f);
        fee_fixed_[i] = std::max(0, fee_fixed_[i]);
        ImGui::SameLine();
        if (ImGui::SmallButton("Save")) {
            engine::ChannelFee fee;
            fee.channel = c.id;
            fee.percent_bp = static_cast<int64_t>(std::lround(fee_percent_[i] * 100.0f));
            fee.fixed_minor = fee_fixed_[i];
            PostOperation(ctx.intents, SaveChannelFeeIntent{fee});
        }
        ImGui::PopID();
    }
}

}  // namespace stocktake::web
