#!/usr/bin/env node
// Benchmarks of the engine's wasm build in headless Chromium, the browser the warehouse
// uses (node runs the same wasm, but node is not that browser). Two benches:
//   reader  DelimitedReader parse throughput (MB/s): the loop of reader_bench, bytes already
//           in memory (issue 3: "parse >= 500 MB/s in wasm, measured in headless Chromium").
//   import  the whole import of import_bench, bytes to committed SQLite rows, into an empty
//           database (issue 3: "1M rows, 409 MB, <= 5 s, measured in headless Chromium").
//
//   node tests/bench/browser_bench.mjs [--bench reader|import] [--rows N] [--bytes B]
//        [--file PATH] [--build DIR] [--repeats N] [--chunk BYTES] [--db memory|memfs|app]
//        [--min-mbps X] [--max-ms X] [--cpu-profile FILE] [--pretouch-mb MB]
//        [--cache-kib K] [--slice BYTES]
//
//   --bench NAME   reader (default) or import
//   --rows N       rows of the generated All Listings report (default 1000000)
//   --bytes B      pad each generated row (its item-description) so the file is B
//                  bytes: real reports carry longer descriptions than the generator's
//                  (~188 bytes a row), e.g. --bytes 409000000 for the 409 MB file
//   --file PATH    use this file instead of generating one (--rows/--bytes ignored)
//   --build DIR    where the *_bench_browser.js and .wasm are (default build/wasm/tests/bench,
//                  built by `scripts/build wasm`)
//   --repeats N    runs over the same bytes in the page (default 5 for reader, 3 for
//                  import); the first one may run before V8 has tiered the module up
//   --chunk BYTES  reader: bytes per Feed (default 1 MiB, as reader_bench and the importer)
//   --db WHERE     import: memory (default; ":memory:", as import_bench), app (a file of the
//                  engine's memory VFS with the journal in memory, as the app) or memfs (a
//                  file in emscripten's MEMFS, how the app kept it before the memory VFS)
//   --min-mbps X   reader: exit 1 when the median MB/s is below X (default: report only)
//   --max-ms X     import: exit 1 when the median milliseconds are above X (default: report only)
//   --cpu-profile FILE  write Chromium's CPU profile of the runs (a .cpuprofile, for DevTools)
//                  and print the functions with the most self time (build with
//                  --profiling-funcs for C++ names: docs/PERFORMANCE.md, session 14)
//   --pretouch-mb MB  import, diagnostic: grow and touch MB of the heap before the runs, so
//                  their first touches of fresh wasm memory are left out of their time
//   --cache-kib K  import: the engine's SQLite page cache (default: the storage's own)
//   --slice BYTES  import: feed the file to a fed job BYTES at a time, as the app does
//                  (4194304 there), instead of copying it whole into the request
//
// How: a loopback HTTP server (node http) serves a page, the modularized wasm build of
// tests/bench/<bench>_bench_browser.cpp and the file; the page fetches the file into an
// ArrayBuffer, copies it into the wasm heap, then calls the bench's exported run function
// once per repeat, which times only its own work with steady_clock (performance.now()).
// Prints one JSON line per run (MB = 10^6 bytes), then a summary line.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { HEADER, row as reportRow } from '../support/all_listings.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// What differs between the benches: the module, its factory, the page-side call and how a
// run's out[] becomes a JSON line.
const BENCHES = {
    reader: {
        module: 'reader_bench_browser', factory: 'ReaderBench', repeats: 5,
        // out: ms, records, fields
        call: 'mod._st_reader_bench_run(data, size, opts.chunk, out)',
        error: 'mod._st_reader_bench_error()',
        line: (size, out) => ({
            bytes: size, records: out[1], fields: out[2], ms: +out[0].toFixed(1),
            mb_per_s: +(size / 1e6 / (out[0] / 1000)).toFixed(1),
        }),
    },
    import: {
        module: 'import_bench_browser', factory: 'ImportBench', repeats: 3,
        // out: ms, rows read, rows imported, products created
        call: 'mod._st_import_bench_run(data, size, ["memory", "memfs", "app"].indexOf(opts.db), out)',
        error: 'mod._st_import_bench_error()',
        line: (size, out) => ({
            bytes: size, rows: out[1], successful: out[2], created: out[3], ms: +out[0].toFixed(1),
            mb_per_s: +(size / 1e6 / (out[0] / 1000)).toFixed(1),
            rows_per_s: Math.round(out[1] / (out[0] / 1000)),
        }),
    },
};

function usage(problem) {
    if (problem) console.error(`browser_bench.mjs: ${problem}`);
    console.error('usage: node tests/bench/browser_bench.mjs [--bench reader|import] [--rows N] ' +
        '[--bytes B] [--file PATH] [--build DIR] [--repeats N] [--chunk BYTES] [--db memory|memfs|app] ' +
        '[--min-mbps X] [--max-ms X] [--cpu-profile FILE] [--pretouch-mb MB] [--cache-kib K] [--slice BYTES]');
    process.exit(2);
}

function parseArgs(argv) {
    const args = {
        bench: 'reader', rows: 1000000, bytes: 0, file: '',
        build: path.join(root, 'build/wasm/tests/bench'), repeats: 0, chunk: 1 << 20,
        db: 'memory', minMbps: 0, maxMs: 0, cpuProfile: '', pretouchMb: 0, cacheKib: 0, sliceBytes: 0,
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) usage(`${a} needs a value`);
            return argv[++i];
        };
        if (a === '--bench') args.bench = value();
        else if (a === '--rows') args.rows = Number(value());
        else if (a === '--bytes') args.bytes = Number(value());
        else if (a === '--file') args.file = value();
        else if (a === '--build') args.build = path.resolve(value());
        else if (a === '--repeats') args.repeats = Number(value());
        else if (a === '--chunk') args.chunk = Number(value());
        else if (a === '--db') args.db = value();
        else if (a === '--min-mbps') args.minMbps = Number(value());
        else if (a === '--max-ms') args.maxMs = Number(value());
        else if (a === '--cpu-profile') args.cpuProfile = path.resolve(value());
        else if (a === '--pretouch-mb') args.pretouchMb = Number(value());
        else if (a === '--cache-kib') args.cacheKib = Number(value());
        else if (a === '--slice') args.sliceBytes = Number(value());
        else if (a === '--help' || a === '-h') usage();
        else usage(`unknown argument ${a}`);
    }
    if (!BENCHES[args.bench]) usage(`--bench must be one of ${Object.keys(BENCHES).join(', ')}`);
    if (args.repeats === 0) args.repeats = BENCHES[args.bench].repeats;
    for (const k of ['rows', 'repeats', 'chunk']) {
        if (!Number.isInteger(args[k]) || args[k] < 1) usage(`--${k} must be a positive integer`);
    }
    if (!Number.isInteger(args.bytes) || args.bytes < 0) usage('--bytes must be a whole number');
    if (!['memory', 'memfs', 'app'].includes(args.db)) usage('--db must be memory, memfs or app');
    if (!(args.minMbps >= 0)) usage('--min-mbps must be a number');
    if (!(args.maxMs >= 0)) usage('--max-ms must be a number');
    return args;
}

// Writes the generator's report, each row padded to the same byte length when a target
// size is given. Written in blocks: a 400 MB string would not fit node's string limit.
function generate(file, rows, targetBytes) {
    const header = HEADER.join('\t') + '\r\n';
    const descColumn = HEADER.indexOf('item-description');
    // Row i ends at byte round((i + 1) * perRow) past the header, so the total is exact.
    const perRow = targetBytes > 0 ? (targetBytes - header.length) / rows : 0;
    const filler = 'Padding text so the row is as long as a real listing description. ';
    const fd = fs.openSync(file, 'w');
    const write = (text) => fs.writeSync(fd, text);
    write(header);
    let block = [];
    for (let i = 0; i < rows; i++) {
        let line = reportRow(i);
        const lineBytes = Math.round((i + 1) * perRow) - Math.round(i * perRow);
        const short = lineBytes - (Buffer.byteLength(line) + 2);
        if (short > 0) {
            const cols = line.split('\t');
            cols[descColumn] += ' ' + filler.repeat(Math.ceil(short / filler.length)).slice(0, short - 1);
            line = cols.join('\t');
        }
        block.push(line);
        if (block.length === 10000) {
            write(block.join('\r\n') + '\r\n');
            block = [];
        }
    }
    if (block.length) write(block.join('\r\n') + '\r\n');
    fs.closeSync(fd);
}

// The page: fetch -> ArrayBuffer -> wasm heap, then time only the bench's run, repeats times.
function page(bench) {
    return `<!doctype html><meta charset="utf-8"><title>${bench.module}</title>
<script src="/${bench.module}.js"></script>
<script>
window.runBench = async (opts) => {
  const t0 = performance.now();
  const buffer = await (await fetch('/data')).arrayBuffer();
  const fetchMs = performance.now() - t0;
  const mod = await ${bench.factory}();
  const size = buffer.byteLength;
  const data = mod._malloc(size) >>> 0;
  const out = mod._malloc(64) >>> 0;
  if (!data || !out) throw new Error('the wasm heap cannot hold ' + size + ' bytes');
  // After _malloc: growing memory replaces HEAPU8, so read it only now.
  mod.HEAPU8.set(new Uint8Array(buffer), data);
  if (opts.pretouchMb > 0) {
    // Diagnostic: grow and touch the heap before the timed runs, so a run's own first
    // touches of fresh wasm memory (page faults, zeroing) are left out of its time.
    const size = opts.pretouchMb * 1048576;
    const block = mod._malloc(size) >>> 0;
    if (!block) throw new Error('the wasm heap cannot hold ' + size + ' more bytes');
    mod.HEAPU8.fill(1, block, block + size);
    mod._free(block);
  }
  if (opts.cacheKib > 0) mod._st_import_bench_set_cache_kib(opts.cacheKib);
  if (opts.sliceBytes > 0) mod._st_import_bench_set_slice_bytes(opts.sliceBytes);
  const runs = [];
  for (let r = 0; r < opts.repeats; r++) {
    const rc = ${bench.call};
    if (rc !== 0) throw new Error(mod.UTF8ToString(${bench.error}));
    // Read after the call: the run may have grown memory.
    runs.push(Array.from(new Float64Array(mod.HEAPU8.buffer, out, 8)));
  }
  return { size, fetchMs, runs, heapBytes: mod.HEAPU8.buffer.byteLength };
};
window.benchReady = true;
</script>`;
}

function serve(args, bench, file) {
    const glue = path.join(args.build, `${bench.module}.js`);
    const wasm = path.join(args.build, `${bench.module}.wasm`);
    for (const f of [glue, wasm]) {
        if (!fs.existsSync(f)) usage(`${f} is missing: run scripts/build wasm (target ${bench.module})`);
    }
    const routes = {
        '/': ['text/html; charset=utf-8', null, page(bench)],
        [`/${bench.module}.js`]: ['text/javascript', glue],
        [`/${bench.module}.wasm`]: ['application/wasm', wasm],
        '/data': ['application/octet-stream', file],
    };
    const server = http.createServer((req, res) => {
        const route = routes[new URL(req.url, 'http://x').pathname];
        if (!route) {
            res.writeHead(404).end();
            return;
        }
        const [type, f, body] = route;
        if (body !== undefined) {
            res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
            return;
        }
        res.writeHead(200, {
            'Content-Type': type, 'Content-Length': fs.statSync(f).size, 'Cache-Control': 'no-store',
        });
        fs.createReadStream(f).pipe(res);
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function startProfiler(tab) {
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
    return cdp;
}

// Writes the profile and prints the 25 functions with the most self time (samples), so
// where the time goes shows without opening DevTools.
async function stopProfiler(cdp, file) {
    const { profile } = await cdp.send('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    const selfByName = new Map();
    const samples = profile.samples.length || 1;
    for (const node of profile.nodes) {
        const f = node.callFrame;
        const name = `${f.functionName || '(anonymous)'} ${path.basename(f.url)}`;
        selfByName.set(name, (selfByName.get(name) || 0) + (node.hitCount || 0));
    }
    const top = [...selfByName].sort((a, b) => b[1] - a[1]).slice(0, 25);
    for (const [name, hits] of top) console.error(`${(100 * hits / samples).toFixed(1).padStart(5)} %  ${name}`);
    // Inclusive time too (a function counted once per sample whose stack holds it): the
    // phases of an import (the B-tree inserts, the index build, the commit) are callers.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
    const totalByName = new Map();
    for (const id of profile.samples) {
        const seen = new Set();
        for (let at = id; at !== undefined; at = parent.get(at)) {
            const name = byId.get(at).callFrame.functionName || '(anonymous)';
            if (seen.has(name)) continue;
            seen.add(name);
            totalByName.set(name, (totalByName.get(name) || 0) + 1);
        }
    }
    console.error('inclusive:');
    const inclusive = [...totalByName].sort((a, b) => b[1] - a[1]).slice(0, 40);
    for (const [name, hits] of inclusive) {
        console.error(`${(100 * hits / samples).toFixed(1).padStart(5)} %  ${name.slice(0, 120)}`);
    }
}

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const bench = BENCHES[args.bench];
    let tmp = '';
    let file = args.file;
    if (!file) {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-bench-'));
        file = path.join(tmp, 'all_listings.txt');
        generate(file, args.rows, args.bytes);
    }
    let server;
    let browser;
    try {
        server = await serve(args, bench, file);
        // The flags tests/e2e/run.mjs uses for Debian's Chromium (no GPU needed here).
        browser = await chromium.launch({
            executablePath: '/usr/bin/chromium',
            headless: true,
            args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync'],
        });
        const tab = await browser.newPage();
        tab.on('pageerror', (e) => console.error(`page error: ${e.message}`));
        await tab.goto(`http://127.0.0.1:${server.address().port}/`);
        await tab.waitForFunction(() => window.benchReady === true);
        const profiler = args.cpuProfile ? await startProfiler(tab) : null;
        const result = await tab.evaluate((opts) => window.runBench(opts),
            {
                repeats: args.repeats, chunk: args.chunk, db: args.db, pretouchMb: args.pretouchMb,
                cacheKib: args.cacheKib, sliceBytes: args.sliceBytes,
            });
        if (profiler) await stopProfiler(profiler, args.cpuProfile);
        const lines = result.runs.map((out, i) => ({ run: i, ...bench.line(result.size, out) }));
        for (const line of lines) console.log(JSON.stringify(line));
        const ms = lines.map((l) => l.ms);
        const mbps = lines.map((l) => l.mb_per_s);
        const summary = {
            bench: args.bench, browser: `Chromium ${browser.version()} headless`,
            bytes: result.size, fetch_ms: Math.round(result.fetchMs), heap_bytes: result.heapBytes,
            ...(args.bench === 'import' ? { db: args.db, rows: lines[0].rows } : { rows: lines[0].records - 1 }),
            median_ms: +median(ms).toFixed(1), best_ms: +Math.min(...ms).toFixed(1),
            median_mb_per_s: +median(mbps).toFixed(1), best_mb_per_s: +Math.max(...mbps).toFixed(1),
        };
        console.log(JSON.stringify(summary));
        if (args.minMbps > 0 && summary.median_mb_per_s < args.minMbps) {
            console.error(`median ${summary.median_mb_per_s} MB/s is below --min-mbps ${args.minMbps}`);
            process.exitCode = 1;
        }
        if (args.maxMs > 0 && summary.median_ms > args.maxMs) {
            console.error(`median ${summary.median_ms} ms is above --max-ms ${args.maxMs}`);
            process.exitCode = 1;
        }
    } finally {
        if (browser) await browser.close();
        if (server) server.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
}

await main();
