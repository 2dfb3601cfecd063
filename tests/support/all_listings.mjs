// Generates Amazon Seller Central "All Listings" reports (tab-separated, 29 columns) for
// tests and benchmarks. Deterministic: the same arguments give the same bytes.
//   node tests/support/all_listings.mjs ROWS OUT_FILE [--bad N]
export const HEADER = [
  'item-name', 'item-description', 'listing-id', 'seller-sku', 'price', 'quantity',
  'open-date', 'image-url', 'item-is-marketplace', 'product-id-type', 'zshop-shipping-fee',
  'item-note', 'item-condition', 'zshop-category1', 'zshop-browse-path',
  'zshop-storefront-feature', 'asin1', 'asin2', 'asin3', 'will-ship-internationally',
  'expedited-shipping', 'zshop-boldface', 'product-id', 'bid-for-featured-placement',
  'add-delete', 'pending-quantity', 'fulfillment-channel', 'merchant-shipping-group', 'status',
];

const NAMES = [
  'Café Mug 12oz', 'Über Soft Throw Blanket', 'Widget™ Pro', '日本語 ノート A5',
  'Garden Hose 50ft', 'USB-C Cable 2m', 'Steel Water Bottle', 'Crème Brûlée Torch',
  'Yoga Mat "Pro" 6mm', 'Desk Lamp LED',
];

// Row i of a report; every 7th row is FBA (empty quantity, as Amazon writes it).
export function row(i) {
  const fba = i % 7 === 3;
  const cols = Object.fromEntries(HEADER.map((h) => [h, '']));
  cols['item-name'] = `${NAMES[i % NAMES.length]} #${i}`;
  cols['item-description'] = 'Generated listing for tests';
  cols['listing-id'] = `0${(1000000000 + i).toString()}`;
  cols['seller-sku'] = `SKU-${String(i).padStart(7, '0')}`;
  cols['price'] = (1 + (i % 9000) / 100).toFixed(2);
  cols['quantity'] = fba ? '' : String(i % 50);
  const month = String((i % 12) + 1).padStart(2, '0');
  const day = String((i % 28) + 1).padStart(2, '0');
  cols['open-date'] = `2023-${month}-${day} 10:${String(i % 60).padStart(2, '0')}:00 ${i % 2 ? 'PDT' : 'PST'}`;
  cols['item-is-marketplace'] = 'y';
  cols['product-id-type'] = '1';
  cols['item-condition'] = '11';
  cols['asin1'] = `B0${String(i).padStart(8, '0')}`;
  cols['product-id'] = cols['asin1'];
  cols['fulfillment-channel'] = fba ? 'AMAZON_NA' : 'DEFAULT';
  cols['merchant-shipping-group'] = 'Migrated Template';
  cols['status'] = i % 10 === 9 ? 'Inactive' : 'Active';
  return HEADER.map((h) => cols[h]).join('\t');
}

// The whole report as UTF-8 text: a header and `rows` rows, of which every row index in
// `bad` gets a price that cannot be parsed.
export function report(rows, bad = new Set()) {
  const lines = [HEADER.join('\t')];
  for (let i = 0; i < rows; i++) {
    let line = row(i);
    if (bad.has(i)) line = line.split('\t').map((v, c) => (HEADER[c] === 'price' ? 'abc' : v)).join('\t');
    lines.push(line);
  }
  return lines.join('\r\n') + '\r\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rows, out] = [Number(process.argv[2]), process.argv[3]];
  if (!Number.isInteger(rows) || !out) {
    console.error('usage: node tests/support/all_listings.mjs ROWS OUT_FILE');
    process.exit(2);
  }
  const fs = await import('node:fs');
  fs.writeFileSync(out, report(rows));
}
