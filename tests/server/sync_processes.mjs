#!/usr/bin/env node
// The sync server as real processes, the tests an in-process suite cannot do:
//
//   node tests/server/sync_processes.mjs --server build/native/stocktake [--postgres URL]
//
// 1. kill -9 during a push load: several clients push batches while the server is killed
//    mid-load and restarted on the same database. Every op acknowledged with 200 must be
//    in the log afterwards, and no op twice. (SQLite; and PostgreSQL when --postgres.)
// 2. With --postgres: two `stocktake serve` processes on one PostgreSQL database serve the
//    same clients (stateless replicas): pushes through either, a pull through the other
//    sees them all, in one order, none skipped.
// Exits non-zero on the first failure.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as harness from './process_harness.mjs';

const args = harness.parseArgs('sync_processes.mjs --server PATH [--postgres URL]');
const fail = harness.failWith('sync_processes');
const startServer = (env) => harness.startServer(args.server, env, fail);
const { stop, api } = harness;
const register = async (base) => (await harness.register(base, fail)).token;

const hex = (n) => n.toString(16).padStart(32, '0');
const hlcText = (n) => n.toString(16).padStart(16, '0');

function movement(device, seq) {
    const id = `${device}-m${seq}`;
    return { id: `${device}:${seq}`, device, seq, hlc: hlcText(Date.now() * 65536 + seq),
             entity: 'movement', key: [id],
             payload: { id, sku: 'SKU-1', location: 'A1', delta: 1, kind: 'receive', device } };
}

// Pushes batches from `clients` devices until stopped; returns the ids acknowledged (200).
function pushLoad(getBase, token, clients, batch, acknowledged, state) {
    return Promise.all(Array.from({ length: clients }, async (_, c) => {
        const device = hex(0xd000 + c + Math.floor(Math.random() * 1e6) * 16);
        let seq = 0;
        while (!state.stopped) {
            const ops = Array.from({ length: batch }, () => movement(device, ++seq));
            try {
                const res = await api(getBase(), 'POST', '/api/v1/sync/push', token,
                                      { device, ops });
                if (res.status === 200) {
                    for (const r of res.body.results) {
                        if (r.status === 'rejected') fail(`op refused: ${JSON.stringify(r)}`);
                        acknowledged.add(r.id);
                    }
                }
            } catch { /* the server is down: this batch was never acknowledged */ }
        }
    }));
}

async function pullAll(base, token) {
    const ids = [];
    let cursor = 0;
    for (;;) {
        const res = await api(base, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=5000`, token);
        if (res.status !== 200) fail(`pull: ${res.status} ${JSON.stringify(res.body)}`);
        for (const op of res.body.ops) ids.push(op.id);
        cursor = res.body.cursor;
        if (!res.body.more) return ids;
    }
}

async function killDuringPush(label, env) {
    let server = await startServer(env);
    const token = await register(server.base);
    const acknowledged = new Set();
    const state = { stopped: false };
    const load = pushLoad(() => server.base, token, 4, 20, acknowledged, state);
    await new Promise((r) => setTimeout(r, 1500));
    const before = acknowledged.size;
    await stop(server, 'SIGKILL');
    state.stopped = true;
    await load;
    server = await startServer(env);
    const ids = await pullAll(server.base, token);
    const unique = new Set(ids);
    if (unique.size !== ids.length) fail(`${label}: an op is in the log twice`);
    for (const id of acknowledged) {
        if (!unique.has(id)) fail(`${label}: acknowledged op ${id} is lost`);
    }
    if (before < 20) fail(`${label}: the load pushed too little to test (${before} ops)`);
    console.log(`sync_processes: ${label}: killed -9 after ${before} acknowledged ops; ` +
                `${acknowledged.size} acknowledged, all ${ids.length} in the log once`);
    await stop(server, 'SIGTERM');
}

async function replicas(env) {
    const first = await startServer(env);
    const second = await startServer(env);
    const token = await register(first.base);
    const acknowledged = new Set();
    const state = { stopped: false };
    let turn = 0;
    const bases = [first.base, second.base];
    const load = pushLoad(() => bases[turn++ % 2], token, 4, 10, acknowledged, state);
    // Follow the log through the other replica while the pushes land.
    const seen = [];
    let cursor = 0;
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline) {
        const res = await api(second.base, 'GET', `/api/v1/sync/pull?cursor=${cursor}`, token);
        if (res.status !== 200) fail(`replica pull: ${res.status}`);
        for (const op of res.body.ops) seen.push(op.id);
        cursor = res.body.cursor;
    }
    state.stopped = true;
    await load;
    for (const base of [first.base, second.base]) {
        for (;;) {
            const res = await api(base, 'GET', `/api/v1/sync/pull?cursor=${cursor}`, token);
            for (const op of res.body.ops) seen.push(op.id);
            cursor = res.body.cursor;
            if (!res.body.more) break;
        }
    }
    const unique = new Set(seen);
    if (unique.size !== seen.length) fail('replicas: a pull returned an op twice');
    for (const id of acknowledged) {
        if (!unique.has(id)) fail(`replicas: the follower skipped acknowledged op ${id}`);
    }
    const all = await pullAll(first.base, token);
    if (all.length !== seen.length) fail(`replicas: follower saw ${seen.length} of ${all.length}`);
    console.log(`sync_processes: two replicas on PostgreSQL: ${acknowledged.size} ops pushed ` +
                `through both, followed through one without a skip`);
    await stop(first, 'SIGTERM');
    await stop(second, 'SIGTERM');
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-sync-'));
try {
    const common = { APP_DEV_MODE: '1', APP_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
                     APP_PUBLIC_DIR: dataDir };
    await killDuringPush('SQLite', { ...common, APP_DATA_DIR: dataDir });
    if (args.postgres) {
        const pg = { ...common, APP_DATA_DIR: dataDir, APP_DATABASE_URL: args.postgres };
        await killDuringPush('PostgreSQL', pg);
        await replicas(pg);
    }
    console.log('sync_processes: PASS');
} finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
}
