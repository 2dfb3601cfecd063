#!/usr/bin/env node
// Browser end-to-end test of the installable, offline app (issue 8, item 4): playwright-core
// drives Debian's Chromium against the real `stocktake serve`.
//
//   node tests/e2e/pwa.mjs --server build/native/stocktake --public public [--headed]
//
// The served folder is a copy of --public in a temp dir, so the test can publish a new
// version of the shell in it. What it checks: public/sw-shell.js matches the shell the build
// made (web/pwa/shell_manifest.mjs); Chromium finds no installability errors
// (Page.getInstallabilityErrors) and parses the manifest without errors (Page.getAppManifest:
// name, start_url, display standalone, 192 and 512 icons for "any" and "maskable", the
// maskable ones with all their artwork inside the safe zone); the service worker controls
// the page. A small report is imported; the cache holds exactly the shell and no /api/
// response, even after API calls (a POST and a GET). A changed style.css is published (new
// sw-shell.js): a reload brings the "Update available" banner while the old version still
// runs; its button activates the new worker, the page reloads on the new version (the new
// style.css is served), the rows are still there and the old version's cache is gone. Then
// the context goes offline (the server is unreachable) and the page is reloaded: the app
// starts from the new version's cache with the report's rows (IndexedDB) and the CJK font
// its names need (fetched on demand, web/platform/fonts.h). Screenshots at
// 1280x800 and 390x844 of the offline reload and
// of the banner go to tests/e2e/out/pwa-*.png. Exits non-zero on the first failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SHELL_FILES, shellManifest, writeShellScript } from '../../web/pwa/shell_manifest.mjs';
import { SMALL } from './fixtures.mjs';
import { decodePng } from './png.mjs';
import * as harness from './harness.mjs';
import { check, launchProfileBrowser, log, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');
const CACHE_PREFIX = 'stocktake-shell-';  // public/sw.js
const STORAGE_SAVED = 3;  // web/platform/platform.h
const UPDATE_MARKER = '/* pwa.mjs: the next version */';

const state = () => ({
    ready: Module._stocktake_ready(),
    listings: Module._stocktake_listing_count(),
    storage: Module._stocktake_storage_state(),
    controlled: !!navigator.serviceWorker.controller,
    banner: !!document.getElementById('update-banner'),
});

const waitFor = (page, description, predicate, arg = null, timeout = 30000) =>
    harness.waitFor(page, description, predicate, arg, timeout, state);

// The shell version the build wrote into dir/sw-shell.js.
function publishedVersion(dir) {
    const text = fs.readFileSync(path.join(dir, 'sw-shell.js'), 'utf8');
    const match = text.match(/"version": "([0-9a-f]+)"/);
    check(match, `${dir}/sw-shell.js names no version`);
    return match[1];
}

// What the page's caches hold: { cacheName: [path relative to the origin] }.
function cacheContents(page) {
    return page.evaluate(async () => {
        const out = {};
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname.slice(1)).sort();
        }
        return out;
    });
}

// A maskable icon is cropped by the launcher to as little as the circle of radius 40% of
// its size: everything outside that circle must be plain background, and the artwork inside.
async function checkMaskableSafeZone(url) {
    const res = await fetch(url);
    check(res.status === 200, `${url} answers ${res.status}`);
    const image = decodePng(Buffer.from(await res.arrayBuffer()));
    const { width, height, channels, pixels } = image;
    const at = (x, y) => Array.from(pixels.subarray((y * width + x) * channels, (y * width + x) * channels + 3)).join(',');
    const background = at(0, 0);
    const radius = 0.4 * width;
    let outsideArt = 0;
    let insideArt = 0;
    for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
            const outside = Math.hypot(x + 0.5 - width / 2, y + 0.5 - height / 2) > radius;
            if (at(x, y) === background) continue;
            if (outside) outsideArt++;
            else insideArt++;
        }
    }
    check(outsideArt === 0, `${url}: ${outsideArt} pixels of artwork lie outside the maskable safe zone`);
    check(insideArt > 0.1 * width * height, `${url}: the safe zone holds almost no artwork (${insideArt} pixels)`);
}

async function checkInstallable(page) {
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    check(installabilityErrors.length === 0, `Chromium reports installability errors: ${JSON.stringify(installabilityErrors)}`);
    const manifest = await cdp.send('Page.getAppManifest');
    check(manifest.errors.length === 0, `Chromium found errors in the manifest: ${JSON.stringify(manifest.errors)}`);
    const data = JSON.parse(manifest.data);
    check(data.name && data.short_name, 'the manifest needs a name and a short_name');
    check(data.start_url && data.display === 'standalone', `start_url ${data.start_url}, display ${data.display}: want a start_url and standalone`);
    check(data.theme_color && data.background_color, 'the manifest needs theme and background colours');
    for (const purpose of ['any', 'maskable']) {
        for (const size of ['192x192', '512x512']) {
            const icon = data.icons.find((i) => i.sizes === size && i.purpose === purpose && i.type === 'image/png');
            check(icon, `the manifest has no ${size} PNG icon for "${purpose}"`);
            const res = await page.evaluate(async (src) => {
                const r = await fetch(src);
                return { status: r.status, type: r.headers.get('content-type') };
            }, icon.src);
            check(res.status === 200 && res.type === 'image/png', `icon ${icon.src} answers ${res.status} ${res.type}`);
            if (purpose === 'maskable') await checkMaskableSafeZone(new URL(icon.src, manifest.url).href);
        }
    }
    await cdp.detach();
    log(`installable: no installability errors; manifest "${data.name}", ${data.icons.length} icons, display ${data.display}`);
}

// Every cache is this version's and holds exactly the shell: nothing from /api/, no
// navigation under another name, no second version.
async function checkCache(page, version) {
    const contents = await cacheContents(page);
    const names = Object.keys(contents);
    check(names.length === 1 && names[0] === CACHE_PREFIX + version,
        `the caches should be only ${CACHE_PREFIX}${version}, they are ${JSON.stringify(names)}`);
    const cached = contents[names[0]];
    check(JSON.stringify(cached) === JSON.stringify([...SHELL_FILES].sort()),
        `the cache should hold exactly the shell; it holds ${JSON.stringify(cached)}`);
}

async function shots(page, name) {
    await harness.screenshot(page, outDir, `pwa-${name}-1280.png`);
    await harness.resize(page, 390, 844, state);
    await harness.screenshot(page, outDir, `pwa-${name}-390.png`);
    await harness.resize(page, 1280, 800, state);
}

async function run(args) {
    const started = Date.now();
    fs.mkdirSync(outDir, { recursive: true });

    // The build must have written the shell list for what it built.
    const built = shellManifest(args.public).version;
    check(publishedVersion(args.public) === built,
        `${args.public}/sw-shell.js is stale (${publishedVersion(args.public)}, the files hash to ${built}): rebuild (scripts/build wasm)`);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-e2e-pwa-'));
    const dataDir = path.join(tmp, 'data');
    const publicDir = path.join(tmp, 'public');
    fs.mkdirSync(dataDir);
    fs.cpSync(args.public, publicDir, { recursive: true });
    const report = path.join(tmp, 'All+Listings+Report+pwa.txt');
    fs.writeFileSync(report, SMALL.text(), 'utf8');

    let server = null;
    let browser = null;
    const pageErrors = [];
    try {
        server = await startServer({ server: args.server, publicDir, dataDir, logFile: path.join(outDir, 'pwa-server.log') });
        const context = await launchProfileBrowser(path.join(tmp, 'profile'), args.headed, { width: 1280, height: 800 });
        browser = context;  // closing the persistent context closes its browser
        const page = context.pages()[0] || await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(e.message));
        page.on('console', (m) => {
            // The app's sync attempts fail while offline: expected.
            if (m.type() === 'error' && !m.text().includes('ERR_INTERNET_DISCONNECTED')) pageErrors.push(`console: ${m.text()}`);
        });

        // ---- first visit: the worker installs and takes control ----
        await harness.openApp(page, server.url, state);
        await waitFor(page, 'the service worker to control the page', () => !!navigator.serviceWorker.controller);
        await checkInstallable(page);
        await checkCache(page, built);
        log(`first visit: shell version ${built} cached (${SHELL_FILES.length} files), the worker controls the page`);

        const listings = await harness.importReport(page, report, state);
        check(listings === SMALL.goodRows, `expected ${SMALL.goodRows} listings after the import, the app has ${listings}`);
        await waitFor(page, 'the import to be saved in the browser', (n) => Module._stocktake_storage_state() === n, STORAGE_SAVED);

        // API requests (a POST and a cacheable GET) go past the worker, never into its cache.
        const api = await page.evaluate(async () => {
            const registered = await fetch('api/v1/auth/register', {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ org_name: 'PWA E2E Ltd', email: 'owner@pwa-e2e.example', password: 'correct horse battery' }),
            });
            const token = (await registered.json()).access_token;
            const me = await fetch('api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
            return { registered: registered.status, me: me.status };
        });
        check(api.registered === 201 && api.me === 200, `the API calls answered ${JSON.stringify(api)}, want 201 and 200`);
        await checkCache(page, built);

        // ---- an update: a changed shell file makes a new version ----
        fs.appendFileSync(path.join(publicDir, 'style.css'), `\n${UPDATE_MARKER}\n`);
        const next = writeShellScript(publicDir);
        check(next !== built, 'changing style.css should change the shell version');
        await page.reload({ waitUntil: 'load' });  // a navigation makes the browser check sw.js
        await harness.openApp(page, server.url, state);
        // Chromium answers the first update() after a worker's first installation late (seen
        // here: 50 to 60 s, with or without a profile on disk or clients.claim(); later checks
        // take ~0.3 s), so the banner may take a minute: hence the long wait.
        const checkStarted = Date.now();
        await page.waitForSelector('#update-banner', { state: 'visible', timeout: 120000 });
        const bannerAfterMs = Date.now() - checkStarted;
        const bannerText = await page.textContent('#update-banner');
        check(/Update available/.test(bannerText), `the banner says "${bannerText}"`);
        const stillOld = await page.evaluate(async () => (await fetch('style.css')).text());
        check(!stillOld.includes(UPDATE_MARKER), 'until the update is accepted the page must run the old version');
        log(`update ${built} -> ${next}: after ${bannerAfterMs} ms the banner says "${bannerText.trim()}"`);
        await shots(page, 'update');

        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#update-banner button')]);
        await harness.openApp(page, server.url, state);
        await waitFor(page, 'the new worker to control the page', () => !!navigator.serviceWorker.controller);
        const style = await page.evaluate(async () => (await fetch('style.css')).text());
        check(style.includes(UPDATE_MARKER), 'after the update the page should get the new style.css');
        check(await page.$('#update-banner') === null, 'the banner should be gone after the update');
        await checkCache(page, next);
        let s = await page.evaluate(state);
        check(s.listings === SMALL.goodRows, `after the update the app has ${s.listings} listings, expected ${SMALL.goodRows}`);
        log(`after the update: version ${next} active, the old cache deleted, ${s.listings} listings kept`);

        // ---- offline: the reload comes from the (new version's) cache, the data from IndexedDB ----
        await context.setOffline(true);
        const reachable = await page.evaluate(() => fetch('healthz').then(() => true, () => false));
        check(!reachable, 'the server should be unreachable once the context is offline');
        await page.reload({ waitUntil: 'load' });
        const offline = await harness.openApp(page, server.url, state);
        s = await page.evaluate(state);
        check(s.listings === SMALL.goodRows, `offline after a reload the app has ${s.listings} listings, expected ${SMALL.goodRows}`);
        check(s.controlled, 'the offline page should be controlled by the service worker');
        const offlineStyle = await page.evaluate(async () => (await fetch('style.css')).text());
        check(offlineStyle.includes(UPDATE_MARKER), 'offline, the cache should serve the updated version');
        log(`offline reload: the app is ready after ${offline.readyMs} ms with its ${s.listings} listings`);
        // The fixture's CJK names make the app fetch its CJK font, which must come from the cache.
        const cjkLoaded = 2;  // FontManager::CjkFont::kLoaded (web/platform/fonts.h)
        await harness.waitFor(page, 'the CJK font from the cache, offline',
            (loaded) => Module._stocktake_cjk_font_state() === loaded, cjkLoaded, 30000, state);
        await shots(page, 'offline');

        check(pageErrors.length === 0, `the page reported errors:\n  ${pageErrors.join('\n  ')}`);
        log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return 0;
    } finally {
        await harness.cleanUp({ browser, server, tmp });
    }
}

const args = harness.parseServerArgs(process.argv.slice(2), 'pwa.mjs');
harness.main(() => run(args));
