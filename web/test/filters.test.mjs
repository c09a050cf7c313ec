// Unit tests of the page's filter → query parameters (state.js), which the
// tiles and the density API read: run with `node --test web/test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterParams } from '../src/state.js';

const filter = (f) => ({ at: '', until: '', nationality: [], permit: [], status: [], ...f });

test('one day is at=', () => {
  assert.equal(filterParams(filter({ at: '2026-12-04' })).toString(), 'at=2026-12-04');
});

test('a last day after the first makes a period from/to, without at', () => {
  assert.equal(filterParams(filter({ at: '2026-11-27', until: '2026-12-04' })).toString(), 'from=2026-11-27&to=2026-12-04');
});

test('a last day not after the first leaves the single day', () => {
  assert.equal(filterParams(filter({ at: '2026-12-04', until: '2026-12-04' })).toString(), 'at=2026-12-04');
  assert.equal(filterParams(filter({ at: '2026-12-04', until: '2026-12-01' })).toString(), 'at=2026-12-04');
});

test('lists are comma-separated; empty lists and dates are left out', () => {
  const p = filterParams(filter({ nationality: ['SAU', 'NLD'], permit: ['itas'], status: ['overstay'] }));
  assert.equal(p.get('nationality'), 'SAU,NLD');
  assert.equal(p.get('permit'), 'itas');
  assert.equal(p.get('status'), 'overstay');
  assert.equal(p.has('at') || p.has('from'), false);
  assert.equal(filterParams(filter({})).toString(), '');
});
