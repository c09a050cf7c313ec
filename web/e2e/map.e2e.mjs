// End-to-end check of the web map in Debian's Chromium, driven by
// playwright-core against a running `pantau serve` (see web_e2e_test.go,
// which seeds the database, starts the server and runs this script).
//
// Env: PANTAU_URL, PANTAU_ADMIN_TOKEN, PANTAU_VIEWER_TOKEN, PANTAU_SCREENSHOTS
// (folder), CHROMIUM (default /usr/bin/chromium), PANTAU_STAY_POINT "lon,lat"
// (inside the test geofence). Exits non-zero on the first failed check.

import { chromium } from 'playwright-core';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { COLOURS, SUPPRESSED } from '../src/palette.js';

const base = process.env.PANTAU_URL;
const shots = process.env.PANTAU_SCREENSHOTS;
const adminToken = process.env.PANTAU_ADMIN_TOKEN;
const viewerToken = process.env.PANTAU_VIEWER_TOKEN;
const [stayLon, stayLat] = (process.env.PANTAU_STAY_POINT || '107.05,-6.73').split(',').map(Number);
rmSync(shots, { recursive: true, force: true }); // no stale pictures from an earlier run
mkdirSync(shots, { recursive: true });

const log = (...a) => console.log('e2e:', ...a);

// nextStdinLine resolves with the next line the Go test writes.
const stdinLines = [];
let stdinWaiter = null;
process.stdin.setEncoding('utf8');
let stdinBuf = '';
process.stdin.on('data', (d) => {
  stdinBuf += d;
  let i;
  while ((i = stdinBuf.indexOf('\n')) >= 0) {
    stdinLines.push(stdinBuf.slice(0, i));
    stdinBuf = stdinBuf.slice(i + 1);
  }
  if (stdinWaiter && stdinLines.length) { const w = stdinWaiter; stdinWaiter = null; w(stdinLines.shift()); }
});
process.stdin.pause();
function nextStdinLine() {
  process.stdin.resume();
  if (stdinLines.length) return Promise.resolve(stdinLines.shift());
  return new Promise((resolve) => { stdinWaiter = resolve; });
}
// postStay posts a stay with the admin token (or, on a server without the
// stays API, has the Go test insert one in SQL).
async function postStay(stay) {
  if (config.features.stays) {
    const res = await fetch(base + '/api/v1/stays', { method: 'POST', headers: { Authorization: 'Bearer ' + adminToken, 'Content-Type': 'application/json' }, body: JSON.stringify(stay) });
    check(res.ok, `POST /api/v1/stays answered ${res.status} ${res.ok ? '' : await res.text()}`);
  } else {
    console.log(`E2E-INSERT-STAY ${stay.lon} ${stay.lat}`);
    await nextStdinLine();
  }
}
function check(ok, what) {
  if (!ok) throw new Error('FAILED: ' + what);
  log('ok -', what);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking'],
});
const consoleErrors = [];
const config = await (await fetch(base + '/config.json')).json();
log('server features:', JSON.stringify(config.features));

async function openPage(viewport, login, name, extra = {}) {
  const ctx = await browser.newContext({ viewport, ...extra });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`[${name}] ${m.text()}`);
    if (m.type() === 'warning' && !/GL Driver|GPU stall/.test(m.text())) log(`console warning [${name}]:`, m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`[${name}] ${e.message}`));
  await page.goto(base + '/');
  await page.waitForSelector('.login-card');
  await page.screenshot({ path: join(shots, `${name}-login.png`) });
  if (login.password) {
    await page.fill('#username', login.username);
    await page.fill('#password', login.password);
    await page.click('.login-form button[type=submit]');
  } else {
    const details = page.locator('details');
    if (!(await details.evaluate((d) => d.open))) await page.click('summary');
    await page.fill('#token', login.token);
    await page.click('#token-submit');
  }
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  await mapIdle(page);
  return { ctx, page };
}

// tabsFit checks that every tab of the side panel lies inside it (none
// scrolled out of sight) and is at least 44 px tall.
async function tabsFit(page, name) {
  const r = await page.evaluate(() => {
    const side = document.querySelector('aside.side').getBoundingClientRect();
    return [...document.querySelectorAll('.tab')].map((b) => ({ tab: b.dataset.panel, ...b.getBoundingClientRect().toJSON() }))
      .filter((b) => b.left < side.left - 0.5 || b.right > side.right + 0.5 || b.height < 44);
  });
  check(r.length === 0, `every tab fits the panel on the ${name} screen${r.length ? ': ' + JSON.stringify(r) : ''}`);
}

async function mapIdle(page) {
  await page.waitForFunction(() => {
    const m = window.pantau && window.pantau.map;
    const layers = ['ov-desa-fill', 'ov-desa-kfill'].filter((id) => m && m.getLayer(id));
    return m && layers.length && m.loaded() && m.areTilesLoaded() && !m.isMoving() &&
      m.queryRenderedFeatures({ layers }).length > 0;
  }, null, { timeout: 30000, polling: 200 }).catch(async (e) => {
    await page.screenshot({ path: join(shots, 'map-not-ready.png') });
    const st = await page.evaluate(() => {
      const m = window.pantau && window.pantau.map;
      return m ? { desa: !!m.getLayer('ov-desa-fill'), loaded: m.loaded(), tiles: m.areTilesLoaded(), moving: m.isMoving(),
        rendered: m.getLayer('ov-desa-fill') ? m.queryRenderedFeatures({ layers: ['ov-desa-fill'] }).length : -1, zoom: m.getZoom(),
        source: m.getLayer('ov-desa-fill') ? m.querySourceFeatures('ov-desa', { sourceLayer: 'desa' }).length : -1,
        tiles: m.getSource('ov-desa') && m.getSource('ov-desa').tiles, vis: m.getLayoutProperty('ov-desa-fill', 'visibility'),
        layers: m.getStyle().layers.map((l) => l.id).join(',') } : 'no map';
    });
    throw new Error(`map not ready: ${JSON.stringify(st)}; console: ${consoleErrors.join(' | ')}`);
  });
  await page.waitForTimeout(300);
}

// colourShares counts, in a PNG, the pixels of each choropleth colour.
async function colourShares(page, png) {
  const p = await page.context().newPage();
  const res = await p.evaluate(async ({ b64, colours }) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const rgb = colours.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const counts = colours.map(() => 0);
    for (let i = 0; i < d.length; i += 4) {
      for (let k = 0; k < rgb.length; k++) {
        const [r, gg, b] = rgb[k];
        if (Math.abs(d[i] - r) <= 3 && Math.abs(d[i + 1] - gg) <= 3 && Math.abs(d[i + 2] - b) <= 3) { counts[k]++; break; }
      }
    }
    return { counts, total: d.length / 4 };
  }, { b64: png.toString('base64'), colours: [...COLOURS, SUPPRESSED] });
  await p.close();
  return res;
}

try {
  // 1. Desktop, admin: the page loads, the choropleth renders.
  const { page } = await openPage({ width: 1280, height: 800 },
    process.env.PANTAU_ADMIN_PASSWORD ? { username: process.env.PANTAU_ADMIN_USER, password: process.env.PANTAU_ADMIN_PASSWORD } : { token: adminToken }, 'desktop');
  const png = await page.screenshot({ path: join(shots, 'desktop-map.png') });
  const { counts, total } = await colourShares(page, png);
  const share = counts.reduce((a, b) => a + b, 0) / total;
  log('choropleth pixels per class:', counts.join(' '), `(${(share * 100).toFixed(1)}% of the page)`);
  check(share > 0.05, 'the choropleth colours cover more than 5% of the page');
  const approx = await page.locator('.approx-badge').count();
  log('boundaries labelled approximate:', approx > 0);
  if (process.env.PANTAU_E2E_APPROXIMATE) check(approx === 1, 'the demo boundaries are labelled approximate on the map');

  // Closer in, where the synthetic stays are: desa above the zero class.
  await page.evaluate(([lon, lat]) => window.pantau.map.jumpTo({ center: [lon, lat], zoom: 10.5 }), [stayLon, stayLat]);
  await mapIdle(page);
  const close = await colourShares(page, await page.screenshot({ path: join(shots, 'desktop-choropleth.png') }));
  log('closer in, pixels per class:', close.counts.join(' '));
  if (config.features.tilejson || config.features.density_areas) {
    check(close.counts.slice(1, COLOURS.length).reduce((a, b) => a + b, 0) > 5000, 'desa with foreigners present are coloured above the zero class');
  }

  // Filters re-point the tiles: nationality NLD only.
  await page.fill('#f-nationality', 'nld');
  await page.press('#f-nationality', 'Tab');
  await page.waitForFunction(() => (window.pantau.map.getSource('ov-desa').tiles[0] || '').includes('nationality=NLD'), null, { timeout: 5000 });
  await mapIdle(page);
  await page.screenshot({ path: join(shots, 'desktop-filter-nld.png') });
  check(true, 'a nationality filter re-points the tiles');
  await page.fill('#f-nationality', '');
  await page.press('#f-nationality', 'Tab');
  // A last day turns the day into a period (from/to); clearing it returns to the day.
  const today = await page.evaluate(() => window.pantau.state ? window.pantau.state.config.today : '') || new Date().toISOString().slice(0, 10);
  const weekAgo = new Date(Date.parse(today) - 7 * 864e5).toISOString().slice(0, 10);
  await page.fill('#f-at', weekAgo);
  await page.press('#f-at', 'Tab');
  await page.fill('#f-until', today);
  await page.press('#f-until', 'Tab');
  await page.waitForFunction(([a, b]) => {
    const u = window.pantau.map.getSource('ov-desa').tiles[0] || '';
    return u.includes('from=' + a) && u.includes('to=' + b) && !u.includes('at=');
  }, [weekAgo, today], { timeout: 5000 });
  await mapIdle(page);
  check(true, 'a last day re-points the tiles to the period from/to');
  await page.fill('#f-until', '');
  await page.press('#f-until', 'Tab');
  await page.fill('#f-at', today);
  await page.press('#f-at', 'Tab');
  await page.waitForFunction((d) => (window.pantau.map.getSource('ov-desa').tiles[0] || '').includes('at=' + d), today, { timeout: 5000 });
  await mapIdle(page);
  await page.waitForFunction(() => !(window.pantau.map.getSource('ov-desa').tiles[0] || '').includes('nationality='), null, { timeout: 5000 });
  await mapIdle(page);

  // Hexagon density from the stays tiles.
  await page.check('input[data-layer=hex]');
  await page.waitForFunction(() => window.pantau.map.queryRenderedFeatures({ layers: ['ov-hex-fill', 'ov-hex-circle'] }).length > 0, null, { timeout: 10000 });
  await page.screenshot({ path: join(shots, 'desktop-hexagons.png') });
  check(true, 'the hexagon density layer renders');
  await page.uncheck('input[data-layer=hex]');

  // Popup on a desa.
  const box = await page.locator('#map canvas').boundingBox();
  // The middle of the desa with the most foreigners in view (the average of
  // its outer ring's vertices, inside for the shapes desa have).
  const centre = await page.evaluate(() => {
    const m = window.pantau.map;
    const n = (p) => p.present ?? p.count ?? 0;
    const f = m.queryRenderedFeatures({ layers: ['ov-desa-fill', 'ov-desa-kfill'].filter((id) => m.getLayer(id)) }).sort((a, b) => n(b.properties) - n(a.properties))[0];
    const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0];
    const c = ring.reduce((a, [x, y]) => [a[0] + x / ring.length, a[1] + y / ring.length], [0, 0]);
    const pt = m.project(c);
    return { x: pt.x, y: pt.y };
  });
  await page.mouse.click(box.x + centre.x, box.y + centre.y);
  await page.waitForSelector('.maplibregl-popup .popup', { timeout: 5000 });
  const popupText = await page.locator('.maplibregl-popup .popup').innerText();
  check(/desa|kecamatan|akomodasi|accommodation|geofence/i.test(popupText), `clicking the map opens a popup (${popupText.split('\n').slice(0, 2).join(' / ')})`);
  await page.screenshot({ path: join(shots, 'desktop-popup.png') });
  await page.keyboard.press('Escape');
  await page.evaluate(() => document.querySelectorAll('.maplibregl-popup').forEach((p) => p.remove()));

  // Popup on an accommodation (z13+, officers and up).
  await page.evaluate(([lon, lat]) => window.pantau.map.jumpTo({ center: [lon, lat], zoom: 14 }), [stayLon, stayLat]);
  await page.waitForFunction(() => {
    const m = window.pantau.map;
    return m.loaded() && m.areTilesLoaded() && m.queryRenderedFeatures({ layers: ['ov-accommodations-circle'] }).length > 0;
  }, null, { timeout: 15000, polling: 200 });
  const acc = await page.evaluate(() => {
    const m = window.pantau.map;
    const f = m.queryRenderedFeatures({ layers: ['ov-accommodations-circle'] })[0];
    const pt = m.project(f.geometry.coordinates);
    return { x: pt.x, y: pt.y };
  });
  await page.mouse.click(box.x + acc.x, box.y + acc.y);
  await page.waitForSelector('.maplibregl-popup .popup[data-kind=accommodations]', { timeout: 5000 });
  const accText = await page.locator('.maplibregl-popup .popup').innerText();
  check(/akomodasi/i.test(accText) && !/passport|paspor|owner_name/i.test(accText), `clicking an accommodation opens its popup (${accText.split('\n').slice(0, 2).join(' / ')})`);
  await page.screenshot({ path: join(shots, 'desktop-accommodation.png') });
  await page.evaluate(() => document.querySelectorAll('.maplibregl-popup').forEach((p) => p.remove()));

  // Language switch.
  await page.click('button.lang[data-lang=en]');
  check((await page.locator('.tab[data-panel=layers]').innerText()).trim() === 'Layers', 'English on request');
  await page.click('button.lang[data-lang=id]');
  check((await page.locator('.tab[data-panel=layers]').innerText()).trim() === 'Lapisan', 'Bahasa Indonesia by default');

  // 2. A drawn polygon shows the same totals as POST /api/v1/density/polygon.
  if (config.features.density_polygon) {
    await page.click('.tab[data-panel=polygon]');
    await page.evaluate(([lon, lat]) => window.pantau.map.jumpTo({ center: [lon, lat], zoom: 11.5 }), [stayLon, stayLat]);
    await page.click('[data-testid=draw-polygon]');
    await page.waitForTimeout(300);
    const mb = await page.locator('#map canvas').boundingBox();
    const cx = mb.x + mb.width / 2, cy = mb.y + mb.height / 2, r = Math.min(mb.width, mb.height) * 0.3;
    const pts = [[cx - r, cy - r], [cx + r, cy - r], [cx + r, cy + r], [cx - r, cy + r]];
    for (const [x, y] of pts) { await page.mouse.move(x, y); await page.mouse.click(x, y); await page.waitForTimeout(150); }
    await page.mouse.move(pts[0][0], pts[0][1]);
    await page.mouse.click(pts[0][0], pts[0][1]);
    await page.waitForSelector('[data-testid=polygon-result][data-state]', { timeout: 15000 });
    const state = await page.getAttribute('[data-testid=polygon-result]', 'data-state');
    const resultText = await page.locator('[data-testid=polygon-result]').innerText();
    check(state === 'done', `the polygon query answered (${resultText.slice(0, 120).replace(/\n/g, ' ')})`);
    const request = JSON.parse(await page.getAttribute('[data-testid=polygon-result]', 'data-request'));
    const shown = await page.$$eval('[data-total]', (els) => Object.fromEntries(els.map((e) => [e.dataset.total, e.dataset.value === '' ? null : Number(e.dataset.value)])));
    const res = await fetch(`${base}/api/v1/density/polygon?${request.query}`, { method: 'POST',
      headers: { Authorization: 'Bearer ' + adminToken, 'Content-Type': 'application/json' }, body: JSON.stringify(request.body) });
    check(res.ok, `POST /api/v1/density/polygon with the page's polygon answered ${res.status}`);
    const api = await res.json();
    const want = { present: api.total.present, overstays: api.total.overstays, accommodations: api.accommodations.total };
    check(want.present > 0, `the polygon holds stays (${want.present})`);
    check(Object.entries(want).every(([k, v]) => shown[k] === v),
      `the panel's totals equal the API's: ${JSON.stringify(want)} shown ${JSON.stringify(shown)}`);
    const desaRows = await page.locator('[data-testid=per-desa] tr').count();
    check(desaRows - 1 >= api.desa.length, `the per-desa table lists the ${api.desa.length} desa`);
    await page.screenshot({ path: join(shots, 'desktop-polygon.png') });
  } else log('skip - polygon check: this server has no POST /api/v1/density/polygon yet');

  // 3. A stay posted now appears in the alerts panel within 2 seconds.
  if (config.features.alerts_stream) {
    await page.click('.tab[data-panel=alerts]');
    await page.waitForSelector('[data-testid=alerts-status][data-live=true]', { timeout: 10000 });
    const before = await page.locator('li.alert').count();
    const stay = { source_id: `e2e-${Date.now()}`, full_name: 'E2E Synthetic Person', passport_no: 'X' + Date.now(), nationality: 'NLD', sex: 'F',
      birth_date: '1990-01-01', permit_type: 'visit_visa', permit_expiry: config.today, arrival_date: config.today, lat: stayLat, lon: stayLon };
    const t0 = Date.now();
    await postStay(stay);
    await page.waitForFunction((n) => document.querySelectorAll('li.alert').length > n, before, { timeout: 2000 - (Date.now() - t0), polling: 50 });
    log(`alert shown ${Date.now() - t0} ms after the stay was posted`);
    check(true, 'the posted stay appears in the alerts panel within 2 seconds');
    await page.click('li.alert');
    await page.waitForTimeout(1500);
    await page.click('li.alert button');
    await page.waitForSelector('li.alert.acked', { timeout: 5000 });
    check(true, 'an alert is acknowledged from the panel');
    await page.screenshot({ path: join(shots, 'desktop-alert.png') });

    // An alert raised while another tab is open is counted as unread in the
    // tab and the page title; after a reload the history is there, newest
    // first, with the desa's name and the nationality in Indonesian, the
    // acknowledged one still acknowledged, and the unread count kept.
    await page.click('.tab[data-panel=layers]');
    await postStay({ ...stay, source_id: `e2e-b-${Date.now()}`, passport_no: 'Y' + Date.now() });
    await page.waitForFunction(() => document.querySelector('[data-testid=alerts-unread]').textContent === '1' && document.title.startsWith('(1) '), null, { timeout: 5000 })
      .catch(async () => { throw new Error(`unread count not shown: tab ${await page.locator('.tab[data-panel=alerts]').innerText()}, title ${await page.title()}`); });
    check(true, 'an alert raised on another tab shows 1 unread in the tab and the title');
    const listed = await (await fetch(base + '/api/v1/alerts?limit=50', { headers: { Authorization: 'Bearer ' + adminToken } })).json();
    const newest = listed.alerts[0];
    await page.reload();
    await page.waitForSelector('section.panel[data-panel=alerts][data-history=loaded]', { state: 'attached', timeout: 30000 });
    check(await page.locator('[data-testid=alerts-unread]').innerText() === '1' && (await page.title()).startsWith('(1) '),
      `the unread count survives a reload (title ${await page.title()})`);
    await page.click('.tab[data-panel=alerts]');
    const shown = await page.evaluate(() => [...document.querySelectorAll('li.alert')].map((li) => ({ id: Number(li.dataset.alertId), state: li.dataset.state, text: li.innerText })));
    check(shown.length === listed.alerts.length && shown.every((a, i) => a.id === listed.alerts[i].id),
      `after a reload the panel lists the ${listed.alerts.length} alerts of GET /api/v1/alerts, newest first (${shown.map((a) => a.id).join(',')})`);
    check(shown[0].text.includes('Mulai tinggal di dalam') && shown[0].text.includes('Belanda') &&
      (newest.desa_name ? shown[0].text.includes(newest.desa_name) : shown[0].text.includes('Di luar desa')),
      `the newest alert reads in Indonesian with its desa (${newest.desa_name}) and nationality: ${JSON.stringify(shown[0].text)}`);
    check(shown.filter((a) => a.state === 'acknowledged').length === listed.alerts.filter((a) => a.state === 'acknowledged').length && shown[1].state === 'acknowledged',
      'the alert acknowledged before the reload is still acknowledged');
    check(await page.locator('[data-testid=alerts-unread]').isHidden() && !(await page.title()).startsWith('('),
      'opening the alerts tab clears the unread count');
    await page.screenshot({ path: join(shots, 'desktop-alert-history.png') });
  } else log('skip - alert check: this server has no alert stream or stays API yet');

  // The geofence editor is there for admins.
  if (config.features.geofences) {
    await page.click('.tab[data-panel=geofences]');
    check(await page.locator('form.fence-form').count() === 1, 'admins get the geofence editor');
    // Draw, name and save a fence (a session request: exercises the CSRF header).
    await page.evaluate(([lon, lat]) => window.pantau.map.jumpTo({ center: [lon, lat], zoom: 13 }), [stayLon, stayLat]);
    await page.click('form.fence-form button[type=button]');
    await page.waitForTimeout(300);
    const mb = await page.locator('#map canvas').boundingBox();
    const cx = mb.x + mb.width / 2, cy = mb.y + mb.height / 2, r = 80;
    const pts = [[cx - r, cy - r], [cx + r, cy - r], [cx + r, cy + r], [cx - r, cy + r], [cx - r, cy - r]];
    for (const [x, y] of pts) { await page.mouse.move(x, y); await page.mouse.click(x, y); await page.waitForTimeout(150); }
    await page.fill('#fence-name', 'Zona uji E2E');
    await page.click('form.fence-form button[type=submit]');
    await page.waitForSelector('ul.fences li:has-text("Zona uji E2E")', { timeout: 5000 }).catch(async (e) => {
      await page.screenshot({ path: join(shots, 'desktop-geofences-failed.png') });
      throw new Error(`saving the geofence: ${await page.locator('p.msg').innerText()} (${e.message.split('\n')[0]})`);
    });
    check(true, 'an admin draws, names and saves a geofence');
    await page.screenshot({ path: join(shots, 'desktop-geofences.png') });
  }

  // Patrol planning: the panel plans routes and draws one numbered marker
  // per stop, the teams' loads differing by at most one stop.
  if (config.features.patrols) {
    await page.click('.tab[data-panel=patrols]');
    await page.waitForFunction(() => document.querySelectorAll('#patrol-start option').length > 0, null, { timeout: 10000 });
    check(await page.inputValue('#patrol-start') === 'polsek-cipanas', 'patrols start from Polsek Cipanas by default');
    await page.click('[data-testid=patrol-plan]');
    await page.waitForSelector('[data-testid=patrol-result][data-state]', { timeout: 20000 });
    check(await page.getAttribute('[data-testid=patrol-result]', 'data-state') === 'done',
      `the patrol plan answered (${(await page.locator('[data-testid=patrol-result]').innerText()).slice(0, 100).replace(/\n/g, ' ')})`);
    const stops = Number(await page.getAttribute('[data-testid=patrol-totals]', 'data-stops'));
    const perTeam = await page.evaluate(() => [...document.querySelectorAll('.patrol-marker')].reduce((m, e) => ({ ...m, [e.dataset.team]: (m[e.dataset.team] || 0) + 1 }), {}));
    const loads = Object.values(perTeam);
    check(stops > 0 && loads.reduce((a, b) => a + b, 0) === stops && Math.max(...loads) - Math.min(...loads) <= 1,
      `the patrol panel draws ${stops} stops for ${loads.length} teams (${loads.join('/')})`);
    // The map frames the plan: every stop on screen.
    await page.waitForFunction(() => !window.pantau.map.isMoving(), null, { timeout: 5000 });
    const framed = await page.evaluate(() => {
      const r = document.querySelector('#map').getBoundingClientRect();
      return [...document.querySelectorAll('.patrol-marker')].every((m) => {
        const b = m.getBoundingClientRect();
        return b.left >= r.left && b.right <= r.right && b.top >= r.top && b.bottom <= r.bottom;
      });
    });
    check(framed, 'the map zooms to the patrol plan (every stop on screen)');
    await page.screenshot({ path: join(shots, 'desktop-patrols.png') });
    await tabsFit(page, 'desk');
    const planText = await page.locator('[data-testid=patrol-result]').innerText();
    check(!/skor|tetangga/.test(planText) && planText.includes('lebih pendek daripada selalu menuju titik terdekat') && planText.includes('menit setelah berangkat'),
      `the plan reads in plain Indonesian: ${planText.slice(0, 200).replace(/\n/g, ' ')}`);
  }

  // An officer scoped to one kecamatan: the map, alerts and geofences load
  // without errors.
  if (process.env.PANTAU_OFFICER_TOKEN) {
    const officer = await openPage({ width: 1024, height: 700 }, { token: process.env.PANTAU_OFFICER_TOKEN }, 'officer');
    await officer.page.click('.tab[data-panel=alerts]');
    await officer.page.waitForSelector('[data-testid=alerts-status][data-live=true]', { timeout: 10000 });
    await officer.page.screenshot({ path: join(shots, 'officer-alerts.png') });
    check(await officer.page.locator('form.fence-form').count() === 0, 'officers see geofences but get no editor');
    await officer.ctx.close();
  }

  // 4. Phone-sized viewport, viewer role.
  const phone = await openPage({ width: 390, height: 844 }, { token: viewerToken }, 'phone', { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const p = phone.page;
  await p.screenshot({ path: join(shots, 'phone-map.png') });
  const layout = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, canvas: document.querySelector('#map canvas').getBoundingClientRect().width }));
  check(layout.scroll <= 390 && layout.canvas >= 380, `the map fills the phone's width without sideways scrolling (${JSON.stringify(layout)})`);
  const menuBox = await p.locator('header .menu').boundingBox();
  const outBox = await p.locator('header .signout').boundingBox();
  check(outBox.x - (menuBox.x + menuBox.width) >= 100, `"Menu" is not beside "Keluar" (${Math.round(outBox.x - menuBox.x - menuBox.width)} px apart)`);
  await p.tap('header .menu');
  await p.waitForTimeout(400);
  const sheet = await p.locator('aside.side').boundingBox();
  check(sheet && sheet.y < 844 && sheet.y > 200, 'Menu opens the panel as a bottom sheet');
  await tabsFit(p, 'phone');
  const small = await p.evaluate(() => [...document.querySelectorAll('header button, aside.side button, aside.side select, aside.side input:not([type=checkbox]):not([type=radio]), .maplibregl-ctrl-group button')]
    .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height > 0)
    .map((e) => ({ what: e.outerHTML.slice(0, 60), h: Math.round(e.getBoundingClientRect().height), w: Math.round(e.getBoundingClientRect().width) }))
    .filter((b) => b.h < 44 || b.w < 44));
  check(small.length === 0, `every control on the phone is a touch target of at least 44 px${small.length ? ': ' + JSON.stringify(small) : ''}`);
  await p.screenshot({ path: join(shots, 'phone-menu.png') });
  if (config.features.auth_me) {
    check(await p.getByText('Ekspor CSV').count() === 0, 'viewers get no exports');
    check(await p.locator('.tab[data-panel=patrols]').count() === 0, 'viewers get no patrol planning');
    check(await p.locator('input[data-layer=accommodations]').count() === 0, 'viewers get no individual layers');
  }

  // A touch screen reads "Ketuk" where a mouse reads "Klik".
  await p.tap('.tab[data-panel=polygon]');
  await p.tap('[data-testid=draw-polygon]');
  const hint = await p.locator('[data-i18n=draw_hint]').textContent();
  check(hint.startsWith('Ketuk '), `the phone's drawing hint says "Ketuk": ${hint}`);

  check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? ':\n  ' + consoleErrors.join('\n  ') : ''}`);
  log('screenshots in', shots);
  await browser.close();
  process.exit(0);
} catch (e) {
  console.error('e2e:', e.message);
  if (consoleErrors.length) console.error('e2e: console errors:\n  ' + consoleErrors.join('\n  '));
  await browser.close();
  process.exit(1);
}
