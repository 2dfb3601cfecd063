// Running `stocktake serve` as real processes in a test script: command-line arguments,
// failing loudly, starting a server on a free port (ready when /readyz answers), stopping
// it with a signal, calling its JSON API and registering an organisation.
import { spawn } from 'node:child_process';
import net from 'node:net';

// --name value pairs of this script's command line.
export function parseArgs(usage) {
    const args = Object.fromEntries(
        process.argv.slice(2).reduce((pairs, arg, i, all) => {
            if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
            return pairs;
        }, []));
    if (!args.server) throw new Error(`usage: ${usage}`);
    return args;
}

// A fail(message) that prints "NAME: FAIL: message" and exits 1.
export function failWith(name) {
    return (message) => {
        console.error(`${name}: FAIL: ${message}`);
        process.exit(1);
    };
}

async function freePort() {
    return new Promise((resolve) => {
        const server = net.createServer();
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

// With webhookPort, the server also serves its webhook routes on an evented port of their
// own (APP_WEBHOOK_PORT): webhookBase is that port's URL (else the main port's, base).
export async function startServer(binary, env, fail, { webhookPort = false } = {}) {
    const port = await freePort();
    const webhook = webhookPort ? await freePort() : 0;
    const child = spawn(binary, ['serve'], {
        env: { ...process.env, ...env, APP_PORT: String(port), APP_HOST: '127.0.0.1',
               APP_LOG_LEVEL: 'warn', ...(webhook ? { APP_WEBHOOK_PORT: String(webhook) } : {}) },
        stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; ++i) {
        if (child.exitCode !== null) fail(`server exited at start: ${stderr}`);
        try {
            if ((await fetch(`${base}/readyz`)).ok) {
                return { child, base,
                         webhookBase: webhook ? `http://127.0.0.1:${webhook}` : base };
            }
        } catch { /* not listening yet */ }
        await new Promise((r) => setTimeout(r, 50));
    }
    fail(`server did not become ready: ${stderr}`);
    return null;
}

export async function stop(server, signal) {
    if (server.child.exitCode !== null) return;
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill(signal);
    await exited;
}

export async function api(base, method, route, token, body, headers = {}) {
    const res = await fetch(`${base}${route}`, {
        method,
        headers: { 'Content-Type': 'application/json',
                   ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
}

// A new organisation (registration must be open): its owner's access token and org id.
export async function register(base, fail) {
    const email = `owner-${Date.now()}-${Math.random().toString(16).slice(2)}@example.com`;
    const res = await api(base, 'POST', '/api/v1/auth/register', null,
                          { org_name: 'Process test', email, password: 'a long enough password' });
    if (res.status !== 201) fail(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return { token: res.body.access_token, orgId: res.body.user.org_id };
}
