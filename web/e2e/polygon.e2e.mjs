// An analyst draws a polygon: the panel shows the same totals as
// POST /api/v1/density/polygon for the page's own request.
import { run, env, api } from './lib.mjs';

run(async (t) => {
  const { page } = await t.openPage({ width: 1280, height: 800 }, { token: env.adminToken }, 'polygon');
  const request = await t.queryPolygon(page, env.stayPoint, 11.5, 'the analyst');
  const shown = await page.$$eval('[data-total]', (els) => Object.fromEntries(els.map((e) => [e.dataset.total, e.dataset.value === '' ? null : Number(e.dataset.value)])));
  const res = await api('/api/v1/density/polygon', { method: 'POST', query: request.query, body: request.body });
  t.check(res.ok, `POST /api/v1/density/polygon with the page's polygon answered ${res.status}`);
  const answer = await res.json();
  const want = { present: answer.total.present, overstays: answer.total.overstays, accommodations: answer.accommodations.total };
  t.check(want.present > 0, `the polygon holds stays (${want.present})`);
  t.check(Object.entries(want).every(([k, v]) => shown[k] === v),
    `the panel's totals equal the API's: ${JSON.stringify(want)} shown ${JSON.stringify(shown)}`);
  const desaRows = await page.locator('[data-testid=per-desa] tr').count();
  t.check(desaRows - 1 >= answer.desa.length, `the per-desa table lists the ${answer.desa.length} desa`);
  await t.shot(page, 'desktop-polygon');
});
