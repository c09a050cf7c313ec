// Alerts an officer cannot miss: a stay posted now reaches the panel within
// 2 seconds, is acknowledged there, an alert raised on another tab is
// counted as unread in the tab and the title, and after a reload the
// history is there, newest first, in Indonesian.
import { run, env, api, postStay } from './lib.mjs';

run(async (t) => {
  const { page } = await t.openPage({ width: 1280, height: 800 }, { token: env.adminToken }, 'alerts');
  await page.click('.tab[data-panel=alerts]');
  await page.waitForSelector('[data-testid=alerts-status][data-live=true]', { timeout: 10000 });
  const before = await page.locator('li.alert').count();
  const [lon, lat] = env.stayPoint;
  const today = t.config.today;
  const stay = { source_id: `e2e-${Date.now()}`, full_name: 'E2E Synthetic Person', passport_no: 'X' + Date.now(), nationality: 'NLD', sex: 'F',
    birth_date: '1990-01-01', permit_type: 'visit_visa', permit_expiry: today, arrival_date: today, lat, lon };
  const t0 = Date.now();
  await postStay(stay);
  await t.waitFor(page, (n) => document.querySelectorAll('li.alert').length > n, before,
    'the posted stay appears in the alerts panel within 2 seconds', 2000 - (Date.now() - t0));
  t.log(`alert shown ${Date.now() - t0} ms after the stay was posted`);
  await page.click('li.alert');
  await page.click('li.alert button');
  await t.waitFor(page, () => document.querySelector('li.alert.acked') !== null, null, 'an alert is acknowledged from the panel');
  await t.shot(page, 'desktop-alert');

  await page.click('.tab[data-panel=layers]');
  await postStay({ ...stay, source_id: `e2e-b-${Date.now()}`, passport_no: 'Y' + Date.now() });
  await t.waitFor(page, () => document.querySelector('[data-testid=alerts-unread]').textContent === '1' && document.title.startsWith('(1) '), null,
    'an alert raised on another tab shows 1 unread in the tab and the title');
  const listed = await (await api('/api/v1/alerts', { query: 'limit=50' })).json();
  const newest = listed.alerts[0];
  await page.reload();
  await page.waitForSelector('section.panel[data-panel=alerts][data-history=loaded]', { state: 'attached', timeout: 30000 });
  t.check(await page.locator('[data-testid=alerts-unread]').innerText() === '1' && (await page.title()).startsWith('(1) '),
    `the unread count survives a reload (title ${await page.title()})`);
  await page.click('.tab[data-panel=alerts]');
  const shown = await page.evaluate(() => [...document.querySelectorAll('li.alert')].map((li) => ({ id: Number(li.dataset.alertId), state: li.dataset.state, text: li.innerText })));
  t.check(shown.length === listed.alerts.length && shown.every((a, i) => a.id === listed.alerts[i].id),
    `after a reload the panel lists the ${listed.alerts.length} alerts of GET /api/v1/alerts, newest first (${shown.map((a) => a.id).join(',')})`);
  t.check(shown[0].text.includes('Mulai tinggal di dalam') && shown[0].text.includes('Belanda') &&
    (newest.desa_name ? shown[0].text.includes(newest.desa_name) : shown[0].text.includes('Di luar desa')),
    `the newest alert reads in Indonesian with its desa (${newest.desa_name}) and nationality: ${JSON.stringify(shown[0].text)}`);
  t.check(shown.filter((a) => a.state === 'acknowledged').length === listed.alerts.filter((a) => a.state === 'acknowledged').length && shown[1].state === 'acknowledged',
    'the alert acknowledged before the reload is still acknowledged');
  t.check(await page.locator('[data-testid=alerts-unread]').isHidden() && !(await page.title()).startsWith('('),
    'opening the alerts tab clears the unread count');
  await t.shot(page, 'desktop-alert-history');

  // An officer scoped to one kecamatan: alerts load live, geofences have no editor.
  const officer = await t.openPage({ width: 1024, height: 700 }, { token: env.officerToken }, 'officer');
  await officer.page.click('.tab[data-panel=alerts]');
  await officer.page.waitForSelector('[data-testid=alerts-status][data-live=true]', { timeout: 10000 });
  await t.shot(officer.page, 'officer-alerts');
  t.check(await officer.page.locator('form.fence-form').count() === 0, 'officers see geofences but get no editor');
  await officer.ctx.close();
});
