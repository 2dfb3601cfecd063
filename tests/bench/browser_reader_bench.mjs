#!/usr/bin/env node
// DelimitedReader parse throughput (MB/s) in headless Chromium: the wasm reader of
// reader_bench, bytes already in memory, as the issue asks to measure it ("parse ≥ 500
// MB/s in wasm, measured in headless Chromium"). reader_bench.js under node measures the
// same loop, but node is not the browser the warehouse uses.
//
//   node tests/bench/browser_reader_bench.mjs [--rows N] [--bytes B] [--file PATH]
//        [--build DIR] [--repeats N] [--chunk BYTES] [--min-mbps X]
//
//   --rows N       rows of the generated All Listings report (default 1000000)
//   --bytes B      pad each generated row (its item-description) so the file is B
//                  bytes: real reports carry longer descriptions than the generator's
//                  (~188 bytes a row), e.g. --bytes 409000000 for the 409 MB file
//   --file PATH    use this file instead of generating one (--rows/--bytes ignored)
//   --build DIR    where reader_bench_browser.js and .wasm are (default build/wasm/tests/bench,
//                  built by `scripts/build wasm`)
//   --repeats N    parses of the same bytes in the page (default 5); the first one may run
//                  before V8 has tiered the module up to its optimizing compiler
//   --chunk BYTES  bytes per Feed (default 1 MiB, as reader_bench and the importer)
//   --min-mbps X   exit 1 when the median MB/s is below X (default: report only)
//
// How: a loopback HTTP server (node http) serves a page, the modularized wasm build of
// tests/bench/reader_bench_browser.cpp and the file; the page fetches the file into an
// ArrayBuffer, copies it into the wasm heap, then times only st_reader_bench_run (the
// reader, fed in chunks), as reader_bench does. Prints one JSON line per run (MB = 10^6
// bytes), then a summary line.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { HEADER, row as reportRow } from '../support/all_listings.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function usage(problem) {
    if (problem) console.error(`browser_reader_bench.mjs: ${problem}`);
    console.error('usage: node tests/bench/browser_reader_bench.mjs [--rows N] [--bytes B] [--file PATH] ' +
        '[--build DIR] [--repeats N] [--chunk BYTES] [--min-mbps X]');
    process.exit(2);
}

function parseArgs(argv) {
    const args = {
        rows: 1000000, bytes: 0, file: '', build: path.join(root, 'build/wasm/tests/bench'),
        repeats: 5, chunk: 1 << 20, minMbps: 0,
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) usage(`${a} needs a value`);
            return argv[++i];
        };
        if (a === '--rows') args.rows = Number(value());
        else if (a === '--bytes') args.bytes = Number(value());
        else if (a === '--file') args.file = value();
        else if (a === '--build') args.build = path.resolve(value());
        else if (a === '--repeats') args.repeats = Number(value());
        else if (a === '--chunk') args.chunk = Number(value());
        else if (a === '--min-mbps') args.minMbps = Number(value());
        else if (a === '--help' || a === '-h') usage();
        else usage(`unknown argument ${a}`);
    }
    for (const k of ['rows', 'repeats', 'chunk']) {
        if (!Number.isInteger(args[k]) || args[k] < 1) usage(`--${k} must be a positive integer`);
    }
    if (!Number.isInteger(args.bytes) || args.bytes < 0) usage('--bytes must be a whole number');
    if (!(args.minMbps >= 0)) usage('--min-mbps must be a number');
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

// The page: fetch → ArrayBuffer → wasm heap, then time only the reader, repeats times.
const PAGE = `<!doctype html><meta charset="utf-8"><title>reader bench</title>
<script src="/reader_bench_browser.js"></script>
<script>
window.runBench = async (repeats, chunk) => {
  const t0 = performance.now();
  const buffer = await (await fetch('/data')).arrayBuffer();
  const fetchMs = performance.now() - t0;
  const mod = await ReaderBench();
  const size = buffer.byteLength;
  const data = mod._malloc(size) >>> 0;
  const out = mod._malloc(24) >>> 0;
  if (!data || !out) throw new Error('the wasm heap cannot hold ' + size + ' bytes');
  // After _malloc: growing memory replaces HEAPU8, so read it only now.
  mod.HEAPU8.set(new Uint8Array(buffer), data);
  const runs = [];
  for (let r = 0; r < repeats; r++) {
    const j0 = performance.now();
    const rc = mod._st_reader_bench_run(data, size, chunk, out);
    const callMs = performance.now() - j0;
    if (rc !== 0) throw new Error(mod.UTF8ToString(mod._st_reader_bench_error()));
    const result = new Float64Array(mod.HEAPU8.buffer, out, 3);
    runs.push({ ms: result[0], records: result[1], fields: result[2], callMs });
  }
  return { size, fetchMs, runs, userAgent: navigator.userAgent };
};
window.benchReady = true;
</script>`;

function serve(args, file) {
    const glue = path.join(args.build, 'reader_bench_browser.js');
    const wasm = path.join(args.build, 'reader_bench_browser.wasm');
    for (const f of [glue, wasm]) {
        if (!fs.existsSync(f)) usage(`${f} is missing: run scripts/build wasm (target reader_bench_browser)`);
    }
    const routes = {
        '/': ['text/html; charset=utf-8', null, PAGE],
        '/reader_bench_browser.js': ['text/javascript', glue],
        '/reader_bench_browser.wasm': ['application/wasm', wasm],
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

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
    const args = parseArgs(process.argv.slice(2));
    let tmp = '';
    let file = args.file;
    if (!file) {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-bench-'));
        file = path.join(tmp, 'all_listings.txt');
        generate(file, args.rows, args.bytes);
    }
    let server;
    let browser;
    try {
        server = await serve(args, file);
        // The flags tests/e2e/run.mjs uses for Debian's Chromium (no GPU needed here).
        browser = await chromium.launch({
            executablePath: '/usr/bin/chromium',
            headless: true,
            args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync'],
        });
        const page = await browser.newPage();
        page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
        await page.goto(`http://127.0.0.1:${server.address().port}/`);
        await page.waitForFunction(() => window.benchReady === true);
        const result = await page.evaluate(([r, c]) => window.runBench(r, c), [args.repeats, args.chunk]);
        const mbps = [];
        result.runs.forEach((run, i) => {
            const rate = result.size / 1e6 / (run.ms / 1000);
            mbps.push(rate);
            console.log(JSON.stringify({
                run: i, bytes: result.size, records: run.records, fields: run.fields,
                ms: +run.ms.toFixed(1), mb_per_s: +rate.toFixed(1),
            }));
        });
        const summary = {
            browser: `Chromium ${browser.version()} headless`,
            bytes: result.size, rows: result.runs[0].records - 1,
            fetch_ms: Math.round(result.fetchMs),
            median_mb_per_s: +median(mbps).toFixed(1), best_mb_per_s: +Math.max(...mbps).toFixed(1),
        };
        console.log(JSON.stringify(summary));
        if (args.minMbps > 0 && summary.median_mb_per_s < args.minMbps) {
            console.error(`median ${summary.median_mb_per_s} MB/s is below --min-mbps ${args.minMbps}`);
            process.exitCode = 1;
        }
    } finally {
        if (browser) await browser.close();
        if (server) server.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
}

await main();
