#!/usr/bin/env node
// The webhook intake as real processes: a redelivery storm.
//
//   node tests/server/webhook_processes.mjs --server build/native/stocktake --postgres URL
//
// Two `stocktake serve` processes on one PostgreSQL database receive the same signed
// delivery 50 times at once, alternately: exactly one answer is 202 (stored), the other
// 49 are 200 (duplicate), and the organisation has exactly one stored delivery, listed by
// either process. Exits non-zero on the first failure.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as harness from './process_harness.mjs';

const args = harness.parseArgs('webhook_processes.mjs --server PATH --postgres URL');
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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-webhooks-'));
const servers = [];
try {
    const env = { APP_DEV_MODE: '1', APP_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
                  APP_PUBLIC_DIR: dataDir, APP_DATA_DIR: dataDir,
                  APP_DATABASE_URL: args.postgres, APP_WEBHOOK_SECRETS: secret };
    servers.push(await harness.startServer(args.server, env, fail));
    servers.push(await harness.startServer(args.server, env, fail));
    const { token, orgId } = await harness.register(servers[0].base, fail);

    const body = JSON.stringify({
        resource_url: 'https://ssapi.shipstation.com/shipments?storeID=12&batchId=99',
        resource_type: 'SHIP_NOTIFY' });
    const deliveryId = crypto.randomUUID();
    const signed = await Promise.all(Array.from({ length: storm }, (_, i) =>
        harness.api(servers[i % 2].base, 'POST', `/api/v1/webhooks/shipstation/${orgId}`, null,
                    body, signedHeaders(body, deliveryId))));
    await expectOneStored('signed', signed, servers, token);
    console.log('webhook_processes: PASS');
} finally {
    for (const server of servers) await harness.stop(server, 'SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
}
