#include "store/record_table.h"

#include <bit>

#include "stocktake/decimal.h"

namespace stocktake::engine {

namespace {

using Kind = FieldValue::Kind;

ColumnSpec Text(const char* name, bool shown = true) {
    return {name, name, Kind::kText, 0, shown, FieldValue::Text("")};
}
ColumnSpec NullableText(const char* name) {
    return {name, name, Kind::kText, 0, true, FieldValue::Null()};
}
// Money columns hold minor units but diffs show "12.50": label says "price", not "..._minor".
ColumnSpec Integer(const char* name, const char* label, int scale = 0) {
    return {name, label, Kind::kInt, scale, true, FieldValue::Null()};
}

bool SameValue(const FieldValue& value, Kind kind, int64_t integer, std::string_view text) {
    if (value.kind != kind) return false;
    switch (kind) {
        case Kind::kNull: return true;
        case Kind::kInt: return value.integer == integer;
        case Kind::kText: return value.text == text;
    }
    return false;
}

void Bind(Statement* stmt, int index, const FieldValue& value) {
    switch (value.kind) {
        case Kind::kNull: stmt->BindNull(index); break;
        case Kind::kInt: stmt->BindInt64(index, value.integer); break;
        case Kind::kText: stmt->BindText(index, value.text); break;
    }
}

}  // namespace

// The column order here is the enum order in record_write.h.
const TableSpec& ProductsTable() {
    static const TableSpec* const kSpec =
        new TableSpec{"products",
                      "product",
                      {"sku"},
                      {Text("name"), Text("description"), Text("product_id"),
                       Text("product_id_type"), Text("gtin"), Text("brand"), Text("category"),
                       Text("image_url"), Text("condition"), Text("weight"), Text("asin"),
                       Integer("list_price_minor", "list_price", 2), Integer("cost", "cost", 4),
                       Text("currency"), Text("gtin14", false), Text("name_key", false)},
                      true,
                      true};
    return *kSpec;
}

const TableSpec& ListingsTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "listings",
        "listing",
        {"sku", "channel", "marketplace"},
        {Text("listing_id"),
         Text("asin"),
         Integer("price_minor", "price", 2),
         Integer("quantity", "quantity"),
         {"fulfillment", "fulfillment", Kind::kText, 0, true, FieldValue::Text("merchant")},
         Text("status"),
         NullableText("opened_at"),
         Text("currency")},
        false,
        true};
    return *kSpec;
}

const TableSpec& VendorPricesTable() {
    static const TableSpec* const kSpec =
        new TableSpec{"vendor_prices",
                      "vendor_price",
                      {"supplier", "sku"},
                      {{"cost", "cost", Kind::kInt, 4, true, FieldValue::Int(0)},
                       Text("currency"),
                       Integer("moq", "moq"),
                       Integer("pack_size", "pack_size"),
                       Integer("lead_time_days", "lead_time_days"),
                       Text("supplier_part_number")},
                      false,
                      true};
    return *kSpec;
}

void ReadCreatedClock(const Statement& stmt, int first, CreatedRecord* record) {
    record->clock = stmt.ColumnText(first);
    record->hlc = static_cast<uint64_t>(stmt.ColumnInt64(first + 1));
}

std::string InsertSql(const TableSpec& spec, uint64_t omit) {
    std::string names;
    std::string params;
    int n = 0;
    const auto add = [&](const char* name) {
        if (!names.empty()) {
            names += ", ";
            params += ", ";
        }
        names += name;
        params += '?';
        params += std::to_string(++n);
    };
    for (const char* key : spec.keys) add(key);
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        if ((omit >> c & 1) == 0) add(spec.columns[c].name);
    }
    if (spec.has_created_at) add("created_at");
    add("updated_at");
    if (spec.has_created_clock) add("created_hlc");
    std::string sql = "INSERT INTO ";
    sql += spec.table;
    sql += " (" + names + ") VALUES (" + params + ")";
    return sql;
}

Status RecordTable::Prepare() {
    const TableSpec& spec = *spec_;
    std::string columns;
    for (const ColumnSpec& column : spec.columns) {
        if (!columns.empty()) columns += ", ";
        columns += column.name;
    }
    std::string where;
    for (size_t i = 0; i < spec.keys.size(); ++i) {
        if (!where.empty()) where += " AND ";
        where += spec.keys[i];
        where += " = ?";
        where += std::to_string(i + 1);
    }
    const std::string created = spec.has_created_clock ? kCreatedClockColumns : "";
    Result<Statement> select = db_->Prepare(
        "SELECT " + columns + created + " FROM " + spec.table + " WHERE " + where, true);
    if (!select.ok()) return select.status();

    Result<Statement> insert = db_->Prepare(InsertSql(spec), true);
    if (!insert.ok()) return insert.status();

    // UPDATE: columns ?1..?C, updated_at ?C+1, keys after.
    std::string sets;
    int p = 0;
    for (const ColumnSpec& column : spec.columns) {
        if (!sets.empty()) sets += ", ";
        sets += column.name;
        sets += " = ?";
        sets += std::to_string(++p);
    }
    sets += ", updated_at = ?";
    sets += std::to_string(++p);
    std::string key_match;
    for (const char* key : spec.keys) {
        if (!key_match.empty()) key_match += " AND ";
        key_match += key;
        key_match += " = ?";
        key_match += std::to_string(++p);
    }
    Result<Statement> update = db_->Prepare(
        "UPDATE " + std::string(spec.table) + " SET " + sets + " WHERE " + key_match, true);
    if (!update.ok()) return update.status();

    // The columns a batch may leave to the schema's default: it must be the fallback, as
    // the schema writes it ("''", "'merchant'", "0", no default for NULL).
    Result<Statement> defaults = db_->Prepare("SELECT name, dflt_value FROM pragma_table_info(?1)");
    if (!defaults.ok()) return defaults.status();
    defaults->BindText(1, spec.table);
    omittable_ = 0;
    for (;;) {
        Result<bool> row = defaults->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        const std::string name = defaults->ColumnText(0);
        const bool none = defaults->ColumnIsNull(1);
        const std::string written = defaults->ColumnText(1);
        for (size_t c = 0; c < spec.columns.size() && c < 64; ++c) {
            if (name != spec.columns[c].name) continue;
            const FieldValue& fallback = spec.columns[c].fallback;
            bool same = false;
            switch (fallback.kind) {
                case Kind::kNull: same = none || written == "NULL"; break;
                case Kind::kInt: same = !none && written == std::to_string(fallback.integer); break;
                case Kind::kText:
                    same = !none && fallback.text.find('\'') == std::string_view::npos &&
                           written == "'" + std::string(fallback.text) + "'";
                    break;
            }
            if (same) omittable_ |= uint64_t{1} << c;
        }
    }

    select_ = std::move(select.value());
    insert_ = std::move(insert.value());
    update_ = std::move(update.value());
    stored_.resize(spec.columns.size());
    set_index_.resize(spec.columns.size());
    return Status::Ok();
}

void RecordTable::BindKey(Statement* stmt, int first, const RecordWrite& write) const {
    for (size_t i = 0; i < spec_->keys.size(); ++i) {
        stmt->BindText(first + static_cast<int>(i), write.key[i]);
    }
}

std::string RecordTable::ValueText(int column, const FieldValue& value) const {
    switch (value.kind) {
        case Kind::kNull: return "";
        case Kind::kInt: {
            const int scale = spec_->columns[static_cast<size_t>(column)].scale;
            return scale > 0 ? FormatDecimalMinor(value.integer, scale)
                             : std::to_string(value.integer);
        }
        case Kind::kText: return std::string(value.text);
    }
    return "";
}

std::string RecordTable::StoredText(int column, const Stored& value) const {
    return ValueText(column, FieldValue{value.kind, value.integer, value.text});
}

std::string RecordTable::KeyText(const RecordWrite& write) const {
    std::string text;
    for (size_t i = 0; i < spec_->keys.size(); ++i) {
        if (write.key[i].empty()) continue;
        if (!text.empty()) text += " / ";
        text += write.key[i];
    }
    return text;
}

namespace {

// Where InsertValues puts a new record's values: a statement's parameters, in order...
struct BindSink {
    Statement* stmt;
    int p = 0;
    void Text(std::string_view text) { stmt->BindText(++p, text); }
    void Int(int64_t value) { stmt->BindInt64(++p, value); }
    void Null() { stmt->BindNull(++p); }
};

// ... or the next row of a batch.
struct BatchSink {
    BatchInsert* batch;
    void Text(std::string_view text) { batch->AddText(text); }
    void Int(int64_t value) { batch->AddInt(value); }
    void Null() { batch->AddNull(); }
};

}  // namespace

template <typename Sink>
void RecordTable::InsertValues(Sink& sink, const RecordWrite& write, std::string_view now,
                               std::vector<FieldChange>* diff, uint64_t created_hlc,
                               uint64_t omit) {
    const std::vector<ColumnSpec>& columns = spec_->columns;
    const int count = static_cast<int>(columns.size());
    for (size_t i = 0; i < spec_->keys.size(); ++i) sink.Text(write.key[i]);
    for (int c = 0; c < count; ++c) {
        const int set = set_index_[static_cast<size_t>(c)];
        const FieldValue& value = set >= 0 ? write.fields[static_cast<size_t>(set)].second
                                           : columns[static_cast<size_t>(c)].fallback;
        if ((omit >> c & 1) == 0) {
            switch (value.kind) {
                case Kind::kNull: sink.Null(); break;
                case Kind::kInt: sink.Int(value.integer); break;
                case Kind::kText: sink.Text(value.text); break;
            }
        }
        if (diff != nullptr && set >= 0 && columns[static_cast<size_t>(c)].shown &&
            value.kind != Kind::kNull && !(value.kind == Kind::kText && value.text.empty())) {
            diff->push_back(
                FieldChange{columns[static_cast<size_t>(c)].label, "", ValueText(c, value)});
        }
    }
    if (spec_->has_created_at) sink.Text(now);
    sink.Text(now);
    if (spec_->has_created_clock) sink.Int(static_cast<int64_t>(created_hlc));
}

Result<ChangeKind> RecordTable::Insert(const RecordWrite& write, std::string_view now,
                                       std::vector<FieldChange>* diff, uint64_t created_hlc) {
    BindSink sink{&insert_};
    InsertValues(sink, write, now, diff, created_hlc);
    Status status = insert_.Run();
    if (!status.ok()) return status;
    return ChangeKind::kNew;
}

uint64_t RecordTable::KeyHash(const RecordWrite& write) const {
    uint64_t hash = 0;
    for (size_t i = 0; i < spec_->keys.size(); ++i) {
        hash = hash * 1099511628211ull + KeyHashes::Hash(write.key[i]);
    }
    return hash == 0 ? 1 : hash;
}

uint64_t RecordTable::Omitted(const RecordWrite& write) const {
    uint64_t omit = 0;
    for (size_t c = 0; c < spec_->columns.size() && c < 64; ++c) {
        if ((omittable_ >> c & 1) == 0) continue;
        const int set = set_index_[c];
        const FieldValue& fallback = spec_->columns[c].fallback;
        if (set < 0 || SameValue(write.fields[static_cast<size_t>(set)].second, fallback.kind,
                                 fallback.integer, fallback.text)) {
            omit |= uint64_t{1} << c;
        }
    }
    return omit;
}

BatchInsert* RecordTable::BatchFor(uint64_t* shape) {
    // Beyond a few shapes (a file whose rows leave different columns empty), rows bind every
    // column: each batch holds up to kRows rows and a prepared statement.
    constexpr size_t kMaxShapes = 8;
    for (int attempt = 0; attempt < 2; ++attempt) {
        for (auto& [omitted, batch] : batches_) {
            if (omitted == *shape) return batch.get();
        }
        if (batches_.size() < kMaxShapes || *shape == 0) break;
        *shape = 0;
    }
    const uint64_t omit = *shape;
    const TableSpec& spec = *spec_;
    const std::string sql = InsertSql(spec, omit);
    const int columns = static_cast<int>(spec.keys.size() + spec.columns.size()) -
                        std::popcount(omit) + (spec.has_created_at ? 1 : 0) + 1 +
                        (spec.has_created_clock ? 1 : 0);
    // OR FAIL: a multi-row INSERT that may abort keeps a statement journal, a copy of every
    // page it changes that existed before it (the right edge of each B-tree, rebalanced on
    // each split), so that an abort undoes its own rows. A failed batch already leaves the
    // transaction to be rolled back whole (BatchInsert::Flush), so nothing needs undoing.
    const std::string head = "INSERT OR FAIL" + sql.substr(6, sql.find(" VALUES ") - 6);
    batches_.emplace_back(omit, std::make_unique<BatchInsert>(db_, head, columns));
    return batches_.back().second.get();
}

void RecordTable::StartBatching() {
    batching_ = true;
}

Status RecordTable::PauseBatching() {
    batching_ = false;
    return FlushBatch();
}

Status RecordTable::FlushBatch() {
    for (auto& [shape, batch] : batches_) {
        Status status = batch->Flush();
        if (!status.ok()) {
            DropBatch();  // the transaction must be rolled back
            return status;
        }
    }
    return Status::Ok();
}

void RecordTable::DropBatch() {
    for (auto& [shape, batch] : batches_) batch->Drop();
}

void RecordTable::StopBatching() {
    // Callers flush or drop first; pending rows are never silently lost to a commit.
    DropBatch();
    batches_.clear();
    batching_ = false;
    inserted_.Clear();
}

nlohmann::json RecordTable::StoredJson() const {
    nlohmann::json values = nlohmann::json::object();
    for (size_t c = 0; c < stored_.size(); ++c) {
        const Stored& stored = stored_[c];
        nlohmann::json& value = values[spec_->columns[c].name];
        switch (stored.kind) {
            case Kind::kNull: value = nullptr; break;
            case Kind::kInt: value = stored.integer; break;
            case Kind::kText: value = stored.text; break;
        }
    }
    return values;
}

Status RecordTable::DeferIndexes() {
    // Indexes with SQL of their own: not the automatic ones of a primary key or UNIQUE.
    Result<Statement> stmt = db_->Prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1"
        " AND sql IS NOT NULL ORDER BY name");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, spec_->table);
    Result<std::vector<std::pair<std::string, std::string>>> indexes =
        CollectRows<std::pair<std::string, std::string>>(stmt.value(), [](const Statement& s) {
            return std::make_pair(s.ColumnText(0), s.ColumnText(1));
        });
    if (!indexes.ok()) return indexes.status();
    for (const auto& [name, sql] : indexes.value()) {
        // Names come from the schema, quoted as identifiers.
        Status dropped = db_->Exec(("DROP INDEX \"" + name + "\"").c_str());
        if (!dropped.ok()) return dropped;
        deferred_indexes_.emplace_back(name, sql);
    }
    return Status::Ok();
}

Status RecordTable::CreateDeferredIndexes(std::string_view left_to_reader) {
    Status flushed = FlushBatch();
    if (!flushed.ok()) return flushed;
    while (!deferred_indexes_.empty()) {
        if (deferred_indexes_.back().first != left_to_reader) {
            Status created = db_->Exec(deferred_indexes_.back().second.c_str());
            if (!created.ok()) return created;
        }
        deferred_indexes_.pop_back();
    }
    return Status::Ok();
}

Status RecordTable::AssumeEmptyIfEmpty() {
    Result<Statement> any =
        db_->Prepare("SELECT EXISTS (SELECT 1 FROM " + std::string(spec_->table) + ")");
    if (!any.ok()) return any.status();
    Result<bool> row = any->Step();
    if (!row.ok()) return row.status();
    assume_empty_ = any->ColumnInt64(0) == 0;
    return Status::Ok();
}

Result<ChangeKind> RecordTable::Apply(const RecordWrite& write, std::string_view now,
                                      std::vector<FieldChange>* diff, uint64_t created_hlc,
                                      CreatedRecord* changed_created) {
    if (changed_created != nullptr) {
        changed_created->hlc = 0;
        changed_created->clock.clear();
    }
    if (!select_.valid()) {
        Status status = Prepare();
        if (!status.ok()) return status;
    }
    const std::vector<ColumnSpec>& columns = spec_->columns;
    const int count = static_cast<int>(columns.size());
    std::fill(set_index_.begin(), set_index_.end(), -1);
    for (size_t i = 0; i < write.fields.size(); ++i) {
        set_index_[static_cast<size_t>(write.fields[i].first)] = static_cast<int>(i);
    }

    if (assume_empty_ && batching_) {
        // Certainly new while the key was never inserted since batching began (the table
        // was empty then, and only this table writes it meanwhile: StartBatching).
        const uint64_t hash = KeyHash(write);
        if (!inserted_.MaybeHas(hash)) {
            inserted_.Add(hash);
            uint64_t omit = Omitted(write);
            BatchInsert* batch = BatchFor(&omit);
            BatchSink sink{batch};
            InsertValues(sink, write, now, diff, created_hlc, omit);
            Status status = batch->EndRow();
            if (!status.ok()) return status;
            return ChangeKind::kNew;
        }
        // Inserted before (or a hash collision): the database answers, with what is pending.
        Status status = FlushBatch();
        if (!status.ok()) return status;
    } else if (assume_empty_) {
        const size_t diff_size = diff != nullptr ? diff->size() : 0;
        Result<ChangeKind> inserted = Insert(write, now, diff, created_hlc);
        if (inserted.ok() || inserted.status().code() != Code::kConflict) return inserted;
        assume_empty_ = false;  // the key exists after all: look up from now on
        if (diff != nullptr) diff->resize(diff_size);
    }
    BindKey(&select_, 1, write);
    Result<bool> found = select_.Step();
    if (!found.ok()) {
        select_.Reset();
        return found.status();
    }
    if (!found.value()) {
        select_.Reset();
        return Insert(write, now, diff, created_hlc);
    }

    bool differs = false;
    for (int c = 0; c < count; ++c) {
        Stored& stored = stored_[static_cast<size_t>(c)];
        if (select_.ColumnIsNull(c)) {
            stored.kind = Kind::kNull;
        } else if (columns[static_cast<size_t>(c)].kind == Kind::kInt) {
            stored.kind = Kind::kInt;
            stored.integer = select_.ColumnInt64(c);
        } else {
            stored.kind = Kind::kText;
            stored.text = select_.ColumnText(c);
        }
        const int set = set_index_[static_cast<size_t>(c)];
        if (set < 0) continue;
        const FieldValue& value = write.fields[static_cast<size_t>(set)].second;
        if (SameValue(value, stored.kind, stored.integer, stored.text)) continue;
        differs = true;
        if (diff != nullptr && columns[static_cast<size_t>(c)].shown) {
            diff->push_back(FieldChange{columns[static_cast<size_t>(c)].label,
                                        StoredText(c, stored), ValueText(c, value)});
        }
    }
    if (!differs) {
        select_.Reset();
        return ChangeKind::kUnchanged;
    }
    if (changed_created != nullptr && spec_->has_created_clock) {
        ReadCreatedClock(select_, count, changed_created);
        if (changed_created->has_clock()) changed_created->values = StoredJson();
    }
    select_.Reset();

    int p = 0;
    for (int c = 0; c < count; ++c) {
        const int set = set_index_[static_cast<size_t>(c)];
        const Stored& stored = stored_[static_cast<size_t>(c)];
        Bind(&update_, ++p,
             set >= 0 ? write.fields[static_cast<size_t>(set)].second
                      : FieldValue{stored.kind, stored.integer, stored.text});
    }
    update_.BindText(++p, now);
    BindKey(&update_, p + 1, write);
    Status status = update_.Run();
    if (!status.ok()) return status;
    return ChangeKind::kChanged;
}

}  // namespace stocktake::engine
