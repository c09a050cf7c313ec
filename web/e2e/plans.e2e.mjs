// The admin's and planner's tools: a geofence drawn, named and saved from
// the page (a session request: exercises the CSRF header), and a patrol
// plan drawn on the map with balanced teams, framed and in plain words.
import { run, env } from './lib.mjs';

run(async (t) => {
  const { page } = await t.openPage({ width: 1280, height: 800 }, env.admin, 'plans');
  await page.click('.tab[data-panel=geofences]');
  t.check(await page.locator('form.fence-form').count() === 1, 'admins get the geofence editor');
  await t.jump(page, env.stayPoint, 13);
  await page.click('form.fence-form button[type=button]');
  await page.waitForTimeout(300);
  await t.drawPolygon(page, 80);
  await page.fill('#fence-name', 'Zona uji E2E');
  await page.click('form.fence-form button[type=submit]');
  await page.waitForSelector('ul.fences li:has-text("Zona uji E2E")', { timeout: 5000 }).catch(async (e) => {
    await t.shot(page, 'desktop-geofences-failed');
    throw new Error(`FAILED: saving the geofence: ${await page.locator('p.msg').innerText()} (${e.message.split('\n')[0]})`);
  });
  t.log('ok - an admin draws, names and saves a geofence');
  await t.shot(page, 'desktop-geofences');

  await page.click('.tab[data-panel=patrols]');
  await t.waitFor(page, () => document.querySelectorAll('#patrol-start option').length > 0, null, 'the patrol panel lists starting points', 10000);
  t.check(await page.inputValue('#patrol-start') === 'polsek-cipanas', 'patrols start from Polsek Cipanas by default');
  await page.click('[data-testid=patrol-plan]');
  await page.waitForSelector('[data-testid=patrol-result][data-state]', { timeout: 20000 });
  t.check(await page.getAttribute('[data-testid=patrol-result]', 'data-state') === 'done',
    `the patrol plan answered (${(await page.locator('[data-testid=patrol-result]').innerText()).slice(0, 100).replace(/\n/g, ' ')})`);
  const stops = Number(await page.getAttribute('[data-testid=patrol-totals]', 'data-stops'));
  const perTeam = await page.evaluate(() => [...document.querySelectorAll('.patrol-marker')].reduce((m, e) => ({ ...m, [e.dataset.team]: (m[e.dataset.team] || 0) + 1 }), {}));
  const loads = Object.values(perTeam);
  t.check(stops > 0 && loads.reduce((a, b) => a + b, 0) === stops && Math.max(...loads) - Math.min(...loads) <= 1,
    `the patrol panel draws ${stops} stops for ${loads.length} teams (${loads.join('/')})`);
  await t.waitFor(page, () => !window.pantau.map.isMoving(), null, 'the map stops after framing the plan');
  const framed = await page.evaluate(() => {
    const r = document.querySelector('#map').getBoundingClientRect();
    return [...document.querySelectorAll('.patrol-marker')].every((m) => {
      const b = m.getBoundingClientRect();
      return b.left >= r.left && b.right <= r.right && b.top >= r.top && b.bottom <= r.bottom;
    });
  });
  t.check(framed, 'the map zooms to the patrol plan (every stop on screen)');
  await t.shot(page, 'desktop-patrols');
  await t.tabsFit(page, 'desk');
  const planText = await page.locator('[data-testid=patrol-result]').innerText();
  t.check(!/skor|tetangga/.test(planText) && planText.includes('lebih pendek daripada selalu menuju titik terdekat') && planText.includes('menit setelah berangkat'),
    `the plan reads in plain Indonesian: ${planText.slice(0, 200).replace(/\n/g, ' ')}`);
});
