// Stocktake's service worker: the app shell offline, in a cache named after its version.
//
// sw-shell.js (written by the build: web/pwa/shell_manifest.mjs) lists the shell's files with
// their SHA-256 and a version derived from all of them. A change to any shell file changes
// that script, so the browser installs a new worker. Install fetches every file, checks each
// against its hash and only then writes them all into a new cache: if the server changed
// underneath us (a deploy half done), the hashes disagree, install fails and the old worker
// keeps serving its own complete set. The page's own data (IndexedDB) and /api/ are never
// here: API responses are never cached.
'use strict';

importScripts('sw-shell.js');

const SHELL = self.STOCKTAKE_SHELL;
const CACHE_PREFIX = 'stocktake-shell-';
const CACHE_NAME = CACHE_PREFIX + SHELL.version;
const SCOPE = new URL(self.registration.scope);

function hex(buffer) {
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

// Fetches one shell file past the HTTP cache (revalidating) and checks it is the one listed.
async function fetchVerified(name) {
    const response = await fetch(new Request(new URL(name, SCOPE), { cache: 'no-cache' }));
    if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    const digest = hex(await crypto.subtle.digest('SHA-256', bytes));
    if (digest !== SHELL.files[name]) {
        throw new Error(`${name} changed on the server while installing version ${SHELL.version}`);
    }
    // Only the type travels: the body is already decoded, so Content-Encoding must not.
    const type = response.headers.get('Content-Type') || 'application/octet-stream';
    return new Response(bytes, { status: 200, headers: { 'Content-Type': type } });
}

self.addEventListener('install', (event) => {
    event.waitUntil((async () => {
        const names = Object.keys(SHELL.files);
        const responses = await Promise.all(names.map(fetchVerified));
        const cache = await caches.open(CACHE_NAME);
        await Promise.all(names.map((name, i) => cache.put(new URL(name, SCOPE).href, responses[i])));
    })());
});

self.addEventListener('activate', (event) => {
    event.waitUntil((async () => {
        const names = await caches.keys();
        await Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE_NAME).map((n) => caches.delete(n)));
        // The first visit's page runs offline from its next reload without a second visit.
        await self.clients.claim();
    })());
});

// The page's "Update available — reload" button (boot.js) asks the waiting worker to take over.
self.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

// The shell file a request is for, or null: navigations to the scope's root (any query)
// are index.html.
function shellFileFor(request) {
    if (request.method !== 'GET') return null;
    const url = new URL(request.url);
    if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
    const name = url.pathname.slice(SCOPE.pathname.length);
    if (name.startsWith('api/')) return null;
    if (name === '' && request.mode === 'navigate') return 'index.html';
    return Object.prototype.hasOwnProperty.call(SHELL.files, name) ? name : null;
}

self.addEventListener('fetch', (event) => {
    const name = shellFileFor(event.request);
    if (!name) return;  // the network, untouched: /api/, /healthz, anything not in the shell
    event.respondWith((async () => {
        const cache = await caches.open(CACHE_NAME);
        const cached = await cache.match(new URL(name, SCOPE).href);
        // A miss means the cache was evicted: the network, without writing its answer back,
        // so the cache only ever holds one verified version.
        return cached || fetch(event.request);
    })());
});
