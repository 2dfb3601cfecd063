// BatchInsert: rows for one table gathered and written many to a statement
// ("INSERT INTO t (a, b) VALUES (?1, ?2), (?3, ?4), ..."), kRows at a time. A first import
// of a million rows otherwise runs one statement per row per table, and SQLite's statement
// start and halt, cursor opening and dispatch per statement were a large share of its work
// (docs/PERFORMANCE.md, "Import speed, session 9").
//
// The values are copied in (the caller's texts need not outlive Add), so a row is complete
// when EndRow returns. Nothing is written until Flush, or until kRows rows are pending: a
// caller that reads the table must Flush first, and one that rolls back must Drop.
// Thread safety: none; one per Db connection, like the statements it prepares.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

class BatchInsert {
  public:
    // Rows per full statement: 32 rows of a 20-column table bind 640 parameters, far below
    // SQLite's limit (32766), and pay statement start/halt once per 32 rows.
    static constexpr int kRows = 32;

    // head: "INSERT INTO t (a, b, c)"; columns: how many values a row has; tail: appended to
    // the statement (e.g. " ON CONFLICT (seq) DO NOTHING"). A Flush fails unless every row
    // was inserted (Changes() falls short when a tail skipped one).
    BatchInsert(Db* db, std::string head, int columns, std::string tail = "");

    void AddText(std::string_view text);
    // Text bound as it is, not copied: it must stay alive and unchanged until the rows are
    // written (Flush, or the EndRow that writes them). For a caller's rows that outlive the
    // batch, where the copy was a tenth of writing them.
    void AddTextView(std::string_view text);
    void AddInt(int64_t value);
    void AddNull();
    // Ends the row whose values were just added; writes the pending rows once kRows are.
    Status EndRow();

    // Writes every pending row. On failure nothing pending is kept: the caller's transaction
    // holds an unknown part of them and must be rolled back.
    Status Flush();
    // Forgets the pending rows without writing them (the transaction is being rolled back).
    void Drop();
    int pending_rows() const { return rows_; }

  private:
    struct Value {
        enum class Kind { kNull, kInt, kText, kTextView } kind;
        int64_t integer;   // kInt: the value; kText: the offset into text_
        size_t size;       // kText, kTextView: its length
        const char* view;  // kTextView: the caller's text
    };

    std::string Sql(int rows) const;
    Status Write(Statement* stmt, int first_row, int rows);

    Db* db_;
    std::string head_;
    int columns_;
    std::string tail_;
    Statement full_;  // kRows rows, prepared on first use
    std::vector<Value> values_;
    std::string text_;
    int rows_ = 0;
};

}  // namespace stocktake::engine
