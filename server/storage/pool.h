// PooledDatabase: the SqlDatabase both drivers share. It lends connections from a bounded
// pool, opening them on demand, and runs transactions with retries. A driver supplies
// only its SqlConnection and how to open one.
//
// single_writer (SQLite, whose file has one writer at a time): write transactions run on
// one connection of their own, queued on a mutex, rather than on any pooled one polling
// for the file's write lock. The writer's page cache then stays valid between its
// transactions (SQLite drops a connection's cache whenever another one wrote), and a
// queued writer is woken when the lock is free instead of sleeping and retrying. Readers
// use the pool as before.
// Thread safety: as SqlDatabase.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sql.h"

namespace stocktake::server {

using ConnectionFactory = std::function<Result<std::unique_ptr<SqlConnection>>()>;

class PooledDatabase final : public SqlDatabase {
  public:
    // REQUIRES: pool_size >= 1.
    PooledDatabase(SqlDialect dialect, std::string backend, int pool_size, ConnectionFactory open,
                   bool single_writer = false);
    ~PooledDatabase() override;

    SqlDialect dialect() const override { return dialect_; }
    std::string Backend() const override { return backend_; }
    Status Transact(TxMode mode, const std::function<Status(SqlConnection&)>& fn) override;
    Status WithConnection(const std::function<Status(SqlConnection&)>& fn) override;
    SqlPoolStats PoolStats() const override;

  private:
    Result<std::unique_ptr<SqlConnection>> Acquire();
    // A connection that failed with kUnavailable is closed instead of kept, and so are
    // the idle ones (lost too, most likely).
    void Release(std::unique_ptr<SqlConnection> connection, const Status& last);
    // *began: BEGIN succeeded (so fn ran).
    Status TransactOnce(SqlConnection& connection, TxMode mode,
                        const std::function<Status(SqlConnection&)>& fn, bool* began);
    // One attempt of a transaction on the single writer connection, or on a pooled one.
    // *connected: false when no connection could be had (fn has not run).
    Status TransactOnWriter(TxMode mode, const std::function<Status(SqlConnection&)>& fn,
                            bool* connected, bool* began);
    Status TransactOnPool(TxMode mode, const std::function<Status(SqlConnection&)>& fn,
                          bool* connected, bool* began);

    const SqlDialect dialect_;
    const std::string backend_;
    const int size_;
    const ConnectionFactory open_;
    const bool single_writer_;
    std::mutex writer_mu_;
    std::unique_ptr<SqlConnection> writer_;  // guarded by writer_mu_; opened on first use
    mutable std::mutex mu_;
    std::condition_variable released_;
    std::vector<std::unique_ptr<SqlConnection>> idle_;  // guarded by mu_
    int open_count_ = 0;                                // guarded by mu_
    int in_use_ = 0;                                    // guarded by mu_
    int64_t acquired_ = 0;                              // guarded by mu_
    int64_t waited_ = 0;                                // guarded by mu_
    int64_t wait_ms_ = 0;                               // guarded by mu_
};

}  // namespace stocktake::server
