// Legibility of the density palette (web/src/palette.js): run by TestWebUnits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLOURS, SUPPRESSED, BREAKS, LABELS, UNREGISTERED, DOT_RING, contrast, luminance, borderOf, borderColour, DARK_FROM } from '../src/palette.js';

test('luminance and contrast follow WCAG 2', () => {
  assert.equal(luminance('#ffffff'), 1);
  assert.equal(luminance('#000000'), 0);
  assert.equal(contrast('#ffffff', '#000000'), 21);
  assert.equal(contrast('#000000', '#ffffff'), 21);
  assert.ok(Math.abs(contrast('#777777', '#ffffff') - 4.48) < 0.01);
});

test('neighbouring density classes differ by at least 1.5:1, darker with density', () => {
  assert.equal(COLOURS.length, BREAKS.length);
  assert.equal(LABELS.length, BREAKS.length);
  for (let i = 1; i < COLOURS.length; i++) {
    const r = contrast(COLOURS[i - 1], COLOURS[i]);
    assert.ok(r >= 1.5, `${LABELS[i - 1]} ${COLOURS[i - 1]} vs ${LABELS[i]} ${COLOURS[i]}: ${r.toFixed(2)}:1`);
    assert.ok(luminance(COLOURS[i]) < luminance(COLOURS[i - 1]), `${LABELS[i]} is not darker than ${LABELS[i - 1]}`);
  }
});

test('desa borders stand out (≥ 3:1) on every class, light and dark', () => {
  for (const [i, c] of [...COLOURS.entries(), [-1, SUPPRESSED]]) {
    const r = contrast(borderOf(i), c);
    assert.ok(r >= 3, `border ${borderOf(i)} on ${c}: ${r.toFixed(2)}:1`);
  }
  // The map's expression switches at the same break.
  const step = borderColour()[2];
  assert.equal(step[step.indexOf(BREAKS[DARK_FROM]) + 1], borderOf(DARK_FROM));
  assert.equal(step[2], borderOf(0));
});

test('the unregistered dot is not camouflaged on any class', () => {
  for (const c of [...COLOURS, SUPPRESSED]) {
    const best = Math.max(contrast(UNREGISTERED, c), contrast(DOT_RING, c));
    assert.ok(best >= 3, `unregistered dot on ${c}: fill ${contrast(UNREGISTERED, c).toFixed(2)}, ring ${contrast(DOT_RING, c).toFixed(2)}`);
  }
});
