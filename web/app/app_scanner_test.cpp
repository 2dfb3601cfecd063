// App's test side for the scanner's modes and the reallocation pull
// (tests/e2e/scanner_modes.mjs): the state as JSON and the actions, each posting exactly the
// intent the widget a user presses posts (a combo, "Scan", "Link", "Record count", "Ship
// order", "Pull..." then "Pull", a channel's file button).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "views/reallocation_view.h"

namespace stocktake::web {
namespace {

// Actions of stocktake_scanner_modes_action(n, text, number).
enum class ScannerModesTestAction {
    kSetLocation = 1,    // text = location id (the "Location"/"From" combo)
    kSetToLocation = 2,  // text = location id (move mode's "To" combo)
    kSetOrder = 3,       // text = "channel/external_id" (pick mode's "Order" combo)
    kSetPo = 4,          // text = PO id, "" = free receiving
    kSubmitCode = 5,     // text = the code typed in the entry field, then "Scan"
    kSearchLink = 6,     // text = typed in the link search field
    kLink = 7,           // number = index into the matches: its "Link"
    kRecordCount = 8,    // "Record count of N SKUs at ..."
    kShipOrder = 9,      // "Ship order"
    // "Pull..." on the first open entry, its fields filled in: text = "channel" (listed
    // quantity moves) or "channel|from location|to location" (a ledger transfer), number =
    // units.
    kPreviewPull = 10,
    kConfirmPull = 11,   // the confirmation's "Pull"
    kDownloadFile = 12,  // text = channel, number = BulkFileKind: the channel's file button
};

nlohmann::json LevelsJson(const std::vector<engine::StockLevel>& levels) {
    nlohmann::json out = nlohmann::json::object();
    for (const engine::StockLevel& l : levels) out[l.location] = l.on_hand;
    return out;
}

const engine::ReallocationEntry* FirstOpenEntry(const ReallocationState& state) {
    for (const engine::ReallocationEntry& e : state.entries) {
        if (e.state == engine::kReallocationOpen) return &e;
    }
    return nullptr;
}

}  // namespace

std::string App::ScannerModesTestState(const std::string& sku) const {
    const ScannerState& s = scanner_;
    nlohmann::json pick = nlohmann::json::array();
    for (const PickLine& l : s.pick_lines) {
        pick.push_back({{"sku", l.sku}, {"ordered", l.ordered}, {"picked", l.picked}});
    }
    nlohmann::json tallies = nlohmann::json::object();
    for (const CountTally& t : s.tallies) tallies[t.sku] = t.counted;
    nlohmann::json matches = nlohmann::json::array();
    for (const engine::ListingRow& r : s.link_matches) matches.push_back(r.sku);
    nlohmann::json locations = nlohmann::json::array();
    for (const engine::Location& l : s.locations) locations.push_back(l.id);
    const ReallocationState& realloc = operations_.reallocation;
    nlohmann::json entries = nlohmann::json::array();
    for (const engine::ReallocationEntry& e : realloc.entries) {
        entries.push_back({{"id", e.id},
                           {"sku", e.sku},
                           {"channel", e.channel_origin},
                           {"state", e.state},
                           {"quantity", e.quantity ? nlohmann::json(*e.quantity) : nullptr}});
    }
    nlohmann::json moves = nlohmann::json::array();
    for (const engine::ReallocationMove& m : realloc.moves) {
        moves.push_back({{"sku", m.sku},
                         {"from", m.from_channel},
                         {"to", m.to_channel},
                         {"quantity", m.quantity},
                         {"kind", m.kind}});
    }
    nlohmann::json simulation = nlohmann::json::array();
    for (const engine::SimulatedListing& l : operations_.channels.simulation) {
        simulation.push_back(
            {{"sku", l.sku},
             {"marketplace", l.marketplace},
             {"listingId", l.listing_id},
             {"fulfillment", l.fulfillment},
             {"available", l.available},
             {"listed", l.listed ? nlohmann::json(*l.listed) : nullptr},
             {"wouldShow", l.would_show ? nlohmann::json(*l.would_show) : nullptr}});
    }
    nlohmann::json levels = nlohmann::json::object();
    if (engine_ != nullptr && !sku.empty()) {
        Result<std::vector<engine::StockLevel>> read = engine_->StockLevels(sku);
        if (read.ok()) levels = LevelsJson(read.value());
    }
    const nlohmann::json state = {
        {"revision", s.revision},
        {"mode", static_cast<int>(s.settings.mode)},
        {"location", s.settings.location},
        {"toLocation", s.settings.to_location},
        {"orderKey", s.settings.order_key},
        {"poId", s.settings.po_id},
        {"locations", locations},
        {"openOrders", s.open_orders},
        {"scans", s.scans},
        {"hasLast", s.has_last},
        {"last",
         {{"code", s.last.code},
          {"sku", s.last.sku},
          {"name", s.last.name},
          {"message", s.last.message},
          {"ok", s.last.ok},
          {"unknown", s.last.unknown},
          {"levels", LevelsJson(s.last.levels)}}},
        {"linkCode", s.link_code},
        {"linkMatches", matches},
        {"pickLines", pick},
        {"tallies", tallies},
        {"levels", levels},
        {"reallocation",
         {{"entries", entries},
          {"moves", moves},
          {"outcome", realloc.outcome.text},
          {"outcomeIsError", realloc.outcome.is_error},
          {"preview", realloc.pull.open && !realloc.pull.channel.empty()
                          ? PullPreviewText(realloc.pull.entry, PullOf(realloc.pull))
                          : ""}}},
        {"channels",
         {{"shown", operations_.channels.shown},
          {"simulation", simulation},
          {"outcome", operations_.channels.outcome.text},
          {"outcomeIsError", operations_.channels.outcome.is_error}}},
    };
    return state.dump();
}

void App::OnScannerModesTestAction(int action, std::string text, int64_t n) {
    ScannerSettings settings = scanner_.settings;
    switch (static_cast<ScannerModesTestAction>(action)) {
        case ScannerModesTestAction::kSetLocation:
            settings.location = text;
            intents_.Post(ScannerSettingsIntent{settings});
            break;
        case ScannerModesTestAction::kSetToLocation:
            settings.to_location = text;
            intents_.Post(ScannerSettingsIntent{settings});
            break;
        case ScannerModesTestAction::kSetOrder:
            settings.order_key = text;
            intents_.Post(ScannerSettingsIntent{settings});
            break;
        case ScannerModesTestAction::kSetPo:
            settings.po_id = text;
            intents_.Post(ScannerSettingsIntent{settings});
            break;
        case ScannerModesTestAction::kSubmitCode: intents_.Post(ScannerSubmitIntent{text}); break;
        case ScannerModesTestAction::kSearchLink:
            intents_.Post(ScannerSearchProductsIntent{text});
            break;
        case ScannerModesTestAction::kLink:
            if (n >= 0 && static_cast<size_t>(n) < scanner_.link_matches.size()) {
                intents_.Post(ScannerLinkIntent{scanner_.link_matches[static_cast<size_t>(n)].sku});
            }
            break;
        case ScannerModesTestAction::kRecordCount: intents_.Post(ScannerRecordCountIntent{}); break;
        case ScannerModesTestAction::kShipOrder: intents_.Post(ScannerShipOrderIntent{}); break;
        case ScannerModesTestAction::kPreviewPull: {
            // What "Pull..." and typing into the confirmation post.
            const engine::ReallocationEntry* entry = FirstOpenEntry(operations_.reallocation);
            if (entry == nullptr) break;
            ReallocationPullForm form;
            form.open = true;
            form.entry = *entry;
            const size_t bar = text.find('|');
            const size_t bar2 = bar == std::string::npos ? bar : text.find('|', bar + 1);
            form.channel = text.substr(0, bar);
            if (bar2 != std::string::npos) {
                form.from_location = text.substr(bar + 1, bar2 - bar - 1);
                form.to_location = text.substr(bar2 + 1);
            }
            form.quantity = static_cast<int>(n);
            PostOperation(&intents_, EditReallocationPullIntent{form});
            break;
        }
        case ScannerModesTestAction::kConfirmPull: {
            // The confirmation's "Pull": the pull, and the form closes.
            const ReallocationPullForm& form = operations_.reallocation.pull;
            if (!form.open) break;
            PostOperation(&intents_, PullReallocationIntent{PullOf(form)});
            ReallocationPullForm closed = form;
            closed.open = false;
            PostOperation(&intents_, EditReallocationPullIntent{closed});
            break;
        }
        case ScannerModesTestAction::kDownloadFile:
            PostOperation(&intents_,
                          DownloadBulkFileIntent{text, static_cast<engine::BulkFileKind>(n)});
            break;
    }
}

}  // namespace stocktake::web
