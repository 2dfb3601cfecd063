#include "store/batch_insert.h"

#include <utility>

namespace stocktake::engine {

BatchInsert::BatchInsert(Db* db, std::string head, int columns, std::string tail)
    : db_(db), head_(std::move(head)), columns_(columns), tail_(std::move(tail)) {
    values_.reserve(static_cast<size_t>(kRows * columns_));
}

void BatchInsert::AddText(std::string_view text) {
    values_.push_back(
        Value{Value::Kind::kText, static_cast<int64_t>(text_.size()), text.size(), nullptr});
    text_ += text;
}

void BatchInsert::AddTextView(std::string_view text) {
    values_.push_back(Value{Value::Kind::kTextView, 0, text.size(), text.data()});
}

void BatchInsert::AddInt(int64_t value) {
    values_.push_back(Value{Value::Kind::kInt, value, 0, nullptr});
}

void BatchInsert::AddNull() {
    values_.push_back(Value{Value::Kind::kNull, 0, 0, nullptr});
}

Status BatchInsert::EndRow() {
    ++rows_;
    return rows_ >= kRows ? Flush() : Status::Ok();
}

std::string BatchInsert::Sql(int rows) const {
    std::string sql = head_ + " VALUES ";
    int n = 0;
    for (int row = 0; row < rows; ++row) {
        sql += row == 0 ? "(" : ", (";
        for (int column = 0; column < columns_; ++column) {
            if (column > 0) sql += ", ";
            sql += '?';
            sql += std::to_string(++n);
        }
        sql += ')';
    }
    return sql + tail_;
}

Status BatchInsert::Write(Statement* stmt, int first_row, int rows) {
    const size_t first = static_cast<size_t>(first_row * columns_);
    const size_t count = static_cast<size_t>(rows * columns_);
    for (size_t i = 0; i < count; ++i) {
        const Value& value = values_[first + i];
        const int index = static_cast<int>(i) + 1;
        switch (value.kind) {
            case Value::Kind::kNull: stmt->BindNull(index); break;
            case Value::Kind::kInt: stmt->BindInt64(index, value.integer); break;
            case Value::Kind::kText:
                stmt->BindText(index, std::string_view(text_).substr(
                                          static_cast<size_t>(value.integer), value.size));
                break;
            case Value::Kind::kTextView:
                stmt->BindText(index, std::string_view(value.view, value.size));
                break;
        }
    }
    Status status = stmt->Run();
    if (!status.ok()) return status;
    if (db_->Changes() != rows) {
        return Status(Code::kConflict, head_ + ": " + std::to_string(rows - db_->Changes()) +
                                           " of " + std::to_string(rows) +
                                           " rows were not inserted");
    }
    return Status::Ok();
}

Status BatchInsert::Flush() {
    if (rows_ == 0) return Status::Ok();
    Status status;
    if (rows_ == kRows) {
        if (!full_.valid()) {
            Result<Statement> prepared = db_->Prepare(Sql(kRows), true);
            if (!prepared.ok()) {
                Drop();
                return prepared.status();
            }
            full_ = std::move(prepared.value());
        }
        status = Write(&full_, 0, kRows);
    } else {
        // The tail of a job (or of one of its steps): one statement for what is left, kept
        // for the next tail of the same length. The app's import flushes a tail after every
        // step, a few milliseconds each, and preparing each anew was 0.4 s of a 1M-row import
        // in the browser (docs/PERFORMANCE.md, "Import speed, session 17").
        Result<Statement> prepared = db_->CachedText(Sql(rows_));
        status = prepared.ok() ? Write(&prepared.value(), 0, rows_) : prepared.status();
    }
    Drop();
    return status;
}

void BatchInsert::Drop() {
    values_.clear();
    text_.clear();
    rows_ = 0;
}

}  // namespace stocktake::engine
