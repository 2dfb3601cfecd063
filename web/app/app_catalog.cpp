// App's part for the catalogue screens: the Dashboard, the products table's
// inline edits, a product's detail and Stock & locations. Reads the engine into
// CatalogState when a screen shows and whenever the data changes while it shows; checks
// what the forms typed (saying what is wrong, keeping the text), previews transfers and
// counts, and records them only when confirmed.
#include <algorithm>
#include <cstdio>
#include <type_traits>

#include "app/app.h"
#include "stocktake/decimal.h"

namespace stocktake::web {
namespace {

std::string Trimmed(const std::string& text) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return std::string();
    const size_t last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

int64_t OnHandAt(const std::vector<engine::StockLevel>& levels, const std::string& location) {
    for (const engine::StockLevel& level : levels) {
        if (level.location == location) return level.on_hand;
    }
    return 0;
}

// A whole number of units typed into a form; the error says what to type instead.
Result<int64_t> ParseUnits(const std::string& typed, const char* what, bool allow_zero) {
    const std::string text = Trimmed(typed);
    if (text.empty()) return Status::InvalidArgument(std::string("Enter the ") + what + ".");
    Result<int64_t> units = ParseDecimalMinor(text, 0);
    if (!units.ok() || units.value() < (allow_zero ? 0 : 1)) {
        return Status::InvalidArgument(std::string("The ") + what + " must be a whole number" +
                                       (allow_zero ? " (0 or more)" : " above 0") + ", not \"" +
                                       text + "\".");
    }
    return units;
}

}  // namespace

bool App::DrawCatalogScreen(const ViewContext& ctx) {
    switch (screen_) {
        case Screen::kDashboard: dashboard_view_.Draw(ctx); return true;
        case Screen::kProductDetail: product_detail_view_.Draw(ctx); return true;
        case Screen::kStock: stock_view_.Draw(ctx); return true;
        default: return false;
    }
}

void App::LoadCatalogScreens() {
    // A running import holds the database and its data is half-written: read after it.
    if (engine_ == nullptr || job_ != nullptr) return;
    const uint64_t generation = engine_->Generation();
    const bool needs_plan = screen_ == Screen::kDashboard || screen_ == Screen::kProductDetail;
    if (needs_plan && (!insights_.loaded || insights_generation_ != generation)) LoadInsights();
    if (screen_ == Screen::kDashboard &&
        (!catalog_.dashboard.loaded || dashboard_generation_ != generation)) {
        LoadDashboard();
    }
    if (screen_ == Screen::kProductDetail &&
        (!catalog_.detail.loaded || detail_generation_ != generation)) {
        LoadProductDetail();
    }
    if (screen_ == Screen::kStock && (!catalog_.stock.loaded || stock_generation_ != generation)) {
        LoadStockScreen();
    }
}

void App::LoadDashboard() {
    DashboardState& d = catalog_.dashboard;
    dashboard_generation_ = engine_->Generation();
    d.loaded = true;
    d.error.clear();
    ++catalog_.revision;
    Result<engine::StockValuation> stock = engine_->ValueStock();
    if (stock.ok()) {
        d.stock = stock.value();
    } else {
        d.error = "Could not read the stock figures: " + stock.status().ToString();
    }
    Result<std::vector<engine::DailyUnits>> sales = engine_->UnitsSoldPerDay(d.sales_days);
    d.sales.clear();
    d.sales_plot.clear();
    d.sales_total = 0;
    if (!sales.ok()) {
        d.error = "Could not read the sales: " + sales.status().ToString();
        return;
    }
    d.sales = std::move(sales).value();
    for (const engine::DailyUnits& day : d.sales) {
        d.sales_plot.push_back(static_cast<float>(day.units));
        d.sales_total += day.units;
    }
}

void App::LoadProductDetail() {
    ProductDetailState& d = catalog_.detail;
    detail_generation_ = engine_->Generation();
    d.loaded = true;
    d.error.clear();
    ++catalog_.revision;
    engine::ListingQuery query;
    query.sku = d.sku;
    query.include_unlisted = true;
    Result<std::vector<engine::ListingRow>> rows = engine_->Listings(query);
    if (!rows.ok()) {
        d.error = "Could not read " + d.sku + ": " + rows.status().ToString();
        d.found = false;
        return;
    }
    d.rows = std::move(rows).value();
    d.found = !d.rows.empty();
    if (!d.found) return;
    Result<std::vector<engine::StockLevel>> levels = engine_->StockLevels(d.sku);
    d.levels = levels.ok() ? std::move(levels).value() : std::vector<engine::StockLevel>();
    Result<std::vector<engine::Movement>> ledger =
        engine_->ExplainOnHand(d.sku, d.explain_location);
    d.ledger = ledger.ok() ? std::move(ledger).value() : std::vector<engine::Movement>();
    d.ledger_sum = 0;
    for (const engine::Movement& m : d.ledger) d.ledger_sum += m.delta;
    Result<std::vector<engine::SkuMetrics>> metrics = engine_->Metrics(d.sku);
    d.metrics = metrics.ok() ? std::move(metrics).value() : std::vector<engine::SkuMetrics>();
    for (const Status& s : {levels.status(), ledger.status(), metrics.status()}) {
        if (!s.ok()) d.error = "Could not read all of " + d.sku + ": " + s.ToString();
    }
    FindDetailRestockLine();
}

void App::FindDetailRestockLine() {
    ProductDetailState& d = catalog_.detail;
    ++catalog_.revision;
    d.restock.reset();
    d.plan_read = insights_.plan.has_value();
    d.plan_updating = insights_.generating;
    if (d.plan_read) {
        for (const engine::RestockLine& line : insights_.plan->lines) {
            if (line.sku == d.sku) d.restock = line;
        }
    }
}

void App::LoadStockScreen() {
    StockScreenState& s = catalog_.stock;
    stock_generation_ = engine_->Generation();
    s.loaded = true;
    s.error.clear();
    ++catalog_.revision;
    Result<std::vector<engine::Location>> locations = engine_->Locations();
    Result<std::vector<engine::StockLevel>> levels = engine_->StockLevels("");
    s.locations = locations.ok() ? std::move(locations).value() : std::vector<engine::Location>();
    s.levels = levels.ok() ? std::move(levels).value() : std::vector<engine::StockLevel>();
    for (const Status& status : {locations.status(), levels.status()}) {
        if (!status.ok()) s.error = "Could not read the stock: " + status.ToString();
    }
}

bool App::ApplyCatalogIntent(Intent& intent) {
    return std::visit(
        [this](auto& i) -> bool {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, OpenProductIntent>) {
                catalog_.detail = ProductDetailState();
                catalog_.detail.sku = i.sku;
                ++catalog_.revision;
                screen_ = Screen::kProductDetail;
            } else if constexpr (std::is_same_v<T, SaveProductFieldIntent>) {
                SaveProductField(i);
            } else if constexpr (std::is_same_v<T, SetSalesWindowIntent>) {
                catalog_.dashboard.sales_days = i.days == 90 ? 90 : 30;
                catalog_.dashboard.loaded = false;  // re-read after this frame
            } else if constexpr (std::is_same_v<T, ExplainOnHandIntent>) {
                catalog_.detail.explain_location = i.location;
                catalog_.detail.loaded = false;
            } else if constexpr (std::is_same_v<T, AddLocationIntent>) {
                AddLocation(i.location);
            } else if constexpr (std::is_same_v<T, PreviewTransferIntent>) {
                PreviewTransfer(i);
            } else if constexpr (std::is_same_v<T, PreviewCountIntent>) {
                PreviewCount(i);
            } else if constexpr (std::is_same_v<T, ConfirmStockChangeIntent>) {
                ConfirmStockChange();
            } else if constexpr (std::is_same_v<T, CancelStockChangeIntent>) {
                catalog_.stock.pending.reset();
                catalog_.stock.message.clear();
                ++catalog_.revision;
            } else {
                return false;
            }
            return true;
        },
        intent);
}

void App::SaveProductField(const SaveProductFieldIntent& edit) {
    ProductEditResult& result = catalog_.edit;
    ++result.serial;
    ++catalog_.revision;
    result.sku = edit.sku;
    result.field = edit.field;
    result.ok = false;
    result.error.clear();
    if (engine_ == nullptr || job_ != nullptr) {
        result.error = "An import is running: save again when it has finished.";
        return;
    }
    engine::ProductEdit product;
    product.sku = edit.sku;
    const std::string text = Trimmed(edit.text);
    if (edit.field == ProductField::kName) {
        if (text.empty()) {
            result.error = "A product needs a name.";
            return;
        }
        product.name = text;
    } else {
        Result<int64_t> price = ParseDecimalMinor(text, 2);
        if (!price.ok() || price.value() < 0) {
            result.error = "Type a price like 12.99 (no currency sign), not \"" + text + "\".";
            return;
        }
        product.list_price_minor = price.value();
    }
    result.generation_before = engine_->Generation();
    Status saved = engine_->SaveProduct(product);
    if (!saved.ok()) {
        result.error = "Not saved: " + saved.message();
        return;
    }
    result.ok = true;
    result.generation_after = engine_->Generation();
    CatalogChanged();
}

void App::AddLocation(const engine::Location& location) {
    StockScreenState& s = catalog_.stock;
    ++catalog_.revision;
    s.message_is_error = true;
    engine::Location cleaned = location;
    cleaned.id = Trimmed(location.id);
    if (cleaned.id.empty()) {
        s.message = "Give the location an id, e.g. MAIN for a warehouse or MAIN/A-01 for a bin.";
        return;
    }
    if (engine_ == nullptr || job_ != nullptr) {
        s.message = "An import is running: add the location when it has finished.";
        return;
    }
    for (const engine::Location& existing : s.locations) {
        if (existing.id == cleaned.id) {
            s.message = "There is already a location " + cleaned.id + ": choose another id.";
            return;
        }
    }
    Status added = engine_->AddLocation(cleaned);
    if (!added.ok()) {
        s.message = "Location not added: " + added.message();
        return;
    }
    s.message = "Added " + cleaned.kind + " " + cleaned.id + ".";
    s.message_is_error = false;
    CatalogChanged();
}

void App::PreviewTransfer(const PreviewTransferIntent& transfer) {
    StockScreenState& s = catalog_.stock;
    ++catalog_.revision;
    s.pending.reset();
    s.message_is_error = true;
    const std::string sku = Trimmed(transfer.sku);
    Result<int64_t> quantity = ParseUnits(transfer.quantity, "units to move", false);
    if (sku.empty()) {
        s.message = "Enter the SKU to move.";
    } else if (transfer.from.empty() || transfer.to.empty()) {
        s.message = "Choose where the stock comes from and where it goes.";
    } else if (transfer.from == transfer.to) {
        s.message = "From and to are the same location: choose two different ones.";
    } else if (!quantity.ok()) {
        s.message = quantity.status().message();
    } else {
        s.message.clear();
    }
    if (!s.message.empty()) return;
    engine::ListingQuery query;
    query.sku = sku;
    query.include_unlisted = true;
    query.limit = 1;
    Result<std::vector<engine::ListingRow>> product = engine_->Listings(query);
    if (!product.ok() || product->empty()) {
        s.message = sku + " is not in your catalogue: check the SKU, or import the product first.";
        return;
    }
    Result<std::vector<engine::StockLevel>> levels = engine_->StockLevels(sku);
    if (!levels.ok()) {
        s.message = "Could not read the stock of " + sku + ": " + levels.status().ToString();
        return;
    }
    StockChangePreview p;
    p.sku = sku;
    p.from = transfer.from;
    p.to = transfer.to;
    p.quantity = quantity.value();
    p.reason = Trimmed(transfer.reason);
    p.from_before = OnHandAt(levels.value(), p.from);
    p.to_before = OnHandAt(levels.value(), p.to);
    char text[512];
    std::snprintf(
        text, sizeof(text), "Move %lld of %s from %s (%lld -> %lld) to %s (%lld -> %lld)?%s",
        static_cast<long long>(p.quantity), p.sku.c_str(), p.from.c_str(),
        static_cast<long long>(p.from_before), static_cast<long long>(p.from_before - p.quantity),
        p.to.c_str(), static_cast<long long>(p.to_before),
        static_cast<long long>(p.to_before + p.quantity),
        p.from_before < p.quantity
            ? " The ledger shows less than that at the source: it would go negative, "
              "which is recorded as it is and flagged to check."
            : "");
    p.summary = text;
    s.message_is_error = false;
    s.pending = std::move(p);
}

void App::PreviewCount(const PreviewCountIntent& count) {
    StockScreenState& s = catalog_.stock;
    ++catalog_.revision;
    s.pending.reset();
    s.message_is_error = true;
    const std::string sku = Trimmed(count.sku);
    Result<int64_t> counted = ParseUnits(count.counted, "units counted", true);
    if (sku.empty()) {
        s.message = "Enter the SKU you counted.";
        return;
    }
    if (count.location.empty()) {
        s.message = "Choose the location you counted.";
        return;
    }
    if (!counted.ok()) {
        s.message = counted.status().message();
        return;
    }
    engine::ListingQuery query;
    query.sku = sku;
    query.include_unlisted = true;
    query.limit = 1;
    Result<std::vector<engine::ListingRow>> product = engine_->Listings(query);
    if (!product.ok() || product->empty()) {
        s.message = sku + " is not in your catalogue: check the SKU, or import the product first.";
        return;
    }
    // The count is against the ledger as it is now: sales recorded after this position
    // (on another device meanwhile) are kept when it is confirmed.
    Result<int64_t> position = engine_->LedgerPosition();
    Result<std::vector<engine::StockLevel>> levels = engine_->StockLevels(sku);
    if (!position.ok() || !levels.ok()) {
        s.message = "Could not read the ledger: " +
                    (position.ok() ? levels.status() : position.status()).ToString();
        return;
    }
    StockChangePreview p;
    p.is_count = true;
    p.sku = sku;
    p.from = count.location;
    p.quantity = counted.value();
    p.seen_position = position.value();
    p.from_before = OnHandAt(levels.value(), p.from);
    const int64_t adjust = p.quantity - p.from_before;
    char text[512];
    if (adjust == 0) {
        std::snprintf(text, sizeof(text),
                      "Count %lld of %s at %s? The ledger agrees: the count is recorded with "
                      "no adjustment.",
                      static_cast<long long>(p.quantity), p.sku.c_str(), p.from.c_str());
    } else {
        std::snprintf(text, sizeof(text),
                      "Count %lld of %s at %s? The ledger says %lld, so this records an "
                      "adjustment of %+lld.",
                      static_cast<long long>(p.quantity), p.sku.c_str(), p.from.c_str(),
                      static_cast<long long>(p.from_before), static_cast<long long>(adjust));
    }
    p.summary = text;
    s.message_is_error = false;
    s.message.clear();
    s.pending = std::move(p);
}

void App::ConfirmStockChange() {
    StockScreenState& s = catalog_.stock;
    ++catalog_.revision;
    if (!s.pending) return;
    const StockChangePreview p = *s.pending;
    s.pending.reset();
    s.message_is_error = true;
    if (engine_ == nullptr || job_ != nullptr) {
        s.message = "An import is running: confirm again when it has finished.";
        s.pending = p;
        return;
    }
    char text[256];
    if (p.is_count) {
        engine::Count count;
        count.sku = p.sku;
        count.location = p.from;
        count.counted = p.quantity;
        count.seen_position = p.seen_position;
        Result<engine::Count> recorded = engine_->RecordCount(count);
        if (!recorded.ok()) {
            s.message = "The count was not recorded: " + recorded.status().message();
            return;
        }
        std::snprintf(text, sizeof(text), "Counted %lld of %s at %s (adjustment %+lld).",
                      static_cast<long long>(p.quantity), p.sku.c_str(), p.from.c_str(),
                      static_cast<long long>(recorded->counted - recorded->expected));
    } else {
        Result<std::vector<engine::Movement>> moved =
            engine_->Transfer(p.sku, p.from, p.to, p.quantity, p.reason);
        if (!moved.ok()) {
            s.message = "Nothing was moved: " + moved.status().message();
            return;
        }
        std::snprintf(text, sizeof(text), "Moved %lld of %s from %s to %s.",
                      static_cast<long long>(p.quantity), p.sku.c_str(), p.from.c_str(),
                      p.to.c_str());
    }
    s.message = text;
    s.message_is_error = false;
    ++s.changes_recorded;
    CatalogChanged();
}

void App::CatalogChanged() {
    ++catalog_.revision;
    if (persist_) platform_->PersistData();
    // The screens re-read after this frame: the engine's generation has moved.
}

}  // namespace stocktake::web
