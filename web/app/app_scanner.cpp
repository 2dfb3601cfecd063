// App's scanner: camera and wedge events through the debounce into scans, each applied
// through the engine in the chosen mode (so it is saved on the device and queued for sync
// like any change), and the lists the scanner's options choose from.
#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <type_traits>

#include "app/app.h"
#include "platform/scanner.h"

namespace stocktake::web {

namespace {

constexpr int64_t kOpenOrdersShown = 200;

// The modes' names in the saved session (engine::ScanSession::mode), by ScanMode.
constexpr const char* kScanModeKeys[] = {"lookup", "receive", "pick", "move", "count"};

std::string OrderKey(const engine::Order& order) {
    return order.channel + "/" + order.external_id;
}

engine::ScanSession SessionOf(const ScannerState& scanner) {
    const ScannerSettings& settings = scanner.settings;
    engine::ScanSession session;
    session.mode = kScanModeKeys[static_cast<int>(settings.mode)];
    session.location = settings.location;
    session.to_location = settings.to_location;
    session.po_id = settings.po_id;
    session.order_key = settings.order_key;
    session.count_seen_position = scanner.count_seen_position;
    for (const PickLine& line : scanner.pick_lines) {
        session.picks.push_back(engine::ScanSessionLine{line.sku, line.ordered, line.picked});
    }
    for (const CountTally& tally : scanner.tallies) {
        session.tallies.push_back(engine::ScanSessionLine{tally.sku, 0, tally.counted});
    }
    return session;
}

}  // namespace

// A scan that changed the database is saved on the device at once, like any other edit: a
// tab killed before the next sync must not lose it. So is the scanner's work in progress
// (a half-picked order, a count's tallies, the bins): a reload resumes it.
void App::SaveScannerChanges(uint64_t generation_before) {
    if (engine_ == nullptr) return;
    const bool session_saved = SaveScannerSession();
    if (persist_ && (session_saved || engine_->Generation() != generation_before)) {
        platform_->PersistData();
    }
}

bool App::SaveScannerSession() {
    if (!scanner_restored_) return false;  // not yet read back: would overwrite it
    engine::ScanSession session = SessionOf(scanner_);
    if (session == saved_scan_session_) return false;
    const Status saved = engine_->SaveScanSession(session);
    if (!saved.ok()) return false;  // e.g. during an import: tried again next frame
    saved_scan_session_ = std::move(session);
    return true;
}

void App::RestoreScannerSession() {
    scanner_restored_ = true;
    Result<engine::ScanSession> loaded = engine_->LoadScanSession();
    if (!loaded.ok() || loaded->mode.empty()) return;
    const engine::ScanSession& session = loaded.value();
    saved_scan_session_ = session;
    ScannerSettings& settings = scanner_.settings;
    for (size_t m = 0; m < std::size(kScanModeKeys); ++m) {
        if (session.mode == kScanModeKeys[m]) settings.mode = static_cast<ScanMode>(m);
    }
    settings.location = session.location;
    settings.to_location = session.to_location;
    settings.po_id = session.po_id;
    settings.order_key = session.order_key;
    scanner_.count_seen_position = session.count_seen_position;
    scanner_.pick_lines.clear();
    for (const engine::ScanSessionLine& line : session.picks) {
        scanner_.pick_lines.push_back(PickLine{line.sku, line.ordered, line.done});
    }
    scanner_.tallies.clear();
    for (const engine::ScanSessionLine& line : session.tallies) {
        scanner_.tallies.push_back(CountTally{line.sku, line.done});
    }
    ++scanner_.revision;
}

bool App::ApplyScannerIntent(Intent& intent) {
    bool handled = true;
    const uint64_t generation = engine_ != nullptr ? engine_->Generation() : 0;
    std::visit(
        [&](auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, ScannerStartCameraIntent>) {
                scanner_.camera = CameraState::kStarting;
                scanner_.camera_message.clear();
                StartCamera();
            } else if constexpr (std::is_same_v<T, ScannerStopCameraIntent>) {
                StopCamera();
                scanner_.camera = CameraState::kOff;
            } else if constexpr (std::is_same_v<T, ScannerSettingsIntent>) {
                ChangeScannerSettings(i.settings);
            } else if constexpr (std::is_same_v<T, ScannerSubmitIntent>) {
                ++scanner_.decodes;
                ApplyScan(i.code);
            } else if constexpr (std::is_same_v<T, ScannerSearchProductsIntent>) {
                SearchLinkProducts(i.text);
            } else if constexpr (std::is_same_v<T, ScannerLinkIntent>) {
                LinkScannedCode(i.sku);
            } else if constexpr (std::is_same_v<T, ScannerAddLocationIntent>) {
                AddScannerLocation(i.id);
            } else if constexpr (std::is_same_v<T, ScannerRecordCountIntent>) {
                RecordScannedCounts();
            } else if constexpr (std::is_same_v<T, ScannerShipOrderIntent>) {
                ShipPickedOrder();
            } else {
                handled = false;
            }
        },
        intent);
    if (handled) {
        ++scanner_.revision;
        SaveScannerChanges(generation);
    }
    return handled;
}

// Once per frame: the camera runs only while the scanner screen shows; its events become
// scans; the picture follows the room the view left for it.
void App::PumpScanner() {
    const bool shown = engine_ != nullptr && screen_ == Screen::kScanner;
    if (!shown &&
        (scanner_.camera == CameraState::kOn || scanner_.camera == CameraState::kStarting)) {
        StopCamera();
        scanner_.camera = CameraState::kOff;
    }
    EnableWedge(shown);
    if (engine_ != nullptr && !scanner_restored_) RestoreScannerSession();
    const uint64_t generation = engine_ != nullptr ? engine_->Generation() : 0;
    for (ScannerEvent& event : TakeScannerEvents()) {
        switch (event.kind) {
            case ScannerEvent::Kind::kDecoded:
                ++scanner_.decodes;
                if (shown &&
                    scan_debounce_.Accept(event.text, static_cast<int64_t>(event.time_ms))) {
                    ApplyScan(event.text);
                }
                break;
            case ScannerEvent::Kind::kWedge:
                ++scanner_.decodes;
                if (shown) ApplyScan(event.text);
                break;
            case ScannerEvent::Kind::kCameraOn:
                scanner_.camera = shown ? CameraState::kOn : CameraState::kOff;
                scanner_.decoder = event.text;
                if (!shown) StopCamera();
                break;
            case ScannerEvent::Kind::kCameraDenied:
                scanner_.camera = CameraState::kDenied;
                scanner_.camera_message = event.text;
                break;
            case ScannerEvent::Kind::kCameraMissing:
                scanner_.camera = CameraState::kUnavailable;
                scanner_.camera_message = event.text;
                break;
            case ScannerEvent::Kind::kCameraStopped:
                if (scanner_.camera == CameraState::kOn) scanner_.camera = CameraState::kOff;
                break;
        }
        ++scanner_.revision;
    }
    SaveScannerChanges(generation);
    float x = 0, y = 0, w = 0, h = 0;
    const bool place =
        shown && scanner_.camera == CameraState::kOn && scanner_view_.PreviewRect(&x, &y, &w, &h);
    const float ratio = platform_->PixelRatio();
    PlaceCameraPreview(place, x / ratio, y / ratio, w / ratio, h / ratio);
    if (shown && (scanner_generation_ != engine_->Generation() || !scanner_loaded_)) {
        LoadScannerLists();
    }
}

void App::LoadScannerLists() {
    scanner_loaded_ = true;
    scanner_generation_ = engine_->Generation();
    Result<std::vector<engine::Location>> locations = engine_->Locations();
    if (locations.ok()) scanner_.locations = std::move(locations.value());
    ScannerSettings& settings = scanner_.settings;
    if (settings.location.empty() && !scanner_.locations.empty()) {
        settings.location = scanner_.locations.front().id;
    }
    scanner_.open_pos.clear();
    for (const char* status : {engine::kPoOrdered, engine::kPoPartiallyReceived}) {
        Result<std::vector<engine::PurchaseOrder>> pos = engine_->PurchaseOrders(status);
        if (!pos.ok()) continue;
        for (engine::PurchaseOrder& po : pos.value()) scanner_.open_pos.push_back(std::move(po));
    }
    scanner_.open_orders.clear();
    Result<std::vector<engine::Order>> orders = engine_->OpenOrders(kOpenOrdersShown);
    if (orders.ok()) {
        for (const engine::Order& order : orders.value()) {
            scanner_.open_orders.push_back(OrderKey(order));
            if (OrderKey(order) == settings.order_key && scanner_.pick_lines.empty()) {
                for (const engine::OrderLine& line : order.lines) {
                    scanner_.pick_lines.push_back(PickLine{line.sku, line.quantity, 0});
                }
            }
        }
    }
    PutAsidePickOfClosedOrder();
    ++scanner_.revision;
}

// A pick resumed after a reload, or under way while a sync came in, may be of an order
// another device shipped or cancelled meanwhile: its picks no longer mean anything.
void App::PutAsidePickOfClosedOrder() {
    ScannerSettings& settings = scanner_.settings;
    const size_t slash = settings.order_key.find('/');
    if (slash == std::string::npos ||
        std::find(scanner_.open_orders.begin(), scanner_.open_orders.end(), settings.order_key) !=
            scanner_.open_orders.end()) {
        return;
    }
    Result<std::optional<engine::OrderDetail>> order = engine_->FindOrder(
        settings.order_key.substr(0, slash), settings.order_key.substr(slash + 1));
    if (!order.ok() || (order->has_value() && (*order)->status == "open")) return;
    scanner_.has_last = true;
    scanner_.last = ScanOutcome{};
    scanner_.last.message = "Order " + settings.order_key + " is " +
                            (order->has_value() ? (*order)->status : std::string("gone")) +
                            " now (changed on another device): choose another order to pick.";
    settings.order_key.clear();
    scanner_.pick_lines.clear();
}

void App::ChangeScannerSettings(const ScannerSettings& settings) {
    const bool mode_changed = settings.mode != scanner_.settings.mode;
    const bool order_changed = settings.order_key != scanner_.settings.order_key;
    const bool place_changed = settings.location != scanner_.settings.location;
    scanner_.settings = settings;
    scan_debounce_.Reset();
    if (mode_changed || order_changed) scanner_.pick_lines.clear();
    if (mode_changed || place_changed) StartScannerCount();
    if (mode_changed) scanner_.has_last = false;
    scanner_loaded_ = false;  // re-reads the order's lines
}

// A count covers what the ledger held when it began: later movements (a sale on another
// device) are not part of it (engine Count::seen_position).
void App::StartScannerCount() {
    scanner_.tallies.clear();
    Result<int64_t> position = engine_->LedgerPosition();
    scanner_.count_seen_position = position.ok() ? position.value() : 0;
}

void App::ApplyScan(const std::string& code) {
    ++scanner_.scans;
    ++scanner_.revision;
    scanner_.has_last = true;
    ScanOutcome& last = scanner_.last;
    last = ScanOutcome{};
    last.code = code;
    if (engine_ == nullptr) return;
    Result<engine::ResolvedBarcode> resolved = engine_->ResolveBarcode(code);
    if (!resolved.ok()) {
        last.unknown = resolved.status().code() == Code::kNotFound;
        last.message = resolved.status().message();
        scanner_.link_code = last.unknown ? std::string(engine::StripSymbologyId(code)) : "";
        scanner_.link_search.clear();
        scanner_.link_matches.clear();
        ScanFeedback(false);
        return;
    }
    last.sku = resolved->sku;
    last.name = resolved->name;
    const Status applied = ApplyScanInMode(*resolved, &last);
    last.ok = applied.ok();
    if (!applied.ok()) last.message = applied.message();
    ScanFeedback(last.ok);
}

Status App::ApplyScanInMode(const engine::ResolvedBarcode& product, ScanOutcome* out) {
    const ScannerSettings& settings = scanner_.settings;
    const std::string& sku = product.sku;
    if (settings.mode != ScanMode::kLookUp && settings.location.empty()) {
        return Status::InvalidArgument("Choose a location first.");
    }
    switch (settings.mode) {
        case ScanMode::kLookUp: {
            Result<std::vector<engine::StockLevel>> levels = engine_->StockLevels(sku);
            if (!levels.ok()) return levels.status();
            out->levels = std::move(levels.value());
            int64_t total = 0;
            for (const engine::StockLevel& level : out->levels) total += level.on_hand;
            out->message = out->levels.empty() ? "On hand: 0 (no stock at any of your locations)"
                                               : "On hand: " + std::to_string(total);
            return Status::Ok();
        }
        case ScanMode::kReceive: {
            // A GS1 label's count (AI 30) is a case of that many units.
            const int64_t units = product.gs1.count.value_or(1);
            if (!settings.po_id.empty()) {
                engine::PoReceipt receipt;
                receipt.po_id = settings.po_id;
                receipt.location = settings.location;
                receipt.lines.push_back(engine::PoReceiptLine{sku, units});
                Result<engine::PoReceiptResult> received = engine_->ReceivePurchaseOrder(receipt);
                if (!received.ok()) return received.status();
            } else {
                engine::Movement movement;
                movement.sku = sku;
                movement.location = settings.location;
                movement.delta = units;
                movement.kind = engine::MovementKind::kReceive;
                movement.reason = "scan";
                movement.lot = product.gs1.lot;
                movement.expiry = product.gs1.expiry;
                Result<engine::Movement> recorded = engine_->RecordMovement(movement);
                if (!recorded.ok()) return recorded.status();
            }
            out->message = "Received " + std::to_string(units) + " at " + settings.location +
                           (settings.po_id.empty() ? "" : " for " + settings.po_id);
            return Status::Ok();
        }
        case ScanMode::kPick: {
            if (settings.order_key.empty())
                return Status::InvalidArgument("Choose an order to pick.");
            auto line = std::find_if(
                scanner_.pick_lines.begin(), scanner_.pick_lines.end(),
                [&](const PickLine& l) { return l.sku == sku && l.picked < l.ordered; });
            if (line == scanner_.pick_lines.end()) {
                const bool on_order =
                    std::any_of(scanner_.pick_lines.begin(), scanner_.pick_lines.end(),
                                [&](const PickLine& l) { return l.sku == sku; });
                return Status::InvalidArgument(on_order ? sku + " is already picked in full."
                                                        : sku + " is not on this order.");
            }
            ++line->picked;
            out->message = "Picked " + sku + ": " + std::to_string(line->picked) + " of " +
                           std::to_string(line->ordered);
            return Status::Ok();
        }
        case ScanMode::kMove: {
            if (settings.to_location.empty() || settings.to_location == settings.location) {
                return Status::InvalidArgument("Choose where the unit goes (To).");
            }
            Result<std::vector<engine::Movement>> moved =
                engine_->Transfer(sku, settings.location, settings.to_location, 1, "scan");
            if (!moved.ok()) return moved.status();
            out->message = "Moved 1 from " + settings.location + " to " + settings.to_location;
            return Status::Ok();
        }
        case ScanMode::kCount: {
            auto tally = std::find_if(scanner_.tallies.begin(), scanner_.tallies.end(),
                                      [&](const CountTally& t) { return t.sku == sku; });
            if (tally == scanner_.tallies.end()) {
                scanner_.tallies.push_back(CountTally{sku, 0});
                tally = std::prev(scanner_.tallies.end());
            }
            ++tally->counted;
            out->message = "Counted " + std::to_string(tally->counted) + " of " + sku;
            return Status::Ok();
        }
    }
    return Status::Ok();
}

void App::SearchLinkProducts(const std::string& text) {
    scanner_.link_search = text;
    scanner_.link_matches.clear();
    if (text.empty()) return;
    engine::ListingQuery query;
    query.text = text;
    query.limit = 50;
    Result<std::vector<engine::ListingRow>> rows = engine_->Listings(query);
    if (!rows.ok()) return;
    for (engine::ListingRow& row : rows.value()) {
        const bool seen =
            std::any_of(scanner_.link_matches.begin(), scanner_.link_matches.end(),
                        [&](const engine::ListingRow& r) { return r.sku == row.sku; });
        if (!seen && scanner_.link_matches.size() < 8)
            scanner_.link_matches.push_back(std::move(row));
    }
}

void App::LinkScannedCode(const std::string& sku) {
    const std::string code = scanner_.link_code;
    const Status linked = engine_->LinkBarcode(code, sku);
    if (!linked.ok()) {
        scanner_.last.message = linked.message();
        return;
    }
    scanner_.link_code.clear();
    scanner_.link_search.clear();
    scanner_.link_matches.clear();
    ApplyScan(code);  // the scan that found nothing now does what it was for
    if (scanner_.last.ok)
        scanner_.last.message = "Linked " + code + " to " + sku + ". " + scanner_.last.message;
}

void App::AddScannerLocation(const std::string& id) {
    const Status added = engine_->AddLocation(engine::Location{id, "", id, "warehouse"});
    if (!added.ok()) {
        scanner_.has_last = true;
        scanner_.last = ScanOutcome{};
        scanner_.last.message = added.message();
    }
    scanner_loaded_ = false;
}

void App::RecordScannedCounts() {
    std::string problems;
    for (const CountTally& tally : scanner_.tallies) {
        engine::Count count;
        count.sku = tally.sku;
        count.location = scanner_.settings.location;
        count.counted = tally.counted;
        count.seen_position = scanner_.count_seen_position;
        Result<engine::Count> recorded = engine_->RecordCount(count);
        if (!recorded.ok()) problems += tally.sku + ": " + recorded.status().message() + " ";
    }
    scanner_.has_last = true;
    scanner_.last = ScanOutcome{};
    scanner_.last.ok = problems.empty();
    scanner_.last.message =
        problems.empty()
            ? "Counts recorded for " + std::to_string(scanner_.tallies.size()) + " SKUs."
            : problems;
    StartScannerCount();
}

void App::ShipPickedOrder() {
    const std::string& key = scanner_.settings.order_key;
    const size_t slash = key.find('/');
    if (slash == std::string::npos) return;
    Result<std::vector<engine::Movement>> shipped =
        engine_->ShipOrder(key.substr(0, slash), key.substr(slash + 1), scanner_.settings.location);
    scanner_.has_last = true;
    scanner_.last = ScanOutcome{};
    scanner_.last.ok = shipped.ok();
    scanner_.last.message = shipped.ok() ? "Shipped " + key : shipped.status().message();
    if (shipped.ok()) {
        scanner_.settings.order_key.clear();
        scanner_.pick_lines.clear();
    }
    scanner_loaded_ = false;
}

void App::PostScannerTestAction(TestAction action, int a) {
    switch (action) {
        case TestAction::kScannerShow: intents_.Post(ShowScreenIntent{Screen::kScanner}); break;
        case TestAction::kScannerSetMode: {
            if (a < 0 || a > static_cast<int>(ScanMode::kCount)) return;
            ScannerSettings settings = scanner_.settings;
            settings.mode = static_cast<ScanMode>(a);
            intents_.Post(ScannerSettingsIntent{settings});
            break;
        }
        case TestAction::kScannerStartCamera: intents_.Post(ScannerStartCameraIntent{}); break;
        case TestAction::kScannerStopCamera: intents_.Post(ScannerStopCameraIntent{}); break;
        case TestAction::kScannerAddLocation:
            intents_.Post(ScannerAddLocationIntent{"MAIN"});
            break;
        default: break;
    }
}

}  // namespace stocktake::web
