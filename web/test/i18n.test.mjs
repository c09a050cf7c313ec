// Unit tests of the page's pure i18n module: run with `node --test web/test`
// (TestWebUnits in web_e2e_test.go does).
import { test } from 'node:test';
import assert from 'node:assert/strict';

const store = new Map();
globalThis.localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) };
globalThis.document = { documentElement: {}, querySelectorAll: () => [] };
const { dict, t, setLang, valueText, termOf } = await import('../src/i18n.js');

test('Indonesian and English have the same words', () => {
  const id = Object.keys(dict.id).sort();
  const en = Object.keys(dict.en).sort();
  assert.deepEqual(id.filter((k) => !dict.en[k]), [], 'keys missing in English');
  assert.deepEqual(en.filter((k) => !dict.id[k]), [], 'keys missing in Indonesian');
});

test('popup values read as words in the page language', () => {
  setLang('id');
  assert.equal(valueText('permit', 'itas'), 'ITAS/KITAS');
  assert.equal(valueText('kind', 'house'), 'Rumah');
  assert.equal(valueText('accommodation', 1868), '#1868');
  assert.equal(valueText('arrival', '2026-12-04'), '4 Des 2026');
  assert.equal(t('zoom_in'), 'Perbesar');
  setLang('en');
  assert.equal(valueText('kind', 'house'), 'House');
  assert.equal(valueText('arrival', '2026-12-04'), '4 Dec 2026');
  assert.equal(t('zoom_in'), 'Zoom in');
});

test('codes are named by their field, unknown codes kept', () => {
  setLang('id');
  assert.equal(termOf('accommodations', 'none'), 'Tanpa akomodasi');
  assert.equal(termOf('status', 'overstay'), 'Melewati izin');
  assert.equal(termOf('nationality', 'SAU'), 'SAU');
  assert.equal(termOf('permit', 'unheard_of'), 'unheard_of');
});

test('touch screens read "Ketuk" where a mouse reads "Klik"', () => {
  setLang('id');
  globalThis.matchMedia = (q) => ({ matches: q === '(pointer: coarse)' });
  assert.match(t('draw_hint'), /^Ketuk /);
  globalThis.matchMedia = () => ({ matches: false });
  assert.match(t('draw_hint'), /^Klik /);
  delete globalThis.matchMedia;
  assert.match(t('draw_hint'), /^Klik /);
});

test('problems read as sentences in the page language, the detail only for unknown codes', async () => {
  const { problemText, problems } = await import('../src/i18n.js');
  setLang('id');
  assert.equal(problemText({ code: 'auth.bad_credentials', detail: 'The username or password is wrong' }, 401), problems.id['auth.bad_credentials']);
  assert.equal(problemText({ code: 'query.unknown_parameter', field: 'nationalty' }, 400), 'Parameter nationalty tidak dikenal.');
  assert.equal(problemText({ code: 'patrol.bad_limit', field: 'speed_kmh' }, 400), 'Batas patroli tidak valid (speed_kmh).');
  assert.equal(problemText({ code: 'patrol.bad_limit' }, 400), 'Batas patroli tidak valid.');
  assert.equal(problemText({ code: 'json.unknown_field' }, 400), 'Kolom tidak dikenal.');
  assert.equal(problemText({ code: 'nobody.knows', detail: 'Server words' }, 400), 'Server words');
  assert.equal(problemText(undefined, 502), 'HTTP 502');
  setLang('en');
  assert.equal(problemText({ code: 'polygon.self_intersecting', detail: 'ring 0 crosses itself' }, 422), 'The polygon crosses itself; redraw it without crossings.');
  setLang('id');
});

test('Indonesian and English name the same problem codes', async () => {
  const { problems } = await import('../src/i18n.js');
  const id = Object.keys(problems.id).sort();
  const en = Object.keys(problems.en).sort();
  assert.deepEqual(id.filter((k) => !problems.en[k]), [], 'codes missing in English');
  assert.deepEqual(en.filter((k) => !problems.id[k]), [], 'codes missing in Indonesian');
});
