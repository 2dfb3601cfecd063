// Fixture reports for the browser end-to-end test: a small hand-written Amazon "All Listings"
// report (UTF-8, tab-separated, the 29-column header) and a generated large one.
import { HEADER, report as generatedReport, row as reportRow } from '../support/all_listings.mjs';

export { HEADER };

// name, sku, price, quantity, open date, asin, fulfillment channel, status
const ROWS = [
    ['Café au lait mug 12oz', 'E2E-001', '12.99', '5', '2022-03-15 09:26:37 PDT', 'B0E2E00001', 'DEFAULT', 'Active'],
    ['Über-soft fleece blanket', 'E2E-002', '34.50', '12', '2021-11-02 10:00:00 PST', 'B0E2E00002', 'DEFAULT', 'Active'],
    ['Widget™ Pro 2000', 'E2E-003', '19.00', '', '2020-01-20 08:15:00 PST', 'B0E2E00003', 'AMAZON_NA', 'Active'],
    ['日本語ノート A5 方眼', 'E2E-004', '4.25', '', '2023-06-01 12:00:00 PDT', 'B0E2E00004', 'AMAZON_NA', 'Active'],
    ['Crème brûlée torch', 'E2E-005', '24.99', '0', '2019-09-09 09:09:09 PDT', 'B0E2E00005', 'DEFAULT', 'Inactive'],
    ['Garden hose 50ft', 'E2E-006', 'abc', '7', '2022-05-05 05:05:05 PDT', 'B0E2E00006', 'DEFAULT', 'Active'],
    ['Steel water bottle 750ml', 'E2E-007', '15', '30', '2022-07-07 07:07:07 PDT', 'B0E2E00007', 'DEFAULT', 'Active'],
    ['Ελληνικό τσάι του βουνού', 'E2E-008', '8.40', '9', '2023-01-01 00:00:00 PST', 'B0E2E00008', 'DEFAULT', 'Active'],
    ['Чайник электрический 1,7 л', 'E2E-009', '29.90', '3', '2023-02-02 02:02:02 PST', 'B0E2E00009', 'DEFAULT', 'Inactive'],
    ['Widget™ Mini (2-pack)', 'E2E-010', '9.99', '40', '2021-04-04 04:04:04 PDT', 'B0E2E00010', 'DEFAULT', 'Active'],
    ['東京タワー 置物', 'E2E-011', '', '2', '2022-12-24 18:00:00 PST', 'B0E2E00011', 'DEFAULT', 'Active'],
    ['Desk lamp LED, dimmable', 'E2E-012', '45.00', '', '2023-08-08 08:08:08 PDT', 'B0E2E00012', 'AMAZON_NA', 'Active'],
];

export const SMALL = {
    // Row 6 (price "abc") must be rejected; every other row is good.
    goodRows: ROWS.filter((r) => r[2] !== 'abc').length,
    badRows: 1,
    // Active listings that import: each opened years ago, so an aged listing (> 180 days).
    agedRows: ROWS.filter((r) => r[7] === 'Active' && r[2] !== 'abc').length,
    // Rows whose SKU, name, ASIN or listing id contains "widget" (case-insensitive).
    widgetRows: ROWS.filter((r) => r[0].toLowerCase().includes('widget')).length,
    text() {
        const lines = [HEADER.join('\t')];
        ROWS.forEach(([name, sku, price, quantity, opened, asin, channel, status], i) => {
            const cols = Object.fromEntries(HEADER.map((h) => [h, '']));
            cols['item-name'] = name;
            cols['item-description'] = 'End-to-end test listing';
            cols['listing-id'] = `0E2E${String(1000 + i)}`;
            cols['seller-sku'] = sku;
            cols['price'] = price;
            cols['quantity'] = quantity;
            cols['open-date'] = opened;
            cols['item-is-marketplace'] = 'y';
            cols['product-id-type'] = '1';
            cols['item-condition'] = '11';
            cols['asin1'] = asin;
            cols['product-id'] = asin;
            cols['fulfillment-channel'] = channel;
            cols['merchant-shipping-group'] = 'Migrated Template';
            cols['status'] = status;
            lines.push(HEADER.map((h) => cols[h]).join('\t'));
        });
        return lines.join('\n') + '\n';
    },
};

// A generated report of `rows` good rows (SKU-0000000...), none overlapping SMALL.
export function largeReport(rows) {
    return generatedReport(rows);
}

// A small report of `count` rows whose SKUs (PREFIX-0...) no other fixture uses.
export function namedReport(count, prefix) {
    const skuColumn = HEADER.indexOf('seller-sku');
    const lines = [HEADER.join('\t')];
    for (let i = 0; i < count; i++) {
        const fields = reportRow(i).split('\t');
        fields[skuColumn] = `${prefix}-${i}`;
        lines.push(fields.join('\t'));
    }
    return lines.join('\n') + '\n';
}
