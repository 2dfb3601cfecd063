// The server's tables, one migration per change, in version order. Both dialects run the
// same DDL unless a migration gives PostgreSQL its own.
#include "storage/migrations.h"

namespace stocktake::server {

const std::vector<Migration>& ServerMigrations() {
    static const std::vector<Migration> kMigrations = {
        {1, "server_meta",
         "CREATE TABLE server_meta ("
         "  key   TEXT PRIMARY KEY,"
         "  value TEXT NOT NULL"
         ");",
         nullptr},
        {2, "accounts",
         // Ids are random hex made by the server. Emails are stored lowercased, so UNIQUE
         // holds whatever case people type. roles and allowed_channels are comma-separated
         // ("" allowed_channels: every channel).
         "CREATE TABLE organisations ("
         "  id         TEXT PRIMARY KEY,"
         "  name       TEXT NOT NULL,"
         "  created_at TEXT NOT NULL"
         ");"
         "CREATE TABLE users ("
         "  id               TEXT PRIMARY KEY,"
         "  org_id           TEXT NOT NULL REFERENCES organisations (id),"
         "  email            TEXT NOT NULL UNIQUE,"
         "  password_hash    TEXT NOT NULL,"
         "  roles            TEXT NOT NULL,"
         "  allowed_channels TEXT NOT NULL DEFAULT '',"
         "  disabled         INTEGER NOT NULL DEFAULT 0,"
         "  created_at       TEXT NOT NULL"
         ");"
         "CREATE INDEX users_by_org ON users (org_id);"
         "CREATE TABLE audit_log ("
         "  id       TEXT PRIMARY KEY,"
         "  org_id   TEXT,"
         "  at       TEXT NOT NULL,"
         "  actor    TEXT NOT NULL,"
         "  action   TEXT NOT NULL,"
         "  target   TEXT NOT NULL DEFAULT '',"
         "  address  TEXT NOT NULL DEFAULT '',"
         "  detail   TEXT NOT NULL DEFAULT '{}'"
         ");"
         "CREATE INDEX audit_log_by_org ON audit_log (org_id, at);",
         nullptr},
        {3, "sync",
         // The sync log and the relational tables the server projects ops into (one row
         // per record, one column per field, so operators can query them with SQL). Every
         // table leads with org_id; every query names it. clocks: each field's winning
         // "<hlc>:<device>" (last writer wins per field); deleted: a tombstone.
         "CREATE TABLE devices ("
         "  id         TEXT PRIMARY KEY,"
         "  org_id     TEXT NOT NULL REFERENCES organisations (id),"
         "  last_user  TEXT NOT NULL,"
         "  last_seq   BIGINT NOT NULL DEFAULT 0,"
         "  first_seen TEXT NOT NULL,"
         "  last_seen  TEXT NOT NULL"
         ");"
         "CREATE INDEX devices_by_org ON devices (org_id);"
         "CREATE TABLE org_sequences ("
         "  org_id   TEXT PRIMARY KEY REFERENCES organisations (id),"
         "  last_seq BIGINT NOT NULL"
         ");"
         "CREATE TABLE changes ("
         "  org_id       TEXT NOT NULL,"
         "  seq          BIGINT NOT NULL,"
         "  op_id        TEXT NOT NULL,"
         "  device       TEXT NOT NULL,"
         "  device_seq   BIGINT NOT NULL,"
         "  entity       TEXT NOT NULL,"
         "  entity_key   TEXT NOT NULL,"
         "  hlc          TEXT NOT NULL,"
         "  op           TEXT NOT NULL,"
         "  user_id      TEXT NOT NULL,"
         "  committed_at TEXT NOT NULL,"
         "  PRIMARY KEY (org_id, seq),"
         "  UNIQUE (org_id, op_id)"
         ");"
         "CREATE TABLE products ("
         "  org_id TEXT NOT NULL, sku TEXT NOT NULL,"
         "  name TEXT, description TEXT, product_id TEXT, product_id_type TEXT, gtin TEXT,"
         "  brand TEXT, category TEXT, image_url TEXT, condition TEXT, weight TEXT, asin TEXT,"
         "  list_price_minor BIGINT, cost BIGINT, currency TEXT, gtin14 TEXT, name_key TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, sku)"
         ");"
         "CREATE TABLE listings ("
         "  org_id TEXT NOT NULL, sku TEXT NOT NULL, channel TEXT NOT NULL,"
         "  marketplace TEXT NOT NULL,"
         "  listing_id TEXT, asin TEXT, price_minor BIGINT, quantity BIGINT, fulfillment TEXT,"
         "  status TEXT, opened_at TEXT, currency TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, sku, channel, marketplace)"
         ");"
         "CREATE TABLE vendor_prices ("
         "  org_id TEXT NOT NULL, supplier TEXT NOT NULL, sku TEXT NOT NULL,"
         "  cost BIGINT, currency TEXT, moq BIGINT, pack_size BIGINT, lead_time_days BIGINT,"
         "  supplier_part_number TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, supplier, sku)"
         ");"
         "CREATE TABLE locations ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, parent_id TEXT, name TEXT, kind TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         "CREATE TABLE orders ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, channel TEXT, external_id TEXT, status TEXT,"
         "  ordered_at TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         "CREATE TABLE order_lines ("
         "  org_id TEXT NOT NULL, order_id TEXT NOT NULL, line TEXT NOT NULL, sku TEXT,"
         "  quantity BIGINT, price_minor BIGINT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, order_id, line)"
         ");"
         "CREATE TABLE suppliers ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT, email TEXT,"
         "  lead_time_days BIGINT, notes TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         "CREATE TABLE purchase_orders ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, supplier_id TEXT, status TEXT,"
         "  ordered_at TEXT, expected_at TEXT, notes TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         "CREATE TABLE po_lines ("
         "  org_id TEXT NOT NULL, po_id TEXT NOT NULL, line TEXT NOT NULL, sku TEXT,"
         "  quantity_ordered BIGINT, cost BIGINT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, po_id, line)"
         ");"
         "CREATE TABLE kit_components ("
         "  org_id TEXT NOT NULL, kit_sku TEXT NOT NULL, component_sku TEXT NOT NULL,"
         "  quantity BIGINT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, kit_sku, component_sku)"
         ");"
         "CREATE TABLE channel_rules ("
         "  org_id TEXT NOT NULL, channel TEXT NOT NULL, max_quantity BIGINT,"
         "  percent_of_available BIGINT, min_quantity BIGINT, zero_below BIGINT,"
         "  update_delay_minutes BIGINT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, channel)"
         ");"
         "CREATE TABLE reallocations ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, sku TEXT, channel_origin TEXT, reason TEXT,"
         "  quantity BIGINT, state TEXT, added_at TEXT, added_by TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         "CREATE TABLE reallocation_moves ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, entry_id TEXT, sku TEXT, from_channel TEXT,"
         "  to_channel TEXT, from_location TEXT, to_location TEXT, quantity BIGINT, kind TEXT,"
         "  moved_by TEXT, moved_at TEXT, reference TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         "CREATE TABLE settings ("
         "  org_id TEXT NOT NULL, name TEXT NOT NULL, value BIGINT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, name)"
         ");"
         "CREATE TABLE channel_fees ("
         "  org_id TEXT NOT NULL, channel TEXT NOT NULL, percent_bp BIGINT, fixed_minor BIGINT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, channel)"
         ");"
         "CREATE TABLE product_plans ("
         "  org_id TEXT NOT NULL, sku TEXT NOT NULL, reorder_point BIGINT,"
         "  preferred_supplier TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, sku)"
         ");"
         // The ledger: facts, stored once by id (union merge).
         "CREATE TABLE movements ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, sku TEXT NOT NULL, location TEXT NOT NULL,"
         "  delta BIGINT NOT NULL, kind TEXT NOT NULL, reason TEXT, reference TEXT, lot TEXT,"
         "  expiry TEXT, occurred_at TEXT, recorded_by TEXT, device TEXT,"
         "  seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         "CREATE INDEX movements_by_sku ON movements (org_id, sku, location);"
         "CREATE TABLE counts ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, sku TEXT NOT NULL, location TEXT NOT NULL,"
         "  counted BIGINT NOT NULL, seen_position BIGINT, blind INTEGER, counted_at TEXT,"
         "  counted_by TEXT, expected BIGINT, movement_id TEXT,"
         "  seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         // What the server itself flags: stock driven below zero, unknown SKUs in orders.
         "CREATE TABLE insights ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, sku TEXT NOT NULL, channel TEXT NOT NULL,"
         "  kind TEXT NOT NULL, generated_at TEXT NOT NULL, details TEXT NOT NULL,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         // Imports run on devices. Reserved for the job records devices will report (import
         // jobs are not synced yet), so the schema matches the design from the start.
         "CREATE TABLE import_jobs ("
         "  org_id TEXT NOT NULL, id TEXT NOT NULL, device TEXT NOT NULL, file_name TEXT,"
         "  format TEXT, status TEXT, total_rows BIGINT, successful BIGINT, failed BIGINT,"
         "  duplicates_found BIGINT, started_at TEXT, finished_at TEXT,"
         "  PRIMARY KEY (org_id, id)"
         ");",
         nullptr},
        {4, "refresh_tokens",
         // A refresh token is kept as the SHA-256 (hex) of its text, so a copy of the
         // database holds no usable token. Rotation revokes the presented token; expires_at
         // is unix ms.
         "CREATE TABLE refresh_tokens ("
         "  id         TEXT PRIMARY KEY,"
         "  user_id    TEXT NOT NULL REFERENCES users (id),"
         "  org_id     TEXT NOT NULL REFERENCES organisations (id),"
         "  expires_at BIGINT NOT NULL,"
         "  revoked    INTEGER NOT NULL DEFAULT 0,"
         "  created_at TEXT NOT NULL"
         ");"
         "CREATE INDEX refresh_tokens_by_user ON refresh_tokens (org_id, user_id);",
         nullptr},
        {5, "webhook_intake",
         // Per-organisation signing secrets are kept as given: verifying an HMAC needs the
         // key itself. URL tokens are kept as the SHA-256 (hex) of their text, like refresh
         // tokens. A delivery is unique per (org_id, delivery_key), so a redelivery, even
         // two at once on two replicas, stores nothing more. Times: *_at TEXT ISO-8601 UTC,
         // next_attempt_at unix ms (the queue compares it with its clock).
         "CREATE TABLE webhook_secrets ("
         "  org_id     TEXT NOT NULL REFERENCES organisations (id),"
         "  id         TEXT NOT NULL,"
         "  secret     TEXT NOT NULL,"
         "  created_at TEXT NOT NULL,"
         "  revoked_at TEXT,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         "CREATE TABLE webhook_tokens ("
         "  org_id     TEXT NOT NULL REFERENCES organisations (id),"
         "  id         TEXT NOT NULL,"
         "  token_hash TEXT NOT NULL UNIQUE,"
         "  created_at TEXT NOT NULL,"
         "  revoked_at TEXT,"
         "  PRIMARY KEY (org_id, id)"
         ");"
         "CREATE TABLE webhook_deliveries ("
         "  id              BIGINT PRIMARY KEY,"
         "  org_id          TEXT NOT NULL,"
         "  delivery_key    TEXT NOT NULL,"
         "  body            TEXT NOT NULL,"
         "  received_at     TEXT NOT NULL,"
         "  status          TEXT NOT NULL,"
         "  attempts        INTEGER NOT NULL DEFAULT 0,"
         "  next_attempt_at BIGINT NOT NULL,"
         "  last_error      TEXT,"
         "  processed_at    TEXT,"
         "  UNIQUE (org_id, delivery_key)"
         ");"
         "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);"
         "CREATE INDEX webhook_deliveries_by_org ON webhook_deliveries (org_id, status, "
         "received_at);"
         "CREATE TABLE webhook_dead_letters ("
         "  delivery_id BIGINT PRIMARY KEY REFERENCES webhook_deliveries (id),"
         "  org_id      TEXT NOT NULL,"
         "  reason      TEXT NOT NULL,"
         "  attempts    INTEGER NOT NULL,"
         "  dead_at     TEXT NOT NULL"
         ");",
         nullptr},
        {6, "barcodes",
         // Barcode links from the scanner (a code -> a product), synced as "barcode" ops.
         "CREATE TABLE barcodes ("
         "  org_id TEXT NOT NULL, code TEXT NOT NULL, sku TEXT, kind TEXT,"
         "  deleted INTEGER NOT NULL DEFAULT 0, clocks TEXT NOT NULL, updated_seq BIGINT NOT NULL,"
         "  PRIMARY KEY (org_id, code)"
         ");",
         nullptr},
        {7, "device_activity",
         // What the Sync screen lists per device (GET /api/v1/devices): the name it sends
         // (or one made from its browser's User-Agent), when it last pushed and pulled, and
         // the cursor of its last pull. Times: ISO-8601 UTC; NULL = never.
         "ALTER TABLE devices ADD COLUMN name TEXT NOT NULL DEFAULT '';"
         "ALTER TABLE devices ADD COLUMN last_push TEXT;"
         "ALTER TABLE devices ADD COLUMN last_pull TEXT;"
         "ALTER TABLE devices ADD COLUMN pull_cursor BIGINT NOT NULL DEFAULT 0;",
         nullptr},
        {8, "webhook_delivery_indexes",
         // Fewer pages written per stored delivery (docs/DECISIONS.md, "Webhook intake,
         // session 12"). Only the idempotency key stays clustered by organisation: an index
         // led by org_id takes each batch's deliveries at one place per organisation, a page
         // written per delivery. The queue's index now holds only pending deliveries, in due
         // order (appended to at intake), with org_id so the deliveries list filters
         // without reading rows; dead letters, rare, get an index by organisation of their own.
         "DROP INDEX webhook_deliveries_by_org;"
         "DROP INDEX webhook_deliveries_due;"
         "CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at, "
         "org_id) WHERE status = 'pending';"
         "CREATE INDEX webhook_deliveries_dead ON webhook_deliveries (org_id, received_at) "
         "WHERE status = 'dead';",
         nullptr},
    };
    return kMigrations;
}

}  // namespace stocktake::server
