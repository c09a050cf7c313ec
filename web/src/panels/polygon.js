// panels/polygon.js — draw a polygon, get POST /api/v1/density/polygon's
// answer for it under the current filters: totals, breakdown, per-desa
// table; export the answer as CSV or GeoJSON. For analysts and admins.

import { registerPanel } from '../panels.js';
import { h, download } from '../dom.js';
import { t, fmt, termOf } from '../i18n.js';
import { api } from '../api.js';
import { state, on, emit, isAnalystOrUp, filterParams } from '../state.js';
import { drawPolygon, clearDrawing } from '../draw.js';
import { csvCell } from '../csv.js';
import { polygonFigures, figureText, plain } from '../figures.js';

// polygonRequest is what the panel sends for geometry under the page's
// filters: the GeoJSON geometry as the body, the filters as the query.
export function polygonRequest(geometry) {
  return { query: filterParams().toString(), body: geometry };
}

registerPanel({
  id: 'polygon', label: 'tab_polygon', order: 20,
  mount(el) {
    const out = h('div.result', { 'data-testid': 'polygon-result' });
    let geometry = null;
    let last = null;
    const run = async () => {
      if (!geometry) return;
      const req = polygonRequest(geometry);
      out.dataset.request = JSON.stringify(req);
      out.replaceChildren(h('p.muted', t('querying')));
      try {
        last = await api(`/api/v1/density/polygon?${req.query}`, { method: 'POST', body: req.body });
        out.replaceChildren(...render(last));
        out.dataset.state = 'done';
      } catch (e) {
        out.replaceChildren(h('p.error', `${t('error')}: ${e.message}`));
        out.dataset.state = 'error';
      }
      emit('sheet', true); // on a phone the figures open the sheet they are in
    };
    const drawBtn = h('button.primary', { type: 'button', 'data-testid': 'draw-polygon', onclick: async () => {
      out.replaceChildren(h('p.muted', { 'data-i18n': 'draw_hint' }, t('draw_hint')));
      delete out.dataset.state;
      emit('sheet', false);
      try { geometry = await drawPolygon('polygon'); } catch { return; }
      run();
    } }, h('span', { 'data-i18n': 'draw_polygon' }, t('draw_polygon')));
    const clearBtn = h('button', { type: 'button', onclick: () => { clearDrawing(); geometry = null; last = null; out.replaceChildren(); } },
      h('span', { 'data-i18n': 'clear' }, t('clear')));
    const csvBtn = h('button', { type: 'button', onclick: () => last && download('pantau-polygon.csv', 'text/csv', toCSV(last)) },
      h('span', { 'data-i18n': 'export_csv' }, t('export_csv')));
    const gjBtn = h('button', { type: 'button', onclick: () => last && download('pantau-polygon.geojson', 'application/geo+json', toGeoJSON(geometry, last)) },
      h('span', { 'data-i18n': 'export_geojson' }, t('export_geojson')));
    // Exports are for analysts and admins; viewers see suppressed figures only.
    el.append(h('div.buttons', drawBtn, clearBtn), out, isAnalystOrUp() ? h('div.buttons', csvBtn, gjBtn) : null);
    on('filter', run);
  },
});

// The answer's parts (figures.js): totals, breakdowns by
// nationality/permit/…, and one row per desa the polygon touches.
const parts = (d) => polygonFigures(d, t('outside_desa'));
const show = (f) => figureText(f, fmt, t('suppressed'));

const LABEL = { present: 'present', overstays: 'overstays', accommodations: 'accommodations', area_km2: 'area_km2' };

function render(d) {
  const { totals, breakdowns, rows, partial, k } = parts(d);
  const el = [];
  el.push(h('h4', { 'data-i18n': 'totals' }, t('totals')),
    h('dl.totals', Object.entries(totals).flatMap(([key, f]) => [
      h('dt', { 'data-i18n': LABEL[key] }, t(LABEL[key])),
      h('dd', { 'data-total': key, 'data-value': f.value === null ? '' : f.value, 'data-partial': String(f.partial) }, show(f))])));
  // Under the disclosure rule every figure is a lower bound: say so.
  if (partial) el.push(h('p.muted.partial-note', { 'data-testid': 'partial-note' }, t('partial_figures').replace('{k}', k)));
  const bd = Object.entries(breakdowns).filter(([, v]) => Object.keys(v).length);
  if (bd.length) {
    el.push(h('h4', { 'data-i18n': 'breakdown' }, t('breakdown')));
    for (const [key, v] of bd) {
      el.push(h('table.small', { 'data-breakdown': key }, h('caption', t(key)),
        Object.entries(v).sort((a, b) => (b[1].value ?? -1) - (a[1].value ?? -1)).map(([kk, f]) =>
          h('tr', h('th', termOf(key, kk)), h('td', { 'data-key': kk, 'data-value': f.value ?? '' }, show(f))))));
    }
  }
  if (rows.length) {
    const cols = ['name', 'code', 'present', 'overstays', 'share_pct'];
    const cell = (v) => (v && typeof v === 'object' ? show(v) : typeof v === 'number' ? fmt(v) : v ?? '');
    el.push(h('h4', { 'data-i18n': 'per_desa' }, t('per_desa')),
      h('div.scroll', h('table.small.rows', { 'data-testid': 'per-desa' },
        h('tr', cols.map((c) => h('th', t(c)))),
        rows.map((r) => h('tr', cols.map((c) => h('td', cell(r[c]))))))));
  }
  return el;
}


const columns = (rows) => [...new Set(rows.flatMap((r) => Object.keys(r)))];

export function toCSV(d) {
  const f = parts(d);
  const totals = plain(f.totals);
  const rows = f.rows.map(plain);
  if (!rows.length) return Object.keys(totals).map(csvCell).join(',') + '\n' + Object.values(totals).map(csvCell).join(',') + '\n';
  const cols = columns(rows);
  return [cols.map(csvCell).join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

export function toGeoJSON(geometry, d) {
  const f = parts(d);
  const breakdowns = Object.fromEntries(Object.entries(f.breakdowns).map(([k, v]) => [k, plain(v)]));
  return JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry,
    properties: { ...plain(f.totals), partial: f.partial, breakdown: breakdowns, per_desa: f.rows.map(plain), filter: { ...state.filter } } }] }, null, 1);
}
