// SyncStore: the SQL of the sync protocol — the per-organisation change log, devices, and
// the relational tables ops are projected into. Written once for SQLite and PostgreSQL.
//
// A push runs in one write transaction: Begin() takes the organisation's lock (its row in
// org_sequences), so pushes to one organisation apply one after another and each commits
// its sequence numbers before the next can take any. That is what lets a pull trust that
// no change with a lower number can still appear below its cursor.
// Thread safety: a PushTransaction is used by one thread inside SqlDatabase::Transact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stocktake/op.h"
#include "storage/sql.h"
#include "sync/record_tables.h"

namespace stocktake::server {

class PushTransaction {
  public:
    PushTransaction(SqlConnection& connection, std::string org_id)
        : connection_(connection), org_id_(std::move(org_id)) {}

    // Takes the organisation's lock and reads its last sequence number.
    Result<int64_t> Begin();

    // Records that device pushes for this organisation (and user). PermissionDenied when
    // the device id is already registered to another organisation.
    Status ClaimDevice(const std::string& device, const std::string& user_id,
                       const std::string& now);

    Result<bool> HasChange(const std::string& op_id);

    // The values a record holds now in columns (nullopt: no such record; an empty
    // optional cell: NULL), for authorizing against what an op would change.
    Result<std::optional<std::vector<std::optional<std::string>>>> ReadColumns(
        const RecordTable& table, const std::vector<std::string>& key,
        const std::vector<const char*>& columns);

    // Merges a validated last-writer-wins op into its record, field by field.
    Status MergeRecord(const RecordTable& table, const Op& op, int64_t seq);

    // Stores a movement once. AlreadyExists (a reason to refuse the op) when its id is
    // recorded with other facts.
    Status InsertMovement(const nlohmann::json& movement, int64_t seq);
    Status InsertCount(const nlohmann::json& count, int64_t seq);

    // On-hand of a SKU at a location, by the server's ledger.
    Result<int64_t> OnHand(const std::string& sku, const std::string& location);
    // Flags (or clears) stock below zero at a location, a reconcile insight.
    Status SetNegativeStockInsight(const std::string& sku, const std::string& location,
                                   int64_t on_hand, const std::string& now);

    Status AppendChange(int64_t seq, const Op& op, const std::string& op_text,
                        const std::string& user_id, const std::string& now);
    // Saves the organisation's new last sequence and the device's highest pushed seq.
    Status Finish(int64_t last_seq, const std::string& device, int64_t device_seq,
                  const std::string& now);

  private:
    SqlConnection& connection_;
    const std::string org_id_;
};

struct ChangePage {
    std::vector<std::string> ops;  // each op's wire JSON text, in sequence order
    int64_t cursor = 0;            // the last sequence returned (or the one asked after)
    bool more = false;             // another page follows
};

// Changes of org after cursor, at most limit.
Result<ChangePage> ReadChanges(SqlConnection& connection, const std::string& org_id, int64_t cursor,
                               int limit);

}  // namespace stocktake::server
