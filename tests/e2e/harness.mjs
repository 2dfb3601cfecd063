// Shared pieces of the browser end-to-end tests (run.mjs, sync.mjs): failures and checks,
// starting and stopping `stocktake serve`, launching Debian's Chromium, waiting on the app's
// test hooks, screenshots that must not be blank.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { colourStats, decodePng } from './png.mjs';

export class TestFailure extends Error {}

export function check(condition, message) {
    if (!condition) throw new TestFailure(message);
}

export function log(message) {
    console.log(`e2e: ${message}`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

// --- arguments ------------------------------------------------------------------------
// The arguments of a test that takes --server PATH --public DIR [--headed]; exits with its
// usage on anything else.
export function parseServerArgs(argv, script) {
    const usage = (problem) => {
        if (problem) console.error(`${script}: ${problem}`);
        console.error(`usage: node tests/e2e/${script} --server PATH_TO_stocktake --public PUBLIC_DIR [--headed]`);
        process.exit(2);
    };
    const args = { headed: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if ((a === '--server' || a === '--public') && i + 1 < argv.length) args[a.slice(2)] = argv[++i];
        else if (a === '--headed') args.headed = true;
        else usage(a === '--help' || a === '-h' ? null : `unknown or incomplete argument ${a}`);
    }
    if (!args.server || !args.public) usage('--server and --public are required');
    return args;
}

// --- the server -----------------------------------------------------------------------
// Starts `stocktake serve` on a free loopback port; its output goes to logFile.
export async function startServer({ server, publicDir, dataDir, logFile, env = {} }) {
    const port = await freePort();
    const serverLog = fs.createWriteStream(logFile);
    const child = spawn(path.resolve(server), ['serve'], {
        env: {
            ...process.env,
            APP_PORT: String(port),
            APP_HOST: '127.0.0.1',
            APP_DATA_DIR: dataDir,
            APP_PUBLIC_DIR: path.resolve(publicDir),
            // A throwaway token key (and open registration): the test's server lives for one run.
            APP_DEV_MODE: '1',
            ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(serverLog);
    child.stderr.pipe(serverLog);
    let exited = null;
    child.on('exit', (code, signal) => {
        exited = { code, signal };
    });
    const url = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + 20000;
    for (;;) {
        if (exited) {
            throw new TestFailure(`stocktake serve exited early (code ${exited.code}, signal ${exited.signal}); see ${logFile}`);
        }
        try {
            const res = await fetch(`${url}healthz`);
            if (res.ok) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            child.kill('SIGKILL');  // the caller gets no handle to stop it
            throw new TestFailure(`stocktake serve did not answer ${url}healthz within 20 s; see ${logFile}`);
        }
        await sleep(100);
    }
    return { url, child, exited: () => exited };
}

export async function stopServer(server) {
    if (!server || server.exited()) return;
    server.child.kill('SIGTERM');
    for (let i = 0; i < 50 && !server.exited(); i++) await sleep(100);
    if (!server.exited()) server.child.kill('SIGKILL');
}

// --- the browser ----------------------------------------------------------------------
function browserOptions(headed, extraArgs = []) {
    return {
        executablePath: '/usr/bin/chromium',
        headless: !headed,
        args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader',
            '--enable-unsafe-swiftshader', ...extraArgs],
    };
}

// extraArgs: more Chromium switches (the scanner test's fake camera).
export function launchBrowser(headed, extraArgs = []) {
    return chromium.launch(browserOptions(headed, extraArgs));
}

// A browser with a profile on disk: its one context is not incognito, which Chromium's
// installability check requires ("in-incognito" otherwise).
export function launchProfileBrowser(userDataDir, headed, viewport) {
    return chromium.launchPersistentContext(userDataDir, { ...browserOptions(headed), viewport });
}

// Waits until predicate(arg) is true in the page; on timeout fails with the description and
// what stateOf (a page function) reports.
export async function waitFor(page, description, predicate, arg, timeout, stateOf) {
    try {
        await page.waitForFunction(predicate, arg, { timeout, polling: 20 });
    } catch (e) {
        let state = '(no state)';
        try {
            state = JSON.stringify(await page.evaluate(stateOf));
        } catch {
            // the module may not be there at all
        }
        throw new TestFailure(`timed out waiting for ${description}; app state ${state}`);
    }
}

// Loads the app and waits for its first frame and its database.
export async function openApp(page, url, stateOf) {
    const start = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    await waitFor(page, 'the first frame',
        () => typeof Module !== 'undefined' && Module.calledRun && Module._stocktake_frame_count() >= 1,
        null, 30000, stateOf);
    const firstFrameMs = Date.now() - start;
    await waitFor(page, 'the app to be ready (database open)', () => Module._stocktake_ready() === 1, null, 30000, stateOf);
    return { firstFrameMs, readyMs: Date.now() - start };
}

// Waits until the app has drawn `frames` more frames: what a view derives while drawing
// (the dashboard's tiles) is current only after a frame drawn since the change, and a small
// save in flight can hold frames back for up to 100 ms (Platform::Tick).
export async function framesDrawn(page, frames = 2) {
    const count = await page.evaluate(() => Module._stocktake_frame_count());
    await page.waitForFunction((n) => Module._stocktake_frame_count() >= n, count + frames,
        { polling: 4, timeout: 30000 });
}

// Chooses a file through the page's file input and waits for its preview (or for the wizard to
// call it unreadable). Waits for the wizard to take this file, not merely for the step: after
// Back the wizard already shows the previous file's preview.
export async function chooseFile(page, file, stateOf, timeoutMs = 30000) {
    const stepUnreadable = 2, stepFile = 3;  // WizardStep (web/views/view.h)
    const opened = await page.evaluate(() => Module._stocktake_files_opened());
    await page.setInputFiles('#file-input', file);
    await waitFor(page, `the preview of ${path.basename(file)}`,
        ([n, steps]) => Module._stocktake_files_opened() > n && steps.includes(Module._stocktake_wizard_step()),
        [opened, [stepUnreadable, stepFile]], timeoutMs, stateOf);
}

// Chooses a report through the page's file input, presses "Import" on its preview (through
// the test hook, TestAction::kCommitImport in web/platform/platform.h) and waits for the
// import to finish (within timeoutMs); returns the listing count afterwards.
export async function importReport(page, file, stateOf, timeoutMs = 30000) {
    const commitImport = 2;
    const finished = await page.evaluate(() => Module._stocktake_imports_finished());
    await chooseFile(page, file, stateOf, Math.max(30000, timeoutMs / 10));
    await page.evaluate((n) => Module._stocktake_action(n, 0, 0), commitImport);
    await waitFor(page, `${path.basename(file)} to import`, (n) => Module._stocktake_imports_finished() > n, finished, timeoutMs, stateOf);
    return page.evaluate(() => Module._stocktake_listing_count());
}

export async function resize(page, width, height, stateOf) {
    await page.setViewportSize({ width, height });
    await waitFor(page, 'the canvas to follow the window size', (w) => Module.canvas.width === w, width, 10000, stateOf);
}

// Saves a screenshot as outDir/name and fails if it looks blank.
export async function screenshot(page, outDir, name, settleMs = 300) {
    await sleep(settleMs);  // a few frames, so glyphs requested by new data are in the atlas
    const file = path.join(outDir, name);
    const png = await page.screenshot({ path: file });
    const stats = colourStats(decodePng(png));
    log(`screenshot ${path.relative(process.cwd(), file)}: ${stats.distinct} colours, ${(stats.nonBackground * 100).toFixed(1)}% non-background`);
    check(stats.distinct >= 64 && stats.nonBackground >= 0.02,
        `screenshot ${file} looks blank (${stats.distinct} colours, ${(stats.nonBackground * 100).toFixed(2)}% non-background)`);
}

// Runs a test's main function and exits: 0 when it returns, 1 on a failure.
// A hung step must fail the run, not hold CI until its own limit runs out: the run is
// stopped after limitMinutes (STOCKTAKE_E2E_LIMIT_MINUTES overrides it).
export function main(run, limitMinutes = Number(process.env.STOCKTAKE_E2E_LIMIT_MINUTES || 20)) {
    setTimeout(() => {
        console.error(`e2e: FAIL: not finished after ${limitMinutes} minutes (STOCKTAKE_E2E_LIMIT_MINUTES)`);
        process.exit(1);
    }, limitMinutes * 60000);
    run().then((code) => process.exit(code), (error) => {
        if (error instanceof TestFailure) {
            console.error(`e2e: FAIL: ${error.message}`);
        } else {
            console.error('e2e: FAIL (unexpected error):', error);
        }
        process.exit(1);
    });
}

// What a test's `finally` does: closes the browser, stops the server, removes the temp dir.
export async function cleanUp({ browser, server, tmp }) {
    if (browser) await browser.close().catch(() => {});
    await stopServer(server);
    fs.rmSync(tmp, { recursive: true, force: true });
}

// The app's exported functions take C strings: copies made with the module's
// stringToNewUTF8 (exported by web/CMakeLists.txt; a global in older builds), freed after.
// On-hand of a SKU over all locations in the page's database (NaN until it is open).
export function onHand(page, sku) {
    return page.evaluate((s) => {
        const toC = typeof Module.stringToNewUTF8 === 'function' ? Module.stringToNewUTF8 : stringToNewUTF8;
        const ptr = toC(s);
        const value = Module._stocktake_on_hand(ptr);
        Module._free(ptr);
        return value;
    }, sku);
}

// Signs in as the Sync screen's "Sign in" does (the app copies both strings).
export async function signIn(page, email, password) {
    await page.evaluate(([e, p]) => {
        const toC = typeof Module.stringToNewUTF8 === 'function' ? Module.stringToNewUTF8 : stringToNewUTF8;
        const emailPtr = toC(e);
        const passwordPtr = toC(p);
        Module._stocktake_sign_in(emailPtr, passwordPtr);
        Module._free(emailPtr);
        Module._free(passwordPtr);
    }, [email, password]);
}

// The scanner's fake camera (scanner.mjs, scanner_modes.mjs): an EAN-13 PNG of gtin from
// zint, and a y4m in tmp that shows it for 2 s, then a blank frame for 2 s (the code leaves
// the view), which Chromium's fake camera loops. Needs zint and ffmpeg (scripts/setup).
export function makeScanVideo(tmp, gtin) {
    const png = path.join(tmp, 'ean13.png');
    // zint computes the check digit from the first 12 digits.
    execFileSync('zint', ['--barcode=13', '--scale=2', `--data=${gtin.slice(0, 12)}`, `--output=${png}`]);
    const y4m = path.join(tmp, 'ean13.y4m');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y',
        '-loop', '1', '-t', '2', '-framerate', '10', '-i', png,
        '-f', 'lavfi', '-t', '2', '-i', 'color=c=white:s=640x480:r=10',
        '-filter_complex',
        '[0:v]scale=w=min(iw\\,560):h=-2,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p,setsar=1[a];' +
        '[1:v]format=yuv420p,setsar=1[b];[a][b]concat=n=2:v=1[out]',
        '-map', '[out]', '-r', '10', '-pix_fmt', 'yuv420p', y4m]);
    return y4m;
}

// What a keyboard-wedge scanner does: every key of code within a few milliseconds, then
// Enter, to the focused element. (Playwright's keyboard.type goes through the browser's input
// pipeline one round trip per key, which on a loaded machine is as slow as a person typing.)
export function typeAsWedge(page, code) {
    return page.evaluate((text) => {
        const target = document.activeElement || document.body;
        for (const key of [...text, 'Enter']) {
            target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
            target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
        }
    }, code);
}

// --- another device, through the server's API -----------------------------------------
// A JSON request to the server; the answer's status, text and parsed JSON.
export async function api(server, method, route, token, body) {
    const res = await fetch(`${server.url}${route}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : null };
}

// The ops of another device (`name` padded to a 32-character id) for POST /api/v1/sync/push:
// add(entity, key, payload) appends one with the next sequence number and clock.
export function otherDevice(name) {
    const device = name.padEnd(32, 'a');
    const now = Date.now();
    const hlc = (ms, counter) => ((BigInt(ms) << 16n) + BigInt(counter)).toString(16).padStart(16, '0');
    const ops = [];
    const add = (entity, key, payload) => {
        const seq = ops.length + 1;
        ops.push({ id: `${device}:${seq}`, device, seq, hlc: hlc(now, seq), entity, key, payload });
    };
    return { device, ops, add, now };
}

// --- the scanner's modes, the reallocation pull, the channels' files --------------------
// (web/platform/test_hooks_scanner_modes.cpp; actions: ScannerModesTestAction in
// web/app/app_scanner_test.cpp.)
export const SCANNER_ACTION = {
    setLocation: 1, setToLocation: 2, setOrder: 3, setPo: 4, submitCode: 5, searchLink: 6,
    link: 7, recordCount: 8, shipOrder: 9, previewPull: 10, confirmPull: 11, downloadFile: 12,
};

// The scanner's and reallocation list's state, with sku's on-hand per location (`levels`).
export async function scannerModesState(page, sku = '') {
    return JSON.parse(await page.evaluate((s) => {
        const toC = typeof Module.stringToNewUTF8 === 'function' ? Module.stringToNewUTF8 : stringToNewUTF8;
        const ptr = toC(s);
        const text = Module.UTF8ToString(Module._stocktake_scanner_modes_state(ptr));
        Module._free(ptr);
        return text;
    }, sku));
}

export function scannerModesAction(page, action, text = '', number = 0) {
    return page.evaluate(([a, t, n]) => {
        const toC = typeof Module.stringToNewUTF8 === 'function' ? Module.stringToNewUTF8 : stringToNewUTF8;
        const ptr = toC(t);
        Module._stocktake_scanner_modes_action(a, ptr, n);
        Module._free(ptr);
    }, [action, text, number]);
}

// Polls scannerModesState(page, sku) until done(state) holds; fails with the last state.
export async function untilScannerState(page, description, done, sku = '', timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const s = await scannerModesState(page, sku);
        if (done(s)) return s;
        if (Date.now() > deadline) throw new TestFailure(`timed out waiting for ${description}; scanner state ${JSON.stringify(s)}`);
        await sleep(50);
    }
}
