// Store: the engine's SQLite database (one connection) with its schema and repositories.
// Owned by the Engine; everything that runs SQL lives under store/.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "stocktake/engine/engine.h"
#include "stocktake/status.h"
#include "store/barcodes_repo.h"
#include "store/catalog_repo.h"
#include "store/db.h"
#include "store/import_jobs_repo.h"
#include "store/insights_repo.h"
#include "store/kits_repo.h"
#include "store/mappings_repo.h"
#include "store/orders_repo.h"
#include "store/purchasing_repo.h"
#include "store/record_table.h"
#include "store/records_repo.h"
#include "store/sales_repo.h"
#include "store/stock_repo.h"
#include "store/sync_repo.h"

namespace stocktake::engine {

struct InsightsMemo;  // insights_job.h

// Rows written since the last complete generation of the insights by engine calls that
// name the SKUs whose inputs they change (insights_job.h, the dirty set): how far they
// moved the write mark (Db::TotalChanges) and those SKUs. A write not noted here leaves
// the mark ahead of the memo's plus these changes: the next generation computes every SKU.
struct InsightsWrites {
    int64_t changes = 0;
    std::set<std::string> skus;
    void Note(const std::vector<std::string>& written, int64_t rows) {
        changes += rows;
        skus.insert(written.begin(), written.end());
    }
};

class Store {
  public:
    // Opens the database at path (or ":memory:") and applies pending migrations.
    static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                               const EngineOptions& options);

    int schema_version() const { return schema_version_; }
    Db& db() { return *db_; }
    CatalogRepo& catalog() { return catalog_; }
    ImportJobsRepo& import_jobs() { return import_jobs_; }
    MappingsRepo& mappings() { return mappings_; }
    RecordTable& products() { return products_; }
    RecordTable& listings() { return listings_; }
    RecordTable& vendor_prices() { return vendor_prices_; }
    StockRepo& stock() { return stock_; }
    SyncRepo& sync() { return sync_; }
    RecordsRepo& records() { return records_; }
    OrdersRepo& orders() { return orders_; }
    PurchasingRepo& purchasing() { return purchasing_; }
    KitsRepo& kits() { return kits_; }
    SalesRepo& sales() { return sales_; }
    InsightsRepo& insights() { return insights_; }
    BarcodesRepo& barcode_links() { return barcode_links_; }
    // Imports write FNSKU links through it (the records' own writes are "barcode" ops).
    RecordTable& barcodes() { return barcodes_; }

    // True while an import job holds the write transaction.
    bool import_running() const { return import_running_; }
    void set_import_running(bool running) { import_running_ = running; }

    // What the last complete generation of the insights saw and made (insights_job.h),
    // null when none or when the insights table may differ from it: the next generation
    // with nothing changed since reuses it instead of computing it again.
    std::shared_ptr<const InsightsMemo>& insights_memo() { return insights_memo_; }
    InsightsWrites& insights_writes() { return insights_writes_; }

  private:
    explicit Store(std::unique_ptr<Db> db)
        : db_(std::move(db)),
          catalog_(db_.get()),
          import_jobs_(db_.get()),
          mappings_(db_.get()),
          products_(db_.get(), &ProductsTable()),
          listings_(db_.get(), &ListingsTable()),
          vendor_prices_(db_.get(), &VendorPricesTable()),
          stock_(db_.get()),
          sync_(db_.get()),
          records_(db_.get()),
          orders_(db_.get()),
          purchasing_(db_.get()),
          kits_(db_.get()),
          sales_(db_.get()),
          insights_(db_.get()),
          barcode_links_(db_.get()),
          barcodes_(db_.get(), &BarcodesTable()) {}

    std::unique_ptr<Db> db_;
    CatalogRepo catalog_;
    ImportJobsRepo import_jobs_;
    MappingsRepo mappings_;
    RecordTable products_;
    RecordTable listings_;
    RecordTable vendor_prices_;
    StockRepo stock_;
    SyncRepo sync_;
    RecordsRepo records_;
    OrdersRepo orders_;
    PurchasingRepo purchasing_;
    KitsRepo kits_;
    SalesRepo sales_;
    InsightsRepo insights_;
    BarcodesRepo barcode_links_;
    RecordTable barcodes_;
    int schema_version_ = 0;
    bool import_running_ = false;
    std::shared_ptr<const InsightsMemo> insights_memo_;
    InsightsWrites insights_writes_;
};

}  // namespace stocktake::engine
