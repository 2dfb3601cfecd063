// RecordTable: applies RecordWrites to one table (products, listings or vendor_prices) and
// says what changed, field by field. One lookup by key, then an INSERT, an UPDATE of the
// merged row, or nothing at all when every value is already stored (so re-importing a file
// leaves updated_at alone). The statements are prepared once from a fixed TableSpec.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stocktake/engine/types.h"
#include "stocktake/status.h"
#include "store/batch_insert.h"
#include "store/db.h"
#include "store/key_hashes.h"
#include "store/record_write.h"

namespace stocktake::engine {

struct ColumnSpec {
    const char* name;   // SQL column
    const char* label;  // the field name shown in diffs
    FieldValue::Kind kind;
    int scale;            // integers shown as decimals with this many places (price: 2)
    bool shown;           // false for derived columns (not part of a diff)
    FieldValue fallback;  // value of a new record's column the row does not set
};

struct TableSpec {
    const char* table;
    const char* entity;  // "product", "listing", "vendor_price"
    std::vector<const char*> keys;
    std::vector<ColumnSpec> columns;
    bool has_created_at;
    // The table has created_hlc and created_clock columns: the clock of the op that created
    // a record whose field clocks were never stored (sync/records.h, "created clocks").
    bool has_created_clock = false;
};

// A record of a table with created clocks, and the clock of the op that created it. A record
// an import creates stores the op's clock time alone (created_hlc, migration 21): the op is
// always this device's, whose id the clock text would repeat in every row. One created
// before migration 21 kept the clock's text (created_clock). A row has one or neither;
// CreatedClock (sync/records.h) gives either as the clock text.
struct CreatedRecord {
    uint64_t hlc = 0;       // created_hlc: 0 = none
    std::string clock;      // created_clock: "" = none
    nlohmann::json values;  // its columns, as RecordsRepo::Read gives them
    // false: its field clocks are stored (record_clocks), if any op ever set them
    bool has_clock() const { return hlc != 0 || !clock.empty(); }
};

// A created clock's columns as a SELECT lists them after a record's own, and their values
// read into record->clock and record->hlc from the statement's column first on.
inline constexpr const char* kCreatedClockColumns = ", created_clock, created_hlc";
void ReadCreatedClock(const Statement& stmt, int first, CreatedRecord* record);

// "INSERT INTO table (keys, columns, [created_at,] updated_at[, created_hlc]) VALUES (?1,
// ...)", without the columns whose bit (1 << index in spec.columns) omit has set.
std::string InsertSql(const TableSpec& spec, uint64_t omit = 0);

const TableSpec& ProductsTable();
const TableSpec& ListingsTable();
const TableSpec& VendorPricesTable();

class RecordTable {
  public:
    RecordTable(Db* db, const TableSpec* spec) : db_(db), spec_(spec) {}

    // Applies write. When diff is not null it receives the fields that change (for a new
    // record: every shown field the write sets). A record it creates gets created_hlc
    // (TableSpec::has_created_clock: the clock time of this device's op that created it, 0
    // for none); an existing record keeps its own. When it changes a record that has a
    // created clock, changed_created (if not null) receives that clock and the values the
    // record had before (sync/records.h KeepCreatedPayload); it has no clock otherwise.
    Result<ChangeKind> Apply(const RecordWrite& write, std::string_view now,
                             std::vector<FieldChange>* diff, uint64_t created_hlc = 0,
                             CreatedRecord* changed_created = nullptr);

    // While set, Apply inserts without looking up first, falling back to the lookup when
    // the key turns out to exist. For imports into a table that was empty when they
    // started (a seller's first import): every lookup would miss. Checks the table now.
    Status AssumeEmptyIfEmpty();
    // Also stops batching (FlushBatch or DropBatch first).
    void StopAssumingEmpty() {
        assume_empty_ = false;
        StopBatching();
    }
    bool assuming_empty() const { return assume_empty_; }

    // For a first import: drops the table's secondary indexes, keeping their SQL, so that
    // rows go in without a random index insert each; CreateDeferredIndexes makes them again
    // (one sort each). Until then queries are answered without them (slower, the same
    // answers). The caller holds the transaction: a rollback brings them back, after which
    // ForgetDeferredIndexes. CreateDeferredIndexes leaves out the index named
    // left_to_reader (forgotten: its reader makes it when it next needs it).
    Status DeferIndexes();
    Status CreateDeferredIndexes(std::string_view left_to_reader = {});
    void ForgetDeferredIndexes() { deferred_indexes_.clear(); }
    bool indexes_deferred() const { return !deferred_indexes_.empty(); }

    // While batching (and assuming empty), a record whose key this table has not inserted
    // since batching first started is certainly new: Apply gathers it and writes
    // BatchInsert::kRows at once (one statement), answering kNew right away. Only sound
    // while nothing else writes the table: the caller pauses (which flushes) before anyone
    // else may read or write it, and stops for good when another writer may have written it
    // meanwhile (Db::TotalChanges): the keys inserted are remembered from start to stop.
    // Apply itself flushes before it looks a key up.
    void StartBatching();
    Status PauseBatching();
    Status FlushBatch();
    void DropBatch();
    void StopBatching();

    // "SKU-1 / amazon" for messages and diffs (empty key parts left out).
    std::string KeyText(const RecordWrite& write) const;
    const TableSpec& spec() const { return *spec_; }

  private:
    struct Stored {
        FieldValue::Kind kind = FieldValue::Kind::kNull;
        int64_t integer = 0;
        std::string text;
    };

    Status Prepare();
    Result<ChangeKind> Insert(const RecordWrite& write, std::string_view now,
                              std::vector<FieldChange>* diff, uint64_t created_hlc);
    // Binds (or adds to the batch) a new record's values in InsertSql(spec, omit)'s order.
    template <typename Sink>
    void InsertValues(Sink& sink, const RecordWrite& write, std::string_view now,
                      std::vector<FieldChange>* diff, uint64_t created_hlc, uint64_t omit = 0);
    // The columns of write a batch leaves to their SQL defaults: those it sets to (or leaves
    // at) their fallback, where the table's default is that fallback (omittable_).
    uint64_t Omitted(const RecordWrite& write) const;
    // The batch for rows that omit the columns *shape has (made on first use); beyond a few
    // shapes, the one that omits none (*shape becomes 0).
    BatchInsert* BatchFor(uint64_t* shape);
    uint64_t KeyHash(const RecordWrite& write) const;
    void BindKey(Statement* stmt, int first, const RecordWrite& write) const;
    std::string ValueText(int column, const FieldValue& value) const;
    std::string StoredText(int column, const Stored& value) const;
    // The stored_ values as RecordsRepo::Read gives a record's.
    nlohmann::json StoredJson() const;

    Db* db_;
    const TableSpec* spec_;
    Statement select_;
    Statement insert_;
    Statement update_;
    std::vector<Stored> stored_;
    std::vector<int> set_index_;  // column -> index in write.fields, or -1
    bool assume_empty_ = false;
    std::vector<std::pair<std::string, std::string>> deferred_indexes_;  // name, CREATE sql
    // Columns whose SQL default is their fallback (read from the schema by Prepare): a
    // batched row leaves them out when it has that value, so SQLite binds and copies fewer
    // values (a first import's products set 5 of their 16 columns).
    uint64_t omittable_ = 0;
    bool batching_ = false;
    // From the first StartBatching to StopBatching: one batch per set of omitted columns
    // (in practice one or two per file: its rows set the same columns).
    std::vector<std::pair<uint64_t, std::unique_ptr<BatchInsert>>> batches_;
    KeyHashes inserted_;  // keys inserted meanwhile
};

}  // namespace stocktake::engine
