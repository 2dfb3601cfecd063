#!/usr/bin/env node
// Browser end-to-end test of the operations screens (Orders, Purchasing, Reallocation,
// Channels, the webhook dead letters on Sync, the sales behind an Insights number):
// playwright-core drives Debian's Chromium against the real `stocktake serve`.
//
//   node tests/e2e/views_operations.mjs --server build/native/stocktake --public public [--headed]
//
// What it checks: an organisation registered over the API; a second "device" (this test)
// pushes a supplier, its vendor price for E2E-001 and three open orders of E2E-001 through
// POST /api/v1/sync/push; a signed ShipStation notification whose resource_url is not the
// ShipStation API host is parked by the server as a dead letter. In the browser: the small
// Amazon report is imported, the app signs in and syncs the orders in; the Orders screen
// lists them and opens one to its lines; an Insights "units sold" number opens the order
// lines behind it (they add up to it); the restock plan has a line for E2E-001 and "Create
// draft purchase orders" makes a draft that Purchasing lists; the draft is marked ordered
// and received in full, and on-hand of E2E-001 rises by exactly what was ordered; on the
// Channels screen a rule change (max listed 1) lowers what the simulator shows; a SKU pushed
// from Amazon shows on the Reallocation screen; on the Sync
// screen the dead letter is listed and Replay queues it again. Screenshots of every
// operations screen at 1280x800 and 390x844 go to tests/e2e/out/ops-*.png and must not be
// blank. Exits non-zero on the first failure; every wait is bounded.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SMALL } from './fixtures.mjs';
import * as harness from './harness.mjs';
import { check, launchBrowser, log, sleep, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

// --- the app, through its exported test hooks ----------------------------------------
const state = () => ({
    ready: Module._stocktake_ready(),
    listings: Module._stocktake_listing_count(),
    screen: Module._stocktake_screen(),
    signedIn: Module._stocktake_sync_signed_in(),
    syncs: Module._stocktake_syncs_completed(),
    orders: Module._stocktake_orders_shown(),
    orderLines: Module._stocktake_order_open_lines(),
    restockLines: Module._stocktake_restock_lines(),
    posShown: Module._stocktake_pos_shown(),
    posDraft: Module._stocktake_pos_draft(),
    poStatus: Module._stocktake_po_open_status(),
    receipts: Module._stocktake_po_receipts(),
    simulated: Module._stocktake_simulated_listings(),
    wouldShow: Module._stocktake_simulated_would_show(),
    deliveriesLoaded: Module._stocktake_deliveries_loaded(),
    dead: Module._stocktake_deliveries_dead(),
    pending: Module._stocktake_deliveries_pending(),
    replays: Module._stocktake_delivery_replays(),
    salesLines: Module._stocktake_sales_lines(),
    salesUnits: Module._stocktake_sales_units(),
});
// TestAction and Screen (web/platform/platform.h, web/views/view.h).
const ACTION = {
    showScreen: 8, refreshInsights: 9, selectInsight: 10, createRestockPos: 13, syncNow: 15,
    openPo: 16, orderPo: 17, receivePo: 18, openChannel: 19, setMaxListed: 20,
    loadDeliveries: 21, replayDelivery: 22, openOrder: 23, openSales: 24, pushReallocation: 25,
};
const SCREEN = { insights: 1, restock: 2, sync: 3, orders: 4, purchasing: 5, reallocation: 6, channels: 7 };
const PO_STATUS = { draft: 1, ordered: 2, received: 4 };

const SKU = 'E2E-001';  // a merchant-fulfilled listing of the small report
const ORDERED_UNITS = [4, 3, 5];
const MOQ = 50;
const WEBHOOK_SECRET = 'views-operations-e2e-webhook-secret';

let page = null;
const waitFor = (description, predicate, arg = null, timeout = 30000) =>
    harness.waitFor(page, description, predicate, arg, timeout, state);
const action = (n, a = 0, b = 0) => page.evaluate(([x, y, z]) => Module._stocktake_action(x, y, z), [n, a, b]);
const appState = () => page.evaluate(state);

async function showScreen(screen) {
    await action(ACTION.showScreen, screen);
    await waitFor(`screen ${screen}`, (n) => Module._stocktake_screen() === n, screen, 10000);
}

const onHand = (sku) => harness.onHand(page, sku);
const signIn = (email, password) => harness.signIn(page, email, password);

// Both widths of the shown screen.
async function shots(name) {
    await harness.screenshot(page, outDir, `ops-${name}-1280.png`);
    await harness.resize(page, 390, 844, state);
    await harness.screenshot(page, outDir, `ops-${name}-390.png`);
    await harness.resize(page, 1280, 800, state);
}

// --- the server side: another device's ops, and a webhook the server cannot process ----
function seedOps() {
    const { device, ops, add, now } = harness.otherDevice('e2e0');
    add('supplier', ['ACME'], { name: 'Acme Housewares', email: 'orders@acme.example', lead_time_days: 7, notes: '', _deleted: false });
    add('vendor_price', ['ACME', SKU], { cost: 40000, currency: 'USD', moq: MOQ, pack_size: 10, lead_time_days: 7, supplier_part_number: 'AC-MUG-12' });
    ORDERED_UNITS.forEach((units, i) => {
        const id = `amazon:E2E-ORDER-${i + 1}`;
        const orderedAt = new Date(now - (i + 1) * 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        add('order', [id], { channel: 'amazon', external_id: `E2E-ORDER-${i + 1}`, status: 'open', ordered_at: orderedAt, _deleted: false });
        add('order_line', [id, '1'], { sku: SKU, quantity: units, price_minor: 1299, _deleted: false });
    });
    return { device, ops };
}

const api = harness.api;

// A ShipStation v1 notification naming a host that is not the ShipStation API: the server
// accepts it (signed) and parks it as a dead letter instead of fetching the URL.
async function postUnfetchableWebhook(server, orgId) {
    const body = JSON.stringify({ resource_url: 'https://elsewhere.example/orders?importBatch=e2e', resource_type: 'ORDER_NOTIFY' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = crypto.createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest('hex');
    const res = await fetch(`${server.url}api/v1/webhooks/shipstation/${orgId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shipstation-timestamp': timestamp, 'x-shipstation-signature': signature },
        body,
    });
    const text = await res.text();
    check(res.status >= 200 && res.status < 300, `the signed webhook should be accepted, it got ${res.status}: ${text}`);
}

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-ops-'));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    const report = path.join(tmp, 'All+Listings+Report+ops.txt');
    fs.writeFileSync(report, SMALL.text(), 'utf8');

    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        process.env.APP_WEBHOOK_SECRETS = WEBHOOK_SECRET;
        server = await startServer({ server: args.server, publicDir: args.public, dataDir, logFile: path.join(outDir, 'ops-server.log') });
        log(`stocktake serve is up at ${server.url}`);

        const email = 'owner@ops-e2e.example';
        const password = 'correct horse battery';
        const registered = await api(server, 'POST', 'api/v1/auth/register', null, { org_name: 'Ops E2E Ltd', email, password });
        check(registered.status === 201, `registering should answer 201, it answered ${registered.status}: ${registered.text}`);
        const token = registered.json.access_token;
        const orgId = registered.json.user.org_id;
        const seeded = seedOps();
        const pushed = await api(server, 'POST', 'api/v1/sync/push', token, seeded);
        check(pushed.status === 200 && pushed.json.accepted === seeded.ops.length,
            `the seed push should accept ${seeded.ops.length} ops, it answered ${pushed.status}: ${pushed.text}`);
        await postUnfetchableWebhook(server, orgId);
        // The server's worker parks it; wait for the dead letter before the browser looks.
        for (let i = 0; ; i++) {
            const listed = await api(server, 'GET', 'api/v1/webhooks/deliveries?status=dead', token);
            if (listed.status === 200 && listed.json.deliveries.length === 1) break;
            check(i < 100, `the unfetchable delivery should become a dead letter; the server lists ${listed.text}`);
            await sleep(100);
        }
        log(`seeded ${seeded.ops.length} ops (supplier, vendor price, ${ORDERED_UNITS.length} orders) and one dead letter`);

        browser = await launchBrowser(args.headed);
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(e.message));
        page.on('console', (m) => {
            if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
        });
        await harness.openApp(page, server.url, state);

        // Empty states first: no orders, no purchase orders.
        await showScreen(SCREEN.orders);
        await shots('orders-empty');
        const listings = await harness.importReport(page, report, state);
        check(listings === SMALL.goodRows, `expected ${SMALL.goodRows} listings after the import, the app has ${listings}`);

        // Sign in and sync: the other device's orders, supplier and price arrive.
        await signIn(email, password);
        await waitFor('sign-in', () => Module._stocktake_sync_signed_in() === 1);
        await showScreen(SCREEN.orders);
        for (let i = 0; ; i++) {
            const s = await appState();
            if (s.orders === ORDERED_UNITS.length) break;
            check(i < 60, `the Orders screen should list ${ORDERED_UNITS.length} orders after syncing; app state ${JSON.stringify(s)}`);
            await action(ACTION.syncNow);
            await sleep(500);
        }
        await action(ACTION.openOrder, 0);
        await waitFor('the newest order to open with its line', () => Module._stocktake_order_open_lines() === 1);
        await shots('orders');
        log(`Orders lists ${ORDERED_UNITS.length} synced orders and opens one to its line`);

        // Insights: a "units sold" number opens to the order lines behind it.
        await showScreen(SCREEN.insights);
        await action(ACTION.refreshInsights);
        await waitFor('insights to refresh', () => Module._stocktake_insight_refreshes() >= 1);
        let salesOpened = false;
        for (let kind = 0; kind < 7 && !salesOpened; kind++) {
            const count = await page.evaluate((k) => Module._stocktake_insight_count(k), kind);
            for (let row = 0; row < count && !salesOpened; row++) {
                await action(ACTION.selectInsight, kind, row);
                await waitFor('the insight\'s metrics', () => Module._stocktake_metrics_rows() > 0);
                await action(ACTION.openSales, 0, 30);
                await waitFor('the sales list', () => Module._stocktake_sales_lines() >= 0);
                salesOpened = (await appState()).salesLines > 0;
            }
        }
        check(salesOpened, `some insight should be about ${SKU}, whose 30-day units sold open to order lines`);
        const sales = await appState();
        const sold = ORDERED_UNITS.reduce((a, b) => a + b, 0);
        check(sales.salesLines === ORDERED_UNITS.length && sales.salesUnits === sold,
            `units sold in 30 days should open to ${ORDERED_UNITS.length} lines of ${sold} units, not ${sales.salesLines} lines of ${sales.salesUnits}`);
        await shots('insights-sales');
        await action(ACTION.openSales, 0, 0);  // Close
        log(`the 30-day units sold open to ${sales.salesLines} order lines adding up to ${sold}`);

        // Restock plan -> draft purchase orders -> Purchasing.
        await showScreen(SCREEN.restock);
        await waitFor('the restock plan to have lines', () => Module._stocktake_restock_lines() > 0);
        await action(ACTION.createRestockPos);
        await waitFor('the drafts to be created', () => Module._stocktake_purchase_orders_created() >= 1);
        await showScreen(SCREEN.purchasing);
        await waitFor('Purchasing to list the draft', () => Module._stocktake_pos_draft() === 1);
        await shots('purchasing');
        log('"Create draft purchase orders" made a draft that Purchasing lists');

        // Order it and receive it in full: on-hand rises by what was ordered.
        const before = await onHand(SKU);
        await action(ACTION.openPo, 0);
        await waitFor('the draft to open', (n) => Module._stocktake_po_open_status() === n, PO_STATUS.draft);
        await shots('purchasing-draft');
        await action(ACTION.orderPo);
        await waitFor('the PO to be ordered', (n) => Module._stocktake_po_open_status() === n, PO_STATUS.ordered);
        await shots('purchasing-ordered');
        await action(ACTION.receivePo, 0);
        await waitFor('the PO to be received', (n) => Module._stocktake_po_open_status() === n, PO_STATUS.received);
        const after = await onHand(SKU);
        check(after - before === MOQ, `receiving the PO should raise on-hand of ${SKU} by ${MOQ}, it went ${before} -> ${after}`);
        await shots('purchasing-received');
        log(`received the PO: on-hand of ${SKU} ${before} -> ${after}`);

        // Channels: a rule change changes what the simulator shows.
        await showScreen(SCREEN.channels);
        await action(ACTION.openChannel, 0);  // amazon: Engine::Channels() is by id
        await waitFor('the simulator to list the Amazon listings', () => Module._stocktake_simulated_listings() > 0);
        const shownBefore = (await appState()).wouldShow;
        const available = MOQ - sold;
        check(shownBefore >= available, `before any rule the simulator should show at least ${SKU}'s ${available} available, it shows ${shownBefore} in all`);
        await shots('channels');
        await action(ACTION.setMaxListed, 1);
        await waitFor('the simulator to follow the rule', (n) => Module._stocktake_simulated_would_show() < n, shownBefore);
        const shownAfter = (await appState()).wouldShow;
        check(shownAfter <= (await appState()).simulated, `with max listed 1 no listing shows more than 1 (total ${shownAfter})`);
        await shots('channels-capped');
        log(`max listed 1 on Amazon: the simulator shows ${shownAfter} units in all, was ${shownBefore}`);
        await action(ACTION.setMaxListed, -1);

        // Reallocation: the empty list says what to do first; a pushed SKU shows on it.
        await showScreen(SCREEN.reallocation);
        await shots('reallocation-empty');
        await showScreen(SCREEN.channels);
        await action(ACTION.pushReallocation, 0, 5);  // E2E-001, the first Amazon listing
        await showScreen(SCREEN.reallocation);
        await waitFor('the pushed SKU on the list', () => Module._stocktake_reallocation_entries() === 1);
        await shots('reallocation');
        log('a SKU pushed from Amazon shows on the reallocation list');

        // Sync: the dead letter is listed; Replay queues it again.
        await showScreen(SCREEN.sync);
        await action(ACTION.loadDeliveries);
        await waitFor('the deliveries to load', () => Module._stocktake_deliveries_loaded() === 1);
        let s = await appState();
        check(s.dead === 1, `the Sync screen should list the one dead letter, it lists ${s.dead} dead and ${s.pending} pending`);
        await shots('sync-deliveries');
        await action(ACTION.replayDelivery, 0);
        await waitFor('the replay to be accepted', () => Module._stocktake_delivery_replays() === 1);
        await waitFor('the list to reload after the replay', () => Module._stocktake_deliveries_loaded() === 1);
        s = await appState();
        check(s.dead + s.pending === 1, `after the replay the delivery should still be listed (pending, or dead again once retried); it lists ${s.dead} dead, ${s.pending} pending`);
        log(`the dead letter shows on the Sync screen; Replay re-queued it (${s.pending} pending, ${s.dead} dead now)`);

        check(pageErrors.length === 0, `the page reported errors:\n  ${pageErrors.join('\n  ')}`);
        log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = harness.parseServerArgs(process.argv.slice(2), 'views_operations.mjs');
harness.main(() => run(args));
