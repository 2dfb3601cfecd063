// App's part for the operations screens (Orders, Purchasing, Reallocation, Channels), the
// webhook deliveries on the Sync screen and the sales behind an Insights number: reads the
// engine into OperationsState when such a screen shows (again whenever the data changes),
// applies the screens' intents, and talks to the server's webhook deliveries endpoints with
// the signed-in session (views/operations.h).
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <type_traits>

#include "app/app.h"

namespace stocktake::web {
namespace {

using nlohmann::json;

// Request ids for the deliveries endpoints: below SyncClient's (which start at 1000).
constexpr int kListDeliveriesRequest = 900;
constexpr int kReplayDeliveryRequest = 901;

// Orders a screen lists at most: the newest; filters narrow them.
constexpr int64_t kOrdersShown = 500;
// The warehouse a first receipt goes to when no location is recorded yet.
constexpr const char* kDefaultLocation = "MAIN";

bool IsOperationsScreen(Screen screen) {
    return screen == Screen::kOrders || screen == Screen::kPurchasing ||
           screen == Screen::kReallocation || screen == Screen::kChannels ||
           screen == Screen::kSync;
}

std::string Failed(const char* what, const Status& status) {
    return std::string(what) + ": " + status.message();
}

template <typename T>
T ValueOr(Result<T> result, std::string* error, const char* what) {
    if (result.ok()) return std::move(result).value();
    *error = Failed(what, result.status());
    return T();
}

// "gave up after 10 attempts: ..." etc. from one member of a deliveries answer.
std::string Text(const json& object, const char* member) {
    auto it = object.find(member);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Number(const json& object, const char* member) {
    auto it = object.find(member);
    return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

// --- Loading ----------------------------------------------------------------------------

void App::LoadOperationsIfShown() {
    if (engine_ == nullptr || !IsOperationsScreen(screen_)) return;
    if (operations_loaded_screen_ == screen_ && operations_generation_ == engine_->Generation()) {
        return;
    }
    operations_loaded_screen_ = screen_;
    operations_generation_ = engine_->Generation();
    switch (screen_) {
        case Screen::kOrders: LoadOrders(); break;
        case Screen::kPurchasing: LoadPurchasing(); break;
        case Screen::kReallocation: LoadReallocation(); break;
        case Screen::kChannels: LoadChannels(); break;
        case Screen::kSync: {
            Result<std::string> device = engine_->DeviceId();
            operations_.device_id = device.ok() ? device.value() : device.status().message();
            break;
        }
        default: break;
    }
    ++operations_.revision;
}

void App::LoadOrders() {
    OrdersState& s = operations_.orders;
    s.error.clear();
    engine::OrderQuery query;
    query.status = s.filter.status;
    query.channel = s.filter.channel;
    query.limit = kOrdersShown;
    s.orders = ValueOr(engine_->Orders(query), &s.error, "Could not read the orders");
    if (s.open.has_value()) {
        Result<std::optional<engine::OrderDetail>> found =
            engine_->FindOrder(s.open->channel, s.open->external_id);
        s.open = found.ok() ? std::move(found).value() : std::nullopt;
    }
}

void App::LoadPurchasing() {
    PurchasingState& s = operations_.purchasing;
    s.error.clear();
    s.suppliers = ValueOr(engine_->Suppliers(), &s.error, "Could not read the suppliers");
    s.vendor_prices = ValueOr(engine_->VendorPrices(""), &s.error, "Could not read the prices");
    s.pos = ValueOr(engine_->PurchaseOrders(s.status_filter), &s.error,
                    "Could not read the purchase orders");
    if (s.open.has_value()) {
        Result<engine::PurchaseOrder> po = engine_->GetPurchaseOrder(s.open->id);
        s.open =
            po.ok() ? std::optional<engine::PurchaseOrder>(std::move(po).value()) : std::nullopt;
    }
    // Where goods can go: the locations holding stock, the default warehouse first.
    std::set<std::string> locations{kDefaultLocation};
    Result<std::vector<engine::StockLevel>> levels = engine_->StockLevels("");
    if (levels.ok()) {
        for (const engine::StockLevel& level : levels.value()) locations.insert(level.location);
    }
    s.locations.assign(1, kDefaultLocation);
    for (const std::string& l : locations) {
        if (l != kDefaultLocation) s.locations.push_back(l);
    }
}

void App::LoadReallocation() {
    ReallocationState& s = operations_.reallocation;
    s.error.clear();
    s.channels = engine_->Channels();
    s.entries = ValueOr(engine_->Reallocations(""), &s.error, "Could not read the list");
    s.moves = ValueOr(engine_->ReallocationMoves(""), &s.error, "Could not read the moves");
}

void App::LoadChannels() {
    ChannelsState& s = operations_.channels;
    s.error.clear();
    s.channels = engine_->Channels();
    if (s.shown.empty() && !s.channels.empty()) s.shown = s.channels.front().id;
    s.fees = ValueOr(engine_->ChannelFees(), &s.error, "Could not read the fees");
    if (s.shown.empty()) return;
    Result<engine::ChannelRules> rules = engine_->GetChannelRules(s.shown);
    if (rules.ok()) {
        s.rules = rules.value();
    } else {
        s.error = Failed("Could not read the rules", rules.status());
    }
    s.simulation =
        ValueOr(engine_->SimulateChannels(s.shown), &s.error, "Could not simulate the channel");
}

// --- Intents ----------------------------------------------------------------------------

// A write's outcome: saved (the data changed: the screen re-reads it) or why not.
void App::Report(Outcome* outcome, const Status& status, const std::string& done) {
    *outcome = status.ok() ? Outcome{done, false} : Outcome{status.message(), true};
    ++operations_.revision;
    if (status.ok() && persist_) platform_->PersistData();
}

void App::ApplyOperation(OperationsIntent& intent) {
    if (engine_ == nullptr) return;
    PurchasingState& buying = operations_.purchasing;
    std::visit(
        [&](auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, FilterOrdersIntent>) {
                operations_.orders.filter = i;
                LoadOrders();
            } else if constexpr (std::is_same_v<T, OpenOrderIntent>) {
                OrdersState& s = operations_.orders;
                s.open.reset();
                if (!i.external_id.empty()) {
                    Result<std::optional<engine::OrderDetail>> found =
                        engine_->FindOrder(i.channel, i.external_id);
                    if (found.ok()) {
                        s.open = std::move(found).value();
                    } else {
                        s.error = Failed("Could not read the order", found.status());
                    }
                }
            } else if constexpr (std::is_same_v<T, SaveSupplierIntent>) {
                Report(&buying.outcome, engine_->SaveSupplier(i.supplier),
                       "Saved supplier " + i.supplier.id + ".");
            } else if constexpr (std::is_same_v<T, FilterPosIntent>) {
                buying.status_filter = i.status;
                LoadPurchasing();
            } else if constexpr (std::is_same_v<T, OpenPoIntent>) {
                buying.open.reset();
                if (!i.po_id.empty()) {
                    Result<engine::PurchaseOrder> po = engine_->GetPurchaseOrder(i.po_id);
                    if (po.ok()) buying.open = std::move(po).value();
                }
            } else if constexpr (std::is_same_v<T, CreatePoIntent>) {
                engine::PurchaseOrder draft;
                draft.supplier_id = i.supplier_id;
                Result<engine::PurchaseOrder> made = engine_->CreatePurchaseOrder(draft);
                if (made.ok()) buying.open = made.value();
                Report(&buying.outcome, made.status(),
                       made.ok() ? "Created draft " + made->id + ": add its lines." : "");
            } else if constexpr (std::is_same_v<T, SetPoLineIntent>) {
                bool on_po = false;
                if (buying.open.has_value()) {
                    for (const engine::PoLine& l : buying.open->lines) on_po |= l.sku == i.line.sku;
                }
                Result<engine::PurchaseOrder> po = on_po ? engine_->SetPoLine(i.po_id, i.line)
                                                         : engine_->AddPoLine(i.po_id, i.line);
                Report(&buying.outcome, po.status(), "Saved the line for " + i.line.sku + ".");
            } else if constexpr (std::is_same_v<T, RemovePoLineIntent>) {
                Report(&buying.outcome, engine_->RemovePoLine(i.po_id, i.sku).status(),
                       "Removed " + i.sku + " from " + i.po_id + ".");
            } else if constexpr (std::is_same_v<T, OrderPoIntent>) {
                Result<engine::PurchaseOrder> po = engine_->OrderPurchaseOrder(i.po_id);
                Report(&buying.outcome, po.status(),
                       i.po_id + " is ordered: its units now count as inbound.");
            } else if constexpr (std::is_same_v<T, ReceivePoIntent>) {
                ReceivePurchaseOrder(i.receipt);
            } else if constexpr (std::is_same_v<T, CancelPoIntent>) {
                Report(&buying.outcome, engine_->CancelPurchaseOrder(i.po_id).status(),
                       i.po_id + " is cancelled.");
            } else if constexpr (std::is_same_v<T, PushReallocationIntent>) {
                Report(&operations_.reallocation.outcome,
                       engine_->PushReallocation(i.push).status(),
                       i.push.sku + " is on the reallocation list.");
            } else if constexpr (std::is_same_v<T, PullReallocationIntent>) {
                Result<engine::ReallocationMove> moved = engine_->PullReallocation(i.pull);
                Report(&operations_.reallocation.outcome, moved.status(),
                       moved.ok() ? std::to_string(moved->quantity) + " unit(s) of " + moved->sku +
                                        " moved to " + moved->to_channel + "."
                                  : "");
            } else if constexpr (std::is_same_v<T, EditReallocationPushIntent>) {
                operations_.reallocation.push = i.form;
            } else if constexpr (std::is_same_v<T, EditReallocationPullIntent>) {
                operations_.reallocation.pull = i.form;
            } else if constexpr (std::is_same_v<T, DownloadReallocationsCsvIntent>) {
                Result<std::string> csv = engine_->ReallocationsCsv();
                if (csv.ok()) {
                    Download("reallocations.csv", csv.value());
                } else {
                    operations_.reallocation.outcome = {csv.status().message(), true};
                }
            } else if constexpr (std::is_same_v<T, OpenChannelIntent>) {
                operations_.channels.shown = i.channel;
                operations_.channels.outcome = Outcome();
                LoadChannels();
            } else if constexpr (std::is_same_v<T, SaveChannelRulesIntent>) {
                Report(&operations_.channels.outcome, engine_->SaveChannelRules(i.rules),
                       "Saved " + i.rules.channel + "'s rules.");
            } else if constexpr (std::is_same_v<T, SaveChannelFeeIntent>) {
                Report(&operations_.channels.outcome, engine_->SaveChannelFee(i.fee),
                       "Saved " + i.fee.channel + "'s fee.");
            } else if constexpr (std::is_same_v<T, DownloadBulkFileIntent>) {
                engine::ChannelExportOptions options;
                options.kind = i.kind;
                Result<engine::BulkFile> file = engine_->ChannelFile(i.channel, options);
                if (!file.ok()) {
                    operations_.channels.outcome = {"No file was made: " + file.status().message(),
                                                    true};
                } else {
                    Download(file->file_name, file->text, file->media_type.c_str());
                    std::string text =
                        file->file_name + ": " + std::to_string(file->rows) + " listing(s)";
                    for (const std::string& note : file->notes) text += ". " + note;
                    operations_.channels.outcome = {text, false};
                }
            } else if constexpr (std::is_same_v<T, LoadDeliveriesIntent>) {
                RequestDeliveries();
            } else if constexpr (std::is_same_v<T, ReplayDeliveryIntent>) {
                ReplayDelivery(i.id);
            } else if constexpr (std::is_same_v<T, OpenSalesIntent>) {
                SalesState& s = operations_.sales;
                s = SalesState{i.sku, i.channel, i.days, {}, ""};
                if (i.days > 0) {
                    s.lines = ValueOr(engine_->SalesInLastDays(i.sku, i.channel, i.days), &s.error,
                                      "Could not read the sales");
                }
            }
        },
        intent);
    ++operations_.revision;
}

void App::ReceivePurchaseOrder(engine::PoReceipt receipt) {
    PurchasingState& s = operations_.purchasing;
    // The first receipt on a new device has no warehouse to go to yet: make the default one.
    if (receipt.location == kDefaultLocation) {
        const Status added =
            engine_->AddLocation({kDefaultLocation, "", "Main warehouse", "warehouse"});
        if (!added.ok() && added.code() != Code::kConflict) {
            return Report(&s.outcome, added, "");
        }
    }
    Result<engine::PoReceiptResult> received = engine_->ReceivePurchaseOrder(receipt);
    if (!received.ok()) return Report(&s.outcome, received.status(), "");
    int64_t units = 0;
    int64_t over = 0;
    for (const engine::PoReceivedLine& line : received->lines) {
        units += line.quantity;
        over += line.over_received;
    }
    std::string text = "Received " + std::to_string(units) + " unit(s) into " + receipt.location +
                       "; " + receipt.po_id + " is " + received->status + ".";
    if (over > 0) text += " " + std::to_string(over) + " more than ordered.";
    ++po_receipts_;
    Report(&s.outcome, Status::Ok(), text);
}

// --- Webhook deliveries (the server's, through the signed-in session) --------------------

void App::RequestDeliveries() {
    DeliveriesState& d = operations_.deliveries;
    if (!sync_.state().signed_in || d.busy) return;
    d.busy = true;
    d.outcome = Outcome();
    platform_->HttpRequest(kListDeliveriesRequest, "GET", "/api/v1/webhooks/deliveries?limit=200",
                           sync_.access_token(), "");
}

void App::ReplayDelivery(int64_t id) {
    DeliveriesState& d = operations_.deliveries;
    if (!sync_.state().signed_in || d.busy) return;
    d.busy = true;
    platform_->HttpRequest(kReplayDeliveryRequest, "POST",
                           "/api/v1/webhooks/deliveries/" + std::to_string(id) + "/replay",
                           sync_.access_token(), "{}");
}

bool App::OnOperationsHttpResponse(int request_id, int status, const std::string& body) {
    if (request_id != kListDeliveriesRequest && request_id != kReplayDeliveryRequest) {
        return false;
    }
    DeliveriesState& d = operations_.deliveries;
    d.busy = false;
    ++operations_.revision;
    const json parsed = json::parse(body, nullptr, false);
    if (status == 0) {
        d.outcome = {"The server did not answer (offline?): try again when connected.", true};
        return true;
    }
    if (status == 401) {
        // The session's access token expired: a sync renews it.
        sync_.SyncNow();
        d.outcome = {"Your session was renewed: press Refresh again.", true};
        return true;
    }
    if (status == 403) {
        d.outcome = {"Only a manager, admin or owner can see and replay deliveries.", true};
        return true;
    }
    if (status != 200 || parsed.is_discarded() || !parsed.is_object()) {
        const std::string reason = parsed.is_object() ? Text(parsed, "reason") : "";
        d.outcome = {
            "The server answered " + std::to_string(status) + (reason.empty() ? "" : ": " + reason),
            true};
        return true;
    }
    if (request_id == kReplayDeliveryRequest) {
        ++d.replays;
        d.outcome = {"Delivery " + std::to_string(Number(parsed, "id")) +
                         " is queued again: the server retries it now.",
                     false};
        RequestDeliveries();  // show its new state
        return true;
    }
    d.loaded = true;
    d.deliveries.clear();
    auto list = parsed.find("deliveries");
    if (list != parsed.end() && list->is_array()) {
        for (const json& item : *list) {
            if (!item.is_object()) continue;
            d.deliveries.push_back(WebhookDelivery{Number(item, "id"), Text(item, "received_at"),
                                                   Text(item, "status"), Number(item, "attempts"),
                                                   Text(item, "last_error"), Text(item, "reason")});
        }
    }
    return true;
}

// --- Test hooks ---------------------------------------------------------------------------

void App::PostOperationsTestAction(TestAction action, int a, int b) {
    const auto index = [](int i, size_t size) { return i >= 0 && static_cast<size_t>(i) < size; };
    const PurchasingState& buying = operations_.purchasing;
    switch (action) {
        case TestAction::kOpenPo:
            if (index(a, buying.pos.size())) {
                PostOperation(&intents_, OpenPoIntent{buying.pos[static_cast<size_t>(a)].id});
            }
            break;
        case TestAction::kOrderPo:
            if (buying.open.has_value()) PostOperation(&intents_, OrderPoIntent{buying.open->id});
            break;
        case TestAction::kReceivePo: {
            // What the Receive window's button posts with every open unit typed in.
            if (!buying.open.has_value() || !index(a, buying.locations.size())) break;
            engine::PoReceipt receipt;
            receipt.po_id = buying.open->id;
            receipt.location = buying.locations[static_cast<size_t>(a)];
            for (const engine::PoLine& l : buying.open->lines) {
                const int64_t open = l.quantity_ordered - l.quantity_received;
                if (open > 0) receipt.lines.push_back({l.sku, open});
            }
            PostOperation(&intents_, ReceivePoIntent{receipt});
            break;
        }
        case TestAction::kOpenChannel: {
            const std::vector<engine::ChannelInfo> channels = engine_->Channels();
            if (index(a, channels.size())) {
                PostOperation(&intents_, OpenChannelIntent{channels[static_cast<size_t>(a)].id});
            }
            break;
        }
        case TestAction::kSetMaxListed: {
            engine::ChannelRules rules = operations_.channels.rules;
            rules.channel = operations_.channels.shown;
            rules.max_quantity = a < 0 ? std::nullopt : std::optional<int64_t>(a);
            PostOperation(&intents_, SaveChannelRulesIntent{rules});
            break;
        }
        case TestAction::kLoadDeliveries: PostOperation(&intents_, LoadDeliveriesIntent{}); break;
        case TestAction::kReplayDelivery: {
            const std::vector<WebhookDelivery>& list = operations_.deliveries.deliveries;
            if (index(a, list.size())) {
                PostOperation(&intents_, ReplayDeliveryIntent{list[static_cast<size_t>(a)].id});
            }
            break;
        }
        case TestAction::kOpenOrder: {
            const std::vector<engine::OrderSummary>& list = operations_.orders.orders;
            if (index(a, list.size())) {
                const engine::OrderSummary& o = list[static_cast<size_t>(a)];
                PostOperation(&intents_, OpenOrderIntent{o.channel, o.external_id});
            }
            break;
        }
        case TestAction::kOpenSales:
            // a = row of the open insight's metrics (0: all channels), b = days.
            if (index(a, insights_.metrics.size())) {
                const engine::SkuMetrics& m = insights_.metrics[static_cast<size_t>(a)];
                PostOperation(&intents_, OpenSalesIntent{m.sku, m.channel, b});
            }
            break;
        case TestAction::kPushReallocation: {
            const ChannelsState& channels = operations_.channels;
            if (!index(a, channels.simulation.size()) || b <= 0) break;
            engine::ReallocationPush push;
            push.sku = channels.simulation[static_cast<size_t>(a)].sku;
            push.channel = channels.shown;
            push.quantity = b;
            push.reason = "slow here";
            PostOperation(&intents_, PushReallocationIntent{push});
            break;
        }
        default: break;
    }
}

void App::FillOperationsSnapshot(TestSnapshot* s) const {
    const OperationsState& o = operations_;
    s->orders_shown = static_cast<int64_t>(o.orders.orders.size());
    s->order_open_lines =
        o.orders.open.has_value() ? static_cast<int64_t>(o.orders.open->lines.size()) : -1;
    s->pos_shown = static_cast<int64_t>(o.purchasing.pos.size());
    s->pos_draft = std::count_if(
        o.purchasing.pos.begin(), o.purchasing.pos.end(),
        [](const engine::PurchaseOrder& po) { return po.status == engine::kPoDraft; });
    s->po_open_status = o.purchasing.open.has_value() ? o.purchasing.open->status : "";
    s->po_receipts = po_receipts_;
    s->simulated_listings = static_cast<int64_t>(o.channels.simulation.size());
    for (const engine::SimulatedListing& l : o.channels.simulation) {
        s->simulated_would_show += l.would_show.value_or(0);
    }
    s->deliveries_loaded = o.deliveries.loaded;
    for (const WebhookDelivery& w : o.deliveries.deliveries) {
        (w.status == "dead" ? s->deliveries_dead : s->deliveries_pending) += 1;
    }
    s->delivery_replays = o.deliveries.replays;
    s->sales_lines = o.sales.days > 0 ? static_cast<int64_t>(o.sales.lines.size()) : -1;
    for (const engine::SaleLine& l : o.sales.lines) s->sales_units += l.quantity;
    s->reallocation_entries = static_cast<int64_t>(o.reallocation.entries.size());
}

}  // namespace stocktake::web
