#!/usr/bin/env node
// Browser end-to-end test of this device's name (issue 8, Sync & settings): playwright-core
// drives Debian's Chromium against the real `stocktake serve`, on a phone-sized page.
//
//   node tests/e2e/app_gaps.mjs --server build/native/stocktake --public public [--headed]
//
// What it checks: a device that gave no name is listed by its browser ("Headless Chrome on
// Linux"); a name typed in Sync & settings and saved is sent with the next sync and the
// organisation's device list (GET /api/v1/devices, as the app and as the API answer) shows
// it; the name survives a reload; an empty name gives the browser's back; a name over 80
// bytes is refused with a message and the saved one stays. Screenshots:
// tests/e2e/out/gaps-device-name-{390,1280}.png. (The scanner's resumed pick and count are in
// scanner_modes.mjs.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as harness from './harness.mjs';
import { check, launchBrowser, log, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

// GapsTestAction (web/app/app_gaps.cpp), AdminTestAction (web/app/app_admin.cpp), TestAction
// (web/platform/platform.h), Screen (web/views/view.h).
const GAPS = { typeDeviceName: 1, saveDeviceName: 2 };
const ADMIN_LOAD_DEVICES = 4;
const ACTION = { showScreen: 8, syncNow: 15 };
const SCREEN_SYNC = 3;
const STORAGE_SAVED = 3;
const NAME = 'Dock phone 2 — 倉庫';

const state = () => ({
    ready: Module._stocktake_ready(),
    screen: Module._stocktake_screen(),
    signedIn: Module._stocktake_sync_signed_in(),
    syncs: Module._stocktake_syncs_completed(),
    storage: Module._stocktake_storage_state(),
    gaps: JSON.parse(Module.UTF8ToString(Module._stocktake_gaps_state())),
    admin: JSON.parse(Module.UTF8ToString(Module._stocktake_admin_state())),
});

let page = null;
const waitFor = (description, predicate, arg = null, timeout = 30000) =>
    harness.waitFor(page, description, predicate, arg, timeout, state);
const appState = () => page.evaluate(state);

function gapsAction(action, text = '') {
    return page.evaluate(([a, t]) => {
        const toC = typeof Module.stringToNewUTF8 === 'function' ? Module.stringToNewUTF8 : stringToNewUTF8;
        const ptr = toC(t);
        Module._stocktake_gaps_action(a, ptr);
        Module._free(ptr);
    }, [action, text]);
}

// Types `name` into the field, presses "Save name"; the state once it has been applied.
async function saveName(name) {
    await gapsAction(GAPS.typeDeviceName, name);
    await waitFor('the typed name', (n) => {
        const g = JSON.parse(Module.UTF8ToString(Module._stocktake_gaps_state()));
        return g.draft === n && g.message === '';
    }, name);
    await gapsAction(GAPS.saveDeviceName);
    await waitFor('the name to be saved', () => JSON.parse(Module.UTF8ToString(Module._stocktake_gaps_state())).message !== '');
    return (await appState()).gaps;
}

// Syncs, then reloads the devices list; this device's entry once its name is `name`.
async function listedAs(name) {
    const syncs = (await appState()).syncs;
    await page.evaluate((n) => Module._stocktake_action(n, 0, 0), ACTION.syncNow);
    await waitFor('a sync', (n) => Module._stocktake_syncs_completed() > n, syncs);
    await page.evaluate((n) => Module._stocktake_admin_action(n, 0), ADMIN_LOAD_DEVICES);
    await waitFor(`this device listed as "${name}"`, (n) => {
        const s = JSON.parse(Module.UTF8ToString(Module._stocktake_admin_state()));
        return s.devices.some((d) => d.thisDevice && d.name === n);
    }, name);
    return (await appState()).admin.devices.find((d) => d.thisDevice);
}

async function shots(name) {
    await harness.screenshot(page, outDir, `gaps-${name}-390.png`);
    await harness.resize(page, 1280, 800, state);
    await harness.screenshot(page, outDir, `gaps-${name}-1280.png`);
    await harness.resize(page, 390, 844, state);
}

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-gaps-'));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        server = await startServer({ server: args.server, publicDir: args.public, dataDir, logFile: path.join(outDir, 'gaps-server.log') });
        const email = 'owner@gaps-e2e.example';
        const password = 'correct horse battery';
        const registered = await harness.api(server, 'POST', 'api/v1/auth/register', null, { org_name: 'Gaps E2E Ltd', email, password });
        check(registered.status === 201, `registering should answer 201, it answered ${registered.status}: ${registered.text}`);
        const token = registered.json.access_token;

        browser = await launchBrowser(args.headed);
        const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
        page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(e.message));
        page.on('console', (m) => {
            if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
        });
        await harness.openApp(page, server.url, state);
        await harness.signIn(page, email, password);
        await waitFor('sign-in and a first sync', () => Module._stocktake_syncs_completed() >= 1);
        await page.evaluate(([n, a]) => Module._stocktake_action(n, a, 0), [ACTION.showScreen, SCREEN_SYNC]);
        await waitFor('the Sync screen', (n) => Module._stocktake_screen() === n, SCREEN_SYNC);

        // No name given: the server names the device from its browser.
        let s = await appState();
        check(s.gaps.deviceName === '' && s.gaps.draft === '', `a new device has no name of its own: ${JSON.stringify(s.gaps)}`);
        const unnamed = await listedAs('Headless Chrome on Linux');
        log(`unnamed, the device is listed as "${unnamed.name}"`);

        // A typed name is saved, sent with the next sync, and listed.
        let gaps = await saveName(NAME);
        check(gaps.ok && gaps.deviceName === NAME && gaps.sent === NAME, `the name should be saved and sent: ${JSON.stringify(gaps)}`);
        const named = await listedAs(NAME);
        check(named.id === unnamed.id, 'the same device, renamed');
        const listed = await harness.api(server, 'GET', 'api/v1/devices', token);
        check(listed.status === 200 && listed.json.devices.some((d) => d.id === named.id && d.name === NAME),
            `GET /api/v1/devices should list the name: ${listed.text}`);
        await shots('device-name');
        log(`named "${NAME}": listed by the app and by GET /api/v1/devices`);

        // Too long: refused, with the reason; the saved name stays.
        gaps = await saveName('x'.repeat(81));
        check(!gaps.ok && gaps.message.includes('at most 80 bytes') && gaps.deviceName === NAME,
            `an 81-byte name should be refused and the saved one kept: ${JSON.stringify(gaps)}`);
        log(`an 81-byte name is refused: "${gaps.message}"`);

        // The name is on the device: a reload keeps it, and the next sync still sends it.
        await waitFor('the name to be saved on the device', (n) => Module._stocktake_storage_state() === n, STORAGE_SAVED);
        await page.reload({ waitUntil: 'load' });
        await harness.openApp(page, server.url, state);
        await page.evaluate(([n, a]) => Module._stocktake_action(n, a, 0), [ACTION.showScreen, SCREEN_SYNC]);
        await waitFor('the Sync screen', (n) => Module._stocktake_screen() === n, SCREEN_SYNC);
        await waitFor('the saved name', (n) => JSON.parse(Module.UTF8ToString(Module._stocktake_gaps_state())).deviceName === n, NAME);
        await listedAs(NAME);
        log('after a reload the name is kept and still listed');

        // An empty name: the browser's name again.
        gaps = await saveName('');
        check(gaps.ok && gaps.deviceName === '', `an empty name should be saved as none: ${JSON.stringify(gaps)}`);
        await listedAs('Headless Chrome on Linux');
        log('an empty name gives the device its browser\'s name back');

        check(pageErrors.length === 0, `the page reported errors:\n  ${pageErrors.join('\n  ')}`);
        log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = harness.parseServerArgs(process.argv.slice(2), 'app_gaps.mjs');
harness.main(() => run(args));
