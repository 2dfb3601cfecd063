// What the insights, the metrics and the restock plan are computed from: every input of one
// SKU gathered in one place (SkuInputs), and the settings and clock they share
// (InsightContext). Gathering reads the store; the computations (metrics.h, rules.h,
// restock.h) are pure functions of these, so the same inputs always give the same output.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stocktake/engine/insights.h"
#include "stocktake/engine/stock.h"
#include "stocktake/engine/types.h"
#include "stocktake/status.h"
#include "store/insights_repo.h"
#include "store/sales_pager.h"
#include "store/sales_repo.h"

namespace stocktake::engine {

class Store;

// The windows of SalesTotals::units, in this order.
enum SalesWindow : size_t { kLast7, kLast30, kLast90, kVelocityWindow };

struct InsightContext {
    InsightSettings settings;
    int64_t now = 0;    // unix seconds
    int64_t today = 0;  // the local calendar day of now (days since 1970-01-01 there)
    std::string now_text;
    std::array<std::string, kSalesWindows> since;  // the first instant of each window
    std::map<std::string, ChannelFee> fees;        // by channel
};

struct SkuInputs {
    std::string sku;
    std::optional<ProductFacts> product;
    Availability availability;
    // The ledger knows the SKU's stock (it has stock levels or open orders). A seller who has
    // only imported listings has not told Stocktake what is on the shelf: then the listings'
    // stated quantities are the best knowledge of stock there is.
    bool stock_tracked = false;
    std::vector<SalesTotals> sales;  // per channel
    std::vector<ListingFacts> listings;
    std::vector<StockLevel> negative_levels;
    std::optional<ProductPlan> plan;
    int64_t inbound = 0;
};

// A setting's stored name, its field and its allowed range.
struct SettingField {
    const char* name;
    int64_t InsightSettings::*field;
    int64_t min;
    int64_t max;
};
const std::vector<SettingField>& SettingFields();

// Reads the settings (defaults for those never saved), with unknown names ignored.
Result<InsightSettings> LoadSettings(Store& store);

// The context at now_text (ISO-8601; "" = the system clock). InvalidArgument for a bad
// instant.
Result<InsightContext> MakeContext(Store& store, const std::string& now_text);

// The first instant of a window of `days` calendar days: today (in the seller's zone) and
// the days - 1 before it. REQUIRES: days >= 1.
std::string WindowStart(const InsightContext& context, int64_t days);

// The local calendar day of an instant in the context's zone; nullopt for unreadable text.
std::optional<int64_t> LocalDay(const InsightContext& context, const std::string& iso);
// The same for an instant in unix seconds (none: none).
std::optional<int64_t> LocalDayAt(const InsightContext& context, std::optional<int64_t> seconds);

// GatherInputs one table at a time, so a caller can spread the reads over frames
// (InsightsJob). Read(i) for i in 0..kReads - 1, in any order, each until it says it is
// done; then Take. The sales are read in pages of sales_page_skus SKUs, the products and
// the active listings in pages of page_rows rows, one page per Read.
// Every read comes by SKU, so the inputs are a vector by SKU that each read walks along
// (a merge join): no tree node per SKU, and Take hands the vector over as it is. A SKU a
// read finds new is appended past the sorted part and merged in when another read starts
// or Take is called (one pass), so reads interleaved page by page stay correct.
class InputsReader {
  public:
    static constexpr size_t kReads = 6;
    // availabilities: every SKU's (OrdersRepo::Availabilities), kept until Take.
    InputsReader(Store& store, const InsightContext& context,
                 const std::vector<Availability>& availabilities, int64_t sales_page_skus,
                 int64_t page_rows);
    // One unit of read i: true when read i has more units to do.
    Result<bool> Read(size_t i);
    // Every SKU read, by SKU. The reader is empty afterwards.
    std::vector<SkuInputs> Take();

  private:
    // The inputs of a row's SKU: found from the walk's cursor, or appended past the sorted
    // part (made when the SKU is new). read: the read the row comes from.
    SkuInputs& At(size_t read, const std::string& sku);
    // Merges the SKUs appended past the sorted part into it.
    void MergeFresh();
    template <typename Rows, typename Add>
    void MergeBySku(size_t read, Rows& rows, Add add);

    Store& store_;
    const InsightContext& context_;
    std::vector<SkuInputs> inputs_;  // [0, sorted_) by SKU, then the fresh ones
    size_t sorted_ = 0;
    size_t cursor_ = 0;             // in [0, sorted_]: no SKU before it is still to come
    size_t fresh_read_ = SIZE_MAX;  // the read whose rows are past sorted_ (none: SIZE_MAX)
    bool fresh_in_order_ = true;    // the fresh SKUs came in ascending order
    int64_t sales_page_skus_;
    int64_t page_rows_;
    std::optional<SalesPager> sales_;
    // The last row of the previous page (none: the next page is the first).
    std::optional<ProductFacts> last_product_;
    std::optional<ListingFacts> last_listing_;
    const std::vector<Availability>& availabilities_;  // merged in by Take
};

// The inputs of some SKUs only (a generation's dirty set, insights_job.h), each as
// InputsReader has it. REQUIRES: no kit is recorded (OrdersRepo::ReservedWithoutKits).
// Read() one unit at a time until it says it is done: first what is read whole (the open
// orders' reservations, inbound, the sales' edge days), then page_skus SKUs per unit, each
// by its keys (stock levels, product, plan, sales, listings); then Take. A SKU with no input at all
// gets empty inputs, from which no insight and no restock line follow (as from its absence).
class SkuInputsReader {
  public:
    // skus: ascending, distinct.
    SkuInputsReader(Store& store, const InsightContext& context, std::vector<std::string> skus,
                    int64_t page_skus);
    Result<bool> Read();
    std::vector<SkuInputs> Take() { return std::move(inputs_); }

  private:
    Status ReadShared();
    Status ReadSku(const std::string& sku);

    Store& store_;
    std::vector<std::string> skus_;
    int64_t page_skus_;
    SkuSalesReader sales_;
    bool shared_read_ = false;
    size_t next_ = 0;
    std::map<std::string, int64_t, std::less<>> reserved_;
    std::map<std::string, int64_t, std::less<>> inbound_;
    std::vector<SkuInputs> inputs_;
};

// Every SKU that has a product, stock, an order or a listing, with its inputs, by SKU.
Result<std::vector<SkuInputs>> GatherInputs(Store& store, const InsightContext& context,
                                            const std::vector<Availability>& availabilities);

}  // namespace stocktake::engine
