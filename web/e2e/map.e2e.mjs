// The desk map as an admin signed in with a password: the choropleth,
// filters re-pointing the tiles, hexagons, popups and the language switch.
import { run, env } from './lib.mjs';
import { COLOURS, SUPPRESSED } from '../src/palette.js';

run(async (t) => {
  const { page } = await t.openPage({ width: 1280, height: 800 }, env.admin, 'desktop');
  const { counts, total } = await t.colourShares(page, await t.shot(page, 'desktop-map'), [...COLOURS, SUPPRESSED]);
  const share = counts.reduce((a, b) => a + b, 0) / total;
  t.log('choropleth pixels per class:', counts.join(' '), `(${(share * 100).toFixed(1)}% of the page)`);
  t.check(share > 0.05, 'the choropleth colours cover more than 5% of the page');
  const approx = await page.locator('.approx-badge').count();
  t.check(approx === (env.approximate ? 1 : 0), `approximate boundaries are labelled as such, real ones are not (${approx} badge)`);

  // Closer in, where the synthetic stays are: desa above the zero class.
  await t.jump(page, env.stayPoint, 10.5);
  const close = await t.colourShares(page, await t.shot(page, 'desktop-choropleth'), [...COLOURS, SUPPRESSED]);
  t.log('closer in, pixels per class:', close.counts.join(' '));
  t.check(close.counts.slice(1, COLOURS.length).reduce((a, b) => a + b, 0) > 5000, 'desa with foreigners present are coloured above the zero class');

  // tilesHave([part, want]) holds when whether the desa tiles' URL
  // contains part is want.
  const tilesHave = ([part, want]) => (window.pantau.map.getSource('ov-desa').tiles[0] || '').includes(part) === want;
  // Filters re-point the tiles: nationality NLD only.
  await page.fill('#f-nationality', 'nld');
  await page.press('#f-nationality', 'Tab');
  await t.waitFor(page, tilesHave, ['nationality=NLD', true], 'a nationality filter re-points the tiles');
  await t.mapIdle(page);
  await t.shot(page, 'desktop-filter-nld');
  await page.fill('#f-nationality', '');
  await page.press('#f-nationality', 'Tab');
  await t.waitFor(page, tilesHave, ['nationality=', false], 'clearing the nationality filter drops it from the tiles');

  // A last day turns the day into a period (from/to); clearing it returns to the day.
  const today = t.config.today;
  const weekAgo = new Date(Date.parse(today) - 7 * 864e5).toISOString().slice(0, 10);
  await page.fill('#f-at', weekAgo);
  await page.press('#f-at', 'Tab');
  await page.fill('#f-until', today);
  await page.press('#f-until', 'Tab');
  await t.waitFor(page, ([a, b]) => {
    const u = window.pantau.map.getSource('ov-desa').tiles[0] || '';
    return u.includes('from=' + a) && u.includes('to=' + b) && !u.includes('at=');
  }, [weekAgo, today], 'a last day re-points the tiles to the period from/to');
  await t.mapIdle(page);
  await page.fill('#f-until', '');
  await page.press('#f-until', 'Tab');
  await page.fill('#f-at', today);
  await page.press('#f-at', 'Tab');
  await t.waitFor(page, tilesHave, ['at=' + today, true], 'clearing the last day returns to one day');
  await t.mapIdle(page);

  // Hexagon density from the stays tiles.
  await page.check('input[data-layer=hex]');
  await t.waitFor(page, () => window.pantau.map.queryRenderedFeatures({ layers: ['ov-hex-fill', 'ov-hex-circle'] }).length > 0, null,
    'the hexagon density layer renders', 10000);
  await t.shot(page, 'desktop-hexagons');
  await page.uncheck('input[data-layer=hex]');

  // Popup on the desa with the most foreigners in view (the average of its
  // outer ring's vertices, inside for the shapes desa have).
  const box = await page.locator('#map canvas').boundingBox();
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
  t.check(/desa|kecamatan/i.test(popupText), `clicking a desa opens its popup (${popupText.split('\n').slice(0, 2).join(' / ')})`);
  await t.shot(page, 'desktop-popup');
  await page.keyboard.press('Escape');
  await page.evaluate(() => document.querySelectorAll('.maplibregl-popup').forEach((p) => p.remove()));

  // Popup on an accommodation (z13+, officers and up).
  await page.evaluate(([lon, lat]) => window.pantau.map.jumpTo({ center: [lon, lat], zoom: 14 }), env.stayPoint);
  await t.waitFor(page, () => {
    const m = window.pantau.map;
    return m.loaded() && m.areTilesLoaded() && m.queryRenderedFeatures({ layers: ['ov-accommodations-circle'] }).length > 0;
  }, null, 'accommodations render at z14', 15000);
  const acc = await page.evaluate(() => {
    const m = window.pantau.map;
    const f = m.queryRenderedFeatures({ layers: ['ov-accommodations-circle'] })[0];
    const pt = m.project(f.geometry.coordinates);
    return { x: pt.x, y: pt.y };
  });
  await page.mouse.click(box.x + acc.x, box.y + acc.y);
  await page.waitForSelector('.maplibregl-popup .popup[data-kind=accommodations]', { timeout: 5000 });
  const accText = await page.locator('.maplibregl-popup .popup').innerText();
  t.check(/akomodasi/i.test(accText) && !/passport|paspor|owner_name/i.test(accText), `clicking an accommodation opens its popup (${accText.split('\n').slice(0, 2).join(' / ')})`);
  await t.shot(page, 'desktop-accommodation');
  await page.evaluate(() => document.querySelectorAll('.maplibregl-popup').forEach((p) => p.remove()));

  // Language switch.
  await page.click('button.lang[data-lang=en]');
  t.check((await page.locator('.tab[data-panel=layers]').innerText()).trim() === 'Layers', 'English on request');
  await page.click('button.lang[data-lang=id]');
  t.check((await page.locator('.tab[data-panel=layers]').innerText()).trim() === 'Lapisan', 'Bahasa Indonesia by default');
});
