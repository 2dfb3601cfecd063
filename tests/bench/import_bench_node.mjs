#!/usr/bin/env node
// The import of tests/bench/import_bench_browser.cpp (the module browser_bench.mjs loads in
// headless Chromium) run in node instead, timed in wall AND process CPU milliseconds: on the
// shared 2-core machine the CPU time of the run is the steadier figure (docs/PERFORMANCE.md,
// "Import speed, session 14"). Same V8 and wasm module as the page; the bytes are copied into
// the wasm heap first, outside the timing, as the page does.
//
//   node tests/bench/import_bench_node.mjs FILE [--build DIR] [--db memory|memfs|app]
//        [--repeats N] [--cache-kib K] [--slice BYTES] [--pretouch-mb MB]
//
//   --cache-kib K    the engine's SQLite page cache (default: the storage's own)
//   --slice BYTES    feed the file to a fed job BYTES at a time, as the app does, instead of
//                    copying it whole into the request (ImportFile) as import_bench does
//   --pretouch-mb M  diagnostic: grow and touch M MB of the heap before the runs, so their
//                    first touches of fresh wasm memory are left out
// Prints one JSON line per run.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const args = { file: '', build: path.join(root, 'build/wasm/tests/bench'), db: 'app', repeats: 1,
    cacheKib: 0, slice: 0, pretouchMb: 0 };
for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i];
    if (a === '--build') args.build = path.resolve(value());
    else if (a === '--db') args.db = value();
    else if (a === '--repeats') args.repeats = Number(value());
    else if (a === '--cache-kib') args.cacheKib = Number(value());
    else if (a === '--slice') args.slice = Number(value());
    else if (a === '--pretouch-mb') args.pretouchMb = Number(value());
    else if (!a.startsWith('--') && !args.file) args.file = a;
    else {
        console.error(`unknown argument ${a}`);
        process.exit(2);
    }
}
if (!args.file) {
    console.error('usage: node tests/bench/import_bench_node.mjs FILE [--build DIR] [--db memory|memfs|app] ' +
        '[--repeats N] [--cache-kib K] [--slice BYTES] [--pretouch-mb MB]');
    process.exit(2);
}
const storage = ['memory', 'memfs', 'app'].indexOf(args.db);
if (storage < 0) {
    console.error('--db must be memory, memfs or app');
    process.exit(2);
}

// Node 20's fetch would try to load the .wasm by path: read it and hand it over.
const require = createRequire(import.meta.url);
const factory = require(path.join(args.build, 'import_bench_browser.js'));
const mod = await factory({ wasmBinary: fs.readFileSync(path.join(args.build, 'import_bench_browser.wasm')) });
const bytes = fs.readFileSync(args.file);
const data = mod._malloc(bytes.length) >>> 0;
const out = mod._malloc(64) >>> 0;
if (!data || !out) throw new Error(`the wasm heap cannot hold ${bytes.length} bytes`);
mod.HEAPU8.set(bytes, data);
if (args.pretouchMb > 0) {
    const size = args.pretouchMb * 1048576;
    const block = mod._malloc(size) >>> 0;
    if (!block) throw new Error(`the wasm heap cannot hold ${size} more bytes`);
    mod.HEAPU8.fill(1, block, block + size);
    mod._free(block);
}
if (args.cacheKib > 0) mod._st_import_bench_set_cache_kib(args.cacheKib);
if (args.slice > 0) mod._st_import_bench_set_slice_bytes(args.slice);
for (let run = 0; run < args.repeats; run++) {
    const cpu = process.cpuUsage();
    const rc = mod._st_import_bench_run(data, bytes.length, storage, out);
    const used = process.cpuUsage(cpu);
    if (rc !== 0) throw new Error(mod.UTF8ToString(mod._st_import_bench_error()));
    const [ms, rows, successful, created] = Array.from(new Float64Array(mod.HEAPU8.buffer, out, 4));
    console.log(JSON.stringify({
        run, db: args.db, cache_kib: args.cacheKib, slice: args.slice, bytes: bytes.length, rows, successful,
        created, ms: +ms.toFixed(1), cpu_ms: Math.round((used.user + used.system) / 1000),
        user_ms: Math.round(used.user / 1000), sys_ms: Math.round(used.system / 1000),
        heap_bytes: mod.HEAPU8.buffer.byteLength,
    }));
}
