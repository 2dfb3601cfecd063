#include "store/records_repo.h"

namespace stocktake::engine {

namespace {

using Kind = FieldValue::Kind;

std::string KeyMatch(const TableSpec& spec, int first) {
    std::string match;
    for (const char* key : spec.keys) {
        if (!match.empty()) match += " AND ";
        match += key;
        match += " = ?";
        match += std::to_string(first++);
    }
    return match;
}

void BindKey(Statement* stmt, const std::vector<std::string>& key, int first) {
    for (const std::string& part : key) stmt->BindText(first++, part);
}

Status CheckKey(const TableSpec& spec, const std::vector<std::string>& key) {
    if (key.size() != spec.keys.size()) {
        return Status::InvalidArgument(std::string(spec.entity) + " key needs " +
                                       std::to_string(spec.keys.size()) + " part(s)");
    }
    return Status::Ok();
}

// Binds value to a column of the given kind: the JSON type must match (null is allowed).
Status BindJson(Statement* stmt, int index, const ColumnSpec& column, const nlohmann::json& value) {
    if (value.is_null()) {
        stmt->BindNull(index);
    } else if (column.kind == Kind::kInt && value.is_number_integer()) {
        stmt->BindInt64(index, value.get<int64_t>());
    } else if (column.kind == Kind::kText && value.is_string()) {
        stmt->BindText(index, value.get_ref<const std::string&>());
    } else {
        return Status::InvalidArgument(std::string("field ") + column.name + " must be " +
                                       (column.kind == Kind::kInt ? "an integer" : "text"));
    }
    return Status::Ok();
}

void BindFallback(Statement* stmt, int index, const FieldValue& value) {
    switch (value.kind) {
        case Kind::kNull: stmt->BindNull(index); break;
        case Kind::kInt: stmt->BindInt64(index, value.integer); break;
        case Kind::kText: stmt->BindText(index, value.text); break;
    }
}

}  // namespace

ColumnSpec TextColumn(const char* name, const char* fallback = "") {
    return {name, name, Kind::kText, 0, true, FieldValue::Text(fallback)};
}
ColumnSpec NullableTextColumn(const char* name) {
    return {name, name, Kind::kText, 0, true, FieldValue::Null()};
}
ColumnSpec IntColumn(const char* name, FieldValue fallback = FieldValue::Null()) {
    return {name, name, Kind::kInt, 0, true, fallback};
}

const TableSpec& LocationsTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "locations",
        "location",
        {"id"},
        {NullableTextColumn("parent_id"), TextColumn("name"), TextColumn("kind", "warehouse")},
        true};
    return *kSpec;
}

const TableSpec& OrdersTable() {
    static const TableSpec* const kSpec =
        new TableSpec{"orders",
                      "order",
                      {"id"},
                      {TextColumn("channel"), TextColumn("external_id"),
                       TextColumn("status", "open"), TextColumn("ordered_at")},
                      false};
    return *kSpec;
}

const TableSpec& OrderLinesTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "order_lines",
        "order_line",
        {"order_id", "line"},
        {TextColumn("sku"), IntColumn("quantity", FieldValue::Int(1)), IntColumn("price_minor")},
        false};
    return *kSpec;
}

const TableSpec& SuppliersTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "suppliers",
        "supplier",
        {"id"},
        {TextColumn("name"), TextColumn("email"), IntColumn("lead_time_days"), TextColumn("notes")},
        true};
    return *kSpec;
}

const TableSpec& PurchaseOrdersTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "purchase_orders",
        "purchase_order",
        {"id"},
        {TextColumn("supplier_id"), TextColumn("status", "draft"), NullableTextColumn("ordered_at"),
         NullableTextColumn("expected_at"), TextColumn("notes")},
        true};
    return *kSpec;
}

const TableSpec& PoLinesTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "po_lines",
        "po_line",
        {"po_id", "line"},
        {TextColumn("sku"), IntColumn("quantity_ordered", FieldValue::Int(1)), IntColumn("cost")},
        false};
    return *kSpec;
}

const TableSpec& KitComponentsTable() {
    static const TableSpec* const kSpec = new TableSpec{"kits",
                                                        "kit_component",
                                                        {"kit_sku", "component_sku"},
                                                        {IntColumn("quantity", FieldValue::Int(1))},
                                                        false};
    return *kSpec;
}

const TableSpec& ChannelRulesTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "channel_rules",
        "channel_rules",
        {"channel"},
        {IntColumn("max_quantity"), IntColumn("percent_of_available", FieldValue::Int(100)),
         IntColumn("min_quantity", FieldValue::Int(0)), IntColumn("zero_below", FieldValue::Int(0)),
         IntColumn("update_delay_minutes")},
        true};
    return *kSpec;
}

const TableSpec& ReallocationsTable() {
    static const TableSpec* const kSpec =
        new TableSpec{"reallocations",
                      "reallocation",
                      {"id"},
                      {TextColumn("sku"), TextColumn("channel_origin"), TextColumn("reason"),
                       IntColumn("quantity"), TextColumn("state", "open"), TextColumn("added_at"),
                       TextColumn("added_by")},
                      true};
    return *kSpec;
}

const TableSpec& ReallocationMovesTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "reallocation_moves",
        "reallocation_move",
        {"id"},
        {TextColumn("entry_id"), TextColumn("sku"), TextColumn("from_channel"),
         TextColumn("to_channel"), TextColumn("from_location"), TextColumn("to_location"),
         IntColumn("quantity", FieldValue::Int(0)), TextColumn("kind", "listing_quantity"),
         TextColumn("moved_by"), TextColumn("moved_at"), TextColumn("reference")},
        true};
    return *kSpec;
}

const TableSpec& SettingsTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "settings", "setting", {"name"}, {IntColumn("value", FieldValue::Int(0))}, false};
    return *kSpec;
}

const TableSpec& ChannelFeesTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "channel_fees",
        "channel_fee",
        {"channel"},
        {IntColumn("percent_bp", FieldValue::Int(0)), IntColumn("fixed_minor", FieldValue::Int(0))},
        false};
    return *kSpec;
}

const TableSpec& ProductPlansTable() {
    static const TableSpec* const kSpec =
        new TableSpec{"product_plans",
                      "product_plan",
                      {"sku"},
                      {IntColumn("reorder_point"), TextColumn("preferred_supplier")},
                      false};
    return *kSpec;
}

const TableSpec& BarcodesTable() {
    static const TableSpec* const kSpec = new TableSpec{
        "barcodes", "barcode", {"code"}, {TextColumn("sku"), TextColumn("kind", "alias")}, false};
    return *kSpec;
}

const ColumnSpec* FindColumn(const TableSpec& spec, std::string_view field) {
    for (const ColumnSpec& column : spec.columns) {
        if (field == column.name) return &column;
    }
    return nullptr;
}

Result<std::optional<nlohmann::json>> RecordsRepo::Read(const TableSpec& spec,
                                                        const std::vector<std::string>& key) {
    return ReadRow(spec, key, nullptr);
}

Result<std::optional<CreatedRecord>> RecordsRepo::ReadCreated(const TableSpec& spec,
                                                              const std::vector<std::string>& key) {
    if (!spec.has_created_clock) return std::optional<CreatedRecord>();
    CreatedRecord record;
    Result<std::optional<nlohmann::json>> values = ReadRow(spec, key, &record);
    if (!values.ok()) return values.status();
    if (!values.value()) return std::optional<CreatedRecord>();
    record.values = std::move(*values.value());
    return std::optional<CreatedRecord>(std::move(record));
}

Result<std::optional<nlohmann::json>> RecordsRepo::ReadRow(const TableSpec& spec,
                                                           const std::vector<std::string>& key,
                                                           CreatedRecord* created) {
    Status key_ok = CheckKey(spec, key);
    if (!key_ok.ok()) return key_ok;
    std::string columns;
    for (const ColumnSpec& column : spec.columns) {
        if (!columns.empty()) columns += ", ";
        columns += column.name;
    }
    if (created != nullptr) columns += kCreatedClockColumns;
    Result<Statement> stmt = db_->CachedText("SELECT " + columns + " FROM " + spec.table +
                                             " WHERE " + KeyMatch(spec, 1));
    if (!stmt.ok()) return stmt.status();
    BindKey(&stmt.value(), key, 1);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<nlohmann::json>();
    nlohmann::json record = nlohmann::json::object();
    for (size_t i = 0; i < spec.columns.size(); ++i) {
        const int index = static_cast<int>(i);
        const ColumnSpec& column = spec.columns[i];
        if (stmt->ColumnIsNull(index)) {
            record[column.name] = nullptr;
        } else if (column.kind == Kind::kInt) {
            record[column.name] = stmt->ColumnInt64(index);
        } else {
            record[column.name] = stmt->ColumnText(index);
        }
    }
    if (created != nullptr) {
        ReadCreatedClock(stmt.value(), static_cast<int>(spec.columns.size()), created);
    }
    return std::optional<nlohmann::json>(std::move(record));
}

Status RecordsRepo::Upsert(const TableSpec& spec, const std::vector<std::string>& key,
                           const nlohmann::json& fields, std::string_view now) {
    Status key_ok = CheckKey(spec, key);
    if (!key_ok.ok()) return key_ok;
    for (const auto& [field, value] : fields.items()) {
        if (!FindColumn(spec, field)) {
            return Status::InvalidArgument(std::string(spec.entity) + " has no field '" + field +
                                           "'");
        }
    }
    // INSERT every column (InsertSql); ON CONFLICT set the given ones.
    std::string sets = "updated_at = excluded.updated_at";
    for (const auto& [field, value] : fields.items()) {
        sets += ", ";
        sets += field;
        sets += " = excluded.";
        sets += field;
    }
    std::string conflict;
    for (const char* key_column : spec.keys) {
        if (!conflict.empty()) conflict += ", ";
        conflict += key_column;
    }
    Result<Statement> stmt =
        db_->CachedText(InsertSql(spec) + " ON CONFLICT (" + conflict + ") DO UPDATE SET " + sets);
    if (!stmt.ok()) return stmt.status();
    BindKey(&stmt.value(), key, 1);
    int index = static_cast<int>(spec.keys.size());
    for (const ColumnSpec& column : spec.columns) {
        ++index;
        const auto given = fields.find(column.name);
        if (given == fields.end()) {
            BindFallback(&stmt.value(), index, column.fallback);
            continue;
        }
        Status bound = BindJson(&stmt.value(), index, column, *given);
        if (!bound.ok()) return bound;
    }
    if (spec.has_created_at) stmt->BindText(++index, now);
    stmt->BindText(++index, now);
    // A record an op creates has its field clocks stored (record_clocks), not implied.
    if (spec.has_created_clock) stmt->BindInt64(++index, 0);
    return stmt->Run();
}

Status RecordsRepo::Delete(const TableSpec& spec, const std::vector<std::string>& key) {
    Status key_ok = CheckKey(spec, key);
    if (!key_ok.ok()) return key_ok;
    Result<Statement> stmt =
        db_->CachedText("DELETE FROM " + std::string(spec.table) + " WHERE " + KeyMatch(spec, 1));
    if (!stmt.ok()) return stmt.status();
    BindKey(&stmt.value(), key, 1);
    return stmt->Run();
}

Result<std::vector<std::vector<std::string>>> RecordsRepo::KeysWhere(const TableSpec& spec,
                                                                     const char* column,
                                                                     std::string_view value) {
    std::string keys;
    for (const char* key_column : spec.keys) {
        if (!keys.empty()) keys += ", ";
        keys += key_column;
    }
    Result<Statement> stmt = db_->Prepare("SELECT " + keys + " FROM " + spec.table + " WHERE " +
                                          column + " = ?1 ORDER BY " + keys);
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, value);
    const size_t parts = spec.keys.size();
    return CollectRows<std::vector<std::string>>(stmt.value(), [parts](const Statement& s) {
        std::vector<std::string> key;
        for (size_t i = 0; i < parts; ++i) key.push_back(s.ColumnText(static_cast<int>(i)));
        return key;
    });
}

}  // namespace stocktake::engine
