#!/usr/bin/env node
// The webhook intake as real processes: a redelivery storm.
//
//   node tests/server/webhook_processes.mjs --server build/native/stocktake --postgres URL \
//       [--listener main|evented]
//
// Once per listener (both unless --listener names one): deliveries to the main port, then
// to the evented webhook port (APP_WEBHOOK_PORT). Two `stocktake serve` processes on one
// PostgreSQL database:
// - receive the same signed delivery 50 times at once, alternately: exactly one answer is
//   202 (stored), the other 49 are 200 (duplicate), and the organisation has exactly one
//   stored delivery, listed by either process;
// - receive one shipment 50 times at once under 50 different delivery ids (a relay that
//   retries with new ids): all 50 are stored, both processes' workers process them, and the
//   organisation's change log holds exactly one ship movement per shipped line: stock
//   moved once.
// Exits non-zero on the first failure.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as harness from './process_harness.mjs';

const args = harness.parseArgs(
    'webhook_processes.mjs --server PATH --postgres URL [--listener main|evented]');
const fail = harness.failWith('webhook_processes');
if (!args.postgres) fail('--postgres URL is required (two processes share one database)');

const secret = crypto.randomBytes(24).toString('hex');
const storm = 50;

function signedHeaders(body, deliveryId) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`)
        .digest('hex');
    return { 'X-ShipStation-Timestamp': timestamp, 'X-ShipStation-Signature': signature,
             'X-ShipStation-Delivery-Id': deliveryId };
}

async function expectOneStored(label, answers, servers, token) {
    const counts = {};
    for (const { status } of answers) counts[status] = (counts[status] || 0) + 1;
    if (counts[202] !== 1 || counts[200] !== storm - 1) {
        fail(`${label}: answers ${JSON.stringify(counts)}, expected one 202 and ${storm - 1} 200`);
    }
    for (const server of servers) {
        const res = await harness.api(server.base, 'GET', '/api/v1/webhooks/deliveries', token);
        if (res.status !== 200) fail(`${label}: deliveries: ${res.status}`);
        if (res.body.deliveries.length !== 1) {
            fail(`${label}: ${res.body.deliveries.length} stored deliveries, expected 1`);
        }
    }
    console.log(`webhook_processes: ${label}: ${storm} concurrent deliveries across two ` +
                'processes: one stored, 49 answered duplicate');
}

// Waits until none of these deliveries (by delivery key) is pending; fails on a dead letter.
async function waitForProcessed(server, token, keys) {
    for (let i = 0; i < 600; ++i) {
        const res = await harness.api(server.base, 'GET',
                                      '/api/v1/webhooks/deliveries?limit=200', token);
        if (res.status !== 200) fail(`deliveries: ${res.status}`);
        const left = res.body.deliveries.filter((d) => keys.has(d.delivery_key));
        const dead = left.filter((d) => d.status === 'dead');
        if (dead.length > 0) fail(`dead-lettered: ${JSON.stringify(dead[0])}`);
        if (left.length === 0) return;
        await new Promise((r) => setTimeout(r, 100));
    }
    fail('deliveries still pending after 60 s');
}

async function pullAll(server, token) {
    const ops = [];
    let cursor = 0;
    for (;;) {
        const res = await harness.api(server.base, 'GET', `/api/v1/sync/pull?cursor=${cursor}`,
                                      token);
        if (res.status !== 200) fail(`pull: ${res.status} ${JSON.stringify(res.body)}`);
        ops.push(...res.body.ops);
        cursor = res.body.cursor;
        if (!res.body.more) return ops;
    }
}

async function expectShippedOnce(servers, token, orgId) {
    const shipmentId = `storm-${crypto.randomUUID()}`;
    const body = JSON.stringify({ shipment: {
        shipment_id: shipmentId, order_id: 'storm-order',
        lines: [{ line_item_key: 'L1', sku: 'STORM-1', quantity: 3 },
                { line_item_key: 'L2', sku: 'STORM-2', quantity: 1 }] } });
    const keys = new Set(Array.from({ length: storm }, () => crypto.randomUUID()));
    const answers = await Promise.all([...keys].map((key, i) =>
        harness.api(servers[i % 2].webhookBase, 'POST', `/api/v1/webhooks/shipstation/${orgId}`,
                    null, body, signedHeaders(body, key))));
    const stored = answers.filter((a) => a.status === 202).length;
    if (stored !== storm) {
        fail(`shipment storm: ${stored} of ${storm} deliveries stored: ` +
             JSON.stringify(answers.find((a) => a.status !== 202)));
    }
    await waitForProcessed(servers[0], token, keys);
    const moves = (await pullAll(servers[1], token))
        .filter((op) => op.entity === 'movement' &&
                        JSON.stringify(op.key).includes(`shipstation:shipment:${shipmentId}:`));
    const byLine = {};
    for (const op of moves) {
        const key = JSON.stringify(op.key);
        byLine[key] = (byLine[key] || 0) + 1;
    }
    if (moves.length !== 2 || Object.values(byLine).some((n) => n !== 1)) {
        fail(`shipment storm: ship movements in the change log ${JSON.stringify(moves)}, ` +
             'expected one per line');
    }
    const deltas = Object.fromEntries(moves.map((op) => [op.payload.sku, op.payload.delta]));
    if (deltas['STORM-1'] !== -3 || deltas['STORM-2'] !== -1) {
        fail(`shipment storm: movement deltas ${JSON.stringify(deltas)}, expected STORM-1 -3 ` +
             'and STORM-2 -1');
    }
    console.log(`webhook_processes: one shipment delivered ${storm} times under new ids across ` +
                `two processes: one ship movement per line, ${JSON.stringify(deltas)}`);
}

// One round on listener ("main" or "evented"): two fresh processes, a new organisation.
async function round(listener) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-webhooks-'));
    const servers = [];
    try {
        const env = { APP_DEV_MODE: '1', APP_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
                      APP_PUBLIC_DIR: dataDir, APP_DATA_DIR: dataDir,
                      APP_DATABASE_URL: args.postgres, APP_WEBHOOK_SECRETS: secret };
        const options = { webhookPort: listener === 'evented' };
        servers.push(await harness.startServer(args.server, env, fail, options));
        servers.push(await harness.startServer(args.server, env, fail, options));
        const { token, orgId } = await harness.register(servers[0].base, fail);

        const body = JSON.stringify({
            resource_url: 'https://ssapi.shipstation.com/shipments?storeID=12&batchId=99',
            resource_type: 'SHIP_NOTIFY' });
        const deliveryId = crypto.randomUUID();
        const signed = await Promise.all(Array.from({ length: storm }, (_, i) =>
            harness.api(servers[i % 2].webhookBase, 'POST',
                        `/api/v1/webhooks/shipstation/${orgId}`, null, body,
                        signedHeaders(body, deliveryId))));
        await expectOneStored(`${listener} port, signed`, signed, servers, token);
        await expectShippedOnce(servers, token, orgId);
    } finally {
        for (const server of servers) await harness.stop(server, 'SIGTERM');
        fs.rmSync(dataDir, { recursive: true, force: true });
    }
}

for (const listener of args.listener ? [args.listener] : ['main', 'evented']) {
    await round(listener);
}
console.log('webhook_processes: PASS');
