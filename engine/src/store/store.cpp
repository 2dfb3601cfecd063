#include "store/store.h"

#include "stocktake/time.h"
#include "store/migrations.h"

namespace stocktake::engine {

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const EngineOptions& options) {
    Result<std::unique_ptr<Db>> db = Db::Open(path, options.vfs);
    if (!db.ok()) return db.status();
    Status tuned = db.value()->Tune(options.journal_in_memory, options.cache_kib,
                                    options.mmap_bytes, options.page_bytes);
    if (!tuned.ok()) return tuned;
    std::unique_ptr<Store> store(new Store(std::move(db.value())));
    Result<int> version = ApplyMigrations(*store->db_, FormatIso8601Utc(NowUnixSeconds()));
    if (!version.ok()) return version.status();
    store->schema_version_ = version.value();
    return store;
}

}  // namespace stocktake::engine
