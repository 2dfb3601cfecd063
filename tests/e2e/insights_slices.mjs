#!/usr/bin/env node
// Browser end-to-end test: refreshing the insights never freezes the page. The generation
// runs as a job spread over frames (Engine::StartInsights, App::PumpInsights), the Insights
// view shows its progress and the previous results meanwhile.
//
//   node tests/e2e/insights_slices.mjs --server build/native/stocktake --public public [--headed]
//   (STOCKTAKE_E2E_INSIGHT_ROWS=N: listings in the report, 30,000 by default)
//
// What it checks: a generated Amazon report of 20,000 listings is imported; showing the
// Insights screen then refreshes on its own (the data changed since the last refresh), and
// that refresh runs over several frames (at least 3), no frame's slice of it takes longer
// than 1 s or half the refresh, the page's requestAnimationFrame keeps firing meanwhile (no
// gap over 1 s beyond what the machine's load already shows before the refresh), the view reports
// "generating" with a progress percent while the counts of the previous refresh stay shown,
// and a second refresh with nothing changed gives the same counts. Screenshots of the
// progress bar and of the result go to tests/e2e/out/insights-slices-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { largeReport } from './fixtures.mjs';
import * as harness from './harness.mjs';
import { check, launchBrowser, log, sleep, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

const state = () => ({
    ready: Module._stocktake_ready(),
    listings: Module._stocktake_listing_count(),
    screen: Module._stocktake_screen(),
    refreshes: Module._stocktake_insight_refreshes(),
    generating: Module._stocktake_insights_generating(),
    percent: Module._stocktake_insights_percent(),
    lastFrames: Module._stocktake_insights_last_frames(),
    lastMaxSliceMs: Module._stocktake_insights_last_max_slice_ms(),
    lastMs: Module._stocktake_insights_last_ms(),
    frames: Module._stocktake_frame_count(),
});
const ACTION = { showScreen: 8, refreshInsights: 9 };  // TestAction (web/platform/platform.h)
const SCREEN_INSIGHTS = 1;                             // Screen::kInsights (web/views/view.h)
const KINDS = 7;                                       // engine::InsightKinds()
const MIN_FRAMES = 3;  // headless software GL draws a frame every ~150 ms
// A read is one unit of the job (one SQL statement, not split yet: docs/PERFORMANCE.md), so
// a slice can exceed the frame budget on a loaded machine; it must stay a small part of the
// whole refresh, and bounded.
const MAX_SLICE_MS = 1000;
const MAX_SLICE_SHARE = 0.5;
const MAX_EXTRA_GAP_MS = 1000;

function parseArgs(argv) {
    const args = harness.parseServerArgs(argv, 'insights_slices.mjs');
    args.rows = Number(process.env.STOCKTAKE_E2E_INSIGHT_ROWS || 20000);
    return args;
}

let page = null;
const waitFor = (description, predicate, arg = null, timeout = 60000) =>
    harness.waitFor(page, description, predicate, arg, timeout, state);
const action = (n, a = 0, b = 0) => page.evaluate(([x, y, z]) => Module._stocktake_action(x, y, z), [n, a, b]);
const counts = () => page.evaluate((k) => Array.from({ length: k }, (_, i) => Module._stocktake_insight_count(i)), KINDS);

// The longest gap between two requestAnimationFrame callbacks over ms milliseconds (the
// page's own measure of a frozen frame).
async function longestFrameGap(ms) {
    return page.evaluate((duration) => new Promise((resolve) => {
        let last = performance.now();
        let longest = 0;
        const start = last;
        const tick = (now) => {
            longest = Math.max(longest, now - last);
            last = now;
            if (now - start < duration) requestAnimationFrame(tick); else resolve(longest);
        };
        requestAnimationFrame(tick);
    }), ms);
}

// Refreshes while watching the frames: starts a gap watch in the page, starts the refresh
// (start: by default the Refresh button's action) and polls until it is done. Returns what
// the page saw. computes: false when nothing changed since the last refresh, which then
// reuses its result and may be done within its first frame.
async function refreshWatchingFrames(shotName, computes = true, start = () => action(ACTION.refreshInsights)) {
    const before = await page.evaluate(state);
    // Each animation frame: the gap since the last, and (while the refresh runs) the counts
    // shown and the progress, so nothing between two polls is missed.
    await page.evaluate((k) => {
        window.__gap = { last: performance.now(), longest: 0, on: true, counts: null, percents: [] };
        const tick = (now) => {
            const g = window.__gap;
            g.longest = Math.max(g.longest, now - g.last);
            g.last = now;
            if (Module._stocktake_insights_generating() === 1) {
                if (g.counts === null) g.counts = Array.from({ length: k }, (_, i) => Module._stocktake_insight_count(i));
                g.percents.push(Module._stocktake_insights_percent());
            }
            if (g.on) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
    }, KINDS);
    await start();
    if (computes) await waitFor('the refresh to start', () => Module._stocktake_insights_generating() === 1, null, 10000);
    let sawProgress = false;
    // Read in one go with the flag, so the counts are those shown while it runs.
    const during = await page.evaluate((k) => ({
        generating: Module._stocktake_insights_generating(),
        counts: Array.from({ length: k }, (_, i) => Module._stocktake_insight_count(i)),
    }), KINDS);
    let countsWhileGenerating = during.generating === 1 ? during.counts : null;
    let shot = false;
    while (await page.evaluate(() => Module._stocktake_insights_generating()) === 1) {
        const s = await page.evaluate(state);
        if (s.percent > 0 && s.percent < 100) sawProgress = true;
        if (countsWhileGenerating === null) countsWhileGenerating = await counts();
        if (!shot && s.percent >= 50) {
            await page.screenshot({ path: path.join(outDir, shotName) });
            shot = true;
        }
        await sleep(20);
    }
    await waitFor('the refresh to finish', (n) => Module._stocktake_insight_refreshes() > n, before.refreshes, 120000);
    const seen = await page.evaluate(() => { window.__gap.on = false; return window.__gap; });
    const after = await page.evaluate(state);
    if (countsWhileGenerating === null) countsWhileGenerating = seen.counts;
    sawProgress = sawProgress || seen.percents.some((p) => p > 0 && p < 100);
    return { after, gap: seen.longest, sawProgress, countsWhileGenerating };
}

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-insights-'));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    const report = path.join(tmp, 'listings.txt');
    fs.writeFileSync(report, largeReport(args.rows));
    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        server = await startServer({ server: args.server, publicDir: args.public, dataDir, logFile: path.join(outDir, 'insights-slices-server.log') });
        browser = await launchBrowser(args.headed);
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(e.message));
        page.on('console', (m) => {
            if (m.type() === 'error' && !m.text().includes('ERR_INTERNET_DISCONNECTED')) pageErrors.push(`console: ${m.text()}`);
        });
        await harness.openApp(page, server.url, state);
        const listings = await harness.importReport(page, report, state);
        check(listings >= args.rows * 0.9, `the report should import about ${args.rows} listings, not ${listings}`);
        const idleGap = await longestFrameGap(1500);
        log(`${listings} listings; longest frame gap while idle: ${idleGap.toFixed(0)} ms`);

        // The import changed the data: showing the screen starts the refresh by itself.
        const first = await refreshWatchingFrames('insights-slices-progress-1280.png', true,
            () => action(ACTION.showScreen, SCREEN_INSIGHTS));
        check(first.after.screen === SCREEN_INSIGHTS, `the insights screen should be shown, not screen ${first.after.screen}`);
        const firstCounts = await counts();
        log(`first refresh: ${first.after.lastMs.toFixed(0)} ms over ${first.after.lastFrames} frames, longest slice ${first.after.lastMaxSliceMs.toFixed(1)} ms, longest frame gap ${first.gap.toFixed(0)} ms; counts ${JSON.stringify(firstCounts)}`);
        check(firstCounts.reduce((a, b) => a + b, 0) > 0, 'the refresh should find insights in the imported listings');

        // Nothing changed since the first: the engine reuses its result (docs/DECISIONS.md,
        // "Insights: nothing changed, nothing computed"), in a frame or two.
        const second = await refreshWatchingFrames('insights-slices-progress-again-1280.png', false);
        const secondCounts = await counts();
        log(`second refresh (nothing changed): ${second.after.lastMs.toFixed(0)} ms over ${second.after.lastFrames} frames, longest slice ${second.after.lastMaxSliceMs.toFixed(1)} ms, longest frame gap ${second.gap.toFixed(0)} ms`);
        check(JSON.stringify(secondCounts) === JSON.stringify(firstCounts), `a refresh with nothing changed should keep the counts ${JSON.stringify(firstCounts)}, not ${JSON.stringify(secondCounts)}`);
        if (second.countsWhileGenerating !== null) {
            check(JSON.stringify(second.countsWhileGenerating) === JSON.stringify(firstCounts), `while refreshing, the previous results should stay shown (${JSON.stringify(second.countsWhileGenerating)})`);
        }
        check(second.after.lastFrames <= 2, `a refresh with nothing changed should compute nothing and be done in a frame or two, not ${second.after.lastFrames}`);
        check(second.after.lastMaxSliceMs <= MAX_SLICE_MS, `no slice of the second refresh should take over ${MAX_SLICE_MS} ms (longest ${second.after.lastMaxSliceMs.toFixed(1)} ms)`);
        check(second.gap <= idleGap + MAX_EXTRA_GAP_MS, `frames should keep coming during the second refresh: longest gap ${second.gap.toFixed(0)} ms, idle ${idleGap.toFixed(0)} ms`);

        for (const [name, r] of [['first', first]]) {
            check(r.sawProgress, `the ${name} refresh should report its progress between 0 and 100%`);
            check(r.after.lastFrames >= MIN_FRAMES, `the ${name} refresh should be spread over at least ${MIN_FRAMES} frames, not ${r.after.lastFrames}`);
            check(r.after.lastMaxSliceMs <= MAX_SLICE_MS, `no slice of the ${name} refresh should take over ${MAX_SLICE_MS} ms (longest ${r.after.lastMaxSliceMs.toFixed(1)} ms)`);
            check(r.after.lastMaxSliceMs <= r.after.lastMs * MAX_SLICE_SHARE, `the ${name} refresh should be spread out: its longest slice ${r.after.lastMaxSliceMs.toFixed(1)} ms of ${r.after.lastMs.toFixed(0)} ms`);
            check(r.gap <= idleGap + MAX_EXTRA_GAP_MS, `frames should keep coming during the ${name} refresh: longest gap ${r.gap.toFixed(0)} ms, idle ${idleGap.toFixed(0)} ms`);
        }
        await harness.screenshot(page, outDir, 'insights-slices-done-1280.png');
        check(pageErrors.length === 0, `the page reported errors: ${pageErrors.join(' | ')}`);
        log(`PASS in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = parseArgs(process.argv.slice(2));
harness.main(() => run(args));
