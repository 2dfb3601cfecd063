#!/usr/bin/env node
// Browser end-to-end test of the channels' bulk files and the reallocation pull (issue 5
// items 4 and 5): playwright-core drives Debian's Chromium against the real `stocktake serve`.
//
//   node tests/e2e/channels_files.mjs --server build/native/stocktake --public public [--headed]
//
// Another device (a channel integration) pushes a product, stock in two locations and one
// listing of it on each of Amazon, eBay, Shopify and Woot through the server; the page
// signs in and syncs them in. On the Channels screen each channel's file button is pressed
// (through the test hook that posts what the button posts) and the browser's download is
// captured (Playwright's download event): the Amazon price & quantity TSV (its three header
// lines, and a quantity and a price file), the eBay File Exchange CSV, the Shopify inventory
// CSV and the Woot CSV; each header is checked against the marketplace's and the product's
// row against what the engine's simulator says the channel would show (and the listing's id
// and price). Reallocation: a SKU pushed from Amazon is pulled by eBay after the preview,
// moving listed quantity (Amazon's listing down, eBay's up by as much, audited as a move);
// a second entry pulled by Woot as a ledger transfer moves on-hand between the locations.
// Screenshots: tests/e2e/out/channels-*-390.png. Exits non-zero on the first failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as harness from './harness.mjs';
import { SCANNER_ACTION as ACT, check, launchBrowser, log, sleep, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

const SKU = 'CH-1';
const NAME = 'Channel files teapot';
const STOCK = { MAIN: 10, BACK: 4 };
// One listing per channel: [channel, marketplace, listing id, price in cents, listed quantity].
const LISTINGS = [
    ['amazon', 'US', 'AMZ-LISTING-1', 2499, 8],
    ['ebay', 'EBAY-US', '110000000001', 2599, 2],
    ['shopify', 'Main Street shop', 'channel-files-teapot', 2699, 3],
    ['woot', 'US', 'WOOT-1', 1999, 0],
];
const CHANNELS = ['amazon', 'ebay', 'shopify', 'woot'];  // Engine::Channels(), by id
const KIND = { quantity: 0, price: 1 };  // engine::BulkFileKind
const ACTION = { showScreen: 8, syncNow: 15, openChannel: 19, pushReallocation: 25 };
const SCREEN = { reallocation: 6, channels: 7 };

const state = () => ({
    ready: Module._stocktake_ready(),
    screen: Module._stocktake_screen(),
    listings: Module._stocktake_listing_count(),
    signedIn: Module._stocktake_sync_signed_in(),
    downloads: Module._stocktake_downloads(),
});

let page = null;
const waitFor = (description, predicate, arg = null, timeout = 30000) =>
    harness.waitFor(page, description, predicate, arg, timeout, state);
const action = (n, a = 0, b = 0) => page.evaluate(([x, y, z]) => Module._stocktake_action(x, y, z), [n, a, b]);
const scanner = (sku = '') => harness.scannerModesState(page, sku);
const act = (n, text = '', number = 0) => harness.scannerModesAction(page, n, text, number);
const until = (description, done, sku = '') => harness.untilScannerState(page, description, done, sku);

async function showScreen(screen) {
    await action(ACTION.showScreen, screen);
    await waitFor(`screen ${screen}`, (n) => Module._stocktake_screen() === n, screen, 10000);
}

// The channel's simulated listing of SKU, once the Channels screen shows that channel.
async function openChannel(channel) {
    await action(ACTION.openChannel, CHANNELS.indexOf(channel));
    const s = await until(`the ${channel} simulation`, (st) => st.channels.shown === channel &&
        st.channels.simulation.some((l) => l.sku === SKU));
    return { listing: s.channels.simulation.find((l) => l.sku === SKU), index: s.channels.simulation.findIndex((l) => l.sku === SKU) };
}

// Presses the channel's file button and returns the downloaded file's name and lines.
async function download(channel, kind) {
    const [file] = await Promise.all([
        page.waitForEvent('download', { timeout: 15000 }),
        act(ACT.downloadFile, channel, kind),
    ]);
    const text = fs.readFileSync(await file.path(), 'utf8');
    // The CSVs start with a BOM and end lines with CRLF, Amazon's TSV has neither
    // (docs/FORMATS.md, "Channel bulk files").
    const bom = text.startsWith('\uFEFF');
    const body = bom ? text.slice(1) : text;
    return { name: file.suggestedFilename(), bom, crlf: body.includes('\r\n'), lines: body.split(/\r?\n/).filter((l) => l !== '') };
}

// A CSV line of plain cells (these files quote nothing here: no commas or quotes in them).
const cells = (line, sep = ',') => line.split(sep);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
// The same fields with the same values, in any order (the app's JSON sorts its keys).
const sameFields = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.keys(b).every((k) => a[k] === b[k]);

function seedOps() {
    const other = harness.otherDevice('e2e6');
    const at = new Date(other.now - 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    other.add('product', [SKU], { name: NAME, _deleted: false });
    for (const [id, units] of Object.entries(STOCK)) {
        other.add('location', [id], { parent_id: null, name: id, kind: 'warehouse', _deleted: false });
        other.add('movement', [`seed-${id}`], {
            id: `seed-${id}`, sku: SKU, location: id, delta: units, kind: 'receive', reason: 'seed',
            reference: '', lot: '', expiry: '', occurred_at: at, recorded_by: 'e2e', device: other.device,
        });
    }
    for (const [channel, marketplace, listingId, price, quantity] of LISTINGS) {
        other.add('listing', [SKU, channel, marketplace], {
            listing_id: listingId, asin: '', price_minor: price, quantity, fulfillment: 'merchant',
            status: 'Active', opened_at: at, currency: 'USD', _deleted: false,
        });
    }
    return other;
}

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-channels-'));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);

    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        server = await startServer({ server: args.server, publicDir: args.public, dataDir, logFile: path.join(outDir, 'channels-server.log') });
        const email = 'owner@channels-e2e.example';
        const password = 'correct horse battery';
        const registered = await harness.api(server, 'POST', 'api/v1/auth/register', null, { org_name: 'Channels E2E Ltd', email, password });
        check(registered.status === 201, `registering should answer 201, it answered ${registered.status}: ${registered.text}`);
        const other = seedOps();
        const pushed = await harness.api(server, 'POST', 'api/v1/sync/push', registered.json.access_token, { device: other.device, ops: other.ops });
        check(pushed.status === 200 && pushed.json.accepted === other.ops.length,
            `the seed push should accept ${other.ops.length} ops, it answered ${pushed.status}: ${pushed.text}`);

        browser = await launchBrowser(args.headed);
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
        page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(e.message));
        page.on('console', (m) => {
            if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
        });
        await harness.openApp(page, server.url, state);
        await harness.signIn(page, email, password);
        await waitFor('sign-in', () => Module._stocktake_sync_signed_in() === 1);
        const total = STOCK.MAIN + STOCK.BACK;
        for (let i = 0; ; i++) {
            const s = await page.evaluate(state);
            if (s.listings >= LISTINGS.length && await harness.onHand(page, SKU) === total) break;
            check(i < 60, `the other device's listings and stock should sync in; app state ${JSON.stringify(s)}`);
            await action(ACTION.syncNow);
            await sleep(500);
        }
        await showScreen(SCREEN.channels);
        log(`synced in ${SKU} with ${total} on hand and a listing on each of ${CHANNELS.join(', ')}`);

        // ---- 9: each channel's file, as the browser downloads it ----
        const expect = {};
        for (const [channel, marketplace, listingId, price] of LISTINGS) {
            const { listing } = await openChannel(channel);
            check(listing.wouldShow === total, `${channel} would show all ${total} available by default, the simulator says ${listing.wouldShow}`);
            expect[channel] = { marketplace, listingId, price: (price / 100).toFixed(2), shows: String(listing.wouldShow) };
        }
        await openChannel('amazon');
        let file = await download('amazon', KIND.quantity);
        check(file.name === 'amazon_quantity.txt' && !file.bom && !file.crlf, `the Amazon file should be amazon_quantity.txt, LF, no BOM: ${JSON.stringify(file)}`);
        check(file.lines[0].startsWith('TemplateType=PriceInventory\tVersion=2018.0924\t'), `Amazon's first line names the template: ${file.lines[0]}`);
        check(same(cells(file.lines[2], '\t'), ['sku', 'price', 'minimum-seller-allowed-price', 'maximum-seller-allowed-price', 'quantity', 'handling-time', 'fulfillment-channel']),
            `Amazon's third line names the fields: ${file.lines[2]}`);
        check(same(cells(file.lines[3], '\t'), [SKU, '', '', '', expect.amazon.shows, '', 'DEFAULT']), `Amazon's row should set ${SKU}'s quantity to ${expect.amazon.shows}: ${file.lines[3]}`);
        check(file.lines.length === 4, `the Amazon file has one listing: ${file.lines.length - 3} rows`);
        await harness.screenshot(page, outDir, 'channels-amazon-390.png');
        file = await download('amazon', KIND.price);
        check(file.name === 'amazon_price.txt' && same(cells(file.lines[3], '\t'), [SKU, expect.amazon.price, '', '', '', '', '']),
            `Amazon's price file should set ${SKU}'s price to ${expect.amazon.price}: ${file.name} ${file.lines[3]}`);
        log(`amazon_quantity.txt and amazon_price.txt: 3 header lines, ${SKU} quantity ${expect.amazon.shows}, price ${expect.amazon.price}`);

        await openChannel('ebay');
        file = await download('ebay', KIND.quantity);
        check(file.name === 'ebay_quantity.csv' && file.bom && file.crlf, `the eBay file should be ebay_quantity.csv, BOM, CRLF: ${JSON.stringify(file)}`);
        check(same(cells(file.lines[0]), ['*Action(SiteID=US|Country=US|Currency=USD|Version=1193)', 'ItemID', 'CustomLabel', 'Quantity', 'StartPrice']),
            `eBay's header: ${file.lines[0]}`);
        check(same(cells(file.lines[1]), ['Revise', expect.ebay.listingId, SKU, expect.ebay.shows, '']), `eBay's row: ${file.lines[1]}`);
        log(`ebay_quantity.csv: File Exchange header, Revise ${expect.ebay.listingId} ${SKU} to ${expect.ebay.shows}`);

        await openChannel('shopify');
        file = await download('shopify', KIND.quantity);
        const shopifyHeader = ['Handle', 'Title', 'Option1 Name', 'Option1 Value', 'Option2 Name', 'Option2 Value',
            'Option3 Name', 'Option3 Value', 'SKU', 'HS Code', 'COO', 'Location', 'Bin name', 'Incoming (not editable)',
            'Unavailable (not editable)', 'Committed (not editable)', 'Available (not editable)', 'On hand (current)', 'On hand (new)'];
        check(file.name === 'shopify_quantity.csv' && file.bom && file.crlf && same(cells(file.lines[0]), shopifyHeader), `Shopify's inventory header: ${file.name} ${file.lines[0]}`);
        const row = cells(file.lines[1]);
        check(row.length === 19 && row[0] === expect.shopify.listingId && row[1] === NAME && row[8] === SKU &&
            row[11] === expect.shopify.marketplace && row[18] === expect.shopify.shows, `Shopify's row: ${file.lines[1]}`);
        log(`shopify_quantity.csv: inventory header, ${SKU} at "${row[11]}" on hand (new) ${row[18]}`);

        await openChannel('woot');
        file = await download('woot', KIND.quantity);
        check(file.name === 'woot_quantity.csv' && file.bom && file.crlf && same(cells(file.lines[0]), ['sku', 'quantity', 'price']), `Woot's header: ${file.name} ${file.lines[0]}`);
        check(same(cells(file.lines[1]), [SKU, expect.woot.shows, '']), `Woot's row: ${file.lines[1]}`);
        log(`woot_quantity.csv: ${file.lines[1]}`);

        // ---- 8: reallocation: push from Amazon, pull to eBay (listed quantity) ----
        let { index } = await openChannel('amazon');
        await action(ACTION.pushReallocation, index, 5);
        await showScreen(SCREEN.reallocation);
        let s = await until('the pushed entry', (st) => st.reallocation.entries.length === 1);
        check(s.reallocation.entries[0].state === 'open' && s.reallocation.entries[0].quantity === 5, `one open entry of 5: ${JSON.stringify(s.reallocation.entries)}`);
        await harness.screenshot(page, outDir, 'channels-reallocation-open-390.png');
        await act(ACT.previewPull, 'ebay', 3);
        s = await until('the pull preview', (st) => st.reallocation.preview !== '');
        check(s.reallocation.preview === `amazon's listed quantity of ${SKU} goes down by 3 and ebay's goes up by as much.`,
            `the preview should say what moves: "${s.reallocation.preview}"`);
        check(s.reallocation.moves.length === 0, 'nothing moves before the pull is confirmed');
        await act(ACT.confirmPull);
        s = await until('the pull', (st) => st.reallocation.moves.length === 1);
        check(sameFields(s.reallocation.moves[0], { sku: SKU, from: 'amazon', to: 'ebay', quantity: 3, kind: 'listing_quantity' }) &&
            s.reallocation.entries[0].state === 'taken' && !s.reallocation.outcomeIsError,
            `the pull should be audited and take the entry: ${JSON.stringify(s.reallocation)}`);
        await harness.screenshot(page, outDir, 'channels-reallocation-390.png');
        await showScreen(SCREEN.channels);
        const amazon = (await openChannel('amazon')).listing;
        const ebay = (await openChannel('ebay')).listing;
        check(amazon.listed === LISTINGS[0][4] - 3 && ebay.listed === LISTINGS[1][4] + 3,
            `Amazon's listed quantity should go ${LISTINGS[0][4]} -> ${LISTINGS[0][4] - 3} and eBay's ${LISTINGS[1][4]} -> ${LISTINGS[1][4] + 3}: ${amazon.listed}, ${ebay.listed}`);
        check(await harness.onHand(page, SKU) === total, 'moving listed quantity moves no stock');
        log(`pull of 3 to eBay: amazon listed ${LISTINGS[0][4]} -> ${amazon.listed}, ebay ${LISTINGS[1][4]} -> ${ebay.listed}`);

        // ---- a second entry, pulled by Woot as a ledger transfer MAIN -> BACK ----
        index = (await openChannel('ebay')).index;
        await action(ACTION.pushReallocation, index, 2);
        await showScreen(SCREEN.reallocation);
        s = await until('the second entry', (st) => st.reallocation.entries.some((e) => e.state === 'open'));
        await act(ACT.previewPull, 'woot|MAIN|BACK', 2);
        s = await until('the transfer preview', (st) => st.reallocation.preview !== '');
        check(s.reallocation.preview === `2 unit(s) of ${SKU} move from MAIN to BACK (a ledger transfer) for woot.`, `transfer preview: "${s.reallocation.preview}"`);
        await act(ACT.confirmPull);
        s = await until('the transfer', (st) => st.reallocation.moves.length === 2, SKU);
        // Newest first by the instant, which has whole seconds: two pulls in one second may
        // list either way, so the transfer is found by its kind.
        const transferMove = s.reallocation.moves.find((m) => m.kind === 'transfer');
        check(transferMove !== undefined && sameFields(transferMove, { sku: SKU, from: 'ebay', to: 'woot', quantity: 2, kind: 'transfer' }), `the transfer's audit: ${JSON.stringify(s.reallocation.moves)}`);
        check(s.levels.MAIN === STOCK.MAIN - 2 && s.levels.BACK === STOCK.BACK + 2, `the transfer should move 2 MAIN -> BACK: ${JSON.stringify(s.levels)}`);
        await harness.screenshot(page, outDir, 'channels-reallocation-moves-390.png');
        log(`pull of 2 to Woot as a transfer: on-hand ${JSON.stringify(s.levels)}`);

        check(pageErrors.length === 0, `the page reported errors:\n  ${pageErrors.join('\n  ')}`);
        log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = harness.parseServerArgs(process.argv.slice(2), 'channels_files.mjs');
harness.main(() => run(args));
