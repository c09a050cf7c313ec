// A viewer on a phone (390×844, touch): the map fills the screen, Menu
// opens the panel as a bottom sheet away from "Keluar", tabs fit, every
// control is a 44 px touch target, viewers get no exports, patrols or
// individual layers, and a touch screen reads "Ketuk".
import { run, env } from './lib.mjs';

run(async (t) => {
  const { page: p } = await t.openPage({ width: 390, height: 844 }, { token: env.viewerToken }, 'phone', { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await t.shot(p, 'phone-map');
  const layout = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, canvas: document.querySelector('#map canvas').getBoundingClientRect().width }));
  t.check(layout.scroll <= 390 && layout.canvas >= 380, `the map fills the phone's width without sideways scrolling (${JSON.stringify(layout)})`);
  const menuBox = await p.locator('header .menu').boundingBox();
  const outBox = await p.locator('header .signout').boundingBox();
  t.check(outBox.x - (menuBox.x + menuBox.width) >= 100, `"Menu" is not beside "Keluar" (${Math.round(outBox.x - menuBox.x - menuBox.width)} px apart)`);
  await p.tap('header .menu');
  await p.waitForTimeout(400);
  const sheet = await p.locator('aside.side').boundingBox();
  t.check(sheet && sheet.y < 844 && sheet.y > 200, 'Menu opens the panel as a bottom sheet');
  await t.tabsFit(p, 'phone');
  const small = await p.evaluate(() => [...document.querySelectorAll('header button, aside.side button, aside.side select, aside.side input:not([type=checkbox]):not([type=radio]), .maplibregl-ctrl-group button')]
    .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height > 0)
    .map((e) => ({ what: e.outerHTML.slice(0, 60), h: Math.round(e.getBoundingClientRect().height), w: Math.round(e.getBoundingClientRect().width) }))
    .filter((b) => b.h < 44 || b.w < 44));
  t.check(small.length === 0, `every control on the phone is a touch target of at least 44 px${small.length ? ': ' + JSON.stringify(small) : ''}`);
  await t.shot(p, 'phone-menu');
  t.check(await p.getByText('Ekspor CSV').count() === 0, 'viewers get no exports');
  t.check(await p.locator('.tab[data-panel=patrols]').count() === 0, 'viewers get no patrol planning');
  t.check(await p.locator('input[data-layer=accommodations]').count() === 0, 'viewers get no individual layers');

  await p.tap('.tab[data-panel=polygon]');
  await p.tap('[data-testid=draw-polygon]');
  const hint = await p.locator('[data-i18n=draw_hint]').textContent();
  t.check(hint.startsWith('Ketuk '), `the phone's drawing hint says "Ketuk": ${hint}`);
});
