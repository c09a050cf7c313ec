// state.js — the page's shared state (user, config, filters) and a tiny
// event bus the panels talk through, so panels never import each other.

const listeners = new Map();

export const state = {
  config: { basemap_url: '', today: '', k: 5 },
  me: null, // GET /api/v1/auth/me
  filter: { at: '', until: '', nationality: [], permit: [], status: [] }, // until: '' = the day `at` alone
  approximate: false, // boundaries are demo approximations
  storedAt: '', // the oldest answer served from the service worker's cache (offline), ISO time
};

// noteStored records that an answer came from the service worker's cache,
// stored at iso (its X-Pantau-Stored header); the map says from when.
export function noteStored(iso) {
  if (!iso || (state.storedAt && state.storedAt <= iso)) return;
  state.storedAt = iso;
  emit('stored', iso);
}

export function on(event, fn) {
  if (!listeners.has(event)) listeners.set(event, new Set());
  listeners.get(event).add(fn);
  return () => listeners.get(event).delete(fn);
}

export function emit(event, detail) {
  for (const fn of listeners.get(event) || []) {
    try { fn(detail); } catch (e) { console.warn(event, e); }
  }
}

// filterParams turns the filter into the query parameters tiles and the
// density API read: at (one day) or from/to (a period: stays present on any
// day of it), nationality, permit, status (comma-separated).
export function filterParams(f = state.filter) {
  const p = new URLSearchParams();
  if (f.at && f.until && f.until > f.at) {
    p.set('from', f.at);
    p.set('to', f.until);
  } else if (f.at) p.set('at', f.at);
  if (f.nationality.length) p.set('nationality', f.nationality.join(','));
  if (f.permit.length) p.set('permit', f.permit.join(','));
  if (f.status.length) p.set('status', f.status.join(','));
  return p;
}

// What the signed-in role may do, from GET /api/v1/auth/me (the server's
// policy decides; the page only leaves out what would be refused).
export const role = () => (state.me && state.me.role) || '';
export const isAdmin = () => role() === 'admin';
export const seesIndividuals = () => !!(state.me && state.me.sees_individuals);
export const isAnalystOrUp = () => ['analyst', 'admin'].includes(role());
