// What officers carry out: the printable patrol sheet (A4 portrait,
// Indonesian, WIB, one route map per team) and the field kit — downloaded
// with "Unduh paket lapangan", then opened from the saved file with the
// network off, its layers and patrol plan drawn from the file alone.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run, env } from './lib.mjs';

// A4 is 210 mm wide: 794 CSS px at 96 px per inch.
const A4 = { width: 794, height: 1123 };

run(async (t) => {
  const ctx = await t.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await ctx.newPage();
  // Offline, requests the page still makes (alerts, the base layers) fail
  // by design; anything else on the console fails the script.
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|Failed to fetch|ERR_FAILED|Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.base + '/');
  await t.signIn(page, { token: env.officerToken });
  await t.mapIdle(page);

  // 1. The patrol sheet, as the page downloads it, fits A4 and reads in
  //    Indonesian with WIB times and one route map per team.
  await page.click('.tab[data-panel=patrols]');
  await t.waitFor(page, () => document.querySelectorAll('#patrol-start option').length > 0, null, 'the patrol panel lists starting points', 10000);
  await page.fill('#patrol-teams', '2');
  await page.click('[data-testid=patrol-plan]');
  await page.waitForSelector('[data-testid=patrol-result][data-state=done]', { timeout: 30000 });
  const [sheetDl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('button:has-text("Lembar patroli")')]);
  // Saved with its name's .html, as an officer's phone or desk keeps it.
  const sheetPath = join(env.shots, sheetDl.suggestedFilename());
  copyFileSync(await sheetDl.path(), sheetPath);
  t.check(sheetPath.endsWith('.html'), `the sheet downloads as ${sheetDl.suggestedFilename()}`);
  const sheet = await ctx.newPage();
  await sheet.setViewportSize(A4);
  await sheet.goto(pathToFileURL(sheetPath).href);
  for (const media of ['screen', 'print']) {
    await sheet.emulateMedia({ media });
    const s = await sheet.evaluate(() => ({
      width: document.documentElement.scrollWidth, lang: document.documentElement.lang,
      teams: document.querySelectorAll('section.team').length, maps: document.querySelectorAll('section.team svg.route-map').length,
      stops: document.querySelectorAll('svg.route-map g.stop').length, starts: document.querySelectorAll('svg.route-map g.start').length,
      text: document.body.innerText,
    }));
    t.check(s.width <= A4.width, `${media}: the sheet is ${s.width} px wide, within A4's ${A4.width} px`);
    t.check(s.lang === 'id' && s.text.includes('Rencana patroli') && s.text.includes('Mengapa didatangi') && /tamu asing/.test(s.text),
      `${media}: the sheet is in Indonesian (${s.text.slice(0, 80).replace(/\n/g, ' ')})`);
    t.check(/\d{2}\.\d{2} WIB/.test(s.text) && !/UTC|skor|score/i.test(s.text), `${media}: the sheet's times are WIB and it shows no score`);
    t.check(s.teams === 2 && s.maps === 2 && s.starts === 2 && s.stops > 0, `${media}: one route map per team (${s.maps} maps, ${s.teams} teams, ${s.stops} numbered stops)`);
  }
  await sheet.screenshot({ path: `${env.shots}/sheet-a4.png`, fullPage: true });
  await sheet.close();

  // 2. The field kit of the officer's own kecamatan.
  await page.click('.tab[data-panel=fieldkit]');
  await t.waitFor(page, () => document.querySelector('#fieldkit-area').value === '32.03.10', null, 'the field kit offers the officer\'s own area first', 10000);
  const [kitDl] = await Promise.all([page.waitForEvent('download', { timeout: 180000 }), page.click('[data-testid=fieldkit-download]')]);
  const kitPath = await kitDl.path();
  const head = readFileSync(kitPath).subarray(0, 8);
  t.check(head.subarray(0, 7).toString() === 'PMTiles' && head[7] === 3, `"Unduh paket lapangan" saves a PMTiles v3 archive (${kitDl.suggestedFilename()})`);
  t.check(kitDl.suggestedFilename() === 'paket-lapangan-32.03.10.pmtiles', 'the kit is named after its area');

  // 3. No network: open the saved file; the kit's layers and plan render.
  await ctx.setOffline(true);
  await page.setInputFiles('[data-testid=fieldkit-file]', kitPath);
  await page.waitForSelector('[data-testid=fieldkit-result][data-state=open]', { timeout: 10000 });
  await t.waitFor(page, () => {
    const m = window.pantau.map;
    if (!m.getSource('kit') || !m.loaded() || !m.areTilesLoaded() || m.isMoving()) return false;
    const have = (id) => m.getLayer(id) && m.queryRenderedFeatures({ layers: [id] }).length > 0;
    return have('kit-desa-fill') && have('kit-kecamatan-line') && have('kit-patrol-stop');
  }, null, 'offline, the saved kit draws desa, kecamatan and the patrol plan from the file', 30000);
  const hidden = await page.evaluate(() => window.pantau.map.getStyle().layers.filter((l) => l.id.startsWith('ov-'))
    .every((l) => window.pantau.map.getLayoutProperty(l.id, 'visibility') === 'none'));
  t.check(hidden, 'the network-fed overlays are hidden while the kit is open');
  const info = await page.locator('[data-testid=fieldkit-result]').innerText();
  t.check(/Paket dibuka/.test(info) && /data per \d{4}-\d{2}-\d{2}/.test(info) && /\d+ titik/.test(info), `the panel says what the kit holds: ${info.replace(/\n/g, ' ')}`);
  await t.shot(page, 'fieldkit-offline');
  t.check(errors.length === 0, `no page errors beyond failed requests offline${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await ctx.close();
});
