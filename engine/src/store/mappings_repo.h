// MappingsRepo: generic-catalogue column mappings saved per header signature, so the next
// file with the same columns imports without the mapping screen.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

class MappingsRepo {
  public:
    explicit MappingsRepo(Db* db) : db_(db) {}

    // The mapping's JSON (format_detect.h ColumnMappingToJson), if one is saved.
    Result<std::optional<std::string>> Find(std::string_view signature);
    // Inserts or replaces; header is the header text, for people reading the table.
    Status Save(std::string_view signature, std::string_view mapping_json, std::string_view header,
                std::string_view now);

  private:
    Db* db_;
};

}  // namespace stocktake::engine
