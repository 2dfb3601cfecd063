#!/usr/bin/env node
// Browser end-to-end test of the scanner's modes (issue 8 item 5) on a phone-sized page
// (390x844): playwright-core drives Debian's Chromium against the real `stocktake serve`.
//
//   node tests/e2e/scanner_modes.mjs --server build/native/stocktake --public public [--headed]
//
// Data arrives the way a seller's does: products with barcodes from a Shopify product CSV
// and an Amazon FBA Manage Inventory report (its FNSKU), both through the file input; bins
// BIN-A and BIN-B from Stock & locations; an open order of two lines pushed by another
// device and synced in; stock received by typed scans. Scans then come from the fake camera
// (a zint EAN-13 video) or a keyboard wedge (fast keys + Enter), and the screen's combos and
// buttons are pressed through test hooks that post what the widgets post.
// What it checks, against the engine's state (on-hand per location, pick lines, tallies):
//   look up shows the product and its on-hand per location, the same for the camera and the
//   wedge; pick ticks the order's lines, refuses a product not on it (and one picked in
//   full) with a message, and "Ship order" ships it from the location; move takes one from
//   BIN-A to BIN-B per wedge scan and per debounced camera scan; count records the tally as
//   a count and on-hand becomes it; an unknown code offers "link to a product", the link
//   makes the next scan resolve, and it survives a reload; an FNSKU label resolves to its
//   SKU; a pick half done and a count in progress resume after a reload (the scanner's
//   session is in the device's database, engine migration 19). Screenshots of every mode go to tests/e2e/out/scanner-mode-*-390.png.
// Needs zint and ffmpeg (scripts/setup). Exits non-zero on the first failure; every wait is
// bounded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as harness from './harness.mjs';
import { SCANNER_ACTION as ACT, check, launchBrowser, log, sleep, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

// SM-1's GTIN is the code on the fake camera's video.
const PRODUCTS = [
    { sku: 'SM-1', name: 'Scanner modes mug', gtin: '4006381333931' },
    { sku: 'SM-2', name: 'Scanner modes bowl', gtin: '5012345678900' },
    { sku: 'SM-3', name: 'Scanner modes plate', gtin: '8712345678906' },
    { sku: 'SM-4', name: 'Scanner modes jug (no barcode)', gtin: '' },
];
const [MUG, BOWL, PLATE, JUG] = PRODUCTS;
const FBA = { sku: 'SM-FBA', fnsku: 'X00SMFBA01', name: 'Scanner modes FBA kettle' };
const UNKNOWN = '5901234123457';  // a valid EAN-13 no product has
const ORDER = { channel: 'amazon', id: 'PICK-1', key: 'amazon/PICK-1', lines: [[MUG.sku, 2], [BOWL.sku, 1]] };
const MODE = { lookUp: 0, receive: 1, pick: 2, move: 3, count: 4 };
const SCREEN_SCANNER = 8;  // Screen::kScanner (web/views/view.h)
const CATALOG_ADD_LOCATION = 5;  // CatalogTestAction::kAddLocation (web/app/app_catalog_test.cpp)
const ACTION_SYNC_NOW = 15;  // TestAction::kSyncNow (web/platform/platform.h)
const CAMERA_ON = 2;
const STORAGE_SAVED = 3;

const state = () => ({
    ready: Module._stocktake_ready(),
    screen: Module._stocktake_screen(),
    camera: Module._stocktake_scanner_camera(),
    scans: Module._stocktake_scanner_scans(),
    signedIn: Module._stocktake_sync_signed_in(),
    syncs: Module._stocktake_syncs_completed(),
    storage: Module._stocktake_storage_state(),
});

let page = null;
const waitFor = (description, predicate, arg = null, timeout = 30000) =>
    harness.waitFor(page, description, predicate, arg, timeout, state);
const scanner = (sku = '') => harness.scannerModesState(page, sku);
const act = (action, text = '', number = 0) => harness.scannerModesAction(page, action, text, number);
const until = (description, done, sku = '', timeout) => harness.untilScannerState(page, description, done, sku, timeout);
const shot = (name) => harness.screenshot(page, outDir, `scanner-mode-${name}-390.png`, 600);

// A scan as a keyboard wedge types it; returns the scanner state once it has applied.
async function wedge(code, sku = '') {
    const before = (await scanner()).scans;
    await harness.typeAsWedge(page, code);
    return until(`the wedge scan of ${code}`, (s) => s.scans > before, sku);
}

// The code typed in the entry field, then "Scan".
async function typed(code, sku = '') {
    const before = (await scanner()).scans;
    await act(ACT.submitCode, code);
    return until(`the typed scan of ${code}`, (s) => s.scans > before, sku);
}

async function setMode(mode) {
    await page.evaluate((m) => Module._stocktake_scanner_mode(m), mode);
    return until(`mode ${mode}`, (s) => s.mode === mode && !s.hasLast);
}

async function setting(action, value, field) {
    await act(action, value);
    return until(`${field} ${value}`, (s) => s[field] === value);
}

function shopifyCsv() {
    const rows = PRODUCTS.map((p) => `${p.sku.toLowerCase()},${p.name},${p.sku},9.99,${p.gtin}`);
    return `Handle,Title,Variant SKU,Variant Price,Variant Barcode\n${rows.join('\n')}\n`;
}

function fbaReport() {
    const header = ['sku', 'fnsku', 'asin', 'product-name', 'condition', 'your-price', 'mfn-listing-exists',
        'mfn-fulfillable-quantity', 'afn-listing-exists', 'afn-warehouse-quantity', 'afn-fulfillable-quantity',
        'afn-unsellable-quantity', 'afn-reserved-quantity', 'afn-total-quantity', 'per-unit-volume',
        'afn-inbound-working-quantity', 'afn-inbound-shipped-quantity', 'afn-inbound-receiving-quantity'];
    const row = [FBA.sku, FBA.fnsku, 'B0SMFBA001', FBA.name, 'New', '24.99', 'No', '', 'Yes', '6', '6',
        '0', '0', '6', '0.1', '0', '0', '0'];
    return `${header.join('\t')}\n${row.join('\t')}\n`;
}

// The open order, pushed by another device (a channel integration) to the server.
async function pushOrder(server, token) {
    const other = harness.otherDevice('e2e5');
    const id = `${ORDER.channel}:${ORDER.id}`;
    const orderedAt = new Date(other.now - 3600000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    other.add('order', [id], { channel: ORDER.channel, external_id: ORDER.id, status: 'open', ordered_at: orderedAt, _deleted: false });
    ORDER.lines.forEach(([sku, quantity], i) => {
        other.add('order_line', [id, String(i + 1)], { sku, quantity, price_minor: 999, _deleted: false });
    });
    const pushed = await harness.api(server, 'POST', 'api/v1/sync/push', token, { device: other.device, ops: other.ops });
    check(pushed.status === 200 && pushed.json.accepted === other.ops.length,
        `the order push should accept ${other.ops.length} ops, it answered ${pushed.status}: ${pushed.text}`);
}

async function addLocation(id, name) {
    await page.evaluate(([n, a, c]) => {
        const toC = typeof Module.stringToNewUTF8 === 'function' ? Module.stringToNewUTF8 : stringToNewUTF8;
        const ptrs = [a, '', c].map((x) => toC(x));
        Module._stocktake_catalog_action(n, ptrs[0], ptrs[1], ptrs[2], 0);
        ptrs.forEach((p) => Module._free(p));
    }, [CATALOG_ADD_LOCATION, id, name]);
}

// Runs the camera until it has made at least `scans` scans, then stops it; the scans made.
async function cameraScans(scans) {
    const before = (await scanner()).scans;
    await page.evaluate(() => Module._stocktake_scanner_camera_on(1));
    await waitFor('the camera to run', (n) => Module._stocktake_scanner_camera() === n, CAMERA_ON, 20000);
    await waitFor(`${scans} camera scan(s)`, ([n, at]) => Module._stocktake_scanner_scans() >= at + n, [scans, before], 60000);
    await page.evaluate(() => Module._stocktake_scanner_camera_on(0));
    await waitFor('the camera to stop', () => Module._stocktake_scanner_camera() === 0, null, 10000);
    await sleep(300);  // decodes already queued are applied (or dropped) by now
    return (await scanner()).scans - before;
}

const levelsText = (levels) => JSON.stringify(levels);

// Waits for the device to have saved, reloads the page (as a killed tab comes back) and
// opens the Scanner screen again; its state once it has read the saved session back.
async function reloadScanner(what, sku = '') {
    await waitFor(`${what} to be saved`, (n) => Module._stocktake_storage_state() === n, STORAGE_SAVED);
    await page.reload({ waitUntil: 'load' });
    await harness.openApp(page, page.url(), state);
    await page.evaluate(() => Module._stocktake_scanner_show());
    await waitFor('the Scanner screen', (n) => Module._stocktake_screen() === n, SCREEN_SCANNER, 10000);
    return until(`${what} back after the reload`, (st) => st.locations.length > 0, sku);
}

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-scanner-modes-'));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    const video = harness.makeScanVideo(tmp, MUG.gtin);
    const catalog = path.join(tmp, 'products_export.csv');
    fs.writeFileSync(catalog, shopifyCsv());
    const fba = path.join(tmp, 'fba_manage_inventory.txt');
    fs.writeFileSync(fba, fbaReport());

    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        server = await startServer({ server: args.server, publicDir: args.public, dataDir, logFile: path.join(outDir, 'scanner-modes-server.log') });
        const email = 'owner@scanner-modes-e2e.example';
        const password = 'correct horse battery';
        const registered = await harness.api(server, 'POST', 'api/v1/auth/register', null, { org_name: 'Scanner Modes E2E Ltd', email, password });
        check(registered.status === 201, `registering should answer 201, it answered ${registered.status}: ${registered.text}`);
        await pushOrder(server, registered.json.access_token);

        browser = await launchBrowser(args.headed, ['--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
        const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
        page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(e.message));
        page.on('console', (m) => {
            if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
        });
        await harness.openApp(page, server.url, state);

        // ---- the seller's data: products, the FBA report, two bins, the order ----
        await harness.importReport(page, catalog, state);
        await harness.importReport(page, fba, state);
        await addLocation('BIN-A', 'Bin A');
        await addLocation('BIN-B', 'Bin B');
        await harness.signIn(page, email, password);
        await waitFor('sign-in', () => Module._stocktake_sync_signed_in() === 1);
        await page.evaluate(() => Module._stocktake_scanner_show());
        await waitFor('the Scanner screen', (n) => Module._stocktake_screen() === n, SCREEN_SCANNER, 10000);
        for (let i = 0; ; i++) {
            const s = await scanner();
            if (s.openOrders.includes(ORDER.key) && s.locations.includes('BIN-B')) break;
            check(i < 60, `the synced order and both bins should reach the scanner; scanner state ${JSON.stringify(s)}`);
            await page.evaluate((n) => Module._stocktake_action(n, 0, 0), ACTION_SYNC_NOW);
            await sleep(500);
        }
        log(`imported ${PRODUCTS.length} products and ${FBA.sku}; BIN-A, BIN-B; order ${ORDER.key} synced in`);

        // ---- receive (typed codes, "Scan"): stock to work with ----
        await setMode(MODE.receive);
        await setting(ACT.setLocation, 'BIN-A', 'location');
        for (const [p, units] of [[MUG, 6], [BOWL, 3], [PLATE, 2]]) {
            for (let i = 0; i < units; i++) {
                const s = await typed(p.gtin);
                check(s.last.ok && s.last.sku === p.sku, `a typed ${p.gtin} should receive ${p.sku}: ${JSON.stringify(s.last)}`);
            }
            check(await harness.onHand(page, p.sku) === units, `${p.sku} should have ${units} on hand after ${units} receive scans`);
        }
        await shot('receive');

        // ---- 1 + 6: look up, by camera and by wedge: the same outcome ----
        await setMode(MODE.lookUp);
        await page.evaluate(() => Module._stocktake_scanner_camera_on(1));
        await waitFor('the camera to run', (n) => Module._stocktake_scanner_camera() === n, CAMERA_ON, 20000);
        const byCamera = await until('a camera look-up', (s) => s.hasLast && s.last.sku === MUG.sku, '', 60000);
        await shot('lookup-camera');
        await page.evaluate(() => Module._stocktake_scanner_camera_on(0));
        await waitFor('the camera to stop', () => Module._stocktake_scanner_camera() === 0, null, 10000);
        check(byCamera.last.ok && byCamera.last.name === MUG.name && levelsText(byCamera.last.levels) === levelsText({ 'BIN-A': 6 }),
            `the camera's look-up should show ${MUG.sku} with 6 at BIN-A: ${JSON.stringify(byCamera.last)}`);
        const byWedge = await wedge(MUG.gtin);
        for (const field of ['sku', 'name', 'message', 'ok', 'unknown']) {
            check(byWedge.last[field] === byCamera.last[field], `the wedge's look-up should match the camera's (${field}): ${JSON.stringify(byWedge.last)} vs ${JSON.stringify(byCamera.last)}`);
        }
        check(levelsText(byWedge.last.levels) === levelsText(byCamera.last.levels), 'the wedge and the camera should show the same levels');
        check(byWedge.last.message === 'On hand: 6', `look-up should say the total on hand: "${byWedge.last.message}"`);
        await shot('lookup');
        log(`look-up of ${MUG.gtin}: ${byWedge.last.sku} "${byWedge.last.name}", ${levelsText(byWedge.last.levels)}; camera and wedge agree`);

        // ---- 2: pick an order, refuse what is not on it, ship it ----
        await setMode(MODE.pick);
        await setting(ACT.setLocation, 'BIN-A', 'location');
        let s = await setting(ACT.setOrder, ORDER.key, 'orderKey');
        s = await until('the order\'s pick lines', (st) => st.pickLines.length === ORDER.lines.length);
        check(JSON.stringify(s.pickLines.map((l) => [l.sku, l.ordered, l.picked])) ===
            JSON.stringify(ORDER.lines.map(([sku, n]) => [sku, n, 0])), `pick lines should be the order's: ${JSON.stringify(s.pickLines)}`);
        s = await wedge(PLATE.gtin);
        check(!s.last.ok && s.last.message === `${PLATE.sku} is not on this order.`,
            `a product not on the order should be refused with a clear message: ${JSON.stringify(s.last)}`);
        await shot('pick-refused');
        await wedge(MUG.gtin);
        // The tab dies half-way through the pick: after a reload the pick resumes where it was.
        s = await reloadScanner('the half-done pick');
        check(s.mode === MODE.pick && s.orderKey === ORDER.key && s.location === 'BIN-A',
            `after a reload the scanner should still pick ${ORDER.key} at BIN-A: ${JSON.stringify(s)}`);
        check(JSON.stringify(s.pickLines.map((l) => [l.sku, l.ordered, l.picked])) ===
            JSON.stringify([[MUG.sku, 2, 1], [BOWL.sku, 1, 0]]), `after a reload 1 of 2 ${MUG.sku} should be picked: ${JSON.stringify(s.pickLines)}`);
        await shot('pick-resumed');
        log(`pick: reloaded with 1 of 2 ${MUG.sku} picked; the pick resumed`);
        await wedge(MUG.gtin);
        s = await wedge(MUG.gtin);
        check(!s.last.ok && s.last.message === `${MUG.sku} is already picked in full.`, `a third ${MUG.sku} should be refused: ${JSON.stringify(s.last)}`);
        s = await wedge(BOWL.gtin);
        check(s.last.ok && s.pickLines.every((l) => l.picked === l.ordered), `every line should be picked: ${JSON.stringify(s.pickLines)}`);
        check(await harness.onHand(page, MUG.sku) === 6, 'picking alone should move no stock');
        await shot('pick');
        await act(ACT.shipOrder);
        s = await until('the order to ship', (st) => st.hasLast && st.last.message.startsWith('Shipped'));
        check(s.last.ok && !s.openOrders.includes(ORDER.key) && s.pickLines.length === 0, `the shipped order should leave the open orders: ${JSON.stringify(s)}`);
        check(await harness.onHand(page, MUG.sku) === 4 && await harness.onHand(page, BOWL.sku) === 2,
            `shipping should take 2 ${MUG.sku} and 1 ${BOWL.sku} from BIN-A (now ${await harness.onHand(page, MUG.sku)} and ${await harness.onHand(page, BOWL.sku)})`);
        await shot('pick-shipped');
        log(`pick: ${PLATE.sku} refused ("${PLATE.sku} is not on this order."), ${ORDER.key} picked and shipped from BIN-A`);

        // ---- 3: move from BIN-A to BIN-B, one per wedge scan and per debounced camera scan ----
        await setMode(MODE.move);
        await setting(ACT.setLocation, 'BIN-A', 'location');
        s = await wedge(MUG.gtin);
        check(!s.last.ok && s.last.message === 'Choose where the unit goes (To).', `a move without "To" should say so: ${JSON.stringify(s.last)}`);
        await setting(ACT.setToLocation, 'BIN-B', 'toLocation');
        s = await wedge(MUG.gtin, MUG.sku);
        check(s.last.ok && levelsText(s.levels) === levelsText({ 'BIN-A': 3, 'BIN-B': 1 }), `one wedge scan should move one unit: ${levelsText(s.levels)}`);
        const moved = await cameraScans(2);
        s = await scanner(MUG.sku);
        check(s.levels['BIN-A'] === 3 - moved && s.levels['BIN-B'] === 1 + moved && await harness.onHand(page, MUG.sku) === 4,
            `${moved} camera scans should move ${moved} more: ${levelsText(s.levels)}`);
        await shot('move');
        log(`move: 1 wedge + ${moved} camera scans moved ${1 + moved} ${MUG.sku} BIN-A -> BIN-B (${levelsText(s.levels)})`);

        // ---- 4: count: the tally becomes a count; on-hand becomes the counted figure ----
        await setMode(MODE.count);
        await setting(ACT.setLocation, 'BIN-A', 'location');
        for (let i = 0; i < 5; i++) await wedge(BOWL.gtin);
        s = await reloadScanner('the count in progress', BOWL.sku);
        check(s.mode === MODE.count && s.location === 'BIN-A', `after a reload the count should go on at BIN-A: ${JSON.stringify(s)}`);
        check(s.tallies[BOWL.sku] === 5 && s.levels['BIN-A'] === 2, `5 counted (kept over a reload), nothing changed yet: ${JSON.stringify(s)}`);
        await shot('count');
        await act(ACT.recordCount);
        s = await until('the count to be recorded', (st) => st.hasLast && st.last.message.startsWith('Counts recorded'), BOWL.sku);
        check(s.last.ok && s.levels['BIN-A'] === 5 && await harness.onHand(page, BOWL.sku) === 5,
            `after the count ${BOWL.sku} at BIN-A should be 5: ${levelsText(s.levels)}`);
        check(Object.keys(s.tallies).length === 0, 'a new count begins after recording');
        await shot('count-recorded');
        log(`count: 5 ${BOWL.sku} counted at BIN-A where the ledger had 2; on-hand is now 5`);

        // ---- 5: an unknown code: link it to a product; the link survives a reload ----
        await setMode(MODE.lookUp);
        s = await wedge(UNKNOWN);
        check(s.last.unknown && s.linkCode === UNKNOWN, `an unknown code should offer a link: ${JSON.stringify(s)}`);
        await act(ACT.searchLink, 'jug');
        s = await until('the link search', (st) => st.linkMatches.length > 0);
        check(JSON.stringify(s.linkMatches) === JSON.stringify([JUG.sku]), `searching "jug" should offer ${JUG.sku}: ${JSON.stringify(s.linkMatches)}`);
        await shot('link');
        await act(ACT.link, '', 0);
        s = await until('the link', (st) => st.linkCode === '' && st.last.sku === JUG.sku);
        check(s.last.ok && s.last.message.startsWith(`Linked ${UNKNOWN} to ${JUG.sku}.`), `linking should apply the scan: ${JSON.stringify(s.last)}`);
        s = await wedge(UNKNOWN);
        check(s.last.ok && s.last.sku === JUG.sku, `the next scan of ${UNKNOWN} should resolve to ${JUG.sku}: ${JSON.stringify(s.last)}`);
        // Saved on the device by the scan itself, with no sync (the page is signed in, but
        // nothing here asks it to sync).
        await waitFor('the link to be saved', (n) => Module._stocktake_storage_state() === n, STORAGE_SAVED);
        await page.reload({ waitUntil: 'load' });
        await harness.openApp(page, server.url, state);
        await page.evaluate(() => Module._stocktake_scanner_show());
        await waitFor('the Scanner screen', (n) => Module._stocktake_screen() === n, SCREEN_SCANNER, 10000);
        check(await harness.onHand(page, MUG.sku) === 4 && await harness.onHand(page, BOWL.sku) === 5,
            'after a reload the scans (receive, ship, move, count) should all be there');
        s = await wedge(UNKNOWN);
        check(s.last.ok && s.last.sku === JUG.sku, `after a reload ${UNKNOWN} should still resolve to ${JUG.sku}: ${JSON.stringify(s.last)}`);
        log(`unknown ${UNKNOWN} linked to ${JUG.sku}; it resolves after a reload`);

        // ---- 7: an FBA label (FNSKU) resolves to its SKU ----
        s = await wedge(FBA.fnsku);
        check(s.last.ok && s.last.sku === FBA.sku && s.last.message === 'On hand: 0 (no stock at any of your locations)', `the FNSKU ${FBA.fnsku} should resolve to ${FBA.sku}: ${JSON.stringify(s.last)}`);
        await shot('fnsku');
        log(`FNSKU ${FBA.fnsku} -> ${s.last.sku} "${s.last.name}"`);

        check(pageErrors.length === 0, `the page reported errors:\n  ${pageErrors.join('\n  ')}`);
        log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = harness.parseServerArgs(process.argv.slice(2), 'scanner_modes.mjs');
harness.main(() => run(args));
