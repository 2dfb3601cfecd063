// The PostgreSQL driver (libpq): one PGconn per pooled connection. Each distinct SQL text
// is prepared once per connection under a generated name and then run with
// PQexecPrepared, parameters in text format (the server infers their types from the
// statement). Errors map by SQLSTATE onto the codes storage/sql.h promises; a lost
// connection is kUnavailable, so the pool closes it and opens a new one next time.
//
// No message from here carries the password: libpq's own words never do, and the URL is
// described by host, port, database and user only (or redacted where libpq echoes it).
#include <libpq-fe.h>

#include <charconv>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "storage/drivers.h"
#include "storage/pool.h"

namespace stocktake::server {
namespace {

// libpq's messages end in a newline and may carry more lines (indented by a tab): one
// line, each run of whitespace one space.
std::string Trimmed(const char* text) {
    std::string message;
    for (const char* c = text ? text : ""; *c != '\0'; ++c) {
        const bool space = *c == ' ' || *c == '\n' || *c == '\t';
        if (!space) {
            message += *c;
        } else if (!message.empty() && message.back() != ' ') {
            message += ' ';
        }
    }
    if (!message.empty() && message.back() == ' ') message.pop_back();
    return message;
}

Code CodeOf(const std::string& sqlstate) {
    // A unique violation, and a table, type or other object made twice (two servers
    // running CREATE TABLE IF NOT EXISTS at the same moment meet one of these).
    if (sqlstate == "23505" || sqlstate == "42P07" || sqlstate == "42710") {
        return Code::kAlreadyExists;
    }
    if (sqlstate.rfind("23", 0) == 0) return Code::kInvalidArgument;  // other constraints
    // serialization failure, deadlock, lock not available: Transact retries these.
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") return Code::kConflict;
    // connection exceptions, and the server shutting down or killing this backend. (08P01,
    // a protocol violation such as too many parameters, is our mistake: the connection
    // is fine.)
    if ((sqlstate.rfind("08", 0) == 0 && sqlstate != "08P01") || sqlstate == "57P01" ||
        sqlstate == "57P02" || sqlstate == "57P03") {
        return Code::kUnavailable;
    }
    return Code::kInternal;
}

// Every secret a connection URL can hold, so messages that quote the URL can hide them:
// the password in "user:password@" and a password=... query parameter.
std::vector<std::string> SecretsOf(const std::string& url) {
    std::vector<std::string> secrets;
    const size_t scheme = url.find("://");
    if (scheme != std::string::npos) {
        const size_t start = scheme + 3;
        const size_t end = url.find_first_of("/?", start);
        const std::string authority =
            url.substr(start, end == std::string::npos ? end : end - start);
        const size_t at = authority.rfind('@');
        if (at != std::string::npos) {
            const size_t colon = authority.find(':');
            if (colon != std::string::npos && colon < at) {
                secrets.push_back(authority.substr(colon + 1, at - colon - 1));
            }
        }
    }
    for (size_t found = url.find("password="); found != std::string::npos;
         found = url.find("password=", found + 1)) {
        const size_t start = found + 9;
        secrets.push_back(url.substr(start, url.find('&', start) - start));
    }
    return secrets;
}

std::string Redacted(std::string message, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        const std::string mask = "***";
        for (size_t at = message.find(secret); at != std::string::npos;
             at = message.find(secret, at + mask.size())) {
            message.replace(at, secret.size(), mask);
        }
    }
    return message;
}

class PostgresConnection final : public SqlConnection {
  public:
    explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
    ~PostgresConnection() override { PQfinish(conn_); }
    PostgresConnection(const PostgresConnection&) = delete;
    PostgresConnection& operator=(const PostgresConnection&) = delete;

    SqlDialect dialect() const override { return SqlDialect::kPostgres; }

    Result<SqlRows> Exec(std::string_view sql, const std::vector<SqlParam>& params) override {
        Result<SqlRows> rows = ExecPrepared(sql, params);
        // 0A000 from a prepared statement: a table it reads changed shape since it was
        // prepared ("cached plan must not change result type": another server migrated).
        // Prepare it again: now when outside a transaction; inside one, which the error
        // aborted, Transact runs the whole transaction again on kConflict.
        if (rows.ok() || last_sqlstate_ != "0A000") return rows;
        auto stale = statements_.find(sql);
        if (stale == statements_.end()) return rows;  // it failed to prepare: no plan yet
        statements_.erase(stale);
        if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return ExecPrepared(sql, params);
        return Status(Code::kConflict, rows.status().message());
    }

    Status ExecScript(std::string_view sql) override {
        PgResult result(PQexec(conn_, std::string(sql).c_str()));
        const ExecStatusType state = PQresultStatus(result.get());
        if (state != PGRES_TUPLES_OK && state != PGRES_COMMAND_OK) return Error(result.get());
        return Status::Ok();
    }

  private:
    struct ClearResult {
        void operator()(PGresult* result) const { PQclear(result); }
    };
    using PgResult = std::unique_ptr<PGresult, ClearResult>;

    Result<SqlRows> ExecPrepared(std::string_view sql, const std::vector<SqlParam>& params) {
        last_sqlstate_.clear();
        Result<const std::string*> name = Prepare(sql);
        if (!name.ok()) return name.status();
        // Text format: int64 as decimal, NULL as a null pointer.
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (size_t i = 0; i < params.size(); ++i) {
            if (const auto* integer = std::get_if<int64_t>(&params[i])) {
                texts[i] = std::to_string(*integer);
                values[i] = texts[i].c_str();
            } else if (const auto* text = std::get_if<std::string>(&params[i])) {
                values[i] = text->c_str();
            }
        }
        PgResult result(PQexecPrepared(conn_, (*name)->c_str(), static_cast<int>(values.size()),
                                       values.data(), nullptr, nullptr, 0));
        const ExecStatusType state = PQresultStatus(result.get());
        if (state != PGRES_TUPLES_OK && state != PGRES_COMMAND_OK) return Error(result.get());
        SqlRows rows;
        const int columns = PQnfields(result.get());
        const int count = PQntuples(result.get());
        for (int row = 0; row < count; ++row) {
            rows.AddRow();
            for (int column = 0; column < columns; ++column) {
                if (PQgetisnull(result.get(), row, column)) {
                    rows.AddCell(std::nullopt);
                } else {
                    rows.AddCell(std::string(PQgetvalue(result.get(), row, column),
                                             PQgetlength(result.get(), row, column)));
                }
            }
        }
        // As on SQLite: the rows changed by a statement that returns no rows.
        if (columns == 0) {
            const std::string changed = PQcmdTuples(result.get());
            int64_t affected = 0;
            std::from_chars(changed.data(), changed.data() + changed.size(), affected);
            rows.set_affected(affected);
        }
        return rows;
    }

    // Also remembers the SQLSTATE in last_sqlstate_.
    Status Error(const PGresult* result) {
        const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
        last_sqlstate_ = sqlstate ? sqlstate : "";
        const char* message = result ? PQresultErrorMessage(result) : nullptr;
        if (message == nullptr || *message == '\0') message = PQerrorMessage(conn_);
        const Code code = PQstatus(conn_) != CONNECTION_OK ? Code::kUnavailable
                                                           : CodeOf(sqlstate ? sqlstate : "");
        return Status(code, "postgres: " + Trimmed(message));
    }

    // The name sql is prepared under on this connection, preparing it the first time.
    Result<const std::string*> Prepare(std::string_view sql) {
        auto found = statements_.find(sql);
        if (found != statements_.end()) return &found->second;
        if (PQstatus(conn_) != CONNECTION_OK) {
            return Status(Code::kUnavailable, "postgres: " + Trimmed(PQerrorMessage(conn_)));
        }
        std::string name = "st" + std::to_string(++prepared_count_);
        PgResult prepared(PQprepare(conn_, name.c_str(), std::string(sql).c_str(), 0, nullptr));
        if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) return Error(prepared.get());
        auto inserted = statements_.emplace(std::string(sql), std::move(name)).first;
        return &inserted->second;
    }

    PGconn* conn_;
    std::map<std::string, std::string, std::less<>> statements_;  // sql text -> name
    int64_t prepared_count_ = 0;  // names are st1, st2, ...: never reused
    std::string last_sqlstate_;   // of the last failed statement, "" after success
};

// "host:port/db as user", from the URL without its password, for messages.
std::string Describe(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    PQfreemem(error);
    if (options == nullptr) return "the database";
    std::map<std::string, std::string> values;
    for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
        if (option->val != nullptr) values[option->keyword] = option->val;
    }
    PQconninfoFree(options);
    const std::string host = values.count("host") ? values["host"] : "localhost";
    const std::string port = values.count("port") ? values["port"] : "5432";
    std::string description = host + ":" + port + "/" + values["dbname"];
    if (values.count("user")) description += " as " + values["user"];
    return description;
}

Result<std::unique_ptr<SqlConnection>> Connect(const std::string& url) {
    // The URL's own settings win: fallback_application_name and connect_timeout apply only
    // when it does not say.
    const char* keywords[] = {"fallback_application_name", "connect_timeout", "dbname", nullptr};
    const char* values[] = {"stocktake", "10", url.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (conn == nullptr) return Status(Code::kUnavailable, "postgres: out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        Status status(Code::kUnavailable,
                      "postgres: cannot connect to " + Describe(url) + ": " +
                          Trimmed(Redacted(PQerrorMessage(conn), SecretsOf(url)).c_str()));
        PQfinish(conn);
        return status;
    }
    // NOTICEs (e.g. "relation already exists, skipping") are not errors; libpq would
    // print them on stderr.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return std::unique_ptr<SqlConnection>(std::make_unique<PostgresConnection>(conn));
}

}  // namespace

Result<std::unique_ptr<SqlDatabase>> OpenPostgresDatabase(const std::string& url, int pool_size) {
    char* error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &error);
    if (parsed == nullptr) {
        Status status = Status::InvalidArgument(
            "postgres: APP_DATABASE_URL is not a valid connection URL: " +
            Trimmed(Redacted(error ? error : "out of memory", SecretsOf(url)).c_str()));
        PQfreemem(error);
        return status;
    }
    PQconninfoFree(parsed);
    auto database = std::make_unique<PooledDatabase>(SqlDialect::kPostgres, "postgres", pool_size,
                                                     [url] { return Connect(url); });
    // Connecting once now reports a wrong URL, a down server or a refused login at startup.
    Status connected = database->WithConnection([](SqlConnection&) { return Status::Ok(); });
    if (!connected.ok()) return connected;
    return std::unique_ptr<SqlDatabase>(std::move(database));
}

}  // namespace stocktake::server
