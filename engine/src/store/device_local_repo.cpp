#include "store/device_local_repo.h"

namespace stocktake::engine {

Result<std::string> DeviceLocalRepo::Name() {
    Result<Statement> stmt = db_->Prepare("SELECT name FROM device_profile WHERE singleton = 1");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    return row.value() ? stmt->ColumnText(0) : std::string();
}

Status DeviceLocalRepo::SaveName(const std::string& name) {
    Result<Statement> stmt = db_->Prepare(
        "INSERT INTO device_profile (singleton, name) VALUES (1, ?1)"
        " ON CONFLICT (singleton) DO UPDATE SET name = excluded.name");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, name);
    return stmt->Run();
}

Status DeviceLocalRepo::ReadLines(const char* kind, std::vector<ScanSessionLine>* lines) {
    Result<Statement> stmt = db_->Prepare(
        "SELECT sku, ordered, done FROM scan_session_lines WHERE kind = ?1 ORDER BY position");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, kind);
    for (;;) {
        Result<bool> row = stmt->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) return Status::Ok();
        lines->push_back(
            ScanSessionLine{stmt->ColumnText(0), stmt->ColumnInt64(1), stmt->ColumnInt64(2)});
    }
}

Result<ScanSession> DeviceLocalRepo::Session() {
    ScanSession session;
    Result<Statement> stmt = db_->Prepare(
        "SELECT mode, location, to_location, po_id, order_key, count_seen_position"
        " FROM scan_session WHERE singleton = 1");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return session;
    session.mode = stmt->ColumnText(0);
    session.location = stmt->ColumnText(1);
    session.to_location = stmt->ColumnText(2);
    session.po_id = stmt->ColumnText(3);
    session.order_key = stmt->ColumnText(4);
    session.count_seen_position = stmt->ColumnInt64(5);
    Status read = ReadLines("pick", &session.picks);
    if (read.ok()) read = ReadLines("count", &session.tallies);
    if (!read.ok()) return read;
    return session;
}

Status DeviceLocalRepo::InsertLines(const char* kind, const std::vector<ScanSessionLine>& lines) {
    for (size_t i = 0; i < lines.size(); ++i) {
        // Cached: a pick list's lines reuse one prepared statement.
        Result<Statement> stmt = db_->Cached(
            "INSERT INTO scan_session_lines (kind, position, sku, ordered, done)"
            " VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!stmt.ok()) return stmt.status();
        stmt->BindText(1, kind);
        stmt->BindInt64(2, static_cast<int64_t>(i));
        stmt->BindText(3, lines[i].sku);
        stmt->BindInt64(4, lines[i].ordered);
        stmt->BindInt64(5, lines[i].done);
        Status status = stmt->Run();
        if (!status.ok()) return status;
    }
    return Status::Ok();
}

Status DeviceLocalRepo::SaveSession(const ScanSession& session, const std::string& now) {
    Result<Statement> stmt = db_->Prepare(
        "INSERT INTO scan_session (singleton, mode, location, to_location, po_id, order_key,"
        " count_seen_position, updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        " ON CONFLICT (singleton) DO UPDATE SET mode = excluded.mode,"
        " location = excluded.location, to_location = excluded.to_location,"
        " po_id = excluded.po_id, order_key = excluded.order_key,"
        " count_seen_position = excluded.count_seen_position, updated_at = excluded.updated_at");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, session.mode);
    stmt->BindText(2, session.location);
    stmt->BindText(3, session.to_location);
    stmt->BindText(4, session.po_id);
    stmt->BindText(5, session.order_key);
    stmt->BindInt64(6, session.count_seen_position);
    stmt->BindText(7, now);
    Status status = stmt->Run();
    if (!status.ok()) return status;
    status = db_->Exec("DELETE FROM scan_session_lines;");
    if (status.ok()) status = InsertLines("pick", session.picks);
    if (status.ok()) status = InsertLines("count", session.tallies);
    return status;
}

}  // namespace stocktake::engine
