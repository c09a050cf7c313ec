// Shared harness of the browser tests (web/e2e/*.e2e.mjs). web_e2e_test.go
// seeds one database, starts one `pantau serve` and runs every script as
// its own subtest with this environment:
//
//   PANTAU_URL, PANTAU_ADMIN_TOKEN, PANTAU_ADMIN_USER/PASSWORD (a web login),
//   PANTAU_VIEWER_TOKEN, PANTAU_OFFICER_TOKEN (officer of kecamatan 32.03.10),
//   PANTAU_SCREENSHOTS (a folder for this script), PANTAU_REPO (the checkout),
//   CHROMIUM (default /usr/bin/chromium), PANTAU_STAY_POINT "lon,lat" (inside
//   the test geofence), PANTAU_E2E_APPROXIMATE ("1" on demo boundaries).
//
// A script calls run(async (t) => { … }): t.check fails the script on the
// first false condition, t.waitFor turns a page condition with a deadline
// into a check, and console errors of any page fail it at the end.

import { chromium } from 'playwright-core';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const env = {
  base: process.env.PANTAU_URL,
  adminToken: process.env.PANTAU_ADMIN_TOKEN,
  admin: { username: process.env.PANTAU_ADMIN_USER, password: process.env.PANTAU_ADMIN_PASSWORD },
  viewerToken: process.env.PANTAU_VIEWER_TOKEN,
  officerToken: process.env.PANTAU_OFFICER_TOKEN,
  shots: process.env.PANTAU_SCREENSHOTS,
  repo: process.env.PANTAU_REPO || process.cwd(),
  approximate: !!process.env.PANTAU_E2E_APPROXIMATE,
  stayPoint: (process.env.PANTAU_STAY_POINT || '107.05,-6.73').split(',').map(Number),
};

export const log = (...a) => console.log('e2e:', ...a);

export function check(ok, what) {
  if (!ok) throw new Error('FAILED: ' + what);
  log('ok -', what);
}

// api calls the server's API with a bearer token and returns the response.
export function api(path, { token = env.adminToken, method = 'GET', body, query = '' } = {}) {
  const headers = { Authorization: 'Bearer ' + token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(env.base + path + (query ? '?' + query : ''), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

// postStay posts a stay with the admin token, as a host's report arrives.
export async function postStay(stay) {
  const res = await api('/api/v1/stays', { method: 'POST', body: stay });
  check(res.ok, `POST /api/v1/stays answered ${res.status} ${res.ok ? '' : await res.text()}`);
}

// run launches Chromium, runs body(t) and exits 0 or 1.
export async function run(body) {
  rmSync(env.shots, { recursive: true, force: true }); // no stale pictures from an earlier run
  mkdirSync(env.shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking'],
  });
  const consoleErrors = [];
  const config = await (await fetch(env.base + '/config.json')).json();
  const t = new Harness(browser, consoleErrors, config);
  try {
    await body(t);
    check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? ':\n  ' + consoleErrors.join('\n  ') : ''}`);
    log('screenshots in', env.shots);
    await browser.close();
    process.exit(0);
  } catch (e) {
    console.error('e2e:', e.message);
    if (consoleErrors.length) console.error('e2e: console errors:\n  ' + consoleErrors.join('\n  '));
    await browser.close();
    process.exit(1);
  }
}

class Harness {
  constructor(browser, consoleErrors, config) {
    this.browser = browser;
    this.consoleErrors = consoleErrors;
    this.config = config;
    this.check = check;
    this.log = log;
  }

  shot(page, name) {
    return page.screenshot({ path: join(env.shots, name + '.png') });
  }

  // openPage opens the page in a new browser context, signs in with a
  // password ({username, password}) or a token ({token}) and waits until
  // the map shows the desa layer.
  async openPage(viewport, login, name, extra = {}) {
    const ctx = await this.browser.newContext({ viewport, ...extra });
    const page = await ctx.newPage();
    this.watch(page, name);
    await page.goto(env.base + '/');
    await page.waitForSelector('.login-card');
    await this.shot(page, `${name}-login`);
    await this.signIn(page, login);
    await this.mapIdle(page);
    return { ctx, page };
  }

  // watch records a page's console errors (they fail the script).
  watch(page, name) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(`[${name}] ${m.text()}`);
      if (m.type() === 'warning' && !/GL Driver|GPU stall/.test(m.text())) log(`console warning [${name}]:`, m.text());
    });
    page.on('pageerror', (e) => this.consoleErrors.push(`[${name}] ${e.message}`));
  }

  async signIn(page, login) {
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
  }

  // waitFor waits for fn(arg) to hold in the page; past the deadline the
  // script fails with what.
  async waitFor(page, fn, arg, what, timeout = 5000) {
    try {
      await page.waitForFunction(fn, arg, { timeout, polling: 50 });
    } catch (e) {
      await this.shot(page, 'failed-' + what.replace(/[^a-z0-9]+/gi, '-').slice(0, 40));
      throw new Error(`FAILED: ${what} (${e.message.split('\n')[0]})`);
    }
    log('ok -', what);
  }

  // mapIdle waits until the map has loaded, stopped and renders desa.
  async mapIdle(page) {
    await page.waitForFunction(() => {
      const m = window.pantau && window.pantau.map;
      const layers = ['ov-desa-fill', 'ov-desa-kfill'].filter((id) => m && m.getLayer(id));
      return m && layers.length && m.loaded() && m.areTilesLoaded() && !m.isMoving() &&
        m.queryRenderedFeatures({ layers }).length > 0;
    }, null, { timeout: 30000, polling: 200 }).catch(async () => {
      await this.shot(page, 'map-not-ready');
      const st = await page.evaluate(() => {
        const m = window.pantau && window.pantau.map;
        if (!m) return 'no map';
        const desa = m.getLayer('ov-desa-fill');
        return { desa: !!desa, loaded: m.loaded(), tiles: m.areTilesLoaded(), moving: m.isMoving(), zoom: m.getZoom(),
          rendered: desa ? m.queryRenderedFeatures({ layers: ['ov-desa-fill'] }).length : -1,
          source: desa ? m.querySourceFeatures('ov-desa', { sourceLayer: 'desa' }).length : -1,
          urls: m.getSource('ov-desa') && m.getSource('ov-desa').tiles, layers: m.getStyle().layers.map((l) => l.id).join(',') };
      });
      throw new Error(`map not ready: ${JSON.stringify(st)}; console: ${this.consoleErrors.join(' | ')}`);
    });
    await page.waitForTimeout(300);
  }

  // jump moves the map to [lon, lat] at zoom and waits until it is idle.
  async jump(page, [lon, lat], zoom) {
    await page.evaluate(([x, y, z]) => window.pantau.map.jumpTo({ center: [x, y], zoom: z }), [lon, lat, zoom]);
    await this.mapIdle(page);
  }

  // tabsFit checks that every tab of the side panel lies inside it (none
  // scrolled out of sight) and is at least 44 px tall.
  async tabsFit(page, name) {
    const r = await page.evaluate(() => {
      const side = document.querySelector('aside.side').getBoundingClientRect();
      return [...document.querySelectorAll('.tab')].map((b) => ({ tab: b.dataset.panel, ...b.getBoundingClientRect().toJSON() }))
        .filter((b) => b.left < side.left - 0.5 || b.right > side.right + 0.5 || b.height < 44);
    });
    check(r.length === 0, `every tab fits the panel on the ${name} screen${r.length ? ': ' + JSON.stringify(r) : ''}`);
  }

  // colourShares counts, in a PNG, the pixels of each of colours (hex).
  async colourShares(page, png, colours) {
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
    }, { b64: png.toString('base64'), colours });
    await p.close();
    return res;
  }

  // queryPolygon opens the polygon panel, draws a square around at (zoom
  // z, its side 0.6 of the map's shorter side), checks that the query
  // answered and returns the request the page sent ({query, body}).
  async queryPolygon(page, at, z, who) {
    await page.click('.tab[data-panel=polygon]');
    await this.jump(page, at, z);
    await page.click('[data-testid=draw-polygon]');
    await page.waitForTimeout(300);
    const mb = await page.locator('#map canvas').boundingBox();
    await this.drawPolygon(page, Math.min(mb.width, mb.height) * 0.3);
    await page.waitForSelector('[data-testid=polygon-result][data-state]', { timeout: 30000 });
    const state = await page.getAttribute('[data-testid=polygon-result]', 'data-state');
    const text = await page.locator('[data-testid=polygon-result]').innerText();
    check(state === 'done', `${who}'s polygon query answered (${text.slice(0, 120).replace(/\n/g, ' ')})`);
    return JSON.parse(await page.getAttribute('[data-testid=polygon-result]', 'data-request'));
  }

  // drawPolygon clicks the corners of a polygon around the map's centre
  // (r: half its side in pixels; closed by clicking the first corner).
  async drawPolygon(page, r) {
    const mb = await page.locator('#map canvas').boundingBox();
    const cx = mb.x + mb.width / 2, cy = mb.y + mb.height / 2;
    const pts = [[cx - r, cy - r], [cx + r, cy - r], [cx + r, cy + r], [cx - r, cy + r], [cx - r, cy - r]];
    for (const [x, y] of pts) { await page.mouse.move(x, y); await page.mouse.click(x, y); await page.waitForTimeout(150); }
  }
}
