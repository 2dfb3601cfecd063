#include "views/insights_view.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "imgui.h"
#include "views/import_common.h"

namespace stocktake::web {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxMetricColumns = 8;  // all channels + up to 7 channels side by side

// "days_without_sale" -> "days without sale".
std::string Spaced(const std::string& key) {
    std::string text = key;
    std::replace(text.begin(), text.end(), '_', ' ');
    return text;
}

std::string ScalarText(const Json& value) {
    if (value.is_null()) return "none";
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

// The thresholds a kind compares with (settings): shown after the numbers they judge.
bool IsThreshold(const std::string& key) {
    return key == "slow_days" || key == "aged_days" || key == "overstock_days_of_cover" ||
           key == "window_days";
}

// One detail: "on hand 3"; a list of objects (negative locations, channels to move stock
// to) as "to: ebay 12 3; woot 0 5".
std::string DetailText(const std::string& key, const Json& value) {
    std::string text = Spaced(key);
    if (!value.is_array()) return text + " " + ScalarText(value);
    text += ":";
    for (size_t i = 0; i < value.size(); ++i) {
        text += i == 0 ? " " : "; ";
        const Json& item = value[i];
        if (!item.is_object()) {
            text += ScalarText(item);
            continue;
        }
        bool first = true;
        for (const auto& [item_key, item_value] : item.items()) {
            text += (first ? "" : " ") + Spaced(item_key) + " " + ScalarText(item_value);
            first = false;
        }
    }
    return text;
}

// The details' numbers on one line, thresholds last: "listing age days 1715 (limit: aged
// days 180)".
std::string KeyNumbers(const std::string& details) {
    const Json parsed = Json::parse(details, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return details;
    std::string numbers;
    std::string limits;
    for (const auto& [key, value] : parsed.items()) {
        if (value.is_string() && value.get<std::string>().empty()) continue;
        std::string& text = IsThreshold(key) ? limits : numbers;
        if (!text.empty()) text += ", ";
        text += DetailText(key, value);
    }
    if (limits.empty()) return numbers;
    return numbers + (numbers.empty() ? "" : " ") + "(limit: " + limits + ")";
}

const char* ChannelName(const std::string& channel) {
    return channel.empty() ? "all channels" : channel.c_str();
}

const char* FormatFixed(double value, int decimals, NumberBuffer& out) {
    std::snprintf(out, sizeof(out), "%.*f", decimals, value);
    return out;
}

// Costs and margins are in 10^-4 of the currency: shown to the cent.
const char* FormatE4(int64_t value, NumberBuffer& out) {
    return FormatFixed(static_cast<double>(value) / 10000.0, 2, out);
}

void MetricRow(const char* label, const std::vector<engine::SkuMetrics>& metrics, size_t columns,
               const char* (*format)(const engine::SkuMetrics&, NumberBuffer&)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(label);
    for (size_t i = 0; i < columns; ++i) {
        ImGui::TableNextColumn();
        NumberBuffer n;
        TextRightAligned(format(metrics[i], n));
    }
}

// A "units sold" row: each number opens the order lines behind it (OpenSalesIntent).
void UnitsRow(const char* label, const std::vector<engine::SkuMetrics>& metrics, size_t columns,
              int64_t days, int64_t (*units)(const engine::SkuMetrics&), IntentQueue* intents) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(label);
    for (size_t i = 0; i < columns; ++i) {
        ImGui::TableNextColumn();
        NumberBuffer n;
        const char* text = FormatCount(units(metrics[i]), n);
        const float width = ImGui::CalcTextSize(text).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                             std::max(0.0f, ImGui::GetContentRegionAvail().x - width));
        ImGui::PushID(static_cast<int>(days * 100 + static_cast<int64_t>(i)));
        if (ImGui::SmallButton(text)) {
            PostOperation(intents, OpenSalesIntent{metrics[i].sku, metrics[i].channel, days});
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("The order lines behind this number");
        ImGui::PopID();
    }
}

// The numbers behind an insight: the SKU's metrics over all channels, then per channel.
void DrawMetrics(const InsightsState& state, IntentQueue* intents) {
    ImGui::Text("%s (%s): the numbers behind it", state.selected_sku.c_str(),
                InsightKindName(state.selected_kind));
    if (!state.metrics_error.empty()) {
        ImGui::TextColored(kImportErrorColor, "%s", state.metrics_error.c_str());
        return;
    }
    const std::vector<engine::SkuMetrics>& m = state.metrics;
    const size_t columns = std::min(m.size(), kMaxMetricColumns);
    if (columns == 0) {
        TextHint("No metrics for this SKU.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("metrics", static_cast<int>(columns) + 1, flags)) return;
    const float font = ImGui::GetFontSize();
    ImGui::TableSetupScrollFreeze(1, 1);
    // Narrow enough for a label and two channels on a phone.
    ImGui::TableSetupColumn("Metric", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("Velocity (units/day)").x);
    for (size_t i = 0; i < columns; ++i) {
        ImGui::TableSetupColumn(ChannelName(m[i].channel), ImGuiTableColumnFlags_WidthFixed,
                                font * 6.0f);
    }
    ImGui::TableHeadersRow();
    using M = const engine::SkuMetrics&;
    UnitsRow(
        "Units sold, 7 days", m, columns, 7, [](M x) { return x.units_7; }, intents);
    UnitsRow(
        "Units sold, 30 days", m, columns, 30, [](M x) { return x.units_30; }, intents);
    UnitsRow(
        "Units sold, 90 days", m, columns, 90, [](M x) { return x.units_90; }, intents);
    MetricRow("Velocity (units/day)", m, columns,
              [](M x, NumberBuffer& n) { return FormatFixed(x.velocity, 2, n); });
    MetricRow("Days of cover", m, columns, [](M x, NumberBuffer& n) {
        return x.days_of_cover ? FormatFixed(*x.days_of_cover, 1, n) : "no sales";
    });
    MetricRow("Available", m, columns,
              [](M x, NumberBuffer& n) { return FormatCount(x.available, n); });
    MetricRow("On hand", m, columns,
              [](M x, NumberBuffer& n) { return FormatCount(x.on_hand, n); });
    MetricRow("Last sale", m, columns, [](M x, NumberBuffer& n) {
        return x.last_sale_at.empty() ? "never" : FormatDate(x.last_sale_at, n);
    });
    MetricRow("Listing age (days)", m, columns, [](M x, NumberBuffer& n) {
        return x.listing_age_days ? FormatCount(*x.listing_age_days, n) : "not listed";
    });
    MetricRow("Price", m, columns, [](M x, NumberBuffer& n) {
        return x.price_minor ? FormatMoney(*x.price_minor, n) : "-";
    });
    MetricRow("Cost", m, columns,
              [](M x, NumberBuffer& n) { return x.cost ? FormatE4(*x.cost, n) : "-"; });
    MetricRow("Channel fee", m, columns,
              [](M x, NumberBuffer& n) { return FormatMoney(x.fee_minor, n); });
    MetricRow("Margin", m, columns, [](M x, NumberBuffer& n) {
        return x.margin_e4 ? FormatE4(*x.margin_e4, n) : "no cost";
    });
    MetricRow("Score (0-100)", m, columns,
              [](M x, NumberBuffer& n) { return FormatCount(x.score, n); });
    MetricRow("  velocity", m, columns,
              [](M x, NumberBuffer& n) { return FormatCount(x.score_velocity, n); });
    MetricRow("  margin", m, columns,
              [](M x, NumberBuffer& n) { return FormatCount(x.score_margin, n); });
    MetricRow("  cover", m, columns,
              [](M x, NumberBuffer& n) { return FormatCount(x.score_cover, n); });
    MetricRow("  age", m, columns,
              [](M x, NumberBuffer& n) { return FormatCount(x.score_age, n); });
    ImGui::EndTable();
}

}  // namespace

const char* InsightKindName(const std::string& kind) {
    if (kind == engine::kSlowMover) return "Slow movers";
    if (kind == engine::kOutOfStock) return "Out of stock";
    if (kind == engine::kAgedListing) return "Aged listings";
    if (kind == engine::kNegativeStock) return "Negative stock";
    if (kind == engine::kLowStock) return "Low stock";
    if (kind == engine::kOverstock) return "Overstock";
    if (kind == engine::kReallocationCandidate) return "Move to another channel";
    return kind.c_str();
}

void InsightsView::Index(const InsightsState& state) {
    indexed_revision_ = state.revision;
    const std::vector<std::string>& kinds = engine::InsightKinds();
    rows_by_kind_.assign(kinds.size(), {});
    key_numbers_.clear();
    for (size_t i = 0; i < state.insights.size(); ++i) {
        const engine::Insight& insight = state.insights[i];
        const auto kind = std::find(kinds.begin(), kinds.end(), insight.kind);
        if (kind != kinds.end())
            rows_by_kind_[static_cast<size_t>(kind - kinds.begin())].push_back(i);
        key_numbers_.push_back(KeyNumbers(insight.details));
        glyphs_.Scan(insight.sku);
        glyphs_.Scan(insight.channel);
    }
    // Show what the seller (or the test) opened; on first sight, the first kind with rows.
    const auto selected = std::find(kinds.begin(), kinds.end(), state.selected_kind);
    const std::string selection =
        state.selected_kind + '\n' + state.selected_sku + '\n' + state.selected_channel;
    if (selected != kinds.end() && selection != followed_selection_) {
        shown_kind_ = static_cast<size_t>(selected - kinds.begin());
    } else if (!chose_kind_ && !state.insights.empty()) {
        for (size_t k = rows_by_kind_.size(); k-- > 0;) {
            if (!rows_by_kind_[k].empty()) shown_kind_ = k;
        }
    }
    followed_selection_ = selection;
    chose_kind_ = chose_kind_ || !state.insights.empty();
}

void InsightsView::Draw(const ViewContext& ctx) {
    const InsightsState& state = *ctx.insights;
    if (indexed_revision_ != state.revision) Index(state);
    DrawStatus(ctx);
    if (state.loaded && state.insights.empty()) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0.0f);
        TextHint(state.generating
                     ? "Working out the insights from your listings, stock and orders..."
                     : "No insights yet: import your listings and orders, then Refresh.");
        ImGui::PopTextWrapPos();
        return;
    }
    DrawKindPicker();
    ImGui::BeginGroup();
    const std::string& kind = engine::InsightKinds()[shown_kind_];
    if (ImGui::Button("Download CSV")) ctx.intents->Post(DownloadInsightsCsvIntent{kind});
    ImGui::SameLine();
    ImGui::TextUnformatted(InsightKindName(kind));
    DrawRows(ctx);
    if (!state.selected_sku.empty()) {
        ImGui::Spacing();
        DrawMetrics(state, ctx.intents);
    }
    ImGui::EndGroup();
    if (!glyphs_.empty()) ctx.intents->Post(RequestGlyphsIntent{glyphs_.Take()});
}

void DrawRefreshProgress(const InsightsState& state, const char* what) {
    char label[96];
    std::snprintf(label, sizeof(label), "%s: %s %" PRId64 "%%", what, state.progress_phase.c_str(),
                  state.progress_percent);
    ImGui::ProgressBar(static_cast<float>(state.progress_percent) / 100.0f,
                       ImVec2(ImGui::GetFontSize() * 18.0f, 0.0f), label);
}

void InsightsView::DrawStatus(const ViewContext& ctx) {
    const InsightsState& state = *ctx.insights;
    if (state.generating) {
        // The lists below stay the previous results until the refresh is done.
        DrawRefreshProgress(state, "Refreshing");
    } else if (ImGui::Button("Refresh insights")) {
        ctx.intents->Post(RefreshInsightsIntent{});
    }
    ImGui::PushTextWrapPos(0.0f);  // beside the button, wrapping on a phone
    NumberBuffer when;
    if (state.generating && !state.insights.empty()) {
        ImGui::SameLine();
        TextHint("Showing the previous results until the refresh is done.");
    } else if (!state.refreshed_at.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("Up to date as of %s: %" PRId64 " new, %" PRId64 " resolved.",
                            FormatTimestamp(state.refreshed_at, when), state.last_run.added,
                            state.last_run.resolved);
    } else if (!state.insights.empty()) {
        ImGui::SameLine();
        TextHint("As of the last refresh. Refresh after importing to bring them up to date.");
    }
    if (!state.error.empty()) ImGui::TextColored(kImportErrorColor, "%s", state.error.c_str());
    ImGui::PopTextWrapPos();
}

// The kinds with their counts: a list beside the rows on a wide screen, a combo above them
// on a phone.
void InsightsView::DrawKindPicker() {
    const std::vector<std::string>& kinds = engine::InsightKinds();
    const float font = ImGui::GetFontSize();
    shown_kind_ = std::min(shown_kind_, kinds.size() - 1);
    char label[96];
    const auto kind_label = [&](size_t k) {
        std::snprintf(label, sizeof(label), "%s (%zu)###kind%zu", InsightKindName(kinds[k]),
                      rows_by_kind_[k].size(), k);
        return label;
    };
    const auto list = [&] {
        for (size_t k = 0; k < kinds.size(); ++k) {
            if (ImGui::Selectable(kind_label(k), k == shown_kind_)) shown_kind_ = k;
        }
    };
    if (ImGui::GetContentRegionAvail().x < font * 40.0f) {
        ImGui::SetNextItemWidth(-1.0f);
        if (ImGui::BeginCombo("##kind", kind_label(shown_kind_))) {
            list();
            ImGui::EndCombo();
        }
        return;
    }
    ImGui::BeginChild("kinds", ImVec2(font * 14.0f, 0.0f), true);
    list();
    ImGui::EndChild();
    ImGui::SameLine();
}

// The shown kind's insights; selecting one opens its SKU's metrics.
void InsightsView::DrawRows(const ViewContext& ctx) {
    const InsightsState& state = *ctx.insights;
    const std::vector<size_t>& rows = rows_by_kind_[shown_kind_];
    if (rows.empty()) {
        TextHint("None of this kind.");
        return;
    }
    // With a row open, the rows take what they need up to about half the height.
    const float font = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + style.CellPadding.y * 2.0f;
    const float needed_h = static_cast<float>(rows.size() + 1) * row_h + style.ScrollbarSize +
                           style.ItemSpacing.y * 2.0f;
    const float half_h = std::max(font * 8.0f, ImGui::GetContentRegionAvail().y * 0.45f);
    const float rows_h = state.selected_sku.empty() ? 0.0f : std::min(half_h, needed_h);
    if (!BeginStretchTable("insights",
                           {{"SKU", 1.2f}, {"Channel", 0.9f}, {"Since", 1.0f}, {"Numbers", 3.0f}},
                           rows_h, font * 34.0f)) {
        return;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const size_t index = rows[static_cast<size_t>(r)];
            const engine::Insight& insight = state.insights[index];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(r);
            if (ImGui::Selectable(insight.sku.c_str(), state.IsSelected(insight),
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                ctx.intents->Post(SelectInsightIntent{insight.kind, insight.sku, insight.channel});
            }
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ChannelName(insight.channel));
            ImGui::TableNextColumn();
            // The date; the full instant on hover.
            NumberBuffer since;
            ImGui::TextUnformatted(FormatDate(insight.generated_at, since));
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", insight.generated_at.c_str());
            ImGui::TableNextColumn();
            CellText(key_numbers_[index].c_str());
        }
    }
    ImGui::EndTable();
}

}  // namespace stocktake::web
