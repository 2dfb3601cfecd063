#include "store/mappings_repo.h"

namespace stocktake::engine {

Result<std::optional<std::string>> MappingsRepo::Find(std::string_view signature) {
    Result<Statement> stmt =
        db_->Prepare("SELECT mapping FROM column_mappings WHERE signature = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, signature);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(stmt->ColumnText(0));
}

Status MappingsRepo::Save(std::string_view signature, std::string_view mapping_json,
                          std::string_view header, std::string_view now) {
    Result<Statement> stmt = db_->Prepare(
        "INSERT INTO column_mappings (signature, mapping, header, updated_at)"
        " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (signature) DO UPDATE SET"
        " mapping = excluded.mapping, header = excluded.header,"
        " updated_at = excluded.updated_at");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, signature);
    stmt->BindText(2, mapping_json);
    stmt->BindText(3, header);
    stmt->BindText(4, now);
    return stmt->Run();
}

}  // namespace stocktake::engine
