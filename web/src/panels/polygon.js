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

// The answer's parts (see the density API): totals, breakdowns by
// nationality/permit/…, and one row per desa the polygon touches.
function parts(d) {
  const tot = d.total || {};
  const totals = {
    present: tot.present ?? null,
    overstays: tot.overstays ?? null,
    accommodations: d.accommodations ? d.accommodations.total : null,
    area_km2: d.polygon ? Math.round(d.polygon.area_km2 * 100) / 100 : null,
  };
  const breakdowns = {};
  for (const [k, v] of Object.entries(d.breakdown || {})) {
    if (Array.isArray(v)) breakdowns[k] = Object.fromEntries(v.map((r) => [r.key, r.suppressed ? null : r.present]));
  }
  if (d.accommodations && d.accommodations.by_kind) breakdowns.accommodations = d.accommodations.by_kind;
  const rows = (d.desa || []).map((r) => ({ code: r.code, name: r.name, present: r.suppressed ? null : r.present,
    overstays: r.suppressed ? null : r.overstays, share_pct: Math.round((r.share || 0) * 1000) / 10, inside_km2: Math.round((r.inside_km2 || 0) * 100) / 100 }));
  if (d.outside_desa && (d.outside_desa.present || d.outside_desa.suppressed)) {
    rows.push({ code: '', name: t('outside_desa'), present: d.outside_desa.suppressed ? null : d.outside_desa.present, overstays: d.outside_desa.overstays, share_pct: null, inside_km2: null });
  }
  return { totals, breakdowns, rows, suppressed: !!(d.suppression && d.suppression.applied), k: d.suppression && d.suppression.k };
}

const LABEL = { present: 'present', overstays: 'overstays', accommodations: 'accommodations', area_km2: 'area_km2' };

function render(d) {
  const { totals, breakdowns, rows, suppressed, k } = parts(d);
  const el = [];
  el.push(h('h4', { 'data-i18n': 'totals' }, t('totals')),
    h('dl.totals', Object.entries(totals).filter(([, v]) => v !== undefined).flatMap(([key, v]) => [
      h('dt', { 'data-i18n': LABEL[key] }, t(LABEL[key])),
      h('dd', { 'data-total': key, 'data-value': v === null ? '' : v }, v === null ? t('suppressed') : fmt(v))])));
  if (suppressed) el.push(h('p.muted', `${t('suppressed')}: k = ${k}`));
  const bd = Object.entries(breakdowns).filter(([, v]) => Object.keys(v).length);
  if (bd.length) {
    el.push(h('h4', { 'data-i18n': 'breakdown' }, t('breakdown')));
    for (const [key, v] of bd) {
      el.push(h('table.small', h('caption', t(key)),
        Object.entries(v).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)).map(([kk, vv]) => h('tr', h('th', termOf(key, kk)), h('td', vv === null ? t('suppressed') : fmt(vv))))));
    }
  }
  if (rows.length) {
    const cols = ['name', 'code', 'present', 'overstays', 'share_pct'];
    el.push(h('h4', { 'data-i18n': 'per_desa' }, t('per_desa')),
      h('div.scroll', h('table.small.rows', { 'data-testid': 'per-desa' },
        h('tr', cols.map((c) => h('th', t(c)))),
        rows.map((r) => h('tr', cols.map((c) => h('td', r[c] === null && (c === 'present' || c === 'overstays') ? '–' : typeof r[c] === 'number' ? fmt(r[c]) : r[c] ?? '')))))));
  }
  return el;
}


const columns = (rows) => [...new Set(rows.flatMap((r) => Object.keys(r)))];

export function toCSV(d) {
  const { totals, rows } = parts(d);
  if (!rows.length) return Object.keys(totals).map(csvCell).join(',') + '\n' + Object.values(totals).map(csvCell).join(',') + '\n';
  const cols = columns(rows);
  return [cols.map(csvCell).join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

export function toGeoJSON(geometry, d) {
  const { totals, breakdowns, rows } = parts(d);
  return JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry,
    properties: { ...totals, breakdown: breakdowns, per_desa: rows, filter: { ...state.filter } } }] }, null, 1);
}
