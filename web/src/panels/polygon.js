// panels/polygon.js — draw a polygon, get POST /api/v1/density/polygon's
// answer for it under the current filters: totals, breakdown, per-desa
// table; export the answer as CSV or GeoJSON. For analysts and admins.

import { registerPanel } from '../panels.js';
import { h, download } from '../dom.js';
import { t, fmt } from '../i18n.js';
import { api } from '../api.js';
import { state, on, isAnalystOrUp, has } from '../state.js';
import { drawPolygon, clearDrawing } from '../draw.js';
import { rowsOf } from '../layers.js';

// polygonRequest is the body sent for geometry under the page's filters.
export function polygonRequest(geometry, f = state.filter) {
  const body = { geometry };
  if (f.at) body.at = f.at;
  if (f.nationality.length) body.nationality = f.nationality;
  if (f.permit.length) body.permit = f.permit;
  if (f.status.length) body.status = f.status;
  return body;
}

registerPanel({
  id: 'polygon', label: 'tab_polygon', order: 20,
  mount(el) {
    if (!has('density_polygon')) {
      el.append(h('p.muted', { 'data-i18n': 'not_available' }, t('not_available')));
      return;
    }
    if (!isAnalystOrUp()) {
      el.append(h('p.muted', { 'data-i18n': 'polygon_needs_analyst' }, t('polygon_needs_analyst')));
      return;
    }
    const out = h('div.result', { 'data-testid': 'polygon-result' });
    let geometry = null;
    let last = null;
    const run = async () => {
      if (!geometry) return;
      const body = polygonRequest(geometry);
      out.dataset.request = JSON.stringify(body);
      out.replaceChildren(h('p.muted', t('querying')));
      try {
        last = await api('/api/v1/density/polygon', { method: 'POST', body });
        out.replaceChildren(...render(last));
        out.dataset.state = 'done';
      } catch (e) {
        out.replaceChildren(h('p.error', `${t('error')}: ${e.message}`));
        out.dataset.state = 'error';
      }
    };
    const drawBtn = h('button.primary', { type: 'button', 'data-testid': 'draw-polygon', onclick: async () => {
      out.replaceChildren(h('p.muted', { 'data-i18n': 'draw_hint' }, t('draw_hint')));
      delete out.dataset.state;
      document.body.classList.remove('sheet-open');
      try { geometry = await drawPolygon('polygon'); } catch { return; }
      run();
    } }, h('span', { 'data-i18n': 'draw_polygon' }, t('draw_polygon')));
    const clearBtn = h('button', { type: 'button', onclick: () => { clearDrawing(); geometry = null; last = null; out.replaceChildren(); } },
      h('span', { 'data-i18n': 'clear' }, t('clear')));
    const csvBtn = h('button', { type: 'button', onclick: () => last && download('pantau-polygon.csv', 'text/csv', toCSV(last)) },
      h('span', { 'data-i18n': 'export_csv' }, t('export_csv')));
    const gjBtn = h('button', { type: 'button', onclick: () => last && download('pantau-polygon.geojson', 'application/geo+json', toGeoJSON(geometry, last)) },
      h('span', { 'data-i18n': 'export_geojson' }, t('export_geojson')));
    el.append(h('div.buttons', drawBtn, clearBtn), out, h('div.buttons', csvBtn, gjBtn));
    on('filter', run);
  },
});

// The answer's parts, found by shape: numbers at the top (or under
// "totals") are totals; objects of numbers are breakdowns; the list of
// rows is the per-desa table.
function parts(d) {
  const totals = {};
  const breakdowns = {};
  const src = d.totals && typeof d.totals === 'object' ? { ...d, ...d.totals } : d;
  for (const [k, v] of Object.entries(src)) {
    if (typeof v === 'number') totals[k] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'totals' && Object.values(v).every((x) => typeof x === 'number' || x === null)) breakdowns[k] = v;
  }
  if (d.breakdown && typeof d.breakdown === 'object') {
    for (const [k, v] of Object.entries(d.breakdown)) if (v && typeof v === 'object') breakdowns[k] = Array.isArray(v) ? Object.fromEntries(v.map((r) => [r.key ?? r.code ?? r.name, r.count ?? r.n ?? r.present])) : v;
  }
  const rows = rowsOf(d.per_desa || d.desa || d.areas || d.rows || d);
  return { totals, breakdowns, rows: rows.map((r) => r.properties || r) };
}

function render(d) {
  const { totals, breakdowns, rows } = parts(d);
  const el = [];
  el.push(h('h4', { 'data-i18n': 'totals' }, t('totals')),
    h('dl.totals', Object.entries(totals).flatMap(([k, v]) => [h('dt', k.replaceAll('_', ' ')), h('dd', { 'data-total': k, 'data-value': v }, fmt(v))])));
  if (Object.keys(breakdowns).length) {
    el.push(h('h4', { 'data-i18n': 'breakdown' }, t('breakdown')));
    for (const [k, v] of Object.entries(breakdowns)) {
      el.push(h('table.small', h('caption', k.replaceAll('_', ' ')),
        Object.entries(v).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)).map(([kk, vv]) => h('tr', h('th', kk), h('td', vv === null ? t('suppressed') : fmt(vv))))));
    }
  }
  if (rows.length) {
    const cols = columns(rows);
    el.push(h('h4', { 'data-i18n': 'per_desa' }, t('per_desa')),
      h('div.scroll', h('table.small.rows', { 'data-testid': 'per-desa' },
        h('tr', cols.map((c) => h('th', c.replaceAll('_', ' ')))),
        rows.map((r) => h('tr', cols.map((c) => h('td', typeof r[c] === 'number' ? fmt(r[c]) : r[c] ?? '')))))));
  }
  return el;
}

const columns = (rows) => [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => typeof r[k] !== 'object' || r[k] === null)))];

function csvCell(v) {
  const s = v == null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCSV(d) {
  const { totals, rows } = parts(d);
  if (!rows.length) return Object.keys(totals).join(',') + '\n' + Object.values(totals).join(',') + '\n';
  const cols = columns(rows);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

export function toGeoJSON(geometry, d) {
  const { totals, breakdowns, rows } = parts(d);
  return JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry,
    properties: { ...totals, breakdown: breakdowns, per_desa: rows, filter: { ...state.filter } } }] }, null, 1);
}
