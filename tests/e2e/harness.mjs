// Shared pieces of the browser end-to-end tests (run.mjs, sync.mjs): failures and checks,
// starting and stopping `stocktake serve`, launching Debian's Chromium, waiting on the app's
// test hooks, screenshots that must not be blank.
import { spawn } from 'node:child_process';
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

// Chooses a report through the page's file input, presses "Import" on its preview (through
// the test hook, TestAction::kCommitImport in web/platform/platform.h) and waits for the
// import to finish (within timeoutMs); returns the listing count afterwards.
export async function importReport(page, file, stateOf, timeoutMs = 30000) {
    const stepFile = 3;  // WizardStep::kFile (web/views/view.h)
    const commitImport = 2;
    const finished = await page.evaluate(() => Module._stocktake_imports_finished());
    await page.setInputFiles('#file-input', file);
    await waitFor(page, `the preview of ${path.basename(file)}`, (n) => Module._stocktake_wizard_step() === n, stepFile, Math.max(30000, timeoutMs / 10), stateOf);
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
export function main(run) {
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
