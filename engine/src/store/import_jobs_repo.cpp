#include "store/import_jobs_repo.h"

#include <string>

namespace stocktake::engine {

ImportState ImportStateFromName(const std::string& name) {
    if (name == "running") return ImportState::kRunning;
    if (name == "succeeded") return ImportState::kSucceeded;
    return ImportState::kFailed;
}

Result<int64_t> ImportJobsRepo::Insert(const ImportReport& report) {
    // Only what is known when a job starts; Finish() writes the outcome.
    Result<Statement> stmt = db_->Prepare(
        "INSERT INTO import_jobs (file_name, format, encoding, state, started_at, dry_run)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!stmt.ok()) return stmt.status();
    Statement& s = stmt.value();
    s.BindText(1, report.file_name);
    s.BindText(2, report.format);
    s.BindText(3, report.encoding);
    s.BindText(4, ImportStateName(report.state));
    s.BindText(5, report.started_at);
    s.BindInt64(6, report.dry_run ? 1 : 0);
    Status status = s.Run();
    if (!status.ok()) return status;
    return db_->LastInsertRowId();
}

Status ImportJobsRepo::Finish(const ImportReport& report) {
    Result<Statement> update = db_->Prepare(
        "UPDATE import_jobs SET encoding = ?2, state = ?3, total = ?4, successful = ?5,"
        " failed = ?6, duplicates = ?7, error = ?8, finished_at = ?9, format = ?10,"
        " skipped = ?11, created = ?12, changed = ?13, unchanged = ?14, elapsed_ms = ?15,"
        " notes = ?16, cancelled = ?17 WHERE id = ?1");
    if (!update.ok()) return update.status();
    Statement& u = update.value();
    u.BindInt64(1, report.job_id);
    u.BindText(2, report.encoding);
    u.BindText(3, ImportStateName(report.state));
    u.BindInt64(4, report.total);
    u.BindInt64(5, report.successful);
    u.BindInt64(6, report.failed);
    u.BindInt64(7, report.duplicates);
    u.BindText(8, report.error);
    u.BindTextOrNull(9, report.finished_at);
    u.BindText(10, report.format);
    u.BindInt64(11, report.skipped);
    u.BindInt64(12, report.created);
    u.BindInt64(13, report.changed);
    u.BindInt64(14, report.unchanged);
    u.BindInt64(15, report.elapsed_ms);
    std::string notes;
    for (const std::string& note : report.notes) {
        if (!notes.empty()) notes += '\n';
        notes += note;
    }
    u.BindText(16, notes);
    u.BindInt64(17, report.cancelled ? 1 : 0);
    Status status = u.Run();
    if (!status.ok()) return status;

    Result<Statement> clear = db_->Prepare("DELETE FROM import_errors WHERE job_id = ?1");
    if (!clear.ok()) return clear.status();
    clear->BindInt64(1, report.job_id);
    status = clear->Run();
    if (!status.ok()) return status;

    Result<Statement> insert = db_->Prepare(
        "INSERT INTO import_errors (job_id, line, column_name, message, value)"
        " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert.ok()) return insert.status();
    Statement& e = insert.value();
    for (const RowError& error : report.errors) {
        e.BindInt64(1, report.job_id);
        e.BindInt64(2, error.line);
        e.BindText(3, error.column);
        e.BindText(4, error.message);
        e.BindText(5, error.value);
        status = e.Run();
        if (!status.ok()) return status;
    }
    return Status::Ok();
}

namespace {

// The job columns every history read selects, in the order ReadJob() takes them.
constexpr const char* kJobColumns =
    "SELECT id, file_name, format, encoding, state, total, successful, failed, duplicates,"
    " error, started_at, coalesce(finished_at, ''), skipped, created, changed, unchanged,"
    " elapsed_ms, notes, dry_run, cancelled FROM import_jobs";

ImportReport ReadJob(const Statement& j) {
    ImportReport report;
    report.job_id = j.ColumnInt64(0);
    report.file_name = j.ColumnText(1);
    report.format = j.ColumnText(2);
    report.encoding = j.ColumnText(3);
    report.state = ImportStateFromName(j.ColumnText(4));
    report.total = j.ColumnInt64(5);
    report.successful = j.ColumnInt64(6);
    report.failed = j.ColumnInt64(7);
    report.duplicates = j.ColumnInt64(8);
    report.error = j.ColumnText(9);
    report.started_at = j.ColumnText(10);
    report.finished_at = j.ColumnText(11);
    report.skipped = j.ColumnInt64(12);
    report.created = j.ColumnInt64(13);
    report.changed = j.ColumnInt64(14);
    report.unchanged = j.ColumnInt64(15);
    report.elapsed_ms = j.ColumnInt64(16);
    const std::string notes = j.ColumnText(17);
    for (size_t start = 0; start < notes.size();) {
        size_t end = notes.find('\n', start);
        if (end == std::string::npos) end = notes.size();
        report.notes.push_back(notes.substr(start, end - start));
        start = end + 1;
    }
    report.dry_run = j.ColumnInt64(18) != 0;
    report.cancelled = j.ColumnInt64(19) != 0;
    return report;
}

}  // namespace

Result<std::vector<ImportReport>> ImportJobsRepo::History(int64_t limit) {
    Result<std::vector<ImportReport>> reports =
        ReadJobs(std::string(kJobColumns) + " WHERE dry_run = 0 ORDER BY id DESC LIMIT ?1", limit);
    if (!reports.ok()) return reports;
    for (ImportReport& report : reports.value()) {
        Result<std::vector<RowError>> errors = Errors(report.job_id);
        if (!errors.ok()) return errors.status();
        report.errors = std::move(errors).value();
    }
    return reports;
}

Result<std::vector<ImportReport>> ImportJobsRepo::Jobs(int64_t limit) {
    return ReadJobs(std::string(kJobColumns) + " ORDER BY id DESC LIMIT ?1", limit);
}

Result<std::vector<ImportReport>> ImportJobsRepo::ReadJobs(const std::string& sql, int64_t limit) {
    Result<Statement> jobs = db_->Prepare(sql);
    if (!jobs.ok()) return jobs.status();
    jobs->BindInt64(1, limit < 0 ? -1 : limit);
    std::vector<ImportReport> reports;
    for (;;) {
        Result<bool> row = jobs->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) return reports;
        reports.push_back(ReadJob(jobs.value()));
    }
}

Result<std::vector<RowError>> ImportJobsRepo::Errors(int64_t job_id) {
    Result<Statement> e = db_->Prepare(
        "SELECT line, column_name, message, value FROM import_errors WHERE job_id = ?1"
        " ORDER BY rowid");
    if (!e.ok()) return e.status();
    e->BindInt64(1, job_id);
    std::vector<RowError> errors;
    for (;;) {
        Result<bool> row = e->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) return errors;
        errors.push_back(
            RowError{e->ColumnInt64(0), e->ColumnText(1), e->ColumnText(2), e->ColumnText(3)});
    }
}

}  // namespace stocktake::engine
