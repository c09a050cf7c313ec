// weaksignal.mjs — the officer's map on a weak signal (2 s round trip,
// 400 kbit/s down and up, Chromium's own network emulation over CDP):
// first visit, warm reload and a reload with no network. Used by
// field.e2e.mjs (which asserts byte and round-trip budgets) and runnable by
// hand against any server:
//
//   PANTAU_URL=http://127.0.0.1:8080 PANTAU_USER=u PANTAU_PASSWORD=p node web/e2e/weaksignal.mjs
//
// Times are printed, never asserted (tests never assert wall-clock time).

export const PROFILE = { latency: 2000, downloadThroughput: 50000, uploadThroughput: 50000 }; // 400 kbit/s = 50 000 B/s

// throttle applies the profile to a page (and, through auto-attach, to the
// workers it starts) and records every request: start, end, encoded bytes.
export async function throttle(page, profile = PROFILE) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile });
  const reqs = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    reqs.set(e.requestId, { url: e.request.url, method: e.request.method, start: e.timestamp, end: null, bytes: 0, status: 0, cached: false });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (r) { r.status = e.response.status; r.cached = e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache || false; }
  });
  cdp.on('Network.requestServedFromCache', (e) => { const r = reqs.get(e.requestId); if (r) r.cached = true; });
  cdp.on('Network.loadingFinished', (e) => { const r = reqs.get(e.requestId); if (r) { r.end = e.timestamp; r.bytes = e.encodedDataLength; } });
  cdp.on('Network.loadingFailed', (e) => { const r = reqs.get(e.requestId); if (r) { r.end = e.timestamp; r.failed = true; } });
  const now = async () => (await cdp.send('Runtime.evaluate', { expression: 'performance.timeOrigin + performance.now()', returnByValue: true })).result.value;
  return { cdp, reqs, now };
}

// finishedBy lists the requests that completed (bytes over the wire) by the
// CDP timestamp t.
export function finishedBy(reqs, t) {
  return [...reqs.values()].filter((r) => r.end !== null && r.end <= t && !r.failed);
}

// depth is the number of sequential round trips among requests: the
// longest chain of requests each started after the one before finished
// (answers from the browser's cache cost none).
export function depth(list) {
  const sorted = list.filter((r) => !r.cached).sort((a, b) => a.start - b.start);
  const best = new Map();
  let max = 0;
  for (const r of sorted) {
    let d = 1;
    for (const q of sorted) if (q.end !== null && q.end <= r.start) d = Math.max(d, (best.get(q) || 0) + 1);
    best.set(r, d);
    max = Math.max(max, d);
  }
  return max;
}

// previewDone: when the last of the preview's tiles arrived — the page's
// own tile requests (MapLibre's come from its worker and are not listed
// here), the first batch only: the page asks for the preview's tiles at
// once, and a later batch (the preview drawn again, say after the map
// moved) is not what the officer waited for; counted up to it, a loaded
// machine's other requests made a warm reload look 5 round trips deep.
export function previewDone(reqs) {
  const tiles = [...reqs.values()].filter((r) => /\/tiles\/desa,kecamatan\/\d+\//.test(r.url));
  const first = Math.min(...tiles.map((r) => r.start));
  return Math.max(...tiles.filter((r) => r.start <= first + 0.25 && r.end !== null).map((r) => r.end));
}

const sum = (list) => list.reduce((a, r) => a + r.bytes, 0);

// visit loads the page on the weak signal and signs in with the form (as
// soon as the form is wired) unless a session already holds. Returns the
// milestones in ms from navigation start, and the bytes and round trips
// the page needed before each.
export async function visit(page, base, { username, password }) {
  const { reqs, cdp } = await throttle(page);
  const marks = {};
  let clock = 0;
  cdp.on('Network.requestWillBeSent', (e) => { clock = Math.max(clock, e.timestamp); });
  cdp.on('Network.loadingFinished', (e) => { clock = Math.max(clock, e.timestamp); });
  cdp.on('Network.dataReceived', (e) => { clock = Math.max(clock, e.timestamp); });
  const t0 = Date.now();
  const cdpAt = {};
  const mark = (name) => { marks[name] = Date.now() - t0; cdpAt[name] = clock; };
  await page.goto(base + '/', { waitUntil: 'commit' });
  const signedIn = await Promise.race([
    page.waitForSelector('#username', { state: 'visible', timeout: 60000 }).then(() => false),
    page.waitForSelector('body[data-preview=drawn], body[data-ready=true]', { state: 'attached', timeout: 60000 }).then(() => true),
  ]);
  if (!signedIn) {
    mark('login_form');
    await page.fill('#username', username);
    await page.fill('#password', password);
    // index.html's form is wired when #login says ready (a page built by
    // script alone, as before, has its form ready when shown).
    await page.waitForSelector('#login[data-ready=true], div.login:not(#login)', { state: 'attached', timeout: 60000 });
    mark('login_ready');
    await page.click('.login-form button[type=submit]');
    mark('submit');
  }
  await page.waitForSelector('body[data-preview=drawn], body[data-ready=true]', { state: 'attached', timeout: 90000 });
  mark('first_fill');
  await page.waitForSelector('body[data-ready=true]', { state: 'attached', timeout: 120000 });
  mark('map_ready');
  // The page's own marks (ms since navigation start): preview drawn, map drawn.
  const pageMarks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])));
  const at = (name) => (cdpAt[name] !== undefined ? finishedBy(reqs, cdpAt[name]) : null);
  const before = {};
  for (const name of Object.keys(marks)) {
    const l = at(name);
    before[name] = { bytes: sum(l.filter((r) => !r.cached)), requests: l.length, depth: depth(l) };
  }
  const all = [...reqs.values()].filter((r) => r.end !== null && !r.failed);
  return { marks, pageMarks, cdpAt, before, total: { bytes: sum(all.filter((r) => !r.cached)), requests: all.length }, reqs, cdp };
}

export function printRequests(reqs) {
  const list = [...reqs.values()].sort((a, b) => a.start - b.start);
  for (const r of list) {
    console.log(`  ${(r.start - list[0].start).toFixed(2)}→${r.end ? (r.end - list[0].start).toFixed(2) : '…'} ${r.status} ${r.cached ? 'cache' : ''} ${r.bytes} ${r.url.slice(0, 100)}`);
  }
}

export function report(label, v) {
  // The page's own marks where it has them: Playwright's polling is late
  // when MapLibre keeps the page busy.
  const m = { ...v.marks, ...(v.pageMarks['pantau-preview'] ? { first_fill: v.pageMarks['pantau-preview'] } : {}), ...(v.pageMarks['pantau-map'] ? { map_ready: v.pageMarks['pantau-map'] } : {}) };
  const s = (k) => (m[k] === undefined ? '–' : (m[k] / 1000).toFixed(1) + ' s');
  const b = (k) => (v.before[k] ? `${(v.before[k].bytes / 1024).toFixed(1)} KB/${v.before[k].requests} req/${v.before[k].depth} rt` : '');
  return `${label}: login form ${s('login_form')} [${b('login_form')}], form wired ${s('login_ready')}, ` +
    `first fill ${s('first_fill')} [${b('first_fill')}]` + (m.submit !== undefined ? ` (${((m.first_fill - m.submit) / 1000).toFixed(1)} s after submit)` : '') +
    `, map ready ${s('map_ready')} [${b('map_ready')}]` + (m.submit !== undefined ? ` (${((m.map_ready - m.submit) / 1000).toFixed(1)} s after submit)` : '') +
    `; all ${(v.total.bytes / 1024).toFixed(1)} KB in ${v.total.requests} requests; page marks ${JSON.stringify(v.pageMarks)}`;
}

// Run by hand: first visit and warm reload on a phone-sized screen.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { chromium } = await import('playwright-core');
  const base = process.env.PANTAU_URL;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking'] });
  // The service worker's own fetches escape Chromium's emulation: blocked
  // here, so the figures are those of the page and the HTTP cache alone.
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, serviceWorkers: 'block' });
  const login = { username: process.env.PANTAU_USER, password: process.env.PANTAU_PASSWORD };
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log('console error:', m.text()); });
  const first = await visit(page, base, login);
  console.log(report('first visit', first));
  if (process.env.VERBOSE) printRequests(first.reqs);
  await first.cdp.detach();
  const page2 = await ctx.newPage();
  await page.close();
  const warm = await visit(page2, base, login);
  console.log(report('warm reload', warm));
  if (process.env.VERBOSE) printRequests(warm.reqs);
  await page2.waitForTimeout(1000);
  await browser.close();
}
