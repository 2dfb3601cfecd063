#include "store/db.h"

#include <sqlite3.h>

#include <utility>

#include "store/sqlite_init.h"

namespace stocktake::engine {

namespace {

// Maps an SQLite result code to our codes.
Status FromSqliteCode(int rc, std::string message) {
    switch (rc & 0xff) {
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
        case SQLITE_PERM: return Status::IOError(std::move(message));
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return Status::Corruption(std::move(message));
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return Status(Code::kUnavailable, std::move(message));
        case SQLITE_CONSTRAINT: return Status(Code::kConflict, std::move(message));
        default: return Status::Internal(std::move(message));
    }
}

Status SqliteStatus(sqlite3* db, int rc, std::string_view what) {
    std::string message(what);
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return FromSqliteCode(rc, std::move(message));
}

// A negative cache_size counts KiB, not pages: the same bytes whatever the page size.
std::string CacheSizePragma(int64_t kib) {
    return "PRAGMA cache_size = -" + std::to_string(kib) + ";";
}

}  // namespace

Statement::~Statement() {
    Release();
}

void Statement::Release() {
    if (stmt_ != nullptr && cache_ != nullptr) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        if (cache_->GiveBack(cache_key_, stmt_)) stmt_ = nullptr;
    }
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      cache_(std::exchange(other.cache_, nullptr)),
      cache_key_(std::exchange(other.cache_key_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        Release();
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
        cache_ = std::exchange(other.cache_, nullptr);
        cache_key_ = std::exchange(other.cache_key_, nullptr);
    }
    return *this;
}

void Statement::BindText(int index, std::string_view text) {
    // A zero-length text needs a non-null pointer to bind '' rather than NULL.
    sqlite3_bind_text(stmt_, index, text.empty() ? "" : text.data(), static_cast<int>(text.size()),
                      SQLITE_STATIC);
}

void Statement::BindInt64(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value));
}

void Statement::BindNull(int index) {
    sqlite3_bind_null(stmt_, index);
}

void Statement::BindOptionalInt64(int index, const std::optional<int64_t>& value) {
    if (value.has_value()) {
        BindInt64(index, *value);
    } else {
        BindNull(index);
    }
}

void Statement::BindTextOrNull(int index, std::string_view text) {
    if (text.empty()) {
        BindNull(index);
    } else {
        BindText(index, text);
    }
}

Result<bool> Statement::Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteStatus(db_, rc, "database step failed");
}

Status Statement::Run() {
    const int rc = sqlite3_step(stmt_);
    Status status;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = SqliteStatus(db_, rc, "database write failed");
    Reset();
    return status;
}

void Statement::Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::ColumnIsNull(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int64_t Statement::ColumnInt64(int index) const {
    return static_cast<int64_t>(sqlite3_column_int64(stmt_, index));
}

std::string Statement::ColumnText(int index) const {
    const unsigned char* text = sqlite3_column_text(stmt_, index);
    if (text == nullptr) return std::string();
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::string_view Statement::ColumnView(int index) const {
    const unsigned char* text = sqlite3_column_text(stmt_, index);
    if (text == nullptr) return std::string_view();
    return std::string_view(reinterpret_cast<const char*>(text),
                            static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::optional<int64_t> Statement::ColumnOptionalInt64(int index) const {
    if (ColumnIsNull(index)) return std::nullopt;
    return ColumnInt64(index);
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, const std::string& vfs) {
    Status initialized = SqliteInitialize();
    if (!initialized.ok()) return initialized;
    sqlite3* handle = nullptr;
    // NOMUTEX: a Db is used by one thread at a time (db.h), so the connection's mutexes,
    // which Debian's SQLite takes on every call (~10% of a large import), guard nothing.
    // The wasm build's SQLite is compiled without threads and ignores the flag.
    const int rc = sqlite3_open_v2(path.c_str(), &handle,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   vfs.empty() ? nullptr : vfs.c_str());
    if (rc != SQLITE_OK) {
        Status status = SqliteStatus(handle, rc, "cannot open database '" + path + "'");
        sqlite3_close(handle);
        return status;
    }
    std::unique_ptr<Db> db(new Db(handle));
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, 2000);
    // No WAL: the browser keeps the file in memory (memory_vfs.h) and saves its changed
    // blocks to IndexedDB after each commit, which wants one self-contained file.
    // Foreign keys stay off (SQLite's default): the code that writes checks references (a
    // location, a supplier, a SKU must exist), because synced records may refer to what has
    // not arrived yet, and switching them per transaction would expire every prepared
    // statement. Migrations still run foreign_key_check.
    // Touch the schema so that a file that is not a database fails here, not later.
    Status status = db->Exec("SELECT count(*) FROM sqlite_schema;");
    if (!status.ok()) {
        return Status(status.code(),
                      "'" + path + "' is not a Stocktake database (" + status.message() + ")");
    }
    return db;
}

Status Db::Tune(bool journal_in_memory, int64_t cache_kib, int64_t mmap_bytes, int64_t page_bytes) {
    // PRAGMAs take no bound parameters; the values are ours, not user input. One script, run
    // in order, stopping at the first that fails. The page size first: SQLite takes it only
    // before the first table is made (a no-op afterwards).
    std::string pragmas;
    if (page_bytes > 0) pragmas += "PRAGMA page_size = " + std::to_string(page_bytes) + ";";
    pragmas +=
        journal_in_memory ? "PRAGMA journal_mode = MEMORY;" : "PRAGMA journal_mode = DELETE;";
    // A write that fires triggers (the sales summary's, migration 13) keeps a statement
    // journal; in a temporary file it cost a write system call per page, in memory a copy.
    pragmas += "PRAGMA temp_store = MEMORY;";
    pragmas += CacheSizePragma(cache_kib);
    pragmas += "PRAGMA mmap_size = " + std::to_string(mmap_bytes) + ";";
    tuned_cache_kib_ = cache_kib;
    return Exec(pragmas.c_str());
}

Status Db::SetCacheKib(int64_t kib) {
    return Exec(CacheSizePragma(kib).c_str());
}

int64_t Db::CacheMisses() const {
    int current = 0;
    int highwater = 0;
    sqlite3_db_status(db_, SQLITE_DBSTATUS_CACHE_MISS, &current, &highwater, /*resetFlg=*/0);
    return current;
}

Db::~Db() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
}

Result<Statement> Db::Cached(const char* sql) {
    const auto idle = cache_.find(sql);
    if (idle != cache_.end() && idle->second != nullptr) {
        return Statement(db_, std::exchange(idle->second, nullptr), this, sql);
    }
    Result<Statement> stmt = Prepare(sql, true);
    if (!stmt.ok()) return stmt;
    return Statement(db_, std::exchange(stmt->stmt_, nullptr), this, sql);
}

Result<Statement> Db::CachedText(std::string sql) {
    return Cached(texts_.insert(std::move(sql)).first->c_str());
}

bool Db::GiveBack(const char* sql, sqlite3_stmt* stmt) {
    sqlite3_stmt*& slot = cache_[sql];
    if (slot != nullptr) return false;
    slot = stmt;
    return true;
}

Status Db::Exec(const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (rc == SQLITE_OK) return Status::Ok();
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return FromSqliteCode(rc, "database statement failed: " + message);
}

Result<Statement> Db::Prepare(std::string_view sql, bool persistent) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteStatus(db_, rc, "cannot prepare statement");
    return Statement(db_, stmt);
}

// A single scan or save is one transaction: parsing BEGIN and COMMIT again for each
// (sqlite3_exec) was ~45 % of the instructions of a one-product save.
Status Db::RunCached(const char* sql) {
    Result<Statement> stmt = Cached(sql);
    if (!stmt.ok()) return stmt.status();
    return stmt->Run();
}

Status Db::Begin() {
    ++transactions_begun_;
    return RunCached("BEGIN IMMEDIATE");
}
Status Db::Commit() {
    return RunCached("COMMIT");
}

Status Db::Rollback() {
    if (!InTransaction()) return Status::Ok();
    return RunCached("ROLLBACK");
}

bool Db::InTransaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

int64_t Db::LastInsertRowId() const {
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

int64_t Db::Changes() const {
    return static_cast<int64_t>(sqlite3_changes(db_));
}

int64_t Db::TotalChanges() const {
    return static_cast<int64_t>(sqlite3_total_changes(db_));
}

Result<int64_t> Db::DataVersion() {
    Result<Statement> stmt = Cached("PRAGMA data_version");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return Status::Internal("PRAGMA data_version returned no row");
    return stmt->ColumnInt64(0);
}

std::string Db::LastError() const {
    return sqlite3_errmsg(db_);
}

}  // namespace stocktake::engine
