// The SQLite driver: one sqlite3 handle per pooled connection on one file in WAL mode, so
// readers run beside the single writer, and a busy timeout so writers queue instead of
// failing. Write transactions share one connection (PooledDatabase's single_writer), and
// the WAL is checkpointed by a thread of its own, not by whichever commit crossed
// SQLite's threshold: a checkpoint copies and syncs pages, which held up every request
// waiting on that commit.
#include <pthread.h>
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "storage/drivers.h"
#include "storage/pool.h"

namespace stocktake::server {
namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr int kBusyPollMicros = 100;

// SQLite's own busy handler sleeps 1, 2, 5, 10 ... 100 ms between tries. This process's
// writers (a webhook batch, the delivery worker, a sync push) each hold the write lock for
// about a millisecond, so those sleeps, not the writes, would set the pace: poll every
// 100 µs instead, for the same 10 s in all.
int WaitForWriteLock(void*, int attempt) {
    if (attempt >= kBusyTimeoutMs * 1000 / kBusyPollMicros) return 0;  // gives SQLITE_BUSY
    std::this_thread::sleep_for(std::chrono::microseconds(kBusyPollMicros));
    return 1;
}

// The background checkpoint starts once the WAL holds this many pages (SQLite's own
// automatic checkpoint threshold). If it falls this far behind, a committing connection
// checkpoints itself, as SQLite would, so the WAL stays bounded whatever happens.
constexpr int kCheckpointPages = 1000;
constexpr int kCheckpointBackstopPages = 20 * kCheckpointPages;
constexpr int kCheckpointRestartPages = 4 * kCheckpointPages;

// Runs PASSIVE checkpoints on its own connection when a commit asks for one (a PASSIVE
// checkpoint never waits for or blocks the writer). Commits ask through SQLite's WAL hook,
// which replaces the automatic checkpoint on every connection.
class Checkpointer {
  public:
    explicit Checkpointer(std::string path) : path_(std::move(path)) {}
    ~Checkpointer() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            stopping_ = true;
        }
        cv_.notify_all();
        if (thread_.joinable()) thread_.join();
    }
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    void Watch(sqlite3* db) { sqlite3_wal_hook(db, &Checkpointer::OnCommit, this); }

  private:
    static int OnCommit(void* self, sqlite3* db, const char* schema, int wal_pages) {
        if (wal_pages >= kCheckpointBackstopPages) {
            sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        } else if (wal_pages >= kCheckpointPages) {
            static_cast<Checkpointer*>(self)->Request();
        }
        return SQLITE_OK;
    }

    void Request() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (requested_) return;
            requested_ = true;
            if (!thread_.joinable()) {
                thread_ = std::thread([this] {
                    // Named: it would otherwise carry the name of the thread whose commit
                    // started it, and per-thread CPU figures put its work on that one.
                    pthread_setname_np(pthread_self(), "sqlite-checkpt");
                    Loop();
                });
            }
        }
        cv_.notify_one();
    }

    // A PASSIVE checkpoint copies what it can while commits go on, but the WAL only starts
    // over once a checkpoint has copied all of it, which a steady stream of commits never
    // lets a PASSIVE one do. So when the WAL is still long after one, a RESTART waits for
    // the writer between two commits and finishes the (by then short) rest.
    static void Checkpoint(sqlite3* db) {
        int wal_pages = 0;
        int copied = 0;
        const int rc =
            sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_pages, &copied);
        if (rc == SQLITE_OK && wal_pages >= kCheckpointRestartPages) {
            sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
        }
    }

    void Loop() {
        sqlite3* db = nullptr;
        // A new connection checkpoints nothing until it has opened the WAL, which reading the
        // journal mode does.
        if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK ||
            sqlite3_exec(db, "PRAGMA journal_mode", nullptr, nullptr, nullptr) != SQLITE_OK) {
            sqlite3_close_v2(db);
            db = nullptr;  // the backstop in OnCommit keeps the WAL bounded
        }
        if (db != nullptr) sqlite3_busy_handler(db, WaitForWriteLock, nullptr);
        std::unique_lock<std::mutex> lock(mu_);
        for (;;) {
            cv_.wait(lock, [this] { return stopping_ || requested_; });
            if (stopping_) break;
            requested_ = false;
            lock.unlock();
            if (db != nullptr) Checkpoint(db);
            lock.lock();
        }
        lock.unlock();
        sqlite3_close_v2(db);
    }

    const std::string path_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool requested_ = false;  // guarded by mu_
    bool stopping_ = false;   // guarded by mu_
    std::thread thread_;      // started by the first request, guarded by mu_
};

Code CodeOf(int rc) {
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            return (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                       ? Code::kAlreadyExists
                       : Code::kInvalidArgument;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return Code::kConflict;
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_FULL: return Code::kUnavailable;
        default: return Code::kInternal;
    }
}

class SqliteConnection final : public SqlConnection {
  public:
    SqliteConnection(sqlite3* db, std::shared_ptr<Checkpointer> checkpointer)
        : db_(db), checkpointer_(std::move(checkpointer)) {
        if (checkpointer_ != nullptr) checkpointer_->Watch(db_);
    }
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
        sqlite3_close_v2(db_);
    }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    SqlDialect dialect() const override { return SqlDialect::kSqlite; }

    Result<SqlRows> Exec(std::string_view sql, const std::vector<SqlParam>& params) override {
        Result<sqlite3_stmt*> prepared = Prepare(sql);
        if (!prepared.ok()) return prepared.status();
        sqlite3_stmt* stmt = *prepared;
        Status bound = Bind(stmt, params);
        if (!bound.ok()) return bound;
        SqlRows rows;
        const int columns = sqlite3_column_count(stmt);
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            rows.AddRow();
            for (int i = 0; i < columns; ++i) {
                if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
                    rows.AddCell(std::nullopt);
                } else {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
                    rows.AddCell(std::string(text, sqlite3_column_bytes(stmt, i)));
                }
            }
        }
        if (rc != SQLITE_DONE) {
            Status status = Error(rc);
            sqlite3_reset(stmt);
            return status;
        }
        rows.set_affected(columns == 0 ? sqlite3_changes64(db_) : 0);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return rows;
    }

    Status ExecScript(std::string_view sql) override {
        char* message = nullptr;
        const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
        if (rc == SQLITE_OK) return Status::Ok();
        Status status(CodeOf(sqlite3_extended_errcode(db_)),
                      std::string("sqlite: ") + (message ? message : sqlite3_errstr(rc)));
        sqlite3_free(message);
        return status;
    }

  private:
    Status Error(int rc) const {
        return Status(CodeOf(sqlite3_extended_errcode(db_) ? sqlite3_extended_errcode(db_) : rc),
                      std::string("sqlite: ") + sqlite3_errmsg(db_));
    }

    Result<sqlite3_stmt*> Prepare(std::string_view sql) {
        auto found = statements_.find(sql);
        if (found != statements_.end()) return found->second;
        sqlite3_stmt* stmt = nullptr;
        const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) return Error(rc);
        statements_.emplace(std::string(sql), stmt);
        return stmt;
    }

    // $N binds to parameter N whatever order the text names them in.
    Status Bind(sqlite3_stmt* stmt, const std::vector<SqlParam>& params) {
        const int count = sqlite3_bind_parameter_count(stmt);
        for (int index = 1; index <= count; ++index) {
            const char* name = sqlite3_bind_parameter_name(stmt, index);
            size_t number = 0;
            if (name == nullptr || name[0] != '$' ||
                (number = std::strtoul(name + 1, nullptr, 10)) == 0 || number > params.size()) {
                return Status::Internal(std::string("sqlite: parameter ") + (name ? name : "?") +
                                        " has no value");
            }
            const SqlParam& param = params[number - 1];
            int rc = SQLITE_OK;
            if (const auto* integer = std::get_if<int64_t>(&param)) {
                rc = sqlite3_bind_int64(stmt, index, *integer);
            } else if (const auto* text = std::get_if<std::string>(&param)) {
                rc = sqlite3_bind_text64(stmt, index, text->data(), text->size(), SQLITE_STATIC,
                                         SQLITE_UTF8);
            } else {
                rc = sqlite3_bind_null(stmt, index);
            }
            if (rc != SQLITE_OK) return Error(rc);
        }
        return Status::Ok();
    }

    sqlite3* db_;
    // Shared by every connection on the file; the last one closed stops its thread.
    std::shared_ptr<Checkpointer> checkpointer_;
    std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

// Switching a new file to WAL takes the write lock after the connection has started
// reading, and SQLite then answers SQLITE_BUSY at once instead of calling the busy handler
// (waiting could deadlock against a reader). Two replicas opening one new file at once
// meet exactly that, so the switch is retried for the same time a busy write would wait.
Status EnterWalMode(SqlConnection& connection) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    for (;;) {
        Status status = connection.ExecScript("PRAGMA journal_mode=WAL");
        if (status.code() != Code::kConflict || std::chrono::steady_clock::now() >= deadline) {
            return status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

Result<std::unique_ptr<SqlConnection>> OpenConnection(
    const std::string& path, const std::shared_ptr<Checkpointer>& checkpointer) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Status status(Code::kUnavailable,
                      "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
        sqlite3_close_v2(db);
        return status;
    }
    auto connection = std::make_unique<SqliteConnection>(db, checkpointer);
    sqlite3_busy_handler(db, WaitForWriteLock, nullptr);
    // NORMAL in WAL mode: a commit survives a killed process (it is in the WAL); only a
    // power cut can lose the last transactions, never corrupt the file.
    Status status = EnterWalMode(*connection);
    if (status.ok()) {
        status = connection->ExecScript("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    }
    if (!status.ok()) return Status(Code::kUnavailable, path + ": " + status.message());
    return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace

Result<std::unique_ptr<SqlDatabase>> OpenSqliteDatabase(const std::string& path, int pool_size) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
        return Status::IOError("cannot create directory " + parent.string() + ": " + ec.message() +
                               " (set APP_DATA_DIR)");
    }
    auto checkpointer = std::make_shared<Checkpointer>(path);
    auto database = std::make_unique<PooledDatabase>(
        SqlDialect::kSqlite, "sqlite", pool_size,
        [path, checkpointer] { return OpenConnection(path, checkpointer); },
        /*single_writer=*/true);
    // Opening one connection now reports a bad path at startup, not at the first request.
    Status keep = database->WithConnection([](SqlConnection&) { return Status::Ok(); });
    if (!keep.ok()) return keep;
    return std::unique_ptr<SqlDatabase>(std::move(database));
}

}  // namespace stocktake::server
