// RecordsRepo: reads, upserts and deletes one record of any table described by a TableSpec,
// with values as JSON. The sync layer's way to apply last-writer-wins ops to products,
// listings, locations... without SQL of its own. The caller holds the transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/status.h"
#include "store/db.h"
#include "store/record_table.h"

namespace stocktake::engine {

class RecordsRepo {
  public:
    explicit RecordsRepo(Db* db) : db_(db) {}

    // The record's columns as a JSON object (integers, text or null), if it exists.
    Result<std::optional<nlohmann::json>> Read(const TableSpec& spec,
                                               const std::vector<std::string>& key);
    // The record's columns and created clock (TableSpec::has_created_clock: the clock of the
    // op that created it when its field clocks were never stored; none when they were), in
    // one lookup; nothing for a table without created clocks or a record that does not exist.
    Result<std::optional<CreatedRecord>> ReadCreated(const TableSpec& spec,
                                                     const std::vector<std::string>& key);
    // Inserts the record with fields (others take their fallback), or updates just fields.
    // A field that is not a column of the table, or of the wrong type, is refused.
    Status Upsert(const TableSpec& spec, const std::vector<std::string>& key,
                  const nlohmann::json& fields, std::string_view now);
    Status Delete(const TableSpec& spec, const std::vector<std::string>& key);
    // The keys of the records whose column equals value (the listings of a SKU).
    Result<std::vector<std::vector<std::string>>> KeysWhere(const TableSpec& spec,
                                                            const char* column,
                                                            std::string_view value);

  private:
    // Read, and also the created clock when created is not null.
    Result<std::optional<nlohmann::json>> ReadRow(const TableSpec& spec,
                                                  const std::vector<std::string>& key,
                                                  CreatedRecord* created);

    Db* db_;
};

// The other tables written through ops like the catalogue's (RecordTable has the
// catalogue's own three).
const TableSpec& LocationsTable();
const TableSpec& OrdersTable();
const TableSpec& OrderLinesTable();
const TableSpec& SuppliersTable();
const TableSpec& PurchaseOrdersTable();
// quantity_received is not a field: it is the sum of the line's receive movements, which
// merge by union, so two devices receiving the same line offline both count.
const TableSpec& PoLinesTable();
const TableSpec& KitComponentsTable();
// Channel rules, the reallocation list and its audit of moves (channels.h).
const TableSpec& ChannelRulesTable();
const TableSpec& ReallocationsTable();
const TableSpec& ReallocationMovesTable();
// Insights and restock planning (migration 8): settings by name, the fee table per
// channel, and a product's planning fields.
const TableSpec& SettingsTable();
const TableSpec& ChannelFeesTable();
const TableSpec& ProductPlansTable();
// Barcode links (migration 14): a scanned code -> a product (stocktake/engine/barcode.h).
const TableSpec& BarcodesTable();

// The column of spec named field; null when there is none.
const ColumnSpec* FindColumn(const TableSpec& spec, std::string_view field);

}  // namespace stocktake::engine
