// End-to-end test of the catalogue screens (issue 8 items 1 and 2): Dashboard, Products,
// Product detail, Stock & locations, and the phone platform (touch, on-screen keyboard,
// a 390 px layout).
//
// What it checks, in order, on a laptop-sized page (1280x800):
// - the Dashboard's empty state before any import; then the small Amazon fixture and a
//   catalogue CSV with GTINs and costs are imported;
// - the Dashboard's tiles equal what the engine says: SKUs = products imported, aged / out
//   of stock / slow movers = the Insights screen's counts after "Refresh insights" (aged =
//   every active fixture listing), units and stock value = what the counts below recorded;
// - Stock & locations: a warehouse and a bin are added (a duplicate id is refused with an
//   error); a count is previewed (nothing moves until Confirm) and confirmed: on-hand
//   (stocktake_on_hand) becomes the count; a transfer with 0 units and one of an unknown SKU
//   are refused, saying why; a transfer is previewed and confirmed: the bin holds what moved
//   and the total is unchanged;
// - Products: typing a GTIN into the search box (a real click and real keys) finds exactly
//   its product; a click selects the row and Enter opens its detail; the list price's inline
//   editor (key "p") refuses "1.2.3" with its error shown and the typed text kept, then saves
//   12.75; the name editor refuses an empty name;
// - Product detail: listings, stock per location, the ledger of "why is on-hand N" at all
//   locations and at one bin, metrics; after a reload the edit and the stock are still there;
// - on a phone-sized touch page (390x844, devicePixelRatio 3): a tap on a row selects it, a
//   swipe scrolls the table, a tap on the search box focuses the hidden text input that
//   brings up the on-screen keyboard, and text typed there (input events, as a phone's
//   keyboard sends them) filters the table;
// - screenshots of each screen at 1280x800 and 390x844 in tests/e2e/out/catalog-*.png, and
//   no errors on the page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SMALL, namedReport } from './fixtures.mjs';
import * as harness from './harness.mjs';
import { check, launchBrowser, log, sleep, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

const SCREEN = { products: 0, insights: 1, dashboard: 9, detail: 10, stock: 11 };  // Screen
const ACTION = { showScreen: 8, refreshInsights: 9 };  // TestAction (web/platform/platform.h)
const KIND = { slowMover: 0, outOfStock: 1, agedListing: 2 };  // engine::InsightKinds()
// CatalogTestAction (web/app/app_catalog_test.cpp).
const CATALOG = {
    openProduct: 1, saveField: 2, salesWindow: 3, explain: 4, addLocation: 5,
    previewTransfer: 6, previewCount: 7, confirm: 8, cancel: 9,
};

// A seller's catalogue with barcodes and costs (a generic CSV: its columns map by name).
const CATALOGUE = [
    ['CAT-001', 'Oak shelf bracket (pair)', '4006381333931', '8.99', '3.20'],
    ['CAT-002', 'Brass hook', '5901234123457', '2.50', '0.80'],
];
const catalogueCsv = () => ['sku,name,gtin,price,cost']
    .concat(CATALOGUE.map((r) => r.join(','))).join('\n') + '\n';

// --- the app, through its exported test hooks ----------------------------------------
const state = () => ({
    ready: Module._stocktake_ready(),
    listings: Module._stocktake_listing_count(),
    screen: Module._stocktake_screen(),
    visibleRows: Module._stocktake_visible_rows(),
    storage: Module._stocktake_storage_state(),
    catalog: JSON.parse(UTF8ToString(Module._stocktake_catalog_state())),
});
const STORAGE_SAVED = 3;

const catalogState = (page) =>
    page.evaluate(() => JSON.parse(UTF8ToString(Module._stocktake_catalog_state())));
const waitFor = (page, description, predicate, arg = null, timeout = 20000) =>
    harness.waitFor(page, description, predicate, arg, timeout, state);
// Waits until the catalogue state satisfies `test` (an expression over `s` and `arg`). Polls
// from here with page.evaluate: page.waitForFunction missed states right after input events
// here (it timed out with the state already true).
async function waitCatalog(page, description, test, arg = null, timeout = 20000) {
    const predicate = new Function('s', 'arg', `return (${test});`);
    const deadline = Date.now() + timeout;
    let s = null;
    for (;;) {
        s = await catalogState(page);
        if (predicate(s, arg)) return s;
        if (Date.now() > deadline) {
            throw new harness.TestFailure(`timed out waiting for ${description}; catalogue state ${JSON.stringify(s)}`);
        }
        await sleep(50);
    }
}
const action = (page, n, a = 0, b = 0) =>
    page.evaluate(([x, y, z]) => Module._stocktake_action(x, y, z), [n, a, b]);
const catalogAction = (page, n, a = '', b = '', c = '', number = 0) =>
    page.evaluate(([n, a, b, c, number]) => {
        const ptrs = [a, b, c].map((t) => stringToNewUTF8(t));
        Module._stocktake_catalog_action(n, ptrs[0], ptrs[1], ptrs[2], number);
        ptrs.forEach((p) => Module._free(p));
    }, [n, a, b, c, number]);
const onHand = (page, sku) => harness.onHand(page, sku);

async function show(page, screen, name) {
    await action(page, ACTION.showScreen, screen);
    await waitFor(page, `the ${name} screen`, (n) => Module._stocktake_screen() === n, screen);
    await harness.framesDrawn(page);  // what the tests click was laid out by a drawn frame
}

async function shot(page, name) {
    await harness.screenshot(page, outDir, name, 400);
}

async function laptop(browser, server, tmp) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    await harness.openApp(page, server.url, state);

    // --- Dashboard, empty ---------------------------------------------------------------
    await show(page, SCREEN.dashboard, 'Dashboard');
    await shot(page, 'catalog-dashboard-empty-1280.png');

    const report = path.join(tmp, 'All+Listings+Report+catalog.txt');
    fs.writeFileSync(report, SMALL.text(), 'utf8');
    const catalogue = path.join(tmp, 'my-catalogue.csv');
    fs.writeFileSync(catalogue, catalogueCsv(), 'utf8');
    await harness.importReport(page, report, state);
    await harness.importReport(page, catalogue, state);
    const products = SMALL.goodRows + CATALOGUE.length;

    // --- Dashboard ------------------------------------------------------------------------
    await show(page, SCREEN.dashboard, 'Dashboard');
    await waitCatalog(page, `the dashboard to count ${products} SKUs`, 's.dashboardLoaded && s.skus === arg', products);
    await action(page, ACTION.refreshInsights);
    await waitFor(page, 'insights to refresh', () => Module._stocktake_insight_refreshes() >= 1);
    await harness.framesDrawn(page);
    await waitCatalog(page, 'the dashboard to count the insights', 's.aged >= 0 && s.toReorder >= 0');
    let s = await catalogState(page);
    const counts = await page.evaluate((k) => k.map((i) => Module._stocktake_insight_count(i)),
        [KIND.slowMover, KIND.outOfStock, KIND.agedListing]);
    check(s.aged === SMALL.agedRows && s.aged === counts[2],
        `the Aged tile should show the ${SMALL.agedRows} aged fixture listings (Insights says ${counts[2]}), it shows ${s.aged}`);
    check(s.outOfStock === counts[1], `the Out of stock tile shows ${s.outOfStock}, the Insights screen ${counts[1]}`);
    check(s.slowMovers === counts[0], `the Slow movers tile shows ${s.slowMovers}, the Insights screen ${counts[0]}`);
    check(s.unitsOnHand === 0 && s.valueAtCostE4 === 0, `nothing is in stock yet: units ${s.unitsOnHand}, value ${s.valueAtCostE4}`);
    check(s.salesDays === 30 && s.salesPoints === 30 && s.salesTotal === 0,
        `the sales chart should have 30 empty days, it has ${s.salesPoints} days, ${s.salesTotal} units`);
    await catalogAction(page, CATALOG.salesWindow, '', '', '', 90);
    await waitCatalog(page, 'the 90-day sales chart', 's.salesPoints === 90 && s.salesDays === 90');
    log(`dashboard: ${s.skus} SKUs, ${s.aged} aged, ${s.outOfStock} out of stock, ${s.slowMovers} slow, ${s.toReorder} to reorder (= Insights); 30/90-day chart`);

    // --- Stock & locations ------------------------------------------------------------------
    await show(page, SCREEN.stock, 'Stock & locations');
    await waitCatalog(page, 'the stock screen to load', 's.locations === 0');
    await shot(page, 'catalog-stock-empty-1280.png');
    await catalogAction(page, CATALOG.addLocation, 'MAIN', '', 'Main warehouse');
    await waitCatalog(page, 'the warehouse', 's.locations === 1');
    await catalogAction(page, CATALOG.addLocation, 'MAIN/A-01', 'MAIN', 'Bin A-01');
    await waitCatalog(page, 'the bin', 's.locations === 2');
    await catalogAction(page, CATALOG.addLocation, 'MAIN', '', 'Again');
    await waitCatalog(page, 'the duplicate location to be refused', 's.stockMessageIsError && s.stockMessage.includes("already")');
    check((await catalogState(page)).locations === 2, 'a refused location must not be added');

    await catalogAction(page, CATALOG.previewCount, 'CAT-001', 'MAIN', '', 10);
    await waitCatalog(page, 'the count preview', 's.stockPending && s.pendingSummary.includes("+10")');
    check(await onHand(page, 'CAT-001') === 0, 'a previewed count must not change stock before Confirm');
    await shot(page, 'catalog-stock-preview-1280.png');
    await catalogAction(page, CATALOG.confirm);
    await waitFor(page, 'the count to set on-hand to 10', () => {
        const p = stringToNewUTF8('CAT-001');
        const v = Module._stocktake_on_hand(p);
        Module._free(p);
        return v === 10;
    });

    await catalogAction(page, CATALOG.previewTransfer, 'CAT-001', 'MAIN', 'MAIN/A-01', 0);
    await waitCatalog(page, 'a 0-unit transfer to be refused', 's.stockMessageIsError && !s.stockPending && s.stockMessage.includes("above 0")');
    await catalogAction(page, CATALOG.previewTransfer, 'NOPE-404', 'MAIN', 'MAIN/A-01', 2);
    await waitCatalog(page, 'an unknown SKU to be refused', 's.stockMessageIsError && s.stockMessage.includes("NOPE-404")');
    await catalogAction(page, CATALOG.previewTransfer, 'CAT-001', 'MAIN', 'MAIN/A-01', 3);
    await waitCatalog(page, 'the transfer preview', 's.stockPending && s.pendingSummary.includes("(10 -> 7)") && s.pendingSummary.includes("(0 -> 3)")');
    const changes = (await catalogState(page)).stockChanges;
    await catalogAction(page, CATALOG.confirm);
    await waitCatalog(page, 'the transfer to be recorded', '!s.stockPending && s.stockChanges === arg + 1 && s.stockLevels === 2', changes);
    check(await onHand(page, 'CAT-001') === 10, 'a transfer must keep the total on-hand (10)');
    await shot(page, 'catalog-stock-1280.png');
    log('stock: warehouse + bin added (duplicate refused), count 10 previewed then recorded, bad transfers refused, 3 moved MAIN -> MAIN/A-01');

    await show(page, SCREEN.dashboard, 'Dashboard');
    await waitCatalog(page, 'the dashboard to value the stock', 's.unitsOnHand === 10 && s.valueAtCostE4 === 10 * 32000');
    await shot(page, 'catalog-dashboard-1280.png');
    log('dashboard: 10 units on hand, valued at 10 x 3.20 = 32.00');

    // --- Products: search by GTIN, select, open, inline edit -------------------------------
    await show(page, SCREEN.products, 'Products');
    await waitCatalog(page, 'the search box to be drawn', 's.filterX > 0');
    s = await catalogState(page);
    await page.mouse.click(s.filterX, s.filterY);
    await page.keyboard.type(CATALOGUE[1][2], { delay: 20 });
    await waitFor(page, 'the GTIN search to find one product', () => Module._stocktake_visible_rows() === 1);
    await shot(page, 'catalog-products-gtin-1280.png');
    s = await catalogState(page);
    await page.mouse.move(s.rowX, s.rowY);
    await sleep(100);
    await page.mouse.click(s.rowX, s.rowY);
    await waitCatalog(page, 'the row to be selected', 's.selectedSku === arg', CATALOGUE[1][0], 30000);
    await page.keyboard.press('Enter');
    await waitFor(page, 'Enter to open the product', (n) => Module._stocktake_screen() === n, SCREEN.detail);
    await waitCatalog(page, 'its detail', 's.detailLoaded && s.detailFound && s.detailName === arg', CATALOGUE[1][1]);
    await show(page, SCREEN.products, 'Products');

    await waitCatalog(page, 'the selection to stay', 's.selectedSku === arg', CATALOGUE[1][0]);
    await page.keyboard.press('p');
    await waitCatalog(page, 'the list price editor to open', 's.editing');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1.2.3', { delay: 20 });
    await page.keyboard.press('Enter');
    await waitCatalog(page, 'the bad price to be refused in place', 's.editing && s.editError.includes("12.99")');
    await shot(page, 'catalog-products-edit-error-1280.png');
    const beforeSave = await catalogState(page);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12.75', { delay: 20 });
    await page.keyboard.press('Enter');
    await waitCatalog(page, 'the price to save', '!s.editing && s.editOk && s.editError === ""');
    await harness.framesDrawn(page);
    s = await catalogState(page);
    // The table shows the new price having read only the edited product's rows again.
    check(s.selectedListPrice === 1275 && s.listingsPatches === beforeSave.listingsPatches + 1 &&
        s.listingsFullReads === beforeSave.listingsFullReads,
        `after the edit the table should patch its one row to 12.75 without reading every row: ${JSON.stringify(s)}`);
    await page.keyboard.press('e');
    await waitCatalog(page, 'the name editor to open', 's.editing');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await waitCatalog(page, 'an empty name to be refused', 's.editing && s.editError.includes("name")');
    await page.keyboard.press('Escape');
    await waitCatalog(page, 'Escape to close the editor', '!s.editing');
    log('products: the GTIN search finds its product; click + Enter open it; "1.2.3" refused in place, 12.75 saved; an empty name refused');

    // --- Product detail ---------------------------------------------------------------------
    await catalogAction(page, CATALOG.openProduct, 'CAT-001');
    await waitCatalog(page, 'the detail of CAT-001', 's.detailLoaded && s.detailFound && s.detailLevels === 2 && s.detailLedgerSum === 10');
    s = await catalogState(page);
    check(s.detailLedger === 3 && s.detailMetrics >= 1 && s.detailRows === 1,
        `CAT-001: expected 3 movements (count, transfer out, in), metrics and 1 row; got ${JSON.stringify(s)}`);
    await catalogAction(page, CATALOG.explain, 'MAIN/A-01');
    await waitCatalog(page, 'why on-hand is 3 at MAIN/A-01', 's.detailLoaded && s.detailLedger === 1 && s.detailLedgerSum === 3');
    await shot(page, 'catalog-detail-1280.png');
    log('detail: CAT-001 on-hand 10 = count +10, transfer -3 +3; 3 at MAIN/A-01 from one transfer');

    // --- A reload keeps the edit and the stock ---------------------------------------------
    await waitFor(page, 'the changes to be saved', (n) => Module._stocktake_storage_state() === n, STORAGE_SAVED);
    await page.reload({ waitUntil: 'load' });
    await harness.openApp(page, server.url, state);
    await catalogAction(page, CATALOG.openProduct, CATALOGUE[1][0]);
    await waitCatalog(page, 'the edited product after a reload', 's.detailLoaded && s.detailFound');
    s = await catalogState(page);
    check(s.detailListPrice === 1275, `after a reload the list price should be 12.75, it is ${s.detailListPrice}`);
    check(await onHand(page, 'CAT-001') === 10, 'after a reload CAT-001 should still have 10 on hand');
    log('reload: the list price 12.75 and the stock are still there');
    await context.close();
    return errors;
}

async function phone(browser, server, tmp) {
    const context = await browser.newContext({
        viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    await harness.openApp(page, server.url, state);
    const rows = 300;
    const report = path.join(tmp, 'All+Listings+Report+phone.txt');
    fs.writeFileSync(report, namedReport(rows, 'MOB'), 'utf8');
    await harness.importReport(page, report, state);
    const catalogue = path.join(tmp, 'phone-catalogue.csv');
    fs.writeFileSync(catalogue, catalogueCsv(), 'utf8');
    await harness.importReport(page, catalogue, state);

    await show(page, SCREEN.dashboard, 'Dashboard');
    await waitCatalog(page, 'the dashboard', 's.dashboardLoaded && s.skus === arg', rows + CATALOGUE.length);
    await shot(page, 'catalog-dashboard-390.png');

    await show(page, SCREEN.products, 'Products');
    await waitCatalog(page, 'the table to be drawn', 's.rowX > 0 && s.filterX > 0');
    await shot(page, 'catalog-products-390.png');
    let s = await catalogState(page);
    await page.touchscreen.tap(s.rowX, s.rowY);
    await waitCatalog(page, 'a tap to select the first row', 's.selectedSku !== ""');
    log(`phone: a tap selected ${(await catalogState(page)).selectedSku}`);

    // A swipe up (finger from low to high) scrolls the table down.
    const cdp = await context.newCDPSession(page);
    const x = s.rowX;
    const y0 = s.rowY + 300;
    // The first move goes out with the start, not a round trip later: on a loaded machine a
    // round trip can outlast the 0.4 s after which a still finger presses (touch_input.cpp).
    await Promise.all([
        cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] }),
        cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 - 25 }] }),
    ]);
    for (let i = 2; i <= 10; i++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 - i * 25 }] });
        await sleep(20);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await waitCatalog(page, 'the swipe to scroll the table', 's.tableScrollY > 100');
    const selectedBefore = s.selectedSku;
    s = await catalogState(page);
    check(s.selectedSku !== '' && (selectedBefore === '' || s.selectedSku === (await catalogState(page)).selectedSku),
        'a swipe must not click a row');
    log(`phone: a swipe scrolled the table by ${s.tableScrollY.toFixed(0)} px`);

    await page.touchscreen.tap(s.filterX, s.filterY);
    await waitFor(page, 'the on-screen keyboard input to get the focus',
        () => document.activeElement && document.activeElement.id === 'st-text-input');
    // A phone's keyboard sends input events (no keypress): type "MOB-29" that way.
    await page.evaluate((text) => {
        const input = document.getElementById('st-text-input');
        for (const ch of text) {
            input.value = ' ' + ch;
            input.dispatchEvent(new InputEvent('input', { data: ch, inputType: 'insertText', bubbles: true }));
        }
    }, 'MOB-29');
    // MOB-29 and MOB-290..MOB-299.
    await waitFor(page, 'the typed search to filter the table', () => Module._stocktake_visible_rows() === 11);
    await page.evaluate(() => {
        const input = document.getElementById('st-text-input');
        input.dispatchEvent(new InputEvent('input', { inputType: 'deleteContentBackward', bubbles: true }));
    });
    await waitFor(page, 'Backspace from the keyboard to widen the search', () => Module._stocktake_visible_rows() > 11);
    await shot(page, 'catalog-products-search-390.png');
    log('phone: tapping the search box focused the keyboard input; its text and Backspace reached the search');

    await catalogAction(page, CATALOG.openProduct, CATALOGUE[0][0]);
    await waitCatalog(page, 'the detail', 's.detailLoaded && s.detailFound');
    await shot(page, 'catalog-detail-390.png');
    await show(page, SCREEN.stock, 'Stock & locations');
    await catalogAction(page, CATALOG.addLocation, 'MAIN', '', 'Main warehouse');
    await waitCatalog(page, 'the warehouse', 's.locations === 1');
    await shot(page, 'catalog-stock-390.png');
    await context.close();
    return errors;
}

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-catalog-'));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    let server = null;
    let browser = null;
    try {
        server = await startServer({ server: args.server, publicDir: args.public, dataDir, logFile: path.join(outDir, 'catalog-server.log') });
        browser = await launchBrowser(args.headed);
        const errors = (await laptop(browser, server, tmp)).concat(await phone(browser, server, tmp));
        check(errors.length === 0, `the pages reported errors:\n  ${errors.join('\n  ')}`);
        log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = harness.parseServerArgs(process.argv.slice(2), 'views_catalog.mjs');
harness.main(() => run(args));
