#include "storage/pool.h"

#include <chrono>
#include <random>
#include <thread>
#include <utility>

namespace stocktake::server {
namespace {

// A serialization failure or a busy database is retried this many times in all, waiting
// a little longer each time, before the caller sees kConflict.
constexpr int kTransactAttempts = 8;

const char* BeginSql(SqlDialect dialect, TxMode mode) {
    if (dialect == SqlDialect::kSqlite) {
        // Taking the write lock up front: a deferred transaction that reads and then
        // writes can fail with SQLITE_BUSY that no busy timeout waits out.
        return mode == TxMode::kRead ? "BEGIN" : "BEGIN IMMEDIATE";
    }
    // SERIALIZABLE: a store's read-then-write transaction means the same as on SQLite
    // (whose writers run one at a time); PostgreSQL reports a clash as a serialization
    // failure (kConflict) and Transact runs fn again. Readers get one consistent snapshot.
    switch (mode) {
        case TxMode::kWrite: return "BEGIN ISOLATION LEVEL SERIALIZABLE";
        case TxMode::kWriteLocked: return "BEGIN ISOLATION LEVEL READ COMMITTED";
        case TxMode::kRead: break;
    }
    return "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
}

// About 10 ms before the second attempt, doubling each time, each wait drawn from half to
// one and a half of that: transactions that clashed once (on PostgreSQL, serialization
// failures) must not wake together and clash again.
std::chrono::microseconds Backoff(int attempt) {
    thread_local std::minstd_rand random(std::random_device{}());
    const int64_t base_us = int64_t{5000} << attempt;
    std::uniform_int_distribution<int64_t> spread(base_us / 2, base_us + base_us / 2);
    return std::chrono::microseconds(spread(random));
}

}  // namespace

PooledDatabase::PooledDatabase(SqlDialect dialect, std::string backend, int pool_size,
                               ConnectionFactory open, bool single_writer)
    : dialect_(dialect),
      backend_(std::move(backend)),
      size_(pool_size),
      open_(std::move(open)),
      single_writer_(single_writer) {}

PooledDatabase::~PooledDatabase() = default;

Result<std::unique_ptr<SqlConnection>> PooledDatabase::Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    ++acquired_;
    if (idle_.empty() && open_count_ >= size_) {
        ++waited_;
        const auto start = std::chrono::steady_clock::now();
        released_.wait(lock, [&] { return !idle_.empty() || open_count_ < size_; });
        wait_ms_ += std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    }
    if (!idle_.empty()) {
        std::unique_ptr<SqlConnection> connection = std::move(idle_.back());
        idle_.pop_back();
        ++in_use_;
        return connection;
    }
    // Open outside the lock: a slow connect must not hold up borrowers of idle ones.
    ++open_count_;
    ++in_use_;
    lock.unlock();
    Result<std::unique_ptr<SqlConnection>> opened = open_();
    if (!opened.ok()) {
        lock.lock();
        --open_count_;
        --in_use_;
        released_.notify_one();
    }
    return opened;
}

void PooledDatabase::Release(std::unique_ptr<SqlConnection> connection, const Status& last) {
    std::vector<std::unique_ptr<SqlConnection>> lost;
    {
        std::lock_guard<std::mutex> lock(mu_);
        --in_use_;
        if (last.code() == Code::kUnavailable) {
            // This one is lost; the idle ones most likely too (the database restarted):
            // closing them now spares the next borrowers a failure each.
            lost.swap(idle_);
            open_count_ -= static_cast<int>(lost.size()) + 1;
        } else {
            idle_.push_back(std::move(connection));
        }
        released_.notify_all();
    }
    // connection (when lost) and lost close here, outside the lock.
}

Status PooledDatabase::TransactOnce(SqlConnection& connection, TxMode mode,
                                    const std::function<Status(SqlConnection&)>& fn, bool* began) {
    Result<SqlRows> begin = connection.Exec(BeginSql(dialect_, mode));
    *began = begin.ok();
    if (!begin.ok()) return begin.status();
    Status status = fn(connection);
    if (status.ok()) {
        Result<SqlRows> commit = connection.Exec("COMMIT");
        if (commit.ok()) return Status::Ok();
        status = commit.status();
    }
    // A failed COMMIT on SQLite can leave the transaction open; ROLLBACK ends it either way.
    (void)connection.Exec("ROLLBACK");
    return status;
}

Status PooledDatabase::TransactOnWriter(TxMode mode,
                                        const std::function<Status(SqlConnection&)>& fn,
                                        bool* connected, bool* began) {
    std::lock_guard<std::mutex> lock(writer_mu_);
    if (writer_ == nullptr) {
        Result<std::unique_ptr<SqlConnection>> opened = open_();
        if (!opened.ok()) {
            *connected = false;
            return opened.status();
        }
        writer_ = std::move(opened).value();
    }
    Status status = TransactOnce(*writer_, mode, fn, began);
    if (status.code() == Code::kUnavailable) writer_.reset();  // lost: the next one reopens
    return status;
}

Status PooledDatabase::TransactOnPool(TxMode mode, const std::function<Status(SqlConnection&)>& fn,
                                      bool* connected, bool* began) {
    Result<std::unique_ptr<SqlConnection>> connection = Acquire();
    if (!connection.ok()) {
        *connected = false;
        return connection.status();
    }
    Status status = TransactOnce(**connection, mode, fn, began);
    Release(std::move(*connection), status);
    return status;
}

Status PooledDatabase::Transact(TxMode mode, const std::function<Status(SqlConnection&)>& fn) {
    const bool on_writer = single_writer_ && mode != TxMode::kRead;
    Status status;
    for (int attempt = 0; attempt < kTransactAttempts; ++attempt) {
        if (attempt > 0) {
            std::this_thread::sleep_for(Backoff(attempt));
        }
        bool connected = true;
        bool began = false;
        status = on_writer ? TransactOnWriter(mode, fn, &connected, &began)
                           : TransactOnPool(mode, fn, &connected, &began);
        if (!connected) return status;
        // A pooled connection found lost at BEGIN: fn has not run, so run it on a new one.
        if (status.code() == Code::kUnavailable && !began) continue;
        if (status.code() != Code::kConflict) return status;
    }
    return status;
}

Status PooledDatabase::WithConnection(const std::function<Status(SqlConnection&)>& fn) {
    Result<std::unique_ptr<SqlConnection>> connection = Acquire();
    if (!connection.ok()) return connection.status();
    Status status = fn(**connection);
    Release(std::move(*connection), status);
    return status;
}

SqlPoolStats PooledDatabase::PoolStats() const {
    std::lock_guard<std::mutex> lock(mu_);
    SqlPoolStats stats;
    stats.size = size_;
    stats.open = open_count_;
    stats.in_use = in_use_;
    stats.acquired = acquired_;
    stats.waited = waited_;
    stats.wait_ms = wait_ms_;
    return stats;
}

}  // namespace stocktake::server
