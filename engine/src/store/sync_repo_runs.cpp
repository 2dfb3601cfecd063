// SyncRepo's op runs (sync_repo.h, "Op runs"): storing a run as one local_ops row, finding
// the row that holds an op, and reading a run's ops back one by one.
#include <string>
#include <utility>
#include <vector>

#include "store/sync_repo.h"

namespace stocktake::engine {

Result<std::optional<SyncRepo::LogRow>> SyncRepo::RowHolding(int64_t seq) {
    Result<Statement> stmt = db_->Cached(
        "SELECT seq, hlc, first_seq FROM local_ops WHERE seq >= ?1 ORDER BY seq LIMIT 1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, seq);
    Result<bool> step = stmt->Step();
    if (!step.ok()) return step.status();
    std::optional<LogRow> found;
    if (step.value()) {
        LogRow row;
        row.seq = stmt->ColumnInt64(0);
        row.hlc = static_cast<uint64_t>(stmt->ColumnInt64(1));
        row.run = !stmt->ColumnIsNull(2);
        row.first_seq = row.run ? stmt->ColumnInt64(2) : row.seq;
        if (row.first_seq <= seq) found = row;
    }
    stmt->Reset();
    return found;
}

Status SyncRepo::ReadRun(const LogRow& row, const std::string& lines, const std::string& device,
                         int64_t after, size_t limit, std::vector<Op>* ops) {
    // Payloads kept since (SavePayloadIfLeftOut); the others are null until their records
    // give them back, as for any created op.
    std::vector<std::pair<int64_t, std::string>> kept;
    {
        Result<Statement> stmt = db_->Cached(
            "SELECT seq, payload FROM local_op_payloads WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq");
        if (!stmt.ok()) return stmt.status();
        stmt->BindInt64(1, row.first_seq);
        stmt->BindInt64(2, row.seq);
        Result<std::vector<std::pair<int64_t, std::string>>> rows =
            CollectRows<std::pair<int64_t, std::string>>(stmt.value(), [](const Statement& s) {
                return std::make_pair(s.ColumnInt64(0), s.ColumnText(1));
            });
        stmt->Reset();
        if (!rows.ok()) return rows.status();
        kept = std::move(rows.value());
    }
    const std::string where = "the op run ending at " + device + ":" + std::to_string(row.seq);
    auto next_kept = kept.begin();
    int64_t seq = row.first_seq;
    size_t start = 0;
    for (; start < lines.size() && ops->size() < limit; ++seq) {
        const size_t end = lines.find('\n', start);
        const size_t tab = lines.find('\t', start);
        if (end == std::string::npos || tab == std::string::npos || tab > end || tab == start) {
            return Status::Corruption(where + " has an unreadable line");
        }
        if (seq <= after) {
            start = end + 1;
            continue;
        }
        Op op;
        op.device = device;
        op.seq = seq;
        // The run's clocks count up by one to its last op's.
        op.hlc = row.hlc - static_cast<uint64_t>(row.seq - seq);
        op.entity = lines.substr(start, tab - start);
        const nlohmann::json key = nlohmann::json::parse(
            std::string_view(lines).substr(tab + 1, end - tab - 1), nullptr, false);
        if (!key.is_array()) return Status::Corruption(where + " has an unreadable key");
        for (const nlohmann::json& part : key) {
            if (!part.is_string()) return Status::Corruption(where + " has an unreadable key");
            op.key.push_back(part.get<std::string>());
        }
        op.payload = nlohmann::json();  // null: its record gives it (Op's default is {})
        while (next_kept != kept.end() && next_kept->first < seq) ++next_kept;
        if (next_kept != kept.end() && next_kept->first == seq) {
            op.payload = nlohmann::json::parse(next_kept->second, nullptr, false);
            if (!op.payload.is_object()) {
                return Status::Corruption("op " + op.id() +
                                          " is stored with an unreadable payload");
            }
        }
        ops->push_back(std::move(op));
        start = end + 1;
    }
    if (ops->size() < limit && (seq != row.seq + 1 || start != lines.size())) {
        return Status::Corruption(where + " does not hold its ops from " +
                                  std::to_string(row.first_seq));
    }
    return Status::Ok();
}

Status SyncRepo::AddToRun(int64_t seq, uint64_t hlc, std::string_view entity,
                          std::string_view key) {
    // Into the run, or a new run when it does not follow the run's last op.
    if (run_ops_ > 0 &&
        (seq != run_last_seq_ + 1 || hlc != run_last_hlc_ + 1 || run_ops_ == kRunOps)) {
        Status stored = StoreRun();
        if (!stored.ok()) return stored;
    }
    if (run_ops_ == 0) run_first_seq_ = seq;
    run_lines_ += entity;
    run_lines_ += '\t';
    run_lines_ += key;
    run_lines_ += '\n';
    run_last_seq_ = seq;
    run_last_hlc_ = hlc;
    ++run_ops_;
    return Status::Ok();
}

Status SyncRepo::StoreRun() {
    if (run_ops_ == 0) return Status::Ok();
    Result<Statement> stmt = db_->Cached(
        "INSERT INTO local_ops (seq, hlc, entity, key, payload, first_seq)"
        " VALUES (?1, ?2, '', '[]', ?3, ?4) ON CONFLICT (seq) DO NOTHING");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, run_last_seq_);
    stmt->BindInt64(2, static_cast<int64_t>(run_last_hlc_));
    stmt->BindText(3, run_lines_);
    stmt->BindInt64(4, run_first_seq_);
    Status status = stmt->Run();
    const int64_t first = run_first_seq_;
    run_lines_.clear();
    run_ops_ = 0;
    if (!status.ok()) return status;
    if (db_->Changes() == 0) {
        return Status::Corruption("op " + std::to_string(first) +
                                  " is stored already: the outbox's sequence number went back");
    }
    return Status::Ok();
}

}  // namespace stocktake::engine
