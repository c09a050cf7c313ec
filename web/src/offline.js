// offline.js — the page's side of the service worker (sw.js): registers
// it, names the cache of the signed-in user's data (one user at a time:
// a shared phone keeps only its current officer's area and alerts), asks
// the worker to keep what the map loaded before it took control, and
// deletes the user's cache at sign-out or when the session ends.

import { authHeaders } from './api.js';

const PREFIX = 'pantau-data:';
const supported = () => 'serviceWorker' in navigator && typeof caches !== 'undefined';

export function registerWorker() {
  if (!supported()) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e) => console.warn('service worker:', e.message));
}

const userKey = (me) => PREFIX + encodeURIComponent(`${me.auth || 'token'}:${me.username || me.name || me.role}`);

// rememberUser makes the user's cache the only data cache.
export async function rememberUser(me) {
  if (!supported()) return;
  const name = userKey(me);
  for (const k of await caches.keys()) if (k.startsWith(PREFIX) && k !== name) await caches.delete(k);
  await caches.open(name);
}

// forgetUser deletes every data cache (sign-out, session ended).
export async function forgetUser() {
  if (!supported()) return;
  for (const k of await caches.keys()) if (k.startsWith(PREFIX)) await caches.delete(k);
}

// keepLoaded asks the worker to store the data requests the page made so
// far (the ones before it controlled the page are not in its cache yet).
export async function keepLoaded() {
  if (!supported()) return;
  const reg = await navigator.serviceWorker.ready;
  // The worker keeps only what its rule for data allows (sw.js, DATA).
  // Who the user is, too: after a sign-in the page learnt it from the login.
  const urls = [...new Set([location.origin + '/api/v1/auth/me', ...performance.getEntriesByType('resource').map((e) => e.name)
    .filter((u) => u.startsWith(location.origin + '/'))])];
  reg.active && reg.active.postMessage({ type: 'keep', urls, headers: authHeaders() });
}

// storedAt: when a response came from the worker's cache (no network), the
// time it was stored; '' for a fresh answer.
export const storedAt = (res) => (res && res.headers.get('X-Pantau-Stored')) || '';
