#include "store/migrations.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "store/db.h"

namespace stocktake::engine {

namespace {

// Append only: never edit a migration that has shipped; add a new one instead.
constexpr Migration kMigrations[] = {
    {1, "catalog_and_import_jobs", R"sql(
CREATE TABLE products (
    sku             TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    product_id      TEXT NOT NULL DEFAULT '',
    product_id_type TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE listings (
    sku         TEXT NOT NULL REFERENCES products(sku) ON UPDATE CASCADE ON DELETE CASCADE,
    channel     TEXT NOT NULL,
    marketplace TEXT NOT NULL DEFAULT '',
    listing_id  TEXT NOT NULL DEFAULT '',
    asin        TEXT NOT NULL DEFAULT '',
    price_minor INTEGER NULL,
    quantity    INTEGER NULL,
    fulfillment TEXT NOT NULL DEFAULT 'merchant',
    status      TEXT NOT NULL DEFAULT '',
    opened_at   TEXT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (sku, channel, marketplace)
);
CREATE INDEX listings_by_asin ON listings(asin);
CREATE INDEX listings_by_listing_id ON listings(listing_id);

CREATE TABLE import_jobs (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL,
    encoding    TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
    total       INTEGER NOT NULL DEFAULT 0,
    successful  INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    started_at  TEXT NOT NULL,
    finished_at TEXT NULL
);

CREATE TABLE import_errors (
    job_id      INTEGER NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    column_name TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL
);
CREATE INDEX import_errors_by_job ON import_errors(job_id, line);
)sql"},
    {2, "import_targets_and_previews", R"sql(
ALTER TABLE products ADD COLUMN gtin TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN brand TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN image_url TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN condition TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN weight TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN asin TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN list_price_minor INTEGER NULL;
ALTER TABLE products ADD COLUMN cost INTEGER NULL;
ALTER TABLE products ADD COLUMN currency TEXT NOT NULL DEFAULT '';
-- Derived by the importers, for suggesting matches: the GTIN-14 of gtin or product_id,
-- and the name folded for comparison (docs/DECISIONS.md, "Matching").
ALTER TABLE products ADD COLUMN gtin14 TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
-- (key, sku): covering, and in SKU order, so a suggestion is one index probe.
CREATE INDEX products_by_gtin14 ON products(gtin14, sku) WHERE gtin14 <> '';
CREATE INDEX products_by_name_key ON products(name_key, sku) WHERE name_key <> '';

ALTER TABLE listings ADD COLUMN currency TEXT NOT NULL DEFAULT '';

-- Supplier costs are in 10^-4 of the currency (sub-cent bulk prices).
CREATE TABLE vendor_prices (
    supplier             TEXT NOT NULL,
    sku                  TEXT NOT NULL,
    cost                 INTEGER NOT NULL CHECK (cost >= 0),
    currency             TEXT NOT NULL DEFAULT '',
    moq                  INTEGER NULL CHECK (moq >= 1),
    pack_size            INTEGER NULL CHECK (pack_size >= 1),
    lead_time_days       INTEGER NULL CHECK (lead_time_days >= 0),
    supplier_part_number TEXT NOT NULL DEFAULT '',
    updated_at           TEXT NOT NULL,
    PRIMARY KEY (supplier, sku)
);
CREATE INDEX vendor_prices_by_sku ON vendor_prices(sku);

-- Generic catalogue mappings, one per header signature (format_detect.h HeaderSignature).
CREATE TABLE column_mappings (
    signature  TEXT PRIMARY KEY NOT NULL,
    mapping    TEXT NOT NULL,
    header     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

ALTER TABLE import_jobs ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN created INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN unchanged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN elapsed_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE import_errors ADD COLUMN value TEXT NOT NULL DEFAULT '';
)sql"},
    // Imports look every row up by key before writing: without a rowid the key is the
    // table's own B-tree, one probe instead of two (docs/PERFORMANCE.md). Runs with foreign
    // keys off (ApplyMigrations), so dropping products cascades nothing.
    {3, "catalog_without_rowid", R"sql(
CREATE TABLE products_new (
    sku              TEXT PRIMARY KEY NOT NULL,
    name             TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    product_id       TEXT NOT NULL DEFAULT '',
    product_id_type  TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    gtin             TEXT NOT NULL DEFAULT '',
    brand            TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL DEFAULT '',
    image_url        TEXT NOT NULL DEFAULT '',
    condition        TEXT NOT NULL DEFAULT '',
    weight           TEXT NOT NULL DEFAULT '',
    asin             TEXT NOT NULL DEFAULT '',
    list_price_minor INTEGER NULL,
    cost             INTEGER NULL,
    currency         TEXT NOT NULL DEFAULT '',
    gtin14           TEXT NOT NULL DEFAULT '',
    name_key         TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
INSERT INTO products_new (sku, name, description, product_id, product_id_type, created_at,
    updated_at, gtin, brand, category, image_url, condition, weight, asin, list_price_minor,
    cost, currency, gtin14, name_key)
SELECT sku, name, description, product_id, product_id_type, created_at, updated_at, gtin,
    brand, category, image_url, condition, weight, asin, list_price_minor, cost, currency,
    gtin14, name_key FROM products;
DROP TABLE products;
ALTER TABLE products_new RENAME TO products;
CREATE INDEX products_by_gtin14 ON products(gtin14, sku) WHERE gtin14 <> '';
CREATE INDEX products_by_name_key ON products(name_key, sku) WHERE name_key <> '';

CREATE TABLE listings_new (
    sku         TEXT NOT NULL REFERENCES products(sku) ON UPDATE CASCADE ON DELETE CASCADE,
    channel     TEXT NOT NULL,
    marketplace TEXT NOT NULL DEFAULT '',
    listing_id  TEXT NOT NULL DEFAULT '',
    asin        TEXT NOT NULL DEFAULT '',
    price_minor INTEGER NULL,
    quantity    INTEGER NULL,
    fulfillment TEXT NOT NULL DEFAULT 'merchant',
    status      TEXT NOT NULL DEFAULT '',
    opened_at   TEXT NULL,
    updated_at  TEXT NOT NULL,
    currency    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sku, channel, marketplace)
) WITHOUT ROWID;
INSERT INTO listings_new (sku, channel, marketplace, listing_id, asin, price_minor, quantity,
    fulfillment, status, opened_at, updated_at, currency)
SELECT sku, channel, marketplace, listing_id, asin, price_minor, quantity, fulfillment, status,
    opened_at, updated_at, currency FROM listings;
DROP TABLE listings;
ALTER TABLE listings_new RENAME TO listings;
-- listings_by_asin and listings_by_listing_id are not rebuilt: no query used them (the
-- listings filter is a substring match, which no index serves), and each cost ~15% of a
-- large import. A lookup by ASIN or barcode will bring its own index.
)sql"},
    {4, "stock_ledger", R"sql(
CREATE TABLE locations (
    id         TEXT PRIMARY KEY NOT NULL,
    parent_id  TEXT NULL REFERENCES locations(id),
    name       TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL CHECK (kind IN ('warehouse', 'bin')),
    created_at TEXT NOT NULL
) WITHOUT ROWID;

-- The ledger: append-only. position is this device's order of appends ("the ledger
-- position a counter had seen"); id is globally unique so ledgers merge by union.
CREATE TABLE movements (
    position    INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    sku         TEXT NOT NULL,
    location_id TEXT NOT NULL REFERENCES locations(id),
    delta       INTEGER NOT NULL CHECK (delta <> 0),
    kind        TEXT NOT NULL CHECK (kind IN ('receive', 'sale', 'ship', 'return', 'adjust',
                                             'transfer_out', 'transfer_in', 'count_adjust')),
    reason      TEXT NOT NULL DEFAULT '',
    reference   TEXT NOT NULL DEFAULT '',
    lot         TEXT NOT NULL DEFAULT '',
    expiry      TEXT NOT NULL DEFAULT '',
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    device      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX movements_by_sku ON movements(sku, location_id, occurred_at);

-- On-hand per SKU and location, kept equal to the ledger's sum in the same transaction as
-- each append (CheckStockLevels proves it).
CREATE TABLE stock_levels (
    sku         TEXT NOT NULL,
    location_id TEXT NOT NULL,
    on_hand     INTEGER NOT NULL,
    PRIMARY KEY (sku, location_id)
) WITHOUT ROWID;

-- A count is an observation: what was counted, and the ledger position the counter had
-- seen. Its adjustment (if any) is the movement it produced.
CREATE TABLE counts (
    id            TEXT PRIMARY KEY NOT NULL,
    sku           TEXT NOT NULL,
    location_id   TEXT NOT NULL REFERENCES locations(id),
    counted       INTEGER NOT NULL,
    seen_position INTEGER NOT NULL,
    expected      INTEGER NOT NULL,
    blind         INTEGER NOT NULL DEFAULT 0,
    counted_at    TEXT NOT NULL,
    counted_by    TEXT NOT NULL DEFAULT '',
    movement_id   TEXT NULL
) WITHOUT ROWID;
CREATE INDEX counts_by_place ON counts(sku, location_id, counted_at);
)sql"},
    // Orders reserve stock while open; shipping one appends its ship movements.
    {5, "orders_and_reservations", R"sql(
CREATE TABLE orders (
    id          TEXT PRIMARY KEY NOT NULL,
    channel     TEXT NOT NULL,
    external_id TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'shipped', 'cancelled')),
    ordered_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (channel, external_id)
) WITHOUT ROWID;

CREATE TABLE order_lines (
    order_id    TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    sku         TEXT NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    price_minor INTEGER NULL,
    PRIMARY KEY (order_id, line)
) WITHOUT ROWID;
CREATE INDEX order_lines_by_sku ON order_lines(sku);
)sql"},
    // Suppliers, purchase orders (receiving appends receive movements) and kits (virtual
    // SKUs whose components carry the stock). docs/DECISIONS.md, "Purchasing and kits".
    {6, "purchasing_and_kits", R"sql(
-- id is chosen by the user and matches vendor_prices.supplier.
CREATE TABLE suppliers (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    lead_time_days INTEGER NULL CHECK (lead_time_days >= 0),
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE purchase_orders (
    id          TEXT PRIMARY KEY NOT NULL,
    supplier_id TEXT NOT NULL REFERENCES suppliers(id),
    status      TEXT NOT NULL CHECK (status IN ('draft', 'ordered', 'partially_received',
                                               'received', 'cancelled')),
    created_at  TEXT NOT NULL,
    ordered_at  TEXT NULL,
    expected_at TEXT NULL,
    updated_at  TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX purchase_orders_by_status ON purchase_orders(status, id);

-- cost: 10^-4 of the currency, like vendor_prices.cost. quantity_received equals the sum of
-- the line's receive movements (ids "po:<po>:<line>:<receipt>").
CREATE TABLE po_lines (
    po_id             TEXT NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
    line              INTEGER NOT NULL,
    sku               TEXT NOT NULL,
    quantity_ordered  INTEGER NOT NULL CHECK (quantity_ordered > 0),
    quantity_received INTEGER NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
    cost              INTEGER NULL CHECK (cost >= 0),
    PRIMARY KEY (po_id, line)
) WITHOUT ROWID;
CREATE INDEX po_lines_by_sku ON po_lines(sku);

-- A kit has no stock of its own: its components do.
CREATE TABLE kits (
    kit_sku       TEXT NOT NULL,
    component_sku TEXT NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (kit_sku, component_sku)
) WITHOUT ROWID;
CREATE INDEX kits_by_component ON kits(component_sku, kit_sku);
)sql"},
    // The sync outbox: this device's identity and clock, every op made here or applied from
    // another device, and per-record field clocks with tombstones. docs/DECISIONS.md, "Sync".
    {7, "sync_outbox", R"sql(
-- One row. device_id is made once, here, from SQLite's random source. This device's last
-- sequence number and clock time are those of its latest op (in ops); seen_hlc is the
-- latest time seen in another device's op.
CREATE TABLE sync_device (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id TEXT NOT NULL,
    seen_hlc  INTEGER NOT NULL,
    acked_seq INTEGER NOT NULL
);
INSERT INTO sync_device (singleton, device_id, seen_hlc, acked_seq)
VALUES (1, lower(hex(randomblob(16))), 0, 0);

-- The op log: this device's ops (the outbox: seq > acked_seq are not yet on the server) and
-- the ops applied from others; (device, seq) makes a re-sent op a no-op. A rowid table:
-- payloads are too large for the B-tree of a WITHOUT ROWID key.
CREATE TABLE ops (
    position INTEGER PRIMARY KEY,
    device   TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    hlc      INTEGER NOT NULL,
    entity   TEXT NOT NULL,
    key      TEXT NOT NULL,
    payload  TEXT NOT NULL,
    UNIQUE (device, seq)
);

-- Last-writer-wins bookkeeping per record: the clock that set each field, and for a deleted
-- record its values (the tombstone).
CREATE TABLE record_clocks (
    entity    TEXT NOT NULL,
    key       TEXT NOT NULL,
    clocks    TEXT NOT NULL,
    deleted   INTEGER NOT NULL DEFAULT 0,
    tombstone TEXT NULL,
    PRIMARY KEY (entity, key)
) WITHOUT ROWID;

-- Every record an op can write carries updated_at, like the catalogue's.
ALTER TABLE locations ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE order_lines ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE po_lines ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE kits ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
)sql"},
    // Insights, metrics and the restock plan: their settings, the fee table per channel, the
    // planning fields of a product, and the generated insights. docs/DECISIONS.md, "Insights".
    {8, "insights_and_restock", R"sql(
-- Thresholds and planning settings by name (defaults in the engine when a name is absent).
CREATE TABLE settings (
    name       TEXT PRIMARY KEY NOT NULL,
    value      INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- A channel's selling fee: percent_bp of the price (basis points) plus fixed_minor (cents).
CREATE TABLE channel_fees (
    channel     TEXT PRIMARY KEY NOT NULL,
    percent_bp  INTEGER NOT NULL DEFAULT 0 CHECK (percent_bp >= 0),
    fixed_minor INTEGER NOT NULL DEFAULT 0 CHECK (fixed_minor >= 0),
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- What the restock plan and the low-stock insight need of a product beyond the catalogue.
-- A table of its own, not columns of products: the importers' column list stays as it is.
CREATE TABLE product_plans (
    sku                TEXT PRIMARY KEY NOT NULL,
    reorder_point      INTEGER NULL CHECK (reorder_point >= 0),
    preferred_supplier TEXT NOT NULL DEFAULT '',
    updated_at         TEXT NOT NULL
) WITHOUT ROWID;

-- Derived on each device, never synced. An insight that stops holding is resolved (kept
-- for history) and purged 90 days later; generated_at is when it began to hold.
CREATE TABLE insights (
    sku          TEXT NOT NULL,
    channel      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    details      TEXT NOT NULL,
    resolved_at  TEXT NULL,
    PRIMARY KEY (sku, channel, kind)
) WITHOUT ROWID;
)sql"},
    // Channel rules and the reallocation list with its audit of moves, all synced as
    // records. docs/DECISIONS.md, "Channels and the reallocation list".
    {9, "channels_and_reallocations", R"sql(
CREATE TABLE channel_rules (
    channel              TEXT PRIMARY KEY NOT NULL,
    max_quantity         INTEGER NULL CHECK (max_quantity >= 0),
    percent_of_available INTEGER NOT NULL DEFAULT 100
                         CHECK (percent_of_available BETWEEN 0 AND 100),
    min_quantity         INTEGER NOT NULL DEFAULT 0 CHECK (min_quantity >= 0),
    zero_below           INTEGER NOT NULL DEFAULT 0 CHECK (zero_below >= 0),
    update_delay_minutes INTEGER NULL CHECK (update_delay_minutes >= 0),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE reallocations (
    id             TEXT PRIMARY KEY NOT NULL,
    sku            TEXT NOT NULL,
    channel_origin TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    quantity       INTEGER NULL,
    state          TEXT NOT NULL DEFAULT 'open',
    added_at       TEXT NOT NULL,
    added_by       TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX reallocations_by_added_at ON reallocations(added_at);

-- The audit: written once per pull, never changed, kept when its entry is purged.
CREATE TABLE reallocation_moves (
    id            TEXT PRIMARY KEY NOT NULL,
    entry_id      TEXT NOT NULL,
    sku           TEXT NOT NULL,
    from_channel  TEXT NOT NULL,
    to_channel    TEXT NOT NULL,
    from_location TEXT NOT NULL DEFAULT '',
    to_location   TEXT NOT NULL DEFAULT '',
    quantity      INTEGER NOT NULL DEFAULT 0,
    kind          TEXT NOT NULL DEFAULT 'listing_quantity',
    moved_by      TEXT NOT NULL DEFAULT '',
    moved_at      TEXT NOT NULL DEFAULT '',
    reference     TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX reallocation_moves_by_sku ON reallocation_moves(sku, moved_at);
)sql"},
    // This device's ops apart from the others': seq is the rowid, so recording an op is one
    // append to one B-tree instead of a row plus a (device, seq) index entry keyed by a
    // 32-character id (a third of what a first import cost; docs/PERFORMANCE.md).
    {10, "local_op_log", R"sql(
CREATE TABLE local_ops (
    seq     INTEGER PRIMARY KEY,
    hlc     INTEGER NOT NULL,
    entity  TEXT NOT NULL,
    key     TEXT NOT NULL,
    payload TEXT NOT NULL
);
INSERT INTO local_ops (seq, hlc, entity, key, payload)
SELECT seq, hlc, entity, key, payload FROM ops
WHERE device = (SELECT device_id FROM sync_device);
DELETE FROM ops WHERE device = (SELECT device_id FROM sync_device);
)sql"},
    // A record an import creates carries the clock of the op that created it, instead of a
    // record_clocks row per record (sync/records.h, "created clocks").
    {11, "created_clocks", R"sql(
ALTER TABLE products ADD COLUMN created_clock TEXT NOT NULL DEFAULT '';
ALTER TABLE listings ADD COLUMN created_clock TEXT NOT NULL DEFAULT '';
ALTER TABLE vendor_prices ADD COLUMN created_clock TEXT NOT NULL DEFAULT '';
)sql"},
    // The device's link to a sync server (SyncAccount): local only, never an op.
    {12, "sync_account", R"sql(
CREATE TABLE sync_account (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    email         TEXT NOT NULL,
    org_id        TEXT NOT NULL,
    access_token  TEXT NOT NULL,
    refresh_token TEXT NOT NULL,
    pull_cursor   INTEGER NOT NULL,
    last_sync_at  TEXT NOT NULL
);
INSERT INTO sync_account VALUES (1, '', '', '', '', 0, '');
)sql"},
    // Units sold per SKU, channel and day, kept by triggers with every write of an order or
    // an order line (recorded, edited, cancelled, applied from sync, imported, written by
    // SQL), so that the insights read days with sales instead of every order line ever.
    // docs/DECISIONS.md, "Sales summary".
    {13, "sales_summary", R"sql(
-- A sale is an order line of an order that is not cancelled (store/sales_repo.h). day is
-- the first ten characters of orders.ordered_at (its UTC date), so that comparing days
-- agrees with comparing the instants as text, as the sales reads do.
CREATE TABLE sales_days (
    day          TEXT NOT NULL,
    sku          TEXT NOT NULL,
    channel      TEXT NOT NULL,
    units        INTEGER NOT NULL,
    last_sale_at TEXT NOT NULL,
    PRIMARY KEY (day, sku, channel)
) WITHOUT ROWID;
CREATE INDEX sales_days_by_sku ON sales_days(sku, channel, day);

-- The latest sale ever of each SKU on each channel: the last sale of a SKU that has not
-- sold within the windows, without reading its older days.
CREATE TABLE sales_last (
    sku          TEXT NOT NULL,
    channel      TEXT NOT NULL,
    last_sale_at TEXT NOT NULL,
    PRIMARY KEY (sku, channel)
) WITHOUT ROWID;

-- The lines of one day, for the days a window starts or ends in the middle of.
CREATE INDEX orders_by_ordered_at ON orders(ordered_at);

INSERT INTO sales_days (day, sku, channel, units, last_sale_at)
SELECT substr(o.ordered_at, 1, 10), l.sku, o.channel, sum(l.quantity), max(o.ordered_at)
  FROM order_lines l JOIN orders o ON o.id = l.order_id
 WHERE o.status <> 'cancelled'
 GROUP BY 1, 2, 3;
INSERT INTO sales_last (sku, channel, last_sale_at)
SELECT sku, channel, max(last_sale_at) FROM sales_days GROUP BY sku, channel;

-- One change of a day's sales: units > 0 adds a sale at instant at, units < 0 removes one.
-- Every trigger on orders and order_lines below writes its changes here, so the summing
-- is in one place.
CREATE VIEW sales_changes AS
SELECT day, sku, channel, units, last_sale_at AS at FROM sales_days WHERE 0;

CREATE TRIGGER sale_added INSTEAD OF INSERT ON sales_changes WHEN NEW.units > 0 BEGIN
    INSERT INTO sales_days (day, sku, channel, units, last_sale_at)
    VALUES (NEW.day, NEW.sku, NEW.channel, NEW.units, NEW.at)
    ON CONFLICT (day, sku, channel) DO UPDATE SET
        units = units + excluded.units,
        last_sale_at = max(last_sale_at, excluded.last_sale_at);
END;

-- When the day's latest sale went, the latest that remains is looked up among the orders
-- of that day (+l.sku keeps SQLite off the SKU index: a best seller has lines on every
-- day). The lookup refers to the row, not to NEW: a subquery of NEW alone is a constant
-- that SQLite evaluates before it knows whether any row needs it.
CREATE TRIGGER sale_removed INSTEAD OF INSERT ON sales_changes WHEN NEW.units < 0 BEGIN
    DELETE FROM sales_days
     WHERE day = NEW.day AND sku = NEW.sku AND channel = NEW.channel
       AND units + NEW.units <= 0;
    UPDATE sales_days SET
        units = units + NEW.units,
        last_sale_at = CASE WHEN last_sale_at > NEW.at THEN last_sale_at
            ELSE coalesce((SELECT max(o.ordered_at)
                             FROM orders o JOIN order_lines l ON l.order_id = o.id
                            WHERE o.ordered_at >= sales_days.day
                              AND o.ordered_at < sales_days.day || char(1114111)
                              AND substr(o.ordered_at, 1, 10) = sales_days.day
                              AND o.channel = sales_days.channel AND +l.sku = sales_days.sku
                              AND o.status <> 'cancelled'), '')
        END
     WHERE day = NEW.day AND sku = NEW.sku AND channel = NEW.channel;
END;

CREATE TRIGGER order_line_added AFTER INSERT ON order_lines BEGIN
    INSERT INTO sales_changes (day, sku, channel, units, at)
    SELECT substr(o.ordered_at, 1, 10), NEW.sku, o.channel, NEW.quantity, o.ordered_at
      FROM orders o WHERE o.id = NEW.order_id AND o.status <> 'cancelled';
END;

CREATE TRIGGER order_line_removed AFTER DELETE ON order_lines BEGIN
    INSERT INTO sales_changes (day, sku, channel, units, at)
    SELECT substr(o.ordered_at, 1, 10), OLD.sku, o.channel, -OLD.quantity, o.ordered_at
      FROM orders o WHERE o.id = OLD.order_id AND o.status <> 'cancelled';
END;

CREATE TRIGGER order_line_changed AFTER UPDATE OF order_id, sku, quantity ON order_lines
WHEN OLD.order_id <> NEW.order_id OR OLD.sku <> NEW.sku OR OLD.quantity <> NEW.quantity BEGIN
    INSERT INTO sales_changes (day, sku, channel, units, at)
    SELECT substr(o.ordered_at, 1, 10), OLD.sku, o.channel, -OLD.quantity, o.ordered_at
      FROM orders o WHERE o.id = OLD.order_id AND o.status <> 'cancelled';
    INSERT INTO sales_changes (day, sku, channel, units, at)
    SELECT substr(o.ordered_at, 1, 10), NEW.sku, o.channel, NEW.quantity, o.ordered_at
      FROM orders o WHERE o.id = NEW.order_id AND o.status <> 'cancelled';
END;

-- Lines may arrive before their order (ops from another device, in any order).
CREATE TRIGGER order_added AFTER INSERT ON orders WHEN NEW.status <> 'cancelled' BEGIN
    INSERT INTO sales_changes (day, sku, channel, units, at)
    SELECT substr(NEW.ordered_at, 1, 10), l.sku, NEW.channel, l.quantity, NEW.ordered_at
      FROM order_lines l WHERE l.order_id = NEW.id;
END;

CREATE TRIGGER order_removed AFTER DELETE ON orders WHEN OLD.status <> 'cancelled' BEGIN
    INSERT INTO sales_changes (day, sku, channel, units, at)
    SELECT substr(OLD.ordered_at, 1, 10), l.sku, OLD.channel, -l.quantity, OLD.ordered_at
      FROM order_lines l WHERE l.order_id = OLD.id;
END;

-- Shipping (open to shipped) changes no sale: only cancelling, reviving, or moving an order
-- to another channel or instant does.
CREATE TRIGGER order_changed AFTER UPDATE OF id, status, channel, ordered_at ON orders
WHEN OLD.id <> NEW.id OR OLD.channel <> NEW.channel OR OLD.ordered_at <> NEW.ordered_at
  OR (OLD.status = 'cancelled') <> (NEW.status = 'cancelled') BEGIN
    INSERT INTO sales_changes (day, sku, channel, units, at)
    SELECT substr(OLD.ordered_at, 1, 10), l.sku, OLD.channel, -l.quantity, OLD.ordered_at
      FROM order_lines l WHERE l.order_id = OLD.id AND OLD.status <> 'cancelled';
    INSERT INTO sales_changes (day, sku, channel, units, at)
    SELECT substr(NEW.ordered_at, 1, 10), l.sku, NEW.channel, l.quantity, NEW.ordered_at
      FROM order_lines l WHERE l.order_id = NEW.id AND NEW.status <> 'cancelled';
END;

CREATE TRIGGER sales_day_added AFTER INSERT ON sales_days BEGIN
    INSERT INTO sales_last (sku, channel, last_sale_at)
    VALUES (NEW.sku, NEW.channel, NEW.last_sale_at)
    ON CONFLICT (sku, channel) DO UPDATE SET
        last_sale_at = max(last_sale_at, excluded.last_sale_at);
END;

-- A day's latest sale went back, or its last sale went: the latest day left decides (a
-- later day's sales are all later).
CREATE TRIGGER sales_day_went_back AFTER UPDATE OF last_sale_at ON sales_days
WHEN NEW.last_sale_at < OLD.last_sale_at BEGIN
    DELETE FROM sales_last WHERE sku = NEW.sku AND channel = NEW.channel;
    INSERT INTO sales_last (sku, channel, last_sale_at)
    SELECT sku, channel, last_sale_at FROM sales_days
     WHERE sku = NEW.sku AND channel = NEW.channel ORDER BY day DESC LIMIT 1;
END;

CREATE TRIGGER sales_day_moved_on AFTER UPDATE OF last_sale_at ON sales_days
WHEN NEW.last_sale_at > OLD.last_sale_at BEGIN
    UPDATE sales_last SET last_sale_at = max(last_sale_at, NEW.last_sale_at)
     WHERE sku = NEW.sku AND channel = NEW.channel;
END;

CREATE TRIGGER sales_day_removed AFTER DELETE ON sales_days BEGIN
    DELETE FROM sales_last WHERE sku = OLD.sku AND channel = OLD.channel;
    INSERT INTO sales_last (sku, channel, last_sale_at)
    SELECT sku, channel, last_sale_at FROM sales_days
     WHERE sku = OLD.sku AND channel = OLD.channel ORDER BY day DESC LIMIT 1;
END;
)sql"},
    // Barcode links: a scanned code that is not a product's GTIN or SKU (an Amazon FNSKU
    // label, a supplier's own code, a GTIN the catalogue lacks) -> the product. Synced like
    // other records ("barcode" ops). kind: gtin (code is a GTIN-14), fnsku, alias.
    {14, "barcodes", R"sql(
CREATE TABLE barcodes (
    code       TEXT PRIMARY KEY NOT NULL,
    sku        TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL DEFAULT 'alias',
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX barcodes_by_sku ON barcodes(sku);
)sql"},
    // The Imports screen's history lists previews and cancelled imports too; the history
    // of imports that ran (ImportHistory) leaves the previews out.
    {15, "import_job_kinds", R"sql(
ALTER TABLE import_jobs ADD COLUMN dry_run INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
)sql"},
    // Every SKU's availability (OrdersRepo::Availabilities, read by each generation of the
    // insights) sums the lines of open orders: with this index it reads only the open ones
    // instead of scanning every order ever recorded (docs/PERFORMANCE.md, "Insights at scale").
    {16, "open_orders", R"sql(
CREATE INDEX orders_open ON orders(id) WHERE status = 'open';
)sql"},
    // A first import's created ops a run at a time (store/sync_repo.h, "op runs"): one
    // local_ops row for up to SyncRepo::kRunOps ops whose seq and clock both count up by
    // one, instead of a row per op. first_seq is set on such a row only. The payload an op
    // of a run keeps when its record first changes goes to local_op_payloads.
    {17, "local_op_runs", R"sql(
ALTER TABLE local_ops ADD COLUMN first_seq INTEGER;
CREATE TABLE local_op_payloads (
    seq     INTEGER PRIMARY KEY,
    payload TEXT NOT NULL
);
)sql"},
    // The purge of resolved insights runs with every generation of the insights, also one
    // that reuses the last one's result (insights_job.h, InsightsMemo): without this index
    // it scanned every stored insight.
    {18, "insights_resolved", R"sql(
CREATE INDEX insights_resolved ON insights(resolved_at) WHERE resolved_at IS NOT NULL;
)sql"},
    // What the device keeps for itself and never syncs (store/device_local_repo.h): the name
    // it gives the server, and the scanner's work in progress (settings, a half-picked
    // order's lines, a count's tallies) so a reloaded tab resumes it. docs/DECISIONS.md,
    // "Scanner work survives a reload".
    {19, "device_local_state", R"sql(
CREATE TABLE device_profile (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    name      TEXT NOT NULL
);
INSERT INTO device_profile (singleton, name) VALUES (1, '');
CREATE TABLE scan_session (
    singleton           INTEGER PRIMARY KEY CHECK (singleton = 1),
    mode                TEXT NOT NULL,
    location            TEXT NOT NULL,
    to_location         TEXT NOT NULL,
    po_id               TEXT NOT NULL,
    order_key           TEXT NOT NULL,
    count_seen_position INTEGER NOT NULL,
    updated_at          TEXT NOT NULL
);
-- kind 'pick': a line of the order being picked (ordered, done = picked); kind 'count': a
-- tally (done = counted). position keeps the order the screen shows them in.
CREATE TABLE scan_session_lines (
    kind     TEXT NOT NULL CHECK (kind IN ('pick', 'count')),
    position INTEGER NOT NULL,
    sku      TEXT NOT NULL,
    ordered  INTEGER NOT NULL,
    done     INTEGER NOT NULL,
    PRIMARY KEY (kind, position)
) WITHOUT ROWID;
)sql"},
    // The local day (days since 1970-01-01 in the seller's zone) of the last generation of
    // the insights: stored details keep dates, and the day counts shown are derived from
    // them as of this day (insights/day_counts.h). docs/DECISIONS.md, "Insights: dates, not
    // day counts".
    {20, "insights_generation_day", R"sql(
CREATE TABLE insights_generation (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    local_day INTEGER NOT NULL
);
)sql"},
    // Created clocks as the op's clock time alone: the op is always this device's (only its
    // imports create records with created clocks), so the 32 characters of its id that the
    // text clock repeated in every row (a fifth of a first import's bytes) are implied. Rows
    // written before keep their text clock (created_clock); a row has one or the other.
    // store/record_table.h CreatedRecord, docs/DECISIONS.md "Compact created clocks".
    {21, "created_clock_times", R"sql(
ALTER TABLE products ADD COLUMN created_hlc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE listings ADD COLUMN created_hlc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vendor_prices ADD COLUMN created_hlc INTEGER NOT NULL DEFAULT 0;
)sql"},
};

Status EnsureMigrationsTable(Db& db) {
    return db.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY NOT NULL,"
        " name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL);");
}

Result<std::set<int>> AppliedVersions(Db& db) {
    Result<Statement> stmt = db.Prepare("SELECT version FROM schema_migrations");
    if (!stmt.ok()) return stmt.status();
    std::set<int> versions;
    for (;;) {
        Result<bool> row = stmt->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) return versions;
        versions.insert(static_cast<int>(stmt->ColumnInt64(0)));
    }
}

// Applies every migration not applied yet, in version order, each in its own transaction.
// Not only those above the highest applied: migrations written on parallel branches may land
// with a lower number than one that landed first.
Result<int> ApplyPending(Db& db, const std::string& now, const std::set<int>& applied) {
    Status status;
    int version = applied.empty() ? 0 : *applied.rbegin();
    for (const Migration& migration : kMigrations) {
        if (applied.count(migration.version) != 0) continue;
        status = db.Begin();
        if (!status.ok()) return status;
        status = db.Exec(migration.sql);
        if (status.ok()) {
            Result<Statement> insert = db.Prepare(
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)");
            if (!insert.ok()) {
                status = insert.status();
            } else {
                insert->BindInt64(1, migration.version);
                insert->BindText(2, migration.name);
                insert->BindText(3, now);
                status = insert->Run();
            }
        }
        if (status.ok()) status = db.Commit();
        if (!status.ok()) {
            (void)db.Rollback();
            return Status(status.code(), "migration " + std::to_string(migration.version) + " (" +
                                             migration.name + ") failed: " + status.message());
        }
        version = std::max(version, migration.version);
    }
    return version;
}

}  // namespace

int LatestSchemaVersion() {
    return std::prev(std::end(kMigrations))->version;
}

int MigrationCount() {
    return static_cast<int>(std::size(kMigrations));
}

Result<int> CurrentSchemaVersion(Db& db) {
    Result<Statement> stmt = db.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    return static_cast<int>(stmt->ColumnInt64(0));
}

Result<int> ApplyMigrations(Db& db, const std::string& now) {
    Status status = EnsureMigrationsTable(db);
    if (!status.ok()) return status;
    Result<std::set<int>> applied = AppliedVersions(db);
    if (!applied.ok()) return applied.status();
    const int version = applied->empty() ? 0 : *applied->rbegin();
    if (version > LatestSchemaVersion()) {
        return Status::Unsupported("the database has schema version " + std::to_string(version) +
                                   " but this build of Stocktake knows only up to " +
                                   std::to_string(LatestSchemaVersion()) +
                                   "; open it with a newer version");
    }
    // Foreign keys are off on every connection (db.cpp), which is also SQLite's recipe for
    // rebuilding a table: dropping products cascades into nothing.
    return ApplyPending(db, now, applied.value());
}

}  // namespace stocktake::engine
