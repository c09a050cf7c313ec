// sw.js — Pantau's service worker (build.mjs prefixes SHELL, the app
// shell's hashed files, and VERSION). Served at /sw.js under the page's
// Content-Security-Policy.
//
//   /, /app/*   the shell: precached; hashed files cache-first, the page
//               network-first (its inline configuration carries the date);
//   /fonts/*    label glyphs, kept in the shell's cache when first used
//   data        GET of the signed-in user's data (auth/me, alerts, areas,
//               density, tiles): network first, the last answer kept in
//               the user's cache "pantau-data:<user>" (created and deleted
//               by the page, offline.js), served from there with
//               X-Pantau-Stored: <when> when the network fails
//   the rest    (streams, writes, other users' caches) never cached

const SHELL_CACHE = 'pantau-shell-' + VERSION;
const DATA = /^\/(api\/v1\/(auth\/me|alerts|areas|density\/areas|geofences|patrols\/starts)|tiles\/|config\.json)/;
const isData = (url) => DATA.test(url.pathname) && url.pathname !== '/api/v1/alerts/stream';

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(SHELL_CACHE).then((c) => c.addAll(['/', ...SHELL])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('pantau-shell-') && k !== SHELL_CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

async function userCache() {
  const name = (await caches.keys()).find((k) => k.startsWith('pantau-data:'));
  return name ? caches.open(name) : null;
}

// keep stores a copy of a good answer (an empty tile's 204 too) with the
// time it was stored.
async function keep(cache, req, res) {
  if (!cache || (res.status !== 200 && res.status !== 204)) return;
  const headers = new Headers(res.headers);
  headers.set('X-Pantau-Stored', new Date().toISOString());
  const body = res.status === 204 ? null : await res.blob();
  await cache.put(req, new Response(body, { status: res.status, statusText: res.statusText, headers }));
}

async function networkFirstData(e) {
  const req = e.request;
  const cache = await userCache();
  try {
    const res = await fetch(req);
    if (cache) e.waitUntil(keep(cache, req, res.clone()));
    return res;
  } catch (err) {
    const hit = cache && await cache.match(req, { ignoreVary: true });
    if (hit) return hit;
    throw err;
  }
}

async function page(req) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put('/', res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match('/');
    if (hit) return hit;
    throw err;
  }
}

async function shellFile(req) {
  const hit = await caches.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  // Label glyphs are not in SHELL (made after the bundle): kept when used.
  if (res.ok && new URL(req.url).pathname.startsWith('/fonts/')) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(req, res.clone());
  }
  return res;
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') return url.pathname === '/' ? e.respondWith(page(req)) : undefined;
  if (url.pathname.startsWith('/app/') || url.pathname.startsWith('/fonts/')) return e.respondWith(shellFile(req));
  if (isData(url) && req.headers.get('Accept') !== 'text/event-stream') return e.respondWith(networkFirstData(e));
});

// keep: the page lists the data it loaded before this worker controlled it.
self.addEventListener('message', (e) => {
  const m = e.data || {};
  if (m.type !== 'keep' || !Array.isArray(m.urls)) return;
  e.waitUntil((async () => {
    const cache = await userCache();
    if (!cache) return;
    for (const u of m.urls) {
      const url = new URL(u, self.location.origin);
      if (url.origin !== self.location.origin || !isData(url) || await cache.match(url.href, { ignoreVary: true })) continue;
      try {
        await keep(cache, url.href, await fetch(url.href, { headers: m.headers || {}, credentials: 'same-origin' }));
      } catch { /* offline again: the next visit keeps it */ }
    }
  })());
});
