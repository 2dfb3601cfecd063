// FirstImportCache: the page cache of an import that fills tables from empty.
//
// Every page such an import writes stays dirty until its commit, so with the connection's
// whole cache (256 MiB in the browser: memory_vfs.cpp) it fills all of it before a page goes
// to the file, and the file then holds the same bytes again. In wasm every one of those
// bytes is fresh memory, which the first import in a page pays for in page faults
// (docs/PERFORMANCE.md, "Import speed, session 17"). Rows that come in key order write each
// B-tree at its right edge, which a small cache holds; the pages behind it go to the file as
// the cache fills and are not read again. Rows that do not come in key order land on pages
// already written out, which the import then reads back: at the first such reads the whole
// cache is given back (a shuffled file took 12-18 % longer with a small cache throughout).
// Thread safety: none; one per import job.
#pragma once

#include <cstdint>
#include <utility>

#include "store/db.h"

namespace stocktake::engine {

class FirstImportCache {
  public:
    // The small cache, and how often and how much reading back gives the whole one back.
    static constexpr int64_t kSmallKib = 16 * 1024;
    static constexpr int64_t kCheckRows = 4096;
    static constexpr int64_t kMissesPerCheck = kCheckRows / 8;

    // Lowers db's cache to small_kib, when it is larger, until Finish.
    Status Start(Db* db, int64_t small_kib = kSmallKib) {
        if (db->tuned_cache_kib() <= small_kib) return Status::Ok();
        Status status = db->SetCacheKib(small_kib);
        if (!status.ok()) return status;
        db_ = db;
        rows_ = 0;
        misses_ = db->CacheMisses();
        return Status::Ok();
    }
    bool small() const { return db_ != nullptr; }
    // After each row written: every kCheckRows rows, the whole cache again when the rows
    // since the last check read pages back.
    Status AfterRow() {
        if (db_ == nullptr || ++rows_ % kCheckRows != 0) return Status::Ok();
        const int64_t misses = db_->CacheMisses();
        if (misses - std::exchange(misses_, misses) <= kMissesPerCheck) return Status::Ok();
        return Finish();
    }
    // The connection's own cache again (idempotent).
    Status Finish() {
        if (db_ == nullptr) return Status::Ok();
        Db* db = std::exchange(db_, nullptr);
        return db->SetCacheKib(db->tuned_cache_kib());
    }

  private:
    Db* db_ = nullptr;  // set while the cache is small
    int64_t rows_ = 0;
    int64_t misses_ = 0;  // CacheMisses at the last check
};

}  // namespace stocktake::engine
