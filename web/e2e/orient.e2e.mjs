// Finding one's way (issue 15): desa and kecamatan names drawn with the
// binary's glyphs at z11 and z15, the officer's map framed on its area and
// outlined, the place search flying to a desa and to an accommodation, "my
// location", the palette's contrast, nationality by country name, a
// viewer's polygon figures as the API gives them, and a base map that does
// not answer (one message, no flood) or does (the fill lets it through).
import { run, env, api } from './lib.mjs';
import { contrast } from '../src/palette.js';

const rendered = (layers) => window.pantau.map.queryRenderedFeatures({ layers: layers.filter((id) => window.pantau.map.getLayer(id)) }).length;

run(async (t) => {
  // --- The officer (kecamatan 32.03.10): framed on its area, outlined.
  const { page } = await t.openPage({ width: 1280, height: 800 }, { token: env.officerToken }, 'officer', {
    permissions: ['geolocation'], geolocation: { longitude: env.stayPoint[0], latitude: env.stayPoint[1] } });
  const me = await (await api('/api/v1/auth/me', { token: env.officerToken })).json();
  const area = await (await api(`/api/v1/areas/${me.area_code}`, { token: env.officerToken })).json();
  const framing = await page.evaluate((code) => {
    const m = window.pantau.map;
    const c = m.getCenter();
    return { code, zoom: m.getZoom(), lon: c.lng, lat: c.lat, outline: m.getLayer('my-area-line') ? m.queryRenderedFeatures({ layers: ['my-area-line'] }).length : -1 };
  }, me.area_code);
  const ring = area.geometry.coordinates.flat(2);
  const [w, s, e, n] = [Math.min(...ring.map((p) => p[0])), Math.min(...ring.map((p) => p[1])), Math.max(...ring.map((p) => p[0])), Math.max(...ring.map((p) => p[1]))];
  t.check(me.area_code === '32.03.10' && framing.outline > 0, `the officer's area ${me.area_code} is outlined (${framing.outline} outline features)`);
  t.check(framing.lon > w && framing.lon < e && framing.lat > s && framing.lat < n && framing.zoom > 10,
    `the officer's map opens framed on its area (centre ${framing.lon.toFixed(3)},${framing.lat.toFixed(3)} at z${framing.zoom.toFixed(1)} inside ${[w, s, e, n].map((x) => x.toFixed(3))})`);
  await t.shot(page, 'officer-framed');

  // --- Names at z11 and z15, over the density fill, glyphs from /fonts/.
  const labels = await (await api('/api/v1/areas?level=desa&geometry=label', { token: env.officerToken })).json();
  const inArea = labels.features.find((f) => f.properties.code.startsWith(me.area_code + '.'));
  t.check(labels.features.length > 0 && inArea, `label points of ${labels.features.length} desa`);
  await t.jump(page, inArea.geometry.coordinates, 11);
  await t.waitFor(page, () => window.pantau.map.queryRenderedFeatures({ layers: ['label-desa'] }).length > 0, null, 'desa names are drawn at z11', 10000);
  const z11 = await page.evaluate(() => window.pantau.map.queryRenderedFeatures({ layers: ['label-desa'] }).map((f) => f.properties.name));
  t.log('desa names at z11:', z11.slice(0, 8).join(', '));
  await t.shot(page, 'labels-z11');
  await t.jump(page, inArea.geometry.coordinates, 15);
  await t.waitFor(page, (name) => window.pantau.map.queryRenderedFeatures({ layers: ['label-desa'] }).some((f) => f.properties.name === name),
    inArea.properties.name, `the desa's own name "${inArea.properties.name}" is drawn at z15 over the fill`, 10000);
  t.check(await page.evaluate(rendered, ['ov-desa-fill']) > 0, 'the density fill is under the name at z15');
  await t.shot(page, 'labels-z15');
  const glyphs = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((u) => u.includes('/fonts/')));
  t.check(glyphs.length > 0 && glyphs.every((u) => u.startsWith(env.base)), `glyphs come from the binary (${glyphs.map((u) => decodeURIComponent(new URL(u).pathname)).join(', ')})`);

  // --- Place search: a desa by name, then an accommodation the officer may see.
  await page.fill('#place-search', inArea.properties.name.toLowerCase());
  const hit = `#search-results li[data-kind=desa][data-code="${inArea.properties.code}"]`;
  await page.waitForSelector(hit, { timeout: 5000 });
  await page.locator(hit).dispatchEvent('mousedown');
  await t.waitFor(page, ([lon, lat]) => {
    const m = window.pantau.map;
    return !m.isMoving() && m.getBounds().contains([lon, lat]) && m.getZoom() >= 11;
  }, inArea.geometry.coordinates, `the search finds desa ${inArea.properties.name} and the map flies to it`, 8000);
  const accs = await (await api('/api/v1/search?q=villa&limit=25', { token: env.officerToken })).json();
  const acc = accs.places.find((p) => p.kind === 'accommodation');
  t.check(acc && acc.code.startsWith(me.area_code + '.'), `the officer's search finds accommodations in its area (${acc && acc.name}, ${acc && acc.code})`);
  await page.fill('#place-search', acc.name);
  await page.waitForSelector('#search-results li[data-kind=accommodation]', { timeout: 5000 });
  await page.press('#place-search', 'Enter');
  await t.waitFor(page, ([lon, lat]) => {
    const m = window.pantau.map;
    const c = m.getCenter();
    return !m.isMoving() && m.getZoom() >= 15.9 && Math.abs(c.lng - lon) < 1e-4 && Math.abs(c.lat - lat) < 1e-4;
  }, [acc.lon, acc.lat], `Enter flies to accommodation "${acc.name}" at z16`, 8000);
  await t.mapIdle(page);
  await t.shot(page, 'search-accommodation');
  const viewerSees = await (await api('/api/v1/search?q=villa&limit=25', { token: env.viewerToken })).json();
  t.check(!viewerSees.places.some((p) => p.kind === 'accommodation'), 'a viewer\'s search finds no accommodation (the tiles show a viewer none)');

  // --- My location (the browser's geolocation, granted here).
  await page.click('.maplibregl-ctrl-geolocate');
  await t.waitFor(page, ([lon, lat]) => {
    const m = window.pantau.map;
    return !m.isMoving() && m.getBounds().contains([lon, lat]) && document.querySelector('.maplibregl-user-location-dot');
  }, env.stayPoint, '"Lokasi saya" shows the device\'s position on the map', 10000);

  // --- Palette: the legend's neighbouring classes differ by ≥ 1.5:1.
  const swatches = await page.$$eval('[data-testid=legend] .legend-row .swatch', (els) => els.slice(0, 7).map((e) => {
    const [r, g, b] = getComputedStyle(e).backgroundColor.match(/\d+/g).map(Number);
    return '#' + [r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('');
  }));
  const ratios = swatches.slice(1).map((c, i) => contrast(swatches[i], c));
  t.check(swatches.length === 7 && ratios.every((r) => r >= 1.5), `neighbouring classes of the legend differ by ≥ 1.5:1 (${ratios.map((r) => r.toFixed(2)).join(', ')})`);

  // --- Nationality by name: applied as its code; an unknown name says so and changes nothing.
  await page.fill('#f-nationality', 'Arab Saudi');
  await page.press('#f-nationality', 'Tab');
  await t.waitFor(page, () => (window.pantau.map.getSource('ov-desa').tiles[0] || '').includes('nationality=SAU'), null, '"Arab Saudi" filters the map by SAU');
  t.check(/SAU/.test(await page.locator('#f-nationality-note').innerText()), 'the note under the field names the filter applied');
  await page.fill('#f-nationality', 'Narnia');
  await page.press('#f-nationality', 'Tab');
  await t.waitFor(page, () => document.querySelector('#f-nationality').getAttribute('aria-invalid') === 'true', null, 'an unknown country marks the field invalid');
  const note = await page.locator('#f-nationality-note').innerText();
  const tiles = await page.evaluate(() => window.pantau.map.getSource('ov-desa').tiles[0]);
  t.check(/Narnia/.test(note) && /SAU/.test(note) && tiles.includes('nationality=SAU'), `an unknown name is reported and the map keeps its filter, as the note says (${note})`);
  await page.fill('#f-nationality', '');
  await page.press('#f-nationality', 'Tab');
  await t.waitFor(page, () => !(window.pantau.map.getSource('ov-desa').tiles[0] || '').includes('nationality='), null, 'clearing the field clears the filter');
  await page.context().close();

  // --- A viewer's polygon: figures as the API gives them, partial totals marked.
  const { page: vp } = await t.openPage({ width: 1280, height: 800 }, { token: env.viewerToken }, 'viewer-polygon');
  // The viewer opens on the whole kabupaten: kecamatan names.
  await t.waitFor(vp, () => window.pantau.map.getZoom() < 12 && window.pantau.map.queryRenderedFeatures({ layers: ['label-kecamatan'] }).length > 0, null,
    'kecamatan names are drawn zoomed out', 10000);
  const request = await t.queryPolygon(vp, env.stayPoint, 11, 'the viewer');
  const answer = await (await api('/api/v1/density/polygon', { token: env.viewerToken, method: 'POST', query: request.query, body: request.body })).json();
  const shown = await vp.$$eval('[data-breakdown=nationality] td[data-key]', (els) => Object.fromEntries(els.map((e) => [e.dataset.key, [e.dataset.value, e.textContent]])));
  const given = answer.breakdown.nationality.filter((r) => typeof r.present === 'number' && r.present > 0);
  t.check(answer.suppression.applied && given.length > 0 && given.every((r) => Number(shown[r.key][0]) === r.present && shown[r.key][1].includes(r.present.toLocaleString('id-ID'))),
    `the viewer's breakdown shows the API's figures (${given.slice(0, 4).map((r) => `${r.key} ${r.present}: "${shown[r.key] && shown[r.key][1]}"`).join(', ')})`);
  const over = await vp.getAttribute('[data-total=overstays]', 'data-value');
  t.check(answer.total.overstays !== 0 || over === '', `overstays the rule may hide are not shown as 0 (API ${answer.total.overstays}, shown "${over}")`);
  t.check(await vp.locator('[data-testid=partial-note]').count() === 1 && (await vp.getAttribute('[data-total=present]', 'data-partial')) === 'true',
    'the totals are marked partial');
  await t.shot(vp, 'viewer-polygon');
  await vp.context().close();

  // --- A base map that does not answer: one message, no flood of errors.
  const down = await basemapPage(t, 'abort');
  await t.waitFor(down.page, () => document.querySelectorAll('[data-testid=basemap-down]').length === 1, null, 'an unreachable base map is said once on the map');
  await t.jump(down.page, env.stayPoint, 13);
  const downState = await down.page.evaluate(() => ({ layer: !!window.pantau.map.getLayer('basemap'), notes: document.querySelectorAll('[data-testid=basemap-down]').length }));
  t.check(!downState.layer && downState.notes === 1 && down.requests.length <= 2 && down.errors.length <= 2,
    `after a move: ${down.requests.length} base map requests, ${down.errors.length} console errors (${down.errors.join(' | ')}), ${downState.notes} message`);
  await t.shot(down.page, 'basemap-down');
  await down.page.context().close();

  // --- A base map that answers: drawn under a semi-transparent fill.
  const up = await basemapPage(t, 'tile');
  await t.waitFor(up.page, () => !!window.pantau.map.getLayer('basemap'), null, 'a base map that answers is drawn');
  const opacity = await up.page.evaluate(() => window.pantau.map.getPaintProperty('ov-desa-fill', 'fill-opacity'));
  t.check(opacity > 0.3 && opacity < 0.8 && up.errors.length === 0, `over a base map the density fill is semi-transparent (opacity ${opacity})`);
  await t.shot(up.page, 'basemap-up');
  await up.page.context().close();
});

// basemapPage opens the map as the officer with a base map configured at
// this origin (the server's own CSP admits it): 'abort' refuses every tile
// like an unreachable server, 'tile' answers with a grey tile. It counts
// the page's base map requests and console errors itself.
async function basemapPage(t, mode) {
  // No service worker: its fetches would pass these routes by.
  const ctx = await t.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const requests = [], errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  // The page's configuration comes inside index.html (or /config.json).
  const basemap = { basemap_url: `${env.base}/e2e-basemap/{z}/{x}/{y}.png` };
  await page.route(env.base + '/', async (route) => {
    const html = await (await route.fetch()).text();
    const body = html.replace(/(<script[^>]*id="pantau-config"[^>]*>)([^<]*)(<\/script>)/, (m, open, json, close) => open + JSON.stringify({ ...JSON.parse(json), ...basemap }) + close);
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
  await page.route('**/config.json', async (route) => {
    const res = await route.fetch();
    route.fulfill({ response: res, json: { ...(await res.json()), ...basemap } });
  });
  const grey = await page.screenshot({ clip: { x: 0, y: 0, width: 256, height: 256 } }); // a blank 256 px tile
  await page.route('**/e2e-basemap/**', (route) => {
    requests.push(route.request().url());
    return mode === 'abort' ? route.abort('connectionrefused') : route.fulfill({ status: 200, contentType: 'image/png', body: grey });
  });
  await page.goto(env.base + '/');
  await page.waitForSelector('.login-card');
  await t.signIn(page, { token: env.officerToken });
  await t.mapIdle(page);
  return { page, requests, errors };
}
