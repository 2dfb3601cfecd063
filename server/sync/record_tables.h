// RecordTable: where the server keeps each last-writer-wins entity, one column per field.
// The list is the server's half of the engine's record specs: a field an op sets must be a
// column here, or the op is refused ("the server does not know field X"), never dropped.
#pragma once

#include <string_view>
#include <vector>

namespace stocktake::server {

struct RecordColumn {
    const char* name;
    bool integer;  // BIGINT (JSON integers); otherwise TEXT (JSON strings). Both take null.
};

struct RecordTable {
    const char* entity;  // the op's entity: "product", "listing", ...
    const char* table;
    std::vector<const char*> keys;  // the op's key parts, in order (TEXT columns)
    std::vector<RecordColumn> columns;
    // Columns (key or field) that name a sales channel: a user whose allowed_channels
    // leave that channel out may not touch the record.
    std::vector<const char*> channel_columns;

    const RecordColumn* FindColumn(std::string_view name) const;
    bool IsKey(std::string_view name) const;
};

// null for entities that are not records (movement, count) or unknown ones.
const RecordTable* RecordTableOf(std::string_view entity);

}  // namespace stocktake::server
