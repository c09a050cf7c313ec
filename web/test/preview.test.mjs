// Unit tests of the preview's pure parts (web/src/preview.js, palette.js):
// which tiles cover a view and how a feature is coloured, the same as
// MapLibre's step expression. Run with `node --test web/test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.localStorage = { getItem: () => null, setItem: () => {} };
globalThis.sessionStorage = { getItem: () => null, setItem: () => {}, removeItem: () => {} };
const { tilesFor, worldPx } = await import('../src/preview.js');
const { classColour, choroplethColour, COLOURS, SUPPRESSED } = await import('../src/palette.js');

test('worldPx puts lon/lat where Web Mercator does (512 px tiles)', () => {
  assert.deepEqual(worldPx([0, 0], 0), [256, 256]);
  const [x, y] = worldPx([107.1, -7.0], 9);
  // 107.1° E at z9 is x tile 408 (of 512), 7° S is y tile 265.
  assert.equal(Math.floor(x / 512), 408);
  assert.equal(Math.floor(y / 512), 265);
});

test('tilesFor covers the view with the tiles MapLibre loads', () => {
  const tiles = tilesFor([107.1, -7.0], 9, 390, 796);
  assert.deepEqual(tiles.map((t) => `${t.z}/${t.x}/${t.y}`).sort(), ['9/407/265', '9/407/266', '9/408/265', '9/408/266']);
  for (const t of tiles) {
    assert.equal(t.size, 512);
    assert.ok(t.left < 390 && t.left + t.size > 0 && t.top < 796 && t.top + t.size > 0, `tile ${t.x}/${t.y} is in view`);
  }
  // A fractional zoom scales the tiles of the zoom below.
  const half = tilesFor([107.1, -7.0], 9.5, 390, 796);
  assert.ok(half.every((t) => t.z === 9 && Math.abs(t.size - 512 * Math.SQRT2) < 1e-9));
});

// step evaluates MapLibre's ['case', ['has', 'per_km2'], ['step', …], SUPPRESSED].
function step(expr, props) {
  const [, [, key], s, hidden] = expr;
  if (!(key in props)) return hidden;
  let out = s[2];
  for (let i = 3; i < s.length; i += 2) if (props.per_km2 >= s[i]) out = s[i + 1];
  return out;
}

test('classColour colours a feature as the map does', () => {
  const expr = choroplethColour();
  for (const per of [0, 1e-10, 0.5, 1, 1.99, 2, 4.9, 5, 10, 19.9, 20, 500]) {
    assert.equal(classColour({ per_km2: per }), step(expr, { per_km2: per }), `per_km2 ${per}`);
  }
  assert.equal(classColour({}), SUPPRESSED);
  assert.equal(classColour({ per_km2: 0 }), COLOURS[0]);
  assert.equal(classColour({ per_km2: 25 }), COLOURS[COLOURS.length - 1]);
});
