// Which table holds each last-writer-wins entity, and an entity key's text form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/record_table.h"

namespace stocktake::engine {

// The table of a last-writer-wins entity ("product", "location", ...); null for an entity
// this device does not store as a record (or not yet).
const TableSpec* RecordSpecOf(std::string_view entity);

// The stored form of an op's key: a JSON array ("[\"SKU-1\",\"amazon\",\"\"]").
std::string KeyText(const std::vector<std::string>& key);

}  // namespace stocktake::engine
