#!/usr/bin/env node
// The browser app's own benchmark (issue 8 item 7), in headless Chromium against
// `stocktake serve`. Budgets: first frame <= 2 s on localhost, app.wasm <= 4 MB, <= 16 ms of
// work per frame while the 100k-row Products view scrolls, a small edit saved in <= 50 ms
// with a 200 MB database.
//
//   node tests/bench/app_bench.mjs --server PATH --public DIR [--rows N] [--big-rows N]
//        [--loads N] [--edits N] [--json FILE]
//
//   --rows N      rows of the first import, the Products view that scrolls (default 100000;
//                 0 measures only sizes and first frames)
//   --big-rows N  rows in all after a second import, for the save with a large database
//                 (default 500000: ~200 MB; 0 skips that phase)
//   --loads N     cold page loads for the first frame (default 5)
//   --edits N     small edits timed per database size (default 5)
//   --json FILE   also write every figure as one JSON object
//
// What is measured, and how:
// - sizes: public/app.{wasm,js,data}, raw and gzip -9 (the server gzips them);
// - first frame: loads with nothing cached, each in a new browser and each in a new context
//   of a browser already running (firstFrames says why both), navigation start to the first
//   frame drawn (the page's `stocktake-first-frame` performance mark, set by
//   library_stocktake.js), and to the database being open (polled);
// - frame work: the app times each frame's work on the page's thread (Platform::Tick, start
//   to end, web/platform/frame_stats.h); the bench turns the mouse wheel over the Products
//   table once per frame and reads the percentiles of those frames; idle frames for
//   comparison; Chromium's own main-thread task time per frame (CDP Performance metrics) as
//   a cross-check that includes what the browser does outside the app's frame;
// - save: the app times each save (its changed blocks handed to IndexedDB until the
//   transaction commits); the bench edits one product's price (the Products inline editor's
//   intent) and reads the save that follows, at the first import's size and again after the
//   second import has grown the database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import * as harness from '../e2e/harness.mjs';
import { check, log, sleep } from '../e2e/harness.mjs';
import { HEADER, row as reportRow } from '../support/all_listings.mjs';

const SCREEN_PRODUCTS = 0;  // Screen::kListings (web/views/view.h)
const ACTION_SHOW_SCREEN = 8;  // TestAction::kShowScreen (web/platform/platform.h)
const CATALOG_SAVE_FIELD = 2;  // CatalogTestAction::kSaveProductField
const STORAGE_SAVED = 3;  // StorageState::kSaved
const IMPORT_TIMEOUT_MS = 30 * 60 * 1000;

function parseArgs(argv) {
    const usage = (problem) => {
        if (problem) console.error(`app_bench.mjs: ${problem}`);
        console.error('usage: node tests/bench/app_bench.mjs --server PATH --public DIR [--rows N] ' +
            '[--big-rows N] [--loads N] [--edits N] [--json FILE]');
        process.exit(2);
    };
    const args = { rows: 100000, bigRows: 500000, loads: 5, edits: 5 };
    const numeric = { '--rows': 'rows', '--big-rows': 'bigRows', '--loads': 'loads', '--edits': 'edits' };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (i + 1 >= argv.length) usage(`missing value for ${a}`);
        if (a === '--server' || a === '--public' || a === '--json') args[a.slice(2)] = argv[++i];
        else if (numeric[a]) args[numeric[a]] = Number(argv[++i]);
        else usage(`unknown argument ${a}`);
    }
    if (!args.server || !args.public) usage('--server and --public are required');
    if (!(args.rows >= 0) || !(args.loads >= 0) || !(args.bigRows === 0 || args.bigRows > args.rows)) {
        usage('--rows must be >= 0 and --big-rows 0 or more than --rows');
    }
    return args;
}

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};
const round = (x, digits = 1) => +x.toFixed(digits);

// An All Listings report of rows [from, to) (the generator's rows: SKU-0000000...).
function writeReport(file, from, to) {
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, HEADER.join('\t') + '\n');
    const batch = [];
    for (let i = from; i < to; i++) {
        batch.push(reportRow(i));
        if (batch.length === 10000) {
            fs.writeSync(fd, batch.join('\n') + '\n');
            batch.length = 0;
        }
    }
    if (batch.length > 0) fs.writeSync(fd, batch.join('\n') + '\n');
    fs.closeSync(fd);
    return fs.statSync(file).size;
}

function sizes(publicDir) {
    const out = {};
    for (const name of ['app.wasm', 'app.js', 'app.data']) {
        const file = path.join(publicDir, name);
        if (!fs.existsSync(file)) continue;
        const bytes = fs.readFileSync(file);
        out[name] = { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    }
    return out;
}

const stateOf = () => ({
    ready: Module._stocktake_ready(),
    listings: Module._stocktake_listing_count(),
    importState: Module._stocktake_import_state(),
    storage: Module._stocktake_storage_state(),
    saves: Module._stocktake_saves_completed(),
});

// One load in a fresh browser context: nothing cached (its HTTP cache, code cache and
// service worker are the context's own), timed from the page's navigation start.
async function loadOnce(context, url) {
    const page = await context.newPage();
    const { firstFrameMs: polledMs, readyMs } = await harness.openApp(page, url, stateOf);
    // The mark is exact; builds before it existed are measured by polling (from
    // page.goto, +-20 ms), which the A/B comparison of such a build uses for both.
    const markMs = await page.evaluate(() => {
        const mark = performance.getEntriesByName('stocktake-first-frame')[0];
        return mark ? mark.startTime : null;
    });
    return { firstFrameMs: markMs === null ? null : round(markMs), polledMs, readyMs };
}

function describeLoads(runs) {
    return {
        runs,
        firstFrameMedianMs: median(runs.map((r) => r.firstFrameMs).filter((x) => x !== null)),
        polledMedianMs: median(runs.map((r) => r.polledMs)),
        readyMedianMs: median(runs.map((r) => r.readyMs)),
    };
}

// Two kinds of first load, each with nothing cached:
// - a new browser each time: includes the browser's own start (its GPU process, its
//   start-up pages competing for the two cores with the app), which no page can change;
// - a new context in a browser that is already running, as when a seller opens the app in
//   a tab: the figure the app's own work decides.
async function firstFrames(url, loads) {
    const coldBrowser = [];
    for (let i = 0; i < loads; i++) {
        const browser = await harness.launchBrowser(false);
        try {
            const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
            const run = await loadOnce(context, url);
            coldBrowser.push(run);
            log(`load ${i + 1} in a new browser: first frame ${run.firstFrameMs} ms, ` +
                `polled ${run.polledMs} ms, database open ${run.readyMs} ms`);
        } finally {
            await browser.close();
        }
    }
    const runningBrowser = [];
    const browser = await harness.launchBrowser(false);
    try {
        // The browser's start-up finishes before the first timed load, as it has for a seller.
        const warm = await browser.newContext();
        await (await warm.newPage()).goto('about:blank');
        await sleep(3000);
        await warm.close();
        for (let i = 0; i < loads; i++) {
            const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
            const run = await loadOnce(context, url);
            await context.close();
            runningBrowser.push(run);
            log(`load ${i + 1} in a running browser: first frame ${run.firstFrameMs} ms, ` +
                `polled ${run.polledMs} ms, database open ${run.readyMs} ms`);
        }
    } finally {
        await browser.close();
    }
    return { newBrowser: describeLoads(coldBrowser), runningBrowser: describeLoads(runningBrowser) };
}

async function importRows(page, file, rows) {
    const started = Date.now();
    const listings = await harness.importReport(page, file, stateOf, IMPORT_TIMEOUT_MS);
    const importMs = Date.now() - started;
    check(listings >= rows, `after importing ${file} the app holds ${listings} listings, expected ${rows}`);
    // The import's own save (every block of a new database) must end before edits are timed.
    await harness.waitFor(page, 'the import to be saved', (saved) => Module._stocktake_storage_state() === saved,
        STORAGE_SAVED, IMPORT_TIMEOUT_MS, stateOf);
    const save = await page.evaluate(() => ({
        ms: Module._stocktake_last_save_ms(),
        blocks: Module._stocktake_last_save_blocks(),
        bytes: Module._stocktake_database_bytes(),
    }));
    log(`imported ${listings} listings in ${importMs} ms; its save: ${save.blocks} blocks in ${save.ms.toFixed(0)} ms; database ${(save.bytes / 1e6).toFixed(1)} MB`);
    return { listings, importMs, saveMs: round(save.ms), saveBlocks: save.blocks, databaseBytes: save.bytes };
}

// Polled by timer (harness.framesDrawn): a requestAnimationFrame of our own would be traced
// as one more animation frame.
const nextFrame = (page) => harness.framesDrawn(page, 1);

async function mainThreadTaskMs(cdp) {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return 1000 * metrics.find((m) => m.name === 'TaskDuration').value;
}

// The app's frames in a Chromium trace: each is one requestAnimationFrame callback
// (FireAnimationFrame); tdur is its thread CPU time, which a loaded machine does not inflate
// the way it inflates wall time.
function animationFrames(traceBuffer) {
    const { traceEvents } = JSON.parse(traceBuffer.toString());
    const frames = traceEvents.filter((e) => e.name === 'FireAnimationFrame' && e.ph === 'X' && e.tdur !== undefined);
    const cpu = frames.map((e) => e.tdur / 1000);
    const wall = frames.map((e) => e.dur / 1000);
    const pct = (xs, p) => {
        const s = [...xs].sort((a, b) => a - b);
        return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.round(p / 100 * (s.length - 1)))];
    };
    return {
        frames: frames.length,
        cpuP50Ms: round(pct(cpu, 50), 2), cpuP95Ms: round(pct(cpu, 95), 2), cpuMaxMs: round(pct(cpu, 100), 2),
        cpuMeanMs: round(cpu.reduce((a, b) => a + b, 0) / Math.max(1, cpu.length), 2),
        wallP50Ms: round(pct(wall, 50), 2), wallP95Ms: round(pct(wall, 95), 2),
    };
}

// Frames' work while nothing happens, then while the wheel scrolls the Products table.
async function frameWork(browser, page, cdp, label) {
    const measure = async (frames, between) => {
        const timedBefore = await page.evaluate(() => Module._stocktake_frames_timed());
        const taskBefore = await mainThreadTaskMs(cdp);
        await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
        for (let i = 0; i < frames; i++) {
            if (between) await between(i);
            await nextFrame(page);
        }
        const traced = animationFrames(await browser.stopTracing());
        const timed = (await page.evaluate(() => Module._stocktake_frames_timed())) - timedBefore;
        const taskMs = (await mainThreadTaskMs(cdp)) - taskBefore;
        const app = await page.evaluate((n) => ({
            p50: Module._stocktake_frame_work_ms(50, n),
            p95: Module._stocktake_frame_work_ms(95, n),
            max: Module._stocktake_frame_work_ms(100, n),
            mean: Module._stocktake_frame_work_mean_ms(n),
        }), timed);
        return {
            frames: timed,
            appWallMs: { p50: round(app.p50, 2), p95: round(app.p95, 2), max: round(app.max, 2), mean: round(app.mean, 2) },
            traced,
            mainThreadTaskMsPerFrame: round(taskMs / timed, 2),
        };
    };
    await page.mouse.move(640, 420);  // over the Products table
    const idle = await measure(60, null);
    const scrollBefore = (await catalogState(page)).tableScrollY;
    // Down then back up, one notch a frame: every frame draws a different window of rows.
    const scrolling = await measure(200, (i) => page.mouse.wheel(0, i < 100 ? 100 : -100));
    const scrolled = await maxScroll(page, scrollBefore);
    log(`${label}: idle frames CPU p50 ${idle.traced.cpuP50Ms} ms; scrolling ${scrolling.traced.frames} frames: CPU p50 ` +
        `${scrolling.traced.cpuP50Ms} ms, p95 ${scrolling.traced.cpuP95Ms} ms, max ${scrolling.traced.cpuMaxMs} ms ` +
        `(wall in the app p50 ${scrolling.appWallMs.p50} ms); main-thread tasks ${scrolling.mainThreadTaskMsPerFrame} ms/frame`);
    return { idle, scrolling, scrolledPx: scrolled };
}

const catalogState = (page) => page.evaluate(() => JSON.parse(UTF8ToString(Module._stocktake_catalog_state())));

// The scroll reached by wheeling down from `from` (proves the wheel moved the table).
async function maxScroll(page, from) {
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 100);
    await nextFrame(page);
    await nextFrame(page);
    const reached = (await catalogState(page)).tableScrollY - from;
    check(reached > 500, `the mouse wheel did not scroll the Products table (moved ${reached} px)`);
    return reached;
}

// One product's price edited `edits` times; each edit's save timed by the app.
async function smallEdits(page, edits, label) {
    const runs = [];
    for (let i = 0; i < edits; i++) {
        await harness.waitFor(page, 'storage to be idle', (saved) => Module._stocktake_storage_state() === saved,
            STORAGE_SAVED, 60000, stateOf);
        const [saves, yieldedBefore] = await page.evaluate(() => [
            Module._stocktake_saves_completed(), Module._stocktake_frames_yielded_to_saves()]);
        const started = Date.now();
        const price = (10 + i + Math.random()).toFixed(2);
        await page.evaluate(([action, p]) => {
            const toC = typeof Module.stringToNewUTF8 === 'function' ? Module.stringToNewUTF8 : stringToNewUTF8;
            const a = toC('SKU-0000001');
            const b = toC('price');
            const c = toC(p);
            Module._stocktake_catalog_action(action, a, b, c, 0);
            [a, b, c].forEach((ptr) => Module._free(ptr));
        }, [CATALOG_SAVE_FIELD, price]);
        await harness.waitFor(page, 'the edit to be saved',
            ([n, saved]) => Module._stocktake_saves_completed() > n && Module._stocktake_storage_state() === saved,
            [saves, STORAGE_SAVED], 60000, stateOf);
        const wallMs = Date.now() - started;
        const save = await page.evaluate(() => ({
            ms: Module._stocktake_last_save_ms(), blocks: Module._stocktake_last_save_blocks(),
            bytes: Module._stocktake_database_bytes(),
            yielded: Module._stocktake_frames_yielded_to_saves(),
        }));
        const edited = await catalogState(page);
        check(edited.editOk, `the price edit ${price} was refused: ${edited.editError}`);
        runs.push({
            saveMs: round(save.ms), blocks: save.blocks, databaseBytes: save.bytes, editToSavedWallMs: wallMs,
            framesYielded: save.yielded - yieldedBefore,
        });
    }
    const result = {
        runs, saveMedianMs: median(runs.map((r) => r.saveMs)),
        editToSavedMedianMs: median(runs.map((r) => r.editToSavedWallMs)),
        databaseBytes: runs[runs.length - 1].databaseBytes,
    };
    log(`${label}: a small edit's save ${result.saveMedianMs} ms median (${runs.map((r) => r.saveMs).join(', ')}), ` +
        `${runs.map((r) => r.blocks).join('/')} blocks; frames yielded to it ${runs.map((r) => r.framesYielded).join('/')}; ` +
        `edit to "Saved" ${result.editToSavedMedianMs} ms; ` +
        `database ${(result.databaseBytes / 1e6).toFixed(1)} MB`);
    return result;
}

async function run() {
    const args = parseArgs(process.argv.slice(2));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-app-bench-'));
    const results = { date: new Date().toISOString(), loadAverage: os.loadavg(), args };
    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        results.sizes = sizes(args.public);
        for (const [name, s] of Object.entries(results.sizes)) log(`${name}: ${s.raw} B raw, ${s.gzip} B gzip -9`);
        server = await harness.startServer({
            server: args.server, publicDir: args.public, dataDir: path.join(tmp, 'data'),
            logFile: path.join(tmp, 'server.log'),
        });
        if (args.loads > 0) results.firstFrame = await firstFrames(server.url, args.loads);

        if (args.rows === 0) return finish(results, args);
        const first = path.join(tmp, 'first.txt');
        const firstBytes = writeReport(first, 0, args.rows);
        browser = await harness.launchBrowser(false);
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        page.on('pageerror', (error) => pageErrors.push(error.message));
        page.on('crash', () => pageErrors.push('the page crashed'));
        page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') log(`page: ${m.text()}`); });
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        await harness.openApp(page, server.url, stateOf);
        results.firstImport = { bytes: firstBytes, ...(await importRows(page, first, args.rows)) };
        await page.evaluate(([a, s]) => Module._stocktake_action(a, s, 0), [ACTION_SHOW_SCREEN, SCREEN_PRODUCTS]);
        await sleep(500);
        results.frames = await frameWork(browser, page, cdp, `Products, ${args.rows} rows`);
        results.edits = await smallEdits(page, args.edits, `${(results.firstImport.databaseBytes / 1e6).toFixed(0)} MB database`);

        if (args.bigRows > 0) {
            const second = path.join(tmp, 'second.txt');
            const secondBytes = writeReport(second, args.rows, args.bigRows);
            results.secondImport = { bytes: secondBytes, ...(await importRows(page, second, args.bigRows)) };
            await page.evaluate(([a, s]) => Module._stocktake_action(a, s, 0), [ACTION_SHOW_SCREEN, SCREEN_PRODUCTS]);
            await sleep(500);
            results.bigFrames = await frameWork(browser, page, cdp, `Products, ${args.bigRows} rows`);
            results.bigEdits = await smallEdits(page, args.edits, `${(results.secondImport.databaseBytes / 1e6).toFixed(0)} MB database`);
        }
        check(pageErrors.length === 0, `the page reported errors: ${pageErrors.join('; ')}`);
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
    return finish(results, args);
}

function finish(results, args) {
    results.loadAverageAfter = os.loadavg();
    const line = JSON.stringify(results);
    console.log(line);
    if (args.json) fs.writeFileSync(args.json, line + '\n');
    return 0;
}

harness.main(run, Number(process.env.STOCKTAKE_E2E_LIMIT_MINUTES || 120));  // 300k-row loads are long
