#include "insights/inputs.h"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "stocktake/time.h"
#include "store/store.h"

namespace stocktake::engine {

namespace {

constexpr int64_t kDaySeconds = 86400;

int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// The first instant of local day `day`, as orders store instants.
std::string StartOfDay(const InsightContext& context, int64_t day) {
    return FormatIso8601Utc(day * kDaySeconds - context.settings.utc_offset_minutes * 60);
}

// After a page of a paged read: keeps its last row for the next page's seek, then merges
// it (merge may move the rows away). True when another page may follow (a full one).
template <typename Row, typename Merge>
bool NextPage(std::optional<Row>* last, const std::vector<Row>& page, int64_t page_rows,
              Merge merge) {
    const bool more = static_cast<int64_t>(page.size()) >= page_rows;
    if (more) {
        *last = page.back();
    } else {
        last->reset();
    }
    merge();
    return more;
}

}  // namespace

const std::vector<SettingField>& SettingFields() {
    static const std::vector<SettingField>* const kFields = new std::vector<SettingField>{
        {"slow_days", &InsightSettings::slow_days, 1, 3650},
        {"aged_days", &InsightSettings::aged_days, 1, 36500},
        {"overstock_days_of_cover", &InsightSettings::overstock_days_of_cover, 1, 36500},
        {"review_period_days", &InsightSettings::review_period_days, 0, 3650},
        {"safety_stock_days", &InsightSettings::safety_stock_days, 0, 3650},
        {"velocity_window_days", &InsightSettings::velocity_window_days, 1, 3650},
        {"utc_offset_minutes", &InsightSettings::utc_offset_minutes, -840, 840},
    };
    return *kFields;
}

Result<InsightSettings> LoadSettings(Store& store) {
    Result<std::vector<std::pair<std::string, int64_t>>> stored = store.insights().Settings();
    if (!stored.ok()) return stored.status();
    InsightSettings settings;
    for (const auto& [name, value] : stored.value()) {
        for (const SettingField& field : SettingFields()) {
            // A value out of range (from a newer device, say) keeps the default.
            if (name == field.name && value >= field.min && value <= field.max) {
                settings.*field.field = value;
            }
        }
    }
    return settings;
}

std::optional<int64_t> LocalDay(const InsightContext& context, const std::string& iso) {
    Result<int64_t> seconds = ParseIso8601(iso);
    if (!seconds.ok()) return std::nullopt;
    return LocalDayAt(context, seconds.value());
}

std::optional<int64_t> LocalDayAt(const InsightContext& context, std::optional<int64_t> seconds) {
    if (!seconds) return std::nullopt;
    return FloorDiv(*seconds + context.settings.utc_offset_minutes * 60, kDaySeconds);
}

std::string WindowStart(const InsightContext& context, int64_t days) {
    return StartOfDay(context, context.today - days + 1);
}

Result<InsightContext> MakeContext(Store& store, const std::string& now_text) {
    InsightContext context;
    Result<InsightSettings> settings = LoadSettings(store);
    if (!settings.ok()) return settings.status();
    context.settings = settings.value();
    if (now_text.empty()) {
        context.now = NowUnixSeconds();
    } else {
        Result<int64_t> parsed = ParseIso8601(now_text);
        if (!parsed.ok()) return parsed.status();
        context.now = parsed.value();
    }
    context.now_text = FormatIso8601Utc(context.now);
    context.today = *LocalDay(context, context.now_text);
    // A window of N days is today and the N - 1 days before it.
    const int64_t days[kSalesWindows] = {7, 30, 90, context.settings.velocity_window_days};
    for (size_t i = 0; i < kSalesWindows; ++i) {
        context.since[i] = WindowStart(context, days[i]);
    }
    Result<std::vector<ChannelFee>> fees = store.insights().ChannelFees();
    if (!fees.ok()) return fees.status();
    for (ChannelFee& fee : fees.value()) context.fees[fee.channel] = fee;
    return context;
}

InputsReader::InputsReader(Store& store, const InsightContext& context,
                           const std::vector<Availability>& availabilities, int64_t sales_page_skus,
                           int64_t page_rows)
    : store_(store),
      context_(context),
      sales_page_skus_(sales_page_skus),
      page_rows_(std::max<int64_t>(page_rows, 1)),
      availabilities_(availabilities) {
    inputs_.reserve(availabilities.size());
}

SkuInputs& InputsReader::At(size_t read, const std::string& sku) {
    if (read != fresh_read_) {
        MergeFresh();  // another read's new SKUs, if any
        fresh_read_ = read;
    }
    const auto by_sku = [](const SkuInputs& in, const std::string& s) { return in.sku < s; };
    const auto first = inputs_.begin();
    const auto sorted_end = first + static_cast<ptrdiff_t>(sorted_);
    // Every SKU before the cursor is less than the previous row's. The row's SKU is mostly
    // the previous row's (at the cursor) or the next one: one or two comparisons.
    auto at = first + static_cast<ptrdiff_t>(cursor_);
    int order = at == sorted_end ? 1 : at->sku.compare(sku);  // at's SKU against the row's
    if (order < 0) {
        ++at;
        order = at == sorted_end ? 1 : at->sku.compare(sku);
        if (order < 0) {
            at = std::lower_bound(at + 1, sorted_end, sku, by_sku);
            order = at == sorted_end ? 1 : at->sku.compare(sku);
        }
    } else if (order > 0 && at != first && (at - 1)->sku >= sku) {
        // Not past the previous row's SKU: a row out of order, searched from the start.
        at = std::lower_bound(first, at, sku, by_sku);
        order = at->sku.compare(sku);
    }
    cursor_ = static_cast<size_t>(at - first);
    if (order == 0) return *at;
    // New to the sorted part: the last fresh SKU, or a new one.
    if (inputs_.size() > sorted_) {
        if (inputs_.back().sku == sku) return inputs_.back();
        if (sku < inputs_.back().sku) {
            fresh_in_order_ = false;
            auto fresh =
                std::find_if(inputs_.begin() + static_cast<ptrdiff_t>(sorted_), inputs_.end(),
                             [&](const SkuInputs& in) { return in.sku == sku; });
            if (fresh != inputs_.end()) return *fresh;
        }
    }
    SkuInputs& in = inputs_.emplace_back();
    in.sku = sku;
    in.availability.sku = sku;
    return in;
}

void InputsReader::MergeFresh() {
    const auto by_sku = [](const SkuInputs& a, const SkuInputs& b) { return a.sku < b.sku; };
    const auto middle = inputs_.begin() + static_cast<ptrdiff_t>(sorted_);
    if (middle != inputs_.end()) {
        if (!fresh_in_order_) std::sort(middle, inputs_.end(), by_sku);
        // The sorted SKUs before the first fresh one stay where they are.
        std::inplace_merge(std::upper_bound(inputs_.begin(), middle, *middle, by_sku), middle,
                           inputs_.end(), by_sku);
    }
    sorted_ = inputs_.size();
    cursor_ = 0;
    fresh_read_ = SIZE_MAX;
    fresh_in_order_ = true;
}

template <typename Rows, typename Add>
void InputsReader::MergeBySku(size_t read, Rows& rows, Add add) {
    for (auto& row : rows) add(At(read, row.sku), row);
}

Result<bool> InputsReader::Read(size_t i) {
    // Each read merges its rows by SKU; the order of the reads does not matter.
    switch (i) {
        case 0: {
            Result<std::vector<ProductFacts>> products = store_.insights().ProductsPage(
                last_product_ ? &*last_product_ : nullptr, page_rows_);
            if (!products.ok()) return products.status();
            return NextPage(&last_product_, products.value(), page_rows_, [&] {
                MergeBySku(i, products.value(),
                           [](SkuInputs& in, ProductFacts& p) { in.product = std::move(p); });
            });
        }
        case 1: {
            if (!sales_) {
                sales_.emplace(&store_.db(), context_.since, context_.now_text, sales_page_skus_);
            }
            std::vector<SalesTotals> page;
            Status status = sales_->Next(&page);
            if (!status.ok()) return status;
            MergeBySku(i, page,
                       [](SkuInputs& in, SalesTotals& s) { in.sales.push_back(std::move(s)); });
            if (!sales_->done()) return true;
            sales_.reset();
            return false;
        }
        case 2: {
            Result<std::vector<ListingFacts>> listings = store_.insights().ActiveListingsPage(
                last_listing_ ? &*last_listing_ : nullptr, page_rows_);
            if (!listings.ok()) return listings.status();
            return NextPage(&last_listing_, listings.value(), page_rows_, [&] {
                MergeBySku(i, listings.value(), [](SkuInputs& in, ListingFacts& l) {
                    in.listings.push_back(std::move(l));
                });
            });
        }
        case 3: {
            Result<std::vector<StockLevel>> negative = store_.stock().NegativeLevels();
            if (!negative.ok()) return negative.status();
            MergeBySku(i, negative.value(), [](SkuInputs& in, const StockLevel& level) {
                in.negative_levels.push_back(level);
            });
            return false;
        }
        case 4: {
            Result<std::vector<ProductPlan>> plans = store_.insights().ProductPlans();
            if (!plans.ok()) return plans.status();
            MergeBySku(i, plans.value(),
                       [](SkuInputs& in, const ProductPlan& plan) { in.plan = plan; });
            return false;
        }
        case 5: {
            Result<std::vector<InboundStock>> inbound = store_.purchasing().Inbound("");
            if (!inbound.ok()) return inbound.status();
            MergeBySku(i, inbound.value(),
                       [](SkuInputs& in, const InboundStock& row) { in.inbound = row.quantity; });
            return false;
        }
        default: return Status::Internal("no such read: " + std::to_string(i));
    }
}

std::vector<SkuInputs> InputsReader::Take() {
    // The availabilities last: the products' read, first, appends every SKU of the catalogue
    // in order, and the other reads find theirs there. Merged first, the availabilities made
    // every product without stock a fresh SKU, and merging those in moved the whole vector.
    MergeBySku(kReads, availabilities_, [](SkuInputs& in, const Availability& a) {
        in.availability = a;
        in.stock_tracked = true;
    });
    MergeFresh();
    std::vector<SkuInputs> by_sku = std::move(inputs_);
    inputs_.clear();
    sorted_ = 0;
    return by_sku;
}

SkuInputsReader::SkuInputsReader(Store& store, const InsightContext& context,
                                 std::vector<std::string> skus, int64_t page_skus)
    : store_(store),
      skus_(std::move(skus)),
      page_skus_(std::max<int64_t>(page_skus, 1)),
      sales_(&store.db(), context.since, context.now_text, skus_) {
    inputs_.reserve(skus_.size());
}

Result<bool> SkuInputsReader::Read() {
    if (!shared_read_) {
        Status shared = ReadShared();
        if (!shared.ok()) return shared;
        shared_read_ = true;
        return !skus_.empty();
    }
    const size_t end = std::min(skus_.size(), next_ + static_cast<size_t>(page_skus_));
    for (; next_ < end; ++next_) {
        Status read = ReadSku(skus_[next_]);
        if (!read.ok()) return read;
    }
    return next_ < skus_.size();
}

Status SkuInputsReader::ReadShared() {
    Result<std::vector<std::pair<std::string, int64_t>>> reserved =
        store_.orders().ReservedWithoutKits();
    if (!reserved.ok()) return reserved.status();
    for (auto& [sku, units] : reserved.value()) reserved_[std::move(sku)] = units;
    Result<std::vector<InboundStock>> inbound = store_.purchasing().Inbound("");
    if (!inbound.ok()) return inbound.status();
    for (const InboundStock& row : inbound.value()) inbound_[row.sku] = row.quantity;
    return sales_.ReadEdges();
}

Status SkuInputsReader::ReadSku(const std::string& sku) {
    SkuInputs in;
    in.sku = sku;
    in.availability.sku = sku;
    // As InputsReader: a SKU with stock levels or open orders has its availability read;
    // its levels below zero are its negative levels.
    Result<std::vector<StockLevel>> levels = store_.stock().Levels(sku);
    if (!levels.ok()) return levels.status();
    auto reserved = reserved_.find(sku);
    if (!levels->empty() || reserved != reserved_.end()) {
        in.stock_tracked = true;
        for (const StockLevel& level : levels.value()) in.availability.on_hand += level.on_hand;
        in.availability.reserved = reserved == reserved_.end() ? 0 : reserved->second;
        in.availability.available = in.availability.on_hand - in.availability.reserved;
    }
    for (StockLevel& level : levels.value()) {
        if (level.on_hand < 0) in.negative_levels.push_back(std::move(level));
    }
    Result<std::optional<ProductPlan>> plan = store_.insights().ProductPlanOf(sku);
    if (!plan.ok()) return plan.status();
    in.plan = std::move(plan.value());
    Result<std::optional<ProductFacts>> product = store_.insights().ProductOf(sku);
    if (!product.ok()) return product.status();
    in.product = std::move(product.value());
    Status sales = sales_.Of(sku, &in.sales);
    if (!sales.ok()) return sales;
    Result<std::vector<ListingFacts>> listings = store_.insights().ActiveListingsOf(sku);
    if (!listings.ok()) return listings.status();
    in.listings = std::move(listings.value());
    if (auto found = inbound_.find(sku); found != inbound_.end()) in.inbound = found->second;
    inputs_.push_back(std::move(in));
    return Status::Ok();
}

Result<std::vector<SkuInputs>> GatherInputs(Store& store, const InsightContext& context,
                                            const std::vector<Availability>& availabilities) {
    // One caller's whole read: pages large enough that the per-page seeks cost little.
    InputsReader reader(store, context, availabilities, int64_t{1} << 14, int64_t{1} << 14);
    for (size_t i = 0; i < InputsReader::kReads; ++i) {
        for (;;) {
            Result<bool> more = reader.Read(i);
            if (!more.ok()) return more.status();
            if (!more.value()) break;
        }
    }
    return reader.Take();
}

}  // namespace stocktake::engine
