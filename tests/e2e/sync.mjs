#!/usr/bin/env node
// Browser end-to-end test of sync between two devices: playwright-core drives Debian's
// Chromium against the real `stocktake serve`.
//
//   node tests/e2e/sync.mjs --server build/native/stocktake --public public [--headed]
//
// What it checks: an organisation registered over the API (POST /api/v1/auth/register);
// two browser contexts (two devices, separate storage) sign in through the test hook and
// each finishes a first sync; both go offline (context.setOffline) and each imports a
// different small Amazon report through the file input, so each has changes waiting to be
// sent, and after "Sync now" each reports itself offline; back online, "Sync now" (repeated,
// bounded) brings both to the union of both devices' listings with nothing pending; one
// device reloads and still has the data and is still signed in. Screenshots of the Sync
// screen (signed in, offline, synced; 1280 and 390 px wide) go to tests/e2e/out/sync-*.png
// and must not be blank. Then a ShipStation shipment (issue 7): stock received on another
// device reaches device A by sync; a signed inline shipment webhook for 3 of those units is
// processed by the server, and device A's on-hand drops by exactly 3 at its next sync.
// Exits non-zero on the first failure; every wait is bounded.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SMALL, namedReport } from './fixtures.mjs';
import * as harness from './harness.mjs';
import { check, launchBrowser, log, sleep, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

// --- the app, through its exported test hooks ----------------------------------------
const state = () => ({
    ready: Module._stocktake_ready(),
    listings: Module._stocktake_listing_count(),
    wizardStep: Module._stocktake_wizard_step(),
    importsFinished: Module._stocktake_imports_finished(),
    storage: Module._stocktake_storage_state(),
    screen: Module._stocktake_screen(),
    signedIn: Module._stocktake_sync_signed_in(),
    pending: Module._stocktake_sync_pending(),
    syncs: Module._stocktake_syncs_completed(),
    offline: Module._stocktake_sync_offline(),
});
const STORAGE_SAVED = 3;
const ACTION = { showScreen: 8, syncNow: 15 };  // TestAction (web/platform/platform.h)
const SCREEN_SYNC = 3;      // Screen::kSync

const appState = (device) => device.page.evaluate(state);
const waitFor = (device, description, predicate, arg = null, timeout = 30000) =>
    harness.waitFor(device.page, `${device.name}: ${description}`, predicate, arg, timeout, state);
const action = (device, n, a = 0, b = 0) =>
    device.page.evaluate(([x, y, z]) => Module._stocktake_action(x, y, z), [n, a, b]);

async function signIn(device, email, password) {
    await harness.signIn(device.page, email, password);
}

async function importReport(device, file, expectedListings) {
    const listings = await harness.importReport(device.page, file, state);
    check(listings === expectedListings, `${device.name}: expected ${expectedListings} listings after importing ${path.basename(file)}, the app has ${listings}`);
}

async function showSyncScreen(device) {
    await action(device, ACTION.showScreen, SCREEN_SYNC);
    await waitFor(device, 'the Sync screen', (n) => Module._stocktake_screen() === n, SCREEN_SYNC, 10000);
}

async function shot(device, name, width = 1280) {
    if (width !== 1280) await harness.resize(device.page, width, 844, state);
    await harness.screenshot(device.page, outDir, name);
    if (width !== 1280) await harness.resize(device.page, 1280, 800, state);
}

// Presses "Sync now" on every device about once a second until done(states) holds.
async function syncUntil(devices, description, done, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    let states = [];
    for (;;) {
        states = await Promise.all(devices.map(appState));
        if (done(states)) return states;
        if (Date.now() > deadline) {
            throw new harness.TestFailure(`timed out after ${timeoutMs / 1000} s waiting for ${description}; ${devices.map((d, i) => `${d.name} ${JSON.stringify(states[i])}`).join('; ')}`);
        }
        await Promise.all(devices.map((d) => action(d, ACTION.syncNow)));
        await sleep(1000);
    }
}

const onHand = (device, sku) => harness.onHand(device.page, sku);

async function api(server, method, route, token, body, headers = {}) {
    const res = await fetch(`${server.url}${route}`, {
        method,
        headers: { 'content-type': 'application/json',
                   ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
}

// Issue 7's end to end: a shipment webhook lowers on-hand in the browser after its next sync.
async function shipmentWebhookLowersOnHand(server, token, orgId, device, webhookSecret) {
    const sku = 'DEVB-0';
    // 10 units received by another device (a scanner, say), pushed over the sync API.
    const other = crypto.randomBytes(16).toString('hex');
    const id = `${other}-receive-1`;
    const hlc = (BigInt(Date.now()) << 16n).toString(16).padStart(16, '0');
    const push = await api(server, 'POST', 'api/v1/sync/push', token, { device: other, ops: [
        { id: `${other}:1`, device: other, seq: 1, hlc, entity: 'movement', key: [id],
          payload: { id, sku, location: 'A1', delta: 10, kind: 'receive', device: other } }] });
    check(push.status === 200 && push.body.accepted === 1, `pushing a receive: ${push.status} ${JSON.stringify(push.body)}`);
    const deadline = Date.now() + 60000;
    while ((await onHand(device, sku)) !== 10) {
        check(Date.now() < deadline, `${device.name}: on-hand of ${sku} is ${await onHand(device, sku)}, expected 10 after syncing the receive`);
        await action(device, ACTION.syncNow);
        await sleep(500);
    }
    log(`${device.name}: ${sku} on-hand 10 after syncing another device's receive`);

    // ShipStation (through a signing relay) reports 3 of them shipped.
    const body = JSON.stringify({ shipment: { shipment_id: 'e2e-ship-1', order_id: 'e2e-order-1',
        lines: [{ line_item_key: 'L1', sku, quantity: 3 }] } });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = crypto.createHmac('sha256', webhookSecret).update(`${timestamp}.${body}`).digest('hex');
    const res = await fetch(`${server.url}api/v1/webhooks/shipstation/${orgId}`, {
        method: 'POST', body,
        headers: { 'content-type': 'application/json', 'x-shipstation-timestamp': timestamp,
                   'x-shipstation-signature': `sha256=${signature}` },
    });
    check(res.status === 202, `the shipment webhook should answer 202, it answered ${res.status}: ${await res.text()}`);
    const shippedAt = Date.now();
    let now = await onHand(device, sku);
    while (now !== 7) {
        check(now === 10, `${device.name}: on-hand of ${sku} is ${now}: expected 10 until the shipment syncs, then 7`);
        check(Date.now() < shippedAt + 60000, `${device.name}: on-hand of ${sku} still ${now} 60 s after the shipment webhook`);
        await action(device, ACTION.syncNow);
        await sleep(500);
        now = await onHand(device, sku);
    }
    const deliveries = await api(server, 'GET', 'api/v1/webhooks/deliveries', token);
    check(deliveries.status === 200 && deliveries.body.deliveries.length === 0, `no delivery should be left pending or dead: ${JSON.stringify(deliveries.body)}`);
    log(`${device.name}: a shipment webhook of 3 lowered ${sku} on-hand from 10 to 7 at a sync ${Date.now() - shippedAt} ms later`);
}

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-sync-'));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    const reportA = path.join(tmp, 'All+Listings+Report+deviceA.txt');
    fs.writeFileSync(reportA, SMALL.text(), 'utf8');
    const rowsB = 5;
    const reportB = path.join(tmp, 'All+Listings+Report+deviceB.txt');
    fs.writeFileSync(reportB, namedReport(rowsB, 'DEVB'), 'utf8');
    const union = SMALL.goodRows + rowsB;

    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        const webhookSecret = crypto.randomBytes(24).toString('hex');
        server = await startServer({ server: args.server, publicDir: args.public, dataDir, logFile: path.join(outDir, 'sync-server.log'),
                                     env: { APP_WEBHOOK_SECRETS: webhookSecret } });
        log(`stocktake serve is up at ${server.url}`);

        // An organisation and its first user, over the API.
        const email = 'owner@sync-e2e.example';
        const password = 'correct horse battery';
        const res = await fetch(`${server.url}api/v1/auth/register`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ org_name: 'Sync E2E Ltd', email, password }),
        });
        const body = await res.text();
        check(res.status === 201, `registering should answer 201, it answered ${res.status}: ${body}`);
        const registered = JSON.parse(body);
        log(`registered ${email} in organisation ${registered.user.org_id}`);

        browser = await launchBrowser(args.headed);
        const devices = [];
        for (const name of ['device A', 'device B']) {
            const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
            const page = await context.newPage();
            page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
            page.on('console', (m) => {
                // Requests failing while the context is offline are expected.
                if (m.type() === 'error' && !m.text().includes('ERR_INTERNET_DISCONNECTED')) {
                    pageErrors.push(`${name} console: ${m.text()}`);
                }
            });
            const device = { name, context, page };
            await harness.openApp(page, server.url, state);
            devices.push(device);
        }
        const [a, b] = devices;

        // Both sign in and finish a first sync.
        for (const d of devices) {
            await signIn(d, email, password);
            await waitFor(d, 'sign-in', () => Module._stocktake_sync_signed_in() === 1);
            await showSyncScreen(d);
        }
        await syncUntil(devices, 'a first sync on both devices', (ss) => ss.every((s) => s.syncs >= 1));
        log(`both devices signed in and synced once (${Date.now() - started} ms so far)`);
        await shot(a, 'sync-signed-in-1280.png');

        // Offline: each device imports its own report; the changes wait on the device.
        for (const d of devices) await d.context.setOffline(true);
        await importReport(a, reportA, SMALL.goodRows);
        await importReport(b, reportB, rowsB);
        let states = await syncUntil(devices, 'both devices to report offline with changes pending',
            (ss) => ss.every((s) => s.offline === 1 && s.pending > 0), 30000);
        log(`offline: device A has ${states[0].pending} pending changes, device B ${states[1].pending}; both say offline`);
        await showSyncScreen(a);
        await shot(a, 'sync-offline-1280.png');
        await shot(a, 'sync-offline-390.png', 390);

        // Online again: both end with the union and nothing pending.
        for (const d of devices) await d.context.setOffline(false);
        const onlineAt = Date.now();
        states = await syncUntil(devices, `both devices to have ${union} listings and nothing pending`,
            (ss) => ss.every((s) => s.listings === union && s.pending === 0 && s.offline === 0));
        log(`back online: both devices have ${union} listings (${SMALL.goodRows} from A, ${rowsB} from B), nothing pending, after ${Date.now() - onlineAt} ms`);
        for (const d of devices) await showSyncScreen(d);
        await shot(a, 'sync-synced-1280.png');
        await shot(b, 'sync-synced-390.png', 390);

        // A reload keeps the data and the session.
        await waitFor(b, 'the data to be saved in the browser', (n) => Module._stocktake_storage_state() === n, STORAGE_SAVED);
        await b.page.reload({ waitUntil: 'load' });
        await harness.openApp(b.page, server.url, state);
        const s = await appState(b);
        check(s.listings === union, `device B: after a reload the app has ${s.listings} listings, expected ${union}`);
        check(s.signedIn === 1, 'device B: after a reload the device should still be signed in');
        await waitFor(b, 'a sync after the reload', () => Module._stocktake_syncs_completed() >= 1);
        log(`device B after a reload: ${s.listings} listings, still signed in, syncs again`);

        await shipmentWebhookLowersOnHand(server, registered.access_token, registered.user.org_id, a, webhookSecret);

        check(pageErrors.length === 0, `the pages reported errors:\n  ${pageErrors.join('\n  ')}`);
        log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = harness.parseServerArgs(process.argv.slice(2), 'sync.mjs');
harness.main(() => run(args));
