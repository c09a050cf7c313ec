// main.js — the officers' map: loads the page config, signs the user in,
// builds the shell, the map, its overlays and the panels for the role.
//
// To add a panel: write panels/NAME.js calling registerPanel (see
// panels.js) and import it below.

import { api, setBearer, setCSRF, hasBearer, whenUnauthorized } from './api.js';
import { state } from './state.js';
import { setLang, getLang, t } from './i18n.js';
import { showLogin } from './login.js';
import { buildShell, mountPanels } from './ui.js';
import { createMap } from './map.js';
import { installOverlays } from './layers.js';
import { installPopups } from './popup.js';
import { initDraw } from './draw.js';
import './panels/layers.js';
import './panels/polygon.js';
import './panels/alerts.js';
import './panels/geofences.js';
import './panels/patrols.js';

const root = document.getElementById('root');

async function boot() {
  setLang(getLang());
  try { Object.assign(state.config, await api('/config.json')); } catch { /* defaults */ }
  let me = null;
  // Ask who we are only when a token or an earlier session may say so: a
  // signed-out visit goes straight to the login page without a 401.
  if (hasBearer() || localStorage.getItem('pantau.session')) {
    try { me = await whoAmI(); } catch (e) {
      if (e.status === 401) { setBearer(''); localStorage.removeItem('pantau.session'); }
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

function start(me) {
  whenUnauthorized(() => {
    if (!state.me) return;
    state.me = null;
    setBearer('');
    localStorage.removeItem('pantau.session');
    showLogin(root, { onSignedIn: (me2) => {
      if (me2 && me2.auth === 'session') localStorage.setItem('pantau.session', '1');
      location.reload();
    }, message: t('session_ended') });
  });
  state.me = me;
  if (me.auth === 'session') localStorage.setItem('pantau.session', '1');
  setCSRF(me);
  document.body.dataset.role = me.role;
  const { mapEl, sheet } = buildShell(root, { onSignOut: signOut });
  const { map, ready, maplibregl } = createMap(mapEl);
  window.pantau = Object.assign(window.pantau || {}, { map, state }); // for the end-to-end test and the console
  const flyTo = (lon, lat, zoom = 14) => {
    document.body.classList.remove('sheet-open');
    map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), zoom), essential: true });
  };
  ready.then(async () => {
    initDraw(map);
    installPopups(map, maplibregl);
    mountPanels(sheet, { map, maplibregl, flyTo });
    await installOverlays(map);
    document.body.dataset.ready = 'true';
  });
}

async function signOut() {
  try {
    if (!hasBearer()) await api('/api/v1/auth/logout', { method: 'POST', body: {} });
  } catch { /* already signed out */ }
  setBearer('');
  localStorage.removeItem('pantau.session');
  location.reload();
}

boot().catch((e) => {
  console.warn(e);
  root.textContent = `${t('error')}: ${e.message}`;
});
