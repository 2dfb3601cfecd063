#!/usr/bin/env node
// Browser end-to-end test of the barcode scanner (issue 8, items 5 and 6): playwright-core
// drives Debian's Chromium, whose fake camera plays a video made at test time from a zint
// EAN-13 image, against the real `stocktake serve`.
//
//   node tests/e2e/scanner.mjs --server build/native/stocktake --public public [--headed]
//
// What it checks: a product with the code's GTIN is imported (a Shopify CSV through the file
// input); in receive mode the camera (ZXing: headless Chromium on Linux has no
// BarcodeDetector) decodes the code on many frames while it is in view, and on-hand rises by
// exactly one per debounced scan (the video shows the code, then a blank frame, in a loop:
// each appearance is one scan). A keyboard-wedge scanner's fast keystrokes + Enter scan too,
// and an unknown code is reported as unknown. Offline: the page reloads from the service
// worker, the camera (ZXing's .wasm from the cache) records more scans; back online they
// sync, and a second browser context (another device) signs in and sees the raised on-hand.
// A context whose camera is refused says so and keeps typed entry. Screenshots of the
// scanner at 1280x800 and 390x844 go to tests/e2e/out/scanner-*.png. Needs zint and ffmpeg
// (scripts/setup). Exits non-zero on the first failure; every wait is bounded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as harness from './harness.mjs';
import { check, launchBrowser, log, sleep, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

const GTIN = '4006381333931';  // EAN-13 (zint computes the check digit from the first 12)
const SKU = 'SCAN-E2E-1';
const UNKNOWN = '5901234123457';  // a valid EAN-13 no product has

const state = () => ({
    ready: Module._stocktake_ready(),
    screen: Module._stocktake_screen(),
    camera: Module._stocktake_scanner_camera(),
    decodes: Module._stocktake_scanner_decodes(),
    scans: Module._stocktake_scanner_scans(),
    last: Module._stocktake_scanner_last(),
    signedIn: Module._stocktake_sync_signed_in(),
    pending: Module._stocktake_sync_pending(),
    syncs: Module._stocktake_syncs_completed(),
    offline: Module._stocktake_sync_offline(),
    storage: Module._stocktake_storage_state(),
    controlled: !!navigator.serviceWorker.controller,
});
const ACTION_SYNC_NOW = 15;  // TestAction::kSyncNow (web/platform/platform.h)
const SCREEN_SCANNER = 8;    // Screen::kScanner (web/views/view.h)
const MODE_RECEIVE = 1;      // ScanMode::kReceive (web/views/scanner_state.h)
const CAMERA = { on: 2, denied: 3 };
const LAST = { applied: 1, unknown: 3 };
const STORAGE_SAVED = 3;

const waitFor = (device, description, predicate, arg = null, timeout = 30000) =>
    harness.waitFor(device.page, `${device.name}: ${description}`, predicate, arg, timeout, state);
const appState = (device) => device.page.evaluate(state);
const onHand = (device) => harness.onHand(device.page, SKU);

async function signIn(device, email, password) {
    await harness.signIn(device.page, email, password);
    await waitFor(device, 'sign-in', () => Module._stocktake_sync_signed_in() === 1);
}

async function syncUntil(device, description, done, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const s = await appState(device);
        if (await done(s)) return s;
        if (Date.now() > deadline) throw new harness.TestFailure(`${device.name}: timed out waiting for ${description}; ${JSON.stringify(s)}`);
        await device.page.evaluate((n) => Module._stocktake_action(n, 0, 0), ACTION_SYNC_NOW);
        await sleep(1000);
    }
}

async function openScanner(device) {
    await device.page.evaluate(() => Module._stocktake_scanner_show());
    await waitFor(device, 'the Scanner screen', (n) => Module._stocktake_screen() === n, SCREEN_SCANNER, 10000);
    await device.page.evaluate((m) => Module._stocktake_scanner_mode(m), MODE_RECEIVE);
    await sleep(200);
}

// Runs the camera until it has made at least `scans` scans; returns the decodes and scans
// the camera delivered. The camera is stopped before counting, so nothing lands after.
async function scanWithCamera(device, scans, shots) {
    const before = await appState(device);
    await device.page.evaluate(() => Module._stocktake_scanner_camera_on(1));
    await waitFor(device, 'the camera to run', (n) => Module._stocktake_scanner_camera() === n, CAMERA.on, 20000);
    await waitFor(device, `${scans} camera scans`, ([n, at]) => Module._stocktake_scanner_scans() >= at + n,
        [scans, before.scans], 60000);
    if (shots) await shots();
    await device.page.evaluate(() => Module._stocktake_scanner_camera_on(0));
    await waitFor(device, 'the camera to stop', () => Module._stocktake_scanner_camera() === 0, null, 10000);
    await sleep(300);  // decodes already queued are applied (or dropped) by now
    const after = await appState(device);
    return { decodes: after.decodes - before.decodes, scans: after.scans - before.scans };
}

async function wedgeScan(device, code) {
    const before = (await appState(device)).scans;
    await harness.typeAsWedge(device.page, code);
    await waitFor(device, `the wedge scan of ${code}`, (n) => Module._stocktake_scanner_scans() > n, before, 10000);
    return appState(device);
}

async function shot(device, name, width, height) {
    await harness.resize(device.page, width, height, state);
    await harness.screenshot(device.page, outDir, name, 600);
}

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-scanner-'));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    const video = harness.makeScanVideo(tmp, GTIN);
    const catalog = path.join(tmp, 'products.csv');
    fs.writeFileSync(catalog, `Handle,Title,Variant SKU,Variant Price,Variant Barcode\nscan-mug,Scanner test mug,${SKU},9.99,${GTIN}\n`);

    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        server = await startServer({ server: args.server, publicDir: args.public, dataDir, logFile: path.join(outDir, 'scanner-server.log') });
        const email = 'owner@scanner-e2e.example';
        const password = 'correct horse battery';
        const res = await fetch(`${server.url}api/v1/auth/register`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ org_name: 'Scanner E2E Ltd', email, password }),
        });
        check(res.status === 201, `registering should answer 201, it answered ${res.status}: ${await res.text()}`);

        browser = await launchBrowser(args.headed, ['--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
        const newDevice = async (name, init) => {
            const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
            if (init) await context.addInitScript(init);
            const page = await context.newPage();
            page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
            page.on('console', (m) => {
                if (m.type() === 'error' && !m.text().includes('ERR_INTERNET_DISCONNECTED')) pageErrors.push(`${name} console: ${m.text()}`);
            });
            const device = { name, context, page };
            await harness.openApp(page, server.url, state);
            return device;
        };

        // ---- the phone: a product with the GTIN, a warehouse, receive mode ----
        const phone = await newDevice('phone');
        await waitFor(phone, 'the service worker to control the page', () => !!navigator.serviceWorker.controller);
        await harness.importReport(phone.page, catalog, state);
        await openScanner(phone);
        await phone.page.evaluate(() => Module._stocktake_scanner_add_location());
        await sleep(300);
        check(await onHand(phone) === 0, 'the new product should have nothing on hand');

        // ---- debounced camera scans: one per appearance of the code, however many frames ----
        const shots = async () => {
            await shot(phone, 'scanner-camera-1280.png', 1280, 800);
            await shot(phone, 'scanner-camera-390.png', 390, 844);
            await harness.resize(phone.page, 1280, 800, state);
        };
        const online = await scanWithCamera(phone, 2, shots);
        let stock = await onHand(phone);
        log(`camera online: ${online.decodes} decodes -> ${online.scans} scans, on-hand ${stock}`);
        check(online.scans >= 2, `expected at least 2 camera scans, got ${online.scans}`);
        check(online.decodes > online.scans, `the debounce should drop repeated decodes (${online.decodes} decodes, ${online.scans} scans)`);
        check(stock === online.scans, `on-hand should rise by exactly one per scan: ${online.scans} scans, on-hand ${stock}`);
        check((await appState(phone)).last === LAST.applied, 'the last camera scan should have applied');

        // ---- a keyboard-wedge scanner, and an unknown code ----
        let s = await wedgeScan(phone, GTIN);
        check(s.last === LAST.applied && await onHand(phone) === stock + 1, 'a wedge scan should receive one unit');
        stock += 1;
        s = await wedgeScan(phone, UNKNOWN);
        check(s.last === LAST.unknown && await onHand(phone) === stock, 'an unknown code should be reported and change nothing');
        await shot(phone, 'scanner-unknown-390.png', 390, 844);
        await harness.resize(phone.page, 1280, 800, state);

        // ---- sign in and sync what is there, then go offline ----
        await signIn(phone, email, password);
        await syncUntil(phone, 'a first sync', (st) => st.syncs >= 1 && st.pending === 0);
        await waitFor(phone, 'the data to be saved', (n) => Module._stocktake_storage_state() === n, STORAGE_SAVED);
        await phone.context.setOffline(true);
        await phone.page.reload({ waitUntil: 'load' });
        await harness.openApp(phone.page, server.url, state);
        s = await appState(phone);
        check(s.controlled, 'offline, the page should come from the service worker');
        check(await onHand(phone) === stock, `offline after a reload on-hand should still be ${stock}`);
        await openScanner(phone);
        const offline = await scanWithCamera(phone, 1);
        stock += offline.scans;
        check(await onHand(phone) === stock, `offline: on-hand should be ${stock} after ${offline.scans} more scans`);
        await syncUntil(phone, 'the offline sync attempt to fail', (st) => st.offline === 1 && st.pending > 0, 20000);
        log(`offline: ${offline.decodes} decodes -> ${offline.scans} scans (ZXing from the cache), on-hand ${stock}, ${(await appState(phone)).pending} changes waiting`);

        // ---- online: sync; another device sees the raised on-hand ----
        await phone.context.setOffline(false);
        await syncUntil(phone, 'the scans to be sent', (st) => st.pending === 0 && st.offline === 0);
        const laptop = await newDevice('laptop');
        await signIn(laptop, email, password);
        await syncUntil(laptop, `on-hand ${stock} on the second device`, async () => (await onHand(laptop)) === stock);
        log(`the second device sees on-hand ${stock} for ${SKU}`);

        // ---- a refused camera says so; typed entry still works ----
        const denied = await newDevice('camera refused', () => {
            navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
        });
        await openScanner(denied);
        await denied.page.evaluate(() => Module._stocktake_scanner_camera_on(1));
        await waitFor(denied, 'the refusal', (n) => Module._stocktake_scanner_camera() === n, CAMERA.denied, 10000);
        await shot(denied, 'scanner-denied-390.png', 390, 844);

        check(pageErrors.length === 0, `the pages reported errors:\n  ${pageErrors.join('\n  ')}`);
        log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = harness.parseServerArgs(process.argv.slice(2), 'scanner.mjs');
harness.main(() => run(args));
