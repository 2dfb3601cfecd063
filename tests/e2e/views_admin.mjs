#!/usr/bin/env node
// Browser end-to-end test of the Imports history and the Sync screen's device list:
// playwright-core drives Debian's Chromium against the real `stocktake serve`.
//
//   node tests/e2e/views_admin.mjs --server build/native/stocktake --public public [--headed]
//
// What it checks: the Imports screen's empty state; a report with a bad row is previewed
// (a dry run) under one name and imported under another; the history lists both, newest
// first, with their totals and statuses; the import opens to its rejected row, and its
// errors download as a CSV naming the row's line, column and value. Then two browser
// contexts (two devices, each with its own database and device id) sign in to one
// organisation and sync; the first device's Sync screen lists both devices, itself marked,
// each with a last pull. Screenshots of Imports and Sync at 1280x800 and 390x844 go to
// tests/e2e/out/admin-*.png and must not be blank. Exits non-zero on the first failure;
// every wait is bounded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SMALL } from './fixtures.mjs';
import * as harness from './harness.mjs';
import { check, launchBrowser, log, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

// The Imports and devices state (web/platform/test_hooks_admin.cpp) with the core hooks'.
const state = () => ({
    ready: Module._stocktake_ready(),
    screen: Module._stocktake_screen(),
    step: Module._stocktake_wizard_step(),
    finished: Module._stocktake_imports_finished(),
    signedIn: Module._stocktake_sync_signed_in(),
    syncs: Module._stocktake_syncs_completed(),
    admin: JSON.parse(Module.UTF8ToString(Module._stocktake_admin_state())),
});
// AdminTestAction (web/app/app_admin.cpp), TestAction and WizardStep (web/platform/platform.h,
// web/views/view.h).
const ADMIN = { showImports: 1, openJob: 2, downloadErrors: 3, loadDevices: 4 };
const ACTION = { preview: 1, commit: 2, dismiss: 6, showScreen: 8, syncNow: 15 };
const STEP = { idle: 0, file: 3, diff: 5 };
const SCREEN = { sync: 3, imports: 12 };

const PREVIEWED = 'Listings-preview.txt';
const IMPORTED = 'Listings-with-a-bad-row.txt';
const ROWS = SMALL.goodRows + SMALL.badRows;

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-admin-'));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    for (const name of [PREVIEWED, IMPORTED]) fs.writeFileSync(path.join(tmp, name), SMALL.text(), 'utf8');

    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        server = await startServer({ server: args.server, publicDir: args.public, dataDir, logFile: path.join(outDir, 'admin-server.log') });
        log(`stocktake serve is up at ${server.url}`);
        const email = 'owner@admin-e2e.example';
        const password = 'correct horse battery';
        const res = await fetch(`${server.url}api/v1/auth/register`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ org_name: 'Admin E2E Ltd', email, password }),
        });
        check(res.status === 201, `registering should answer 201, it answered ${res.status}: ${await res.text()}`);

        browser = await launchBrowser(args.headed);
        const open = async () => {
            const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
            const page = await context.newPage();
            page.on('pageerror', (e) => pageErrors.push(e.message));
            page.on('console', (m) => {
                if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
            });
            await harness.openApp(page, server.url, state);
            return page;
        };
        const laptop = await open();
        const tools = (page) => ({
            waitFor: (description, predicate, arg = null, timeout = 30000) =>
                harness.waitFor(page, description, predicate, arg, timeout, state),
            action: (n, a = 0, b = 0) => page.evaluate(([x, y, z]) => Module._stocktake_action(x, y, z), [n, a, b]),
            admin: (n, value = 0) => page.evaluate(([x, v]) => Module._stocktake_admin_action(x, v), [n, value]),
            appState: () => page.evaluate(state),
            shots: async (name) => {
                await harness.screenshot(page, outDir, `admin-${name}-1280.png`);
                await harness.resize(page, 390, 844, state);
                await harness.screenshot(page, outDir, `admin-${name}-390.png`);
                await harness.resize(page, 1280, 800, state);
            },
        });
        const a = tools(laptop);

        // The empty history says what to do first.
        await a.admin(ADMIN.showImports);
        await a.waitFor('the Imports screen', (n) => Module._stocktake_screen() === n, SCREEN.imports);
        await a.waitFor('the history to load', () => JSON.parse(Module.UTF8ToString(Module._stocktake_admin_state())).importsLoaded);
        check((await a.appState()).admin.jobs.length === 0, 'a new device has no imports');
        await a.shots('imports-empty');

        // A dry run of one file, then the import of another (the same rows, one bad).
        await harness.chooseFile(laptop, path.join(tmp, PREVIEWED), state);
        await a.action(ACTION.preview);
        await a.waitFor('the dry run to finish', (n) => Module._stocktake_wizard_step() === n, STEP.diff);
        await a.action(ACTION.dismiss);
        await a.waitFor('the wizard to close', (n) => Module._stocktake_wizard_step() === n, STEP.idle);
        const listings = await harness.importReport(laptop, path.join(tmp, IMPORTED), state);
        check(listings === SMALL.goodRows, `the import should store ${SMALL.goodRows} listings, the app has ${listings}`);

        await a.admin(ADMIN.showImports);
        await a.waitFor('the history to list both jobs',
            () => JSON.parse(Module.UTF8ToString(Module._stocktake_admin_state())).jobs.length === 2);
        const { jobs } = (await a.appState()).admin;
        const [imported, previewed] = jobs;
        check(imported.file === IMPORTED && imported.status === 'committed',
            `the newest job should be ${IMPORTED}, committed: ${JSON.stringify(imported)}`);
        check(previewed.file === PREVIEWED && previewed.status === 'dry run',
            `the older job should be ${PREVIEWED}, a dry run: ${JSON.stringify(previewed)}`);
        for (const job of jobs) {
            check(job.total === ROWS && job.processed === ROWS && job.successful === SMALL.goodRows &&
                job.failed === SMALL.badRows && job.duplicates === 0 && job.format === 'amazon_all_listings',
            `${job.file} should total ${ROWS} rows, ${SMALL.goodRows} imported, ${SMALL.badRows} failed: ${JSON.stringify(job)}`);
        }
        log(`the history lists ${IMPORTED} (committed) and ${PREVIEWED} (dry run), each ${ROWS} rows, ${SMALL.badRows} failed`);

        // The import opens to its rejected row, and its errors download as a CSV.
        await a.admin(ADMIN.openJob, imported.id);
        await a.waitFor('the job to open with its error', (id) => {
            const s = JSON.parse(Module.UTF8ToString(Module._stocktake_admin_state()));
            return s.openJob === id && s.openErrors === 1;
        }, imported.id);
        const [download] = await Promise.all([
            laptop.waitForEvent('download', { timeout: 10000 }),
            a.admin(ADMIN.downloadErrors, imported.id),
        ]);
        check(download.suggestedFilename() === 'Listings-with-a-bad-row-errors.csv',
            `the errors download should be named Listings-with-a-bad-row-errors.csv, not ${download.suggestedFilename()}`);
        const csv = fs.readFileSync(await download.path()).toString('utf8').replace(/^\uFEFF/, '');
        const lines = csv.trim().split(/\r?\n/);
        check(lines[0] === 'line,column,value,problem', `the CSV should start with its header, not ${JSON.stringify(lines[0])}`);
        check(lines.length === 2, `the CSV should hold the header and one row, it holds ${JSON.stringify(lines)}`);
        // The bad row is the sixth data row: line 7 of the file, its price "abc".
        check(lines[1].startsWith('7,price,abc,'), `the CSV row should name line 7, column price, value abc: ${JSON.stringify(lines[1])}`);
        log(`the errors CSV names the bad row: ${lines[1]}`);
        await a.shots('imports');

        // Two devices of one organisation sync; the first one's Sync screen lists both.
        await harness.signIn(laptop, email, password);
        await a.waitFor('the laptop to sign in and sync', () => Module._stocktake_syncs_completed() >= 1);
        const phone = await open();
        const b = tools(phone);
        await harness.signIn(phone, email, password);
        await b.waitFor('the phone to sign in and sync', () => Module._stocktake_syncs_completed() >= 1);
        await a.action(ACTION.showScreen, SCREEN.sync);
        await a.waitFor('the Sync screen', (n) => Module._stocktake_screen() === n, SCREEN.sync);
        const syncs = (await a.appState()).syncs;
        await a.action(ACTION.syncNow);
        await a.waitFor('another sync on the laptop', (n) => Module._stocktake_syncs_completed() > n, syncs);
        await a.waitFor('the device list to show both devices', () => {
            const s = JSON.parse(Module.UTF8ToString(Module._stocktake_admin_state()));
            return s.devices.length === 2 && s.devices.every((d) => d.lastPull !== '');
        });
        const admin = (await a.appState()).admin;
        const mine = admin.devices.filter((d) => d.thisDevice);
        check(mine.length === 1 && mine[0].id === admin.thisDevice,
            `exactly this device should be marked: ${JSON.stringify(admin.devices)}`);
        check(mine[0].lastPush !== '', `the laptop pushed its import, so it has a last push: ${JSON.stringify(mine[0])}`);
        const other = admin.devices.find((d) => !d.thisDevice);
        const phoneDevice = JSON.parse(await phone.evaluate(() => Module.UTF8ToString(Module._stocktake_admin_state()))).thisDevice;
        check(other.id !== mine[0].id, 'the two devices have different ids');
        for (const d of admin.devices) {
            check(d.name.includes('Chrome') && d.name.includes('Linux'), `a device's name should come from its User-Agent: ${JSON.stringify(d)}`);
        }
        log(`the Sync screen lists ${admin.devices.map((d) => `${d.name} ${d.id.slice(0, 8)}${d.thisDevice ? ' (this device)' : ''}`).join(', ')}`);
        void phoneDevice;
        await a.shots('sync-devices');

        check(pageErrors.length === 0, `the page reported errors:\n  ${pageErrors.join('\n  ')}`);
        log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = harness.parseServerArgs(process.argv.slice(2), 'views_admin.mjs');
harness.main(() => run(args));
