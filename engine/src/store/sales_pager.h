// SalesPager: SalesRepo::UnitsSoldSince in parts, for a generation of the insights spread
// over frames (insights_job.h). docs/DECISIONS.md, "Insights read in pages".
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "stocktake/status.h"
#include "store/db.h"
#include "store/sales_repo.h"

namespace stocktake::engine {

class SalesTotalsBySku;  // sales_pager.cpp

// An order line of a day read line by line (a window's first day, until's day).
struct SalesEdgeLine {
    std::string sku;
    std::string channel;
    std::string at;
    int64_t quantity = 0;
};

// UnitsSoldSince in parts, so a caller can spread it over frames: each Next is one unit of
// work (finding the days with sales, the order lines of one edge day, or a page of SKUs)
// and the pages, concatenated, are UnitsSoldSince's result. Nothing is held open between
// calls (each statement is reset, or handed back to the cache, before Next returns). The
// caller keeps the data unchanged meanwhile.
class SalesPager {
  public:
    // page_skus: SKUs per page (at least 1).
    SalesPager(Db* db, std::array<std::string, kSalesWindows> since, std::string until,
               int64_t page_skus);
    bool done() const { return done_; }
    // Appends the next page's totals (by SKU, then channel) to rows; a unit that reads no
    // SKUs' totals appends nothing.
    Status Next(std::vector<SalesTotals>* rows);

  private:
    Status FindDays();
    Status ReadEdge(const std::string& day);
    Status ReadPage(std::vector<SalesTotals>* rows);
    // Adds the edge lines of SKUs up to last_sku (nullptr: all that are left) to totals.
    void AddEdgeLines(SalesTotalsBySku* totals, const std::string* last_sku);

    Db* db_;
    std::array<std::string, kSalesWindows> since_;
    std::array<std::string, kSalesWindows> since_day_;
    std::string until_;
    std::string until_day_;
    int64_t page_skus_;
    std::vector<std::string> edges_;         // the days read line by line, ascending
    std::vector<std::string> whole_days_;    // the days with sales read from the summary
    std::vector<SalesEdgeLine> edge_lines_;  // by SKU once the edges are read
    size_t next_edge_ = 0;
    size_t next_edge_line_ = 0;
    bool days_found_ = false;
    bool edges_sorted_ = false;
    std::string after_sku_;  // the last SKU of the previous page
    bool first_page_ = true;
    bool done_ = false;
};

// The same totals as SalesPager, for some SKUs only (a generation's dirty set,
// insights_job.h): the edge days' lines of those SKUs once (ReadEdges), then each SKU's
// summary rows by the SKU index (Of). Of gives exactly the rows SalesPager gives that SKU.
class SkuSalesReader {
  public:
    // skus: ascending, distinct.
    SkuSalesReader(Db* db, std::array<std::string, kSalesWindows> since, std::string until,
                   std::vector<std::string> skus);
    Status ReadEdges();
    // Appends sku's totals (by channel) to rows. REQUIRES: ReadEdges done; sku among skus.
    Status Of(const std::string& sku, std::vector<SalesTotals>* rows);

  private:
    Db* db_;
    std::array<std::string, kSalesWindows> since_;
    std::array<std::string, kSalesWindows> since_day_;
    std::string until_;
    std::string until_day_;
    std::vector<std::string> edges_;  // ascending
    std::vector<std::string> skus_;
    std::vector<SalesEdgeLine> edge_lines_;  // by SKU once read
};

}  // namespace stocktake::engine
