// The polygon answer as the page shows it (web/src/figures.js): run by TestWebUnits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { polygonFigures, figureText, plain } from '../src/figures.js';

const fmt = (n) => n.toLocaleString('id-ID');

// A viewer's answer (fixed cells, disclosure applied), as the API gives it.
const viewer = {
  suppression: { applied: true, k: 5, round: 5, rule: 'fixed_cells' },
  total: { present: 645, overstays: 0, suppressed: true },
  breakdown: { nationality: [{ key: 'SAU', present: 147, suppressed: true }, { key: 'AFG', present: 0, suppressed: true }, { key: 'CHN', present: null, suppressed: true }] },
  desa: [{ code: '32.03.28.2001', name: 'Cipanas', present: 20, overstays: 0, suppressed: true, share: 0.5, inside_km2: 2 }],
  outside_desa: { present: 5, overstays: 0, suppressed: true },
  accommodations: { total: 868, by_kind: { villa: 545 } },
  polygon: { area_km2: 12.345 },
};

test("a viewer's disclosed figures are shown as lower bounds, zeros under the rule as hidden", () => {
  const f = polygonFigures(viewer, 'luar');
  assert.equal(f.partial, true);
  assert.equal(f.k, 5);
  assert.deepEqual(f.totals.present, { value: 645, partial: true });
  assert.deepEqual(f.totals.overstays, { value: null, partial: true }, 'overstays 0 under the rule may hide 1..4');
  assert.deepEqual(f.totals.accommodations, { value: 868, partial: false });
  assert.equal(f.totals.area_km2.value, 12.35);
  assert.deepEqual(f.breakdowns.nationality.SAU, { value: 147, partial: true }, 'the API gave 147: shown, not hidden');
  assert.equal(f.breakdowns.nationality.AFG.value, null);
  assert.equal(f.breakdowns.nationality.CHN.value, null);
  assert.deepEqual(f.breakdowns.accommodations.villa, { value: 545, partial: false });
  assert.equal(f.rows.length, 2);
  assert.equal(f.rows[1].name, 'luar');
  assert.equal(figureText(f.breakdowns.nationality.SAU, fmt, 'disembunyikan'), '≥ 147');
  assert.equal(figureText(f.totals.present, fmt, 'disembunyikan'), '≥ 645');
  assert.equal(figureText(f.totals.overstays, fmt, 'disembunyikan'), 'disembunyikan');
  assert.equal(figureText(f.totals.accommodations, fmt, 'disembunyikan'), '868');
});

test("an analyst's exact figures stay exact, zeros included", () => {
  const exact = { ...viewer, suppression: { applied: false, k: 5, round: 1, rule: 'none' }, total: { present: 1868, overstays: 0, suppressed: false },
    breakdown: { nationality: [{ key: 'SAU', present: 3 }] } };
  const f = polygonFigures(exact);
  assert.equal(f.partial, false);
  assert.deepEqual(f.totals.present, { value: 1868, partial: false });
  assert.deepEqual(f.totals.overstays, { value: 0, partial: false });
  assert.equal(figureText(f.totals.present, fmt, 'x'), '1.868');
  assert.deepEqual(f.breakdowns.nationality.SAU, { value: 3, partial: false });
  assert.deepEqual(plain(f.totals), { present: 1868, overstays: 0, accommodations: 868, area_km2: 12.35 });
});
