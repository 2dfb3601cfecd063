// InsightsRepo: what insights and the restock plan read beyond stock and sales (settings,
// fees, product plans, listings, product costs), and the insights table, which is derived
// on each device and written here directly (never through the outbox). Settings, fees and
// plans are written through the outbox (sync/outbox.h WriteRecord). The caller holds the
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stocktake/engine/insights.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

// An active listing (status '' or 'active', any case), as the insights see it.
struct ListingFacts {
    std::string sku;
    std::string channel;
    std::optional<int64_t> price_minor;
    std::optional<int64_t> quantity;  // listed quantity; none = not stated
    // Unix seconds; none = not known (or text no instant reads from). Parsed once, as read:
    // the metrics and the rules each need its day, and as text it was a copy per listing.
    std::optional<int64_t> opened_at;
    std::string marketplace;  // the rest of the listing's key (pages seek by it)
};

struct ProductFacts {
    std::string sku;
    std::optional<int64_t> created_at;  // unix seconds, as ListingFacts::opened_at
    std::optional<int64_t> list_price_minor;
    std::optional<int64_t> cost;  // 10^-4
};

// An insight row as stored, with resolved_at ("" while it holds).
struct StoredInsight {
    Insight insight;
    std::string resolved_at;
};

class InsightsRepo {
  public:
    explicit InsightsRepo(Db* db) : db_(db) {}

    Result<std::vector<std::pair<std::string, int64_t>>> Settings();  // (name, value)
    Result<std::vector<ChannelFee>> ChannelFees();                    // by channel
    Result<std::vector<ProductPlan>> ProductPlans();                  // by SKU
    // Pages in key order, each at most limit rows after the previous page's last (nullptr:
    // from the first), so no read of a generation spread over frames is a whole table
    // (docs/DECISIONS.md, "Insights read in pages"). Active listings by (sku, channel,
    // marketplace); products by SKU.
    Result<std::vector<ListingFacts>> ActiveListingsPage(const ListingFacts* after, int64_t limit);
    Result<std::vector<ProductFacts>> ProductsPage(const ProductFacts* after, int64_t limit);
    // One SKU's product and active listings (as the pages have them), for a generation that
    // computes only some SKUs (insights_job.h, the dirty set).
    Result<std::optional<ProductFacts>> ProductOf(std::string_view sku);
    Result<std::vector<ListingFacts>> ActiveListingsOf(std::string_view sku);
    Result<std::optional<ProductPlan>> ProductPlanOf(std::string_view sku);
    // The SKUs of products created within `slow`, of listings (any status) opened within
    // `slow` or `aged` (each a pair of instants, both included), and of those whose instant
    // is not written as those bounds are (YYYY-MM-DDTHH:MM:SSZ; "" is no day at all), which
    // text cannot place: a superset, appended unsorted. One scan of each table.
    Status SkusDatedBetween(const std::pair<std::string, std::string>& slow,
                            const std::pair<std::string, std::string>& aged,
                            std::vector<std::string>* skus);
    // One SKU's stored insights, resolved or not, by (channel, kind).
    Result<std::vector<StoredInsight>> StoredOf(std::string_view sku);

    // The insights that hold now, kind "" = all, by kind, SKU, channel.
    Result<std::vector<Insight>> Current(std::string_view kind);
    // Inserts or replaces the rows of insights[begin, end) by (sku, channel, kind), holding
    // (resolved_at NULL), many rows to a statement (store/batch_insert.h): a first
    // generation writes every insight (181k at 100k SKUs).
    Status PutRange(const std::vector<Insight>& insights, size_t begin, size_t end);
    // Inserts the rows of insights[begin, end), none of whose keys is in the table (a
    // conflict fails), holding; an empty generated_at is written as generated_at. Cheaper
    // than PutRange: what a first generation writes.
    Status AddRange(const std::vector<Insight>& insights, size_t begin, size_t end,
                    std::string_view generated_at);
    Status Resolve(const Insight& insight, std::string_view at);
    // Deletes insights resolved before the instant; returns how many.
    Result<int64_t> PurgeResolvedBefore(std::string_view before);
    // The local day of the last generation (nullopt: none has recorded one), and recording
    // it; true when it moved (nothing is written when it is the same day).
    Result<std::optional<int64_t>> GenerationDay();
    Result<bool> SetGenerationDay(int64_t local_day);

  private:
    Db* db_;
};

}  // namespace stocktake::engine
