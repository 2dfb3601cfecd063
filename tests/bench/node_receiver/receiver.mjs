#!/usr/bin/env node
// The issue-7 comparison receiver: Node + Fastify + pg doing the webhook intake's work, so
// `stocktake serve` can be measured against it in one session (tests/bench/webhook_node_bench.sh).
// Per request, as server/webhooks/webhook_intake.cpp does: Content-Type must be JSON (415),
// a body limit (413), the organisation must exist (looked up once, cached 5 s like the
// server's credentials), timestamp within 5 minutes and HMAC-SHA256(secret, ts + "." + body)
// compared in constant time against every secret (401), a JSON parse bounded to 32 levels
// (400), a 100/s per-organisation throttle (429), the idempotency key (delivery id header,
// else the body's SHA-256), and an insert into its own queue table, committed before the
// 202 (a redelivery answers 200).
//
//   node receiver.mjs --port P --database URL --secrets S1,S2 [--max-payload 1024]
import crypto from 'node:crypto';

import Fastify from 'fastify';
import pg from 'pg';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
}, []));
const port = Number(args.port || 18950);
const maxPayload = Number(args['max-payload'] || 1024);
const secrets = (args.secrets || '').split(',').filter(Boolean).map((s) => Buffer.from(s));
if (!args.database || secrets.length === 0) {
    console.error('usage: receiver.mjs --port P --database URL --secrets S1,S2');
    process.exit(2);
}

const pool = new pg.Pool({ connectionString: args.database, max: 16 });
await pool.query(`CREATE TABLE IF NOT EXISTS node_webhook_deliveries (
    id BIGSERIAL PRIMARY KEY, org_id TEXT NOT NULL, delivery_key TEXT NOT NULL,
    body TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    status TEXT NOT NULL DEFAULT 'pending', UNIQUE (org_id, delivery_key))`);

const orgCache = new Map();  // org id -> { exists, until }
async function orgExists(orgId) {
    const cached = orgCache.get(orgId);
    if (cached && cached.until > Date.now()) return cached.exists;
    const { rowCount } = await pool.query('SELECT 1 FROM organisations WHERE id = $1', [orgId]);
    orgCache.set(orgId, { exists: rowCount === 1, until: Date.now() + 5000 });
    return rowCount === 1;
}

const buckets = new Map();  // org id -> { tokens, at }
function throttled(orgId) {
    const now = Date.now();
    const bucket = buckets.get(orgId) || { tokens: 100, at: now };
    bucket.tokens = Math.min(100, bucket.tokens + ((now - bucket.at) * 100) / 1000);
    bucket.at = now;
    buckets.set(orgId, bucket);
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
}

function signatureMatches(timestamp, signature, body) {
    const given = Buffer.from(signature.startsWith('sha256=') ? signature.slice(7) : signature);
    let matched = false;
    for (const secret of secrets) {
        const expected = Buffer.from(crypto.createHmac('sha256', secret)
            .update(`${timestamp}.`).update(body).digest('hex'));
        if (expected.length === given.length && crypto.timingSafeEqual(expected, given)) matched = true;
    }
    return matched;
}

function nestingWithin(text, limit) {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; ++i) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 92) ++i;  // backslash: skip the escaped character
            else if (c === 34) inString = false;
        } else if (c === 34) {
            inString = true;
        } else if (c === 123 || c === 91) {
            if (++depth > limit) return false;
        } else if (c === 125 || c === 93) {
            --depth;
        }
    }
    return true;
}

const app = Fastify({ logger: false, bodyLimit: maxPayload });
app.removeAllContentTypeParsers();
app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => done(null, body));
app.addContentTypeParser('*', (req, payload, done) => done(null, null));

app.post('/api/v1/webhooks/shipstation/:org', async (req, reply) => {
    const body = req.body;
    if (typeof body !== 'string') return reply.code(415).send({ error: 'Content-Type must be application/json' });
    const timestamp = req.headers['x-shipstation-timestamp'];
    const signature = req.headers['x-shipstation-signature'];
    if (!timestamp || !signature) return reply.code(401).send({ error: 'signature headers missing' });
    const orgId = req.params.org;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) {
        return reply.code(401).send({ error: 'timestamp is not within 5 minutes of the server clock' });
    }
    if (!(await orgExists(orgId)) || !signatureMatches(timestamp, signature, body)) {
        return reply.code(401).send({ error: 'signature does not match' });
    }
    if (!nestingWithin(body, 32)) return reply.code(400).send({ error: 'nested deeper than 32' });
    let parsed;
    try {
        parsed = JSON.parse(body);
    } catch {
        return reply.code(400).send({ error: 'not JSON' });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return reply.code(400).send({ error: 'not a JSON object' });
    }
    if (throttled(orgId)) return reply.code(429).header('Retry-After', '1').send({ error: 'throttled' });
    const key = req.headers['x-shipstation-delivery-id'] ||
        crypto.createHash('sha256').update(body).digest('hex');
    const { rows } = await pool.query(
        `INSERT INTO node_webhook_deliveries (org_id, delivery_key, body) VALUES ($1, $2, $3)
         ON CONFLICT (org_id, delivery_key) DO NOTHING RETURNING id`, [orgId, key, body]);
    if (rows.length === 0) return reply.code(200).send({ status: 'duplicate' });
    return reply.code(202).send({ status: 'accepted', id: Number(rows[0].id) });
});

await app.listen({ port, host: '127.0.0.1' });
console.log(`node receiver listening on 127.0.0.1:${port}`);
