// boot.js — the page's entry, small enough to arrive quickly on a weak
// signal: reads the configuration index.html carries, signs the user in
// (the form is already on screen), builds the shell and draws a preview of
// the density from the tiles while the map chunk (MapLibre, panels:
// main.js, fetched in parallel since index.html preloads it) arrives.
//
// To add a panel: write panels/NAME.js calling registerPanel (see
// panels.js) and import it in main.js.

import { api, setBearer, setCSRF, hasBearer, whenUnauthorized } from './api.js';
import { state } from './state.js';
import { setLang, getLang, t } from './i18n.js';
import { showLogin } from './login.js';
import { buildShell } from './ui.js';
import { drawPreview, prefetchPreview } from './preview.js';
import { registerWorker, rememberUser, forgetUser } from './offline.js';

const root = document.getElementById('root');

// readConfig: the configuration index.html carries (GET /config.json when
// the page came without it).
async function readConfig() {
  const el = document.getElementById('pantau-config');
  try {
    return JSON.parse(el.textContent);
  } catch {
    return api('/config.json');
  }
}

/* global PANTAU_WORKER_URL */
// preloadMap asks for MapLibre's worker, into the HTTP cache where the
// worker finds it. Asked for here rather than by index.html, so the
// password finds a free connection at once (docs/fieldmap.md).
function preloadMap() {
  document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href: PANTAU_WORKER_URL }));
}

async function boot() {
  preloadMap();
  setLang(getLang());
  try { Object.assign(state.config, await readConfig()); } catch { /* defaults */ }
  state.filter.at = state.filter.at || state.config.today;
  registerWorker();
  let me = null;
  // Ask who we are only when a token or an earlier session may say so: a
  // signed-out visit goes straight to the login form without a 401.
  if (hasBearer() || localStorage.getItem('pantau.session')) {
    prefetchPreview();
    try { me = await whoAmI(); } catch (e) {
      if (e.status === 401) { setBearer(''); localStorage.removeItem('pantau.session'); forgetUser(); }
    }
  }
  if (me) start(me);
  else showLogin(root, { onSignedIn: signedIn });
}

async function signedIn(me) {
  if (!me || !me.role) me = await whoAmI();
  start(me);
}

// whoAmI asks the server who the token or session belongs to (GET
// /api/v1/auth/me: role, area, what the policy lets it see).
const whoAmI = () => api('/api/v1/auth/me');

async function start(me) {
  whenUnauthorized(() => {
    if (!state.me) return;
    state.me = null;
    setBearer('');
    localStorage.removeItem('pantau.session');
    forgetUser();
    showLogin(root, { onSignedIn: (me2) => {
      if (me2 && me2.auth === 'session') localStorage.setItem('pantau.session', '1');
      location.reload();
    }, message: t('session_ended') });
  });
  state.me = me;
  if (me.auth === 'session') localStorage.setItem('pantau.session', '1');
  setCSRF(me);
  document.body.dataset.role = me.role;
  document.body.classList.add('has-session');
  await rememberUser(me);
  const shell = buildShell(root, { onSignOut: signOut });
  const preview = drawPreview(shell.mapEl);
  // MapLibre's start keeps the page busy for seconds on a slow phone: the
  // preview is drawn first (its tiles take one round trip), at most 4 s.
  await Promise.race([preview.drawn, new Promise((resolve) => setTimeout(resolve, 4000))]);
  const { startMap } = await import('./main.js');
  startMap(me, shell, preview);
}

async function signOut() {
  try {
    if (!hasBearer()) await api('/api/v1/auth/logout', { method: 'POST', body: {} });
  } catch { /* already signed out */ }
  setBearer('');
  localStorage.removeItem('pantau.session');
  // The officer's cached area and alerts must not outlive the session on a
  // shared phone.
  await forgetUser();
  location.reload();
}

boot().catch((e) => {
  console.warn(e);
  root.textContent = `${t('error')}: ${e.message}`;
});
