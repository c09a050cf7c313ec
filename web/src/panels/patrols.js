// panels/patrols.js — plan today's patrols: start point, number of teams,
// stops per team or a time budget, hotspots per desa or hexagon cell →
// POST /api/v1/patrols/plan under the page's date and nationality/permit
// filters. Draws each team's route and numbered stops on the map, lists
// the stops with the reason they were chosen, and downloads the plan as
// GPX 1.1 (phone navigation apps) or as the printable HTML patrol sheet.
// For officers (their own area), analysts and admins. No personal data.

import { registerPanel } from '../panels.js';
import { h, download } from '../dom.js';
import { t, fmt, getLang } from '../i18n.js';
import { api } from '../api.js';
import { bbox } from '../map.js';
import { state, on, seesIndividuals } from '../state.js';

// One colour per team (colour-blind-safe qualitative set), repeated beyond 8.
const TEAM_COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4'];
const teamColour = (n) => TEAM_COLOURS[(n - 1) % TEAM_COLOURS.length];

// planBody turns the form and the page's filters into the request body.
export function planBody(form, filter = state.filter) {
  const body = {
    teams: Number(form.teams) || 1,
    hotspots: { level: form.level || 'desa', top: Number(form.top) || 15 },
  };
  if (form.start) body.start = form.start;
  if (Number(form.max_stops) > 0) body.max_stops = Number(form.max_stops);
  if (Number(form.budget) > 0) body.time_budget_minutes = Number(form.budget);
  if (Number(form.speed) > 0) body.speed_kmh = Number(form.speed);
  if (filter.at && filter.until && filter.until > filter.at) {
    body.from = filter.at;
    body.to = filter.until;
  } else if (filter.at) body.at = filter.at;
  if (filter.nationality && filter.nationality.length) body.nationality = filter.nationality;
  if (filter.permit && filter.permit.length) body.permit = filter.permit;
  return body;
}

registerPanel({
  id: 'patrols', label: 'tab_patrols', order: 50,
  visible: () => seesIndividuals(),
  mount(el, { map, maplibregl, flyTo }) {
    const field = (key, input) => h('label.field', h('span', { 'data-i18n': key }, t(key)), input);
    const start = h('select', { id: 'patrol-start', 'data-testid': 'patrol-start' });
    const teams = h('input', { type: 'number', id: 'patrol-teams', min: 1, max: 20, value: 3, style: 'width:5em' });
    const maxStops = h('input', { type: 'number', id: 'patrol-max-stops', min: 0, max: 100, value: 5, style: 'width:5em' });
    const budget = h('input', { type: 'number', id: 'patrol-budget', min: 0, max: 1440, step: 30, value: 0, style: 'width:6em' });
    const top = h('input', { type: 'number', id: 'patrol-top', min: 1, max: 1000, value: 15, style: 'width:5em' });
    const speed = h('input', { type: 'number', id: 'patrol-speed', min: 1, max: 120, value: 25, style: 'width:5em' });
    const level = h('select', { id: 'patrol-level' },
      h('option', { value: 'desa', 'data-i18n': 'desa' }, t('desa')),
      h('option', { value: 'hex', 'data-i18n': 'hexagon' }, t('hexagon')));
    const out = h('div.result', { 'data-testid': 'patrol-result' });
    let last = null;

    api('/api/v1/patrols/starts').then((fc) => {
      for (const f of fc.features || []) {
        const p = f.properties || {};
        start.append(h('option', { value: p.id }, p.name + (p.approximate ? ` (${t('approx_short')})` : '')));
      }
      // Puncak's patrols leave from Polsek Cipanas, not from the Kantor
      // Imigrasi in Cianjur town (30 km against 118 km of driving).
      if (start.querySelector(`option[value="${DEFAULT_START}"]`)) start.value = DEFAULT_START;
    }).catch((e) => console.warn('patrol starts:', e.message));

    const form = () => ({ start: start.value, teams: teams.value, max_stops: maxStops.value, budget: budget.value,
      top: top.value, speed: speed.value, level: level.value });

    const plan = async () => {
      const body = planBody(form());
      out.dataset.request = JSON.stringify(body);
      delete out.dataset.state;
      out.replaceChildren(h('p.muted', t('planning')));
      try {
        last = await api('/api/v1/patrols/plan', { method: 'POST', body });
        draw(map, maplibregl, last);
        out.replaceChildren(...render(last, flyTo));
        out.dataset.state = 'done';
      } catch (e) {
        last = null;
        out.replaceChildren(h('p.error', `${t('error')}: ${e.message}`));
        out.dataset.state = 'error';
      }
    };
    // fetchAs downloads the same plan in another format (GPX or HTML), in
    // the page's language.
    const fetchAs = async (format, name, type) => {
      const body = planBody(form());
      try {
        const text = await api(`/api/v1/patrols/plan?format=${format}&lang=${getLang()}`, { method: 'POST', body });
        download(name, type, text);
      } catch (e) { out.append(h('p.error', `${t('error')}: ${e.message}`)); }
    };
    const day = () => (state.filter.at && state.filter.until > state.filter.at ? `${state.filter.at}_${state.filter.until}` : state.filter.at) || state.config.today || 'today';
    const planBtn = h('button.primary', { type: 'button', 'data-testid': 'patrol-plan', onclick: plan },
      h('span', { 'data-i18n': 'plan_patrols' }, t('plan_patrols')));
    const gpxBtn = h('button', { type: 'button', onclick: () => fetchAs('gpx', `patroli-${day()}.gpx`, 'application/gpx+xml') },
      h('span', { 'data-i18n': 'download_gpx' }, t('download_gpx')));
    const sheetBtn = h('button', { type: 'button', onclick: () => fetchAs('html', `patroli-${day()}.html`, 'text/html') },
      h('span', { 'data-i18n': 'patrol_sheet' }, t('patrol_sheet')));
    const clearBtn = h('button', { type: 'button', onclick: () => { last = null; draw(map, maplibregl, null); out.replaceChildren(); } },
      h('span', { 'data-i18n': 'clear' }, t('clear')));
    el.append(
      h('h3', { 'data-i18n': 'patrols' }, t('patrols')),
      field('patrol_start', start), field('patrol_teams', teams), field('patrol_max_stops', maxStops),
      field('patrol_budget', budget), field('patrol_hotspots', h('span', level, ' ', top)), field('patrol_speed', speed),
      h('div.buttons', planBtn, clearBtn), out, h('div.buttons', gpxBtn, sheetBtn));
    on('filter', () => { if (last) plan(); });
  },
});

// draw puts the plan's routes, stops and start on the map, with a numbered
// marker per stop (the map has no glyphs for text labels), or clears them.
let markers = [];
const DEFAULT_START = 'polsek-cipanas'; // geo/patrolstart.go
function draw(map, maplibregl, fc) {
  for (const m of markers) m.remove();
  markers = [];
  const data = fc || { type: 'FeatureCollection', features: [] };
  const src = map.getSource('patrol');
  if (src) src.setData(data);
  else if (fc) {
    const colour = ['match', ['get', 'team'], ...TEAM_COLOURS.flatMap((c, i) => [i + 1, c]), '#333'];
    map.addSource('patrol', { type: 'geojson', data });
    map.addLayer({ id: 'patrol-route', type: 'line', source: 'patrol', filter: ['==', ['get', 'kind'], 'route'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': colour, 'line-width': 3.5, 'line-opacity': 0.85, 'line-dasharray': [2, 1] } });
    map.addLayer({ id: 'patrol-start', type: 'circle', source: 'patrol', filter: ['==', ['get', 'kind'], 'start'],
      paint: { 'circle-radius': 8, 'circle-color': '#111', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
  }
  if (!fc) return;
  for (const f of fc.features || []) {
    const p = f.properties || {};
    if (p.kind !== 'stop') continue;
    const el = h('div.patrol-marker', { title: `${p.desa_name || p.name}: ${reasonOf(p)}`, 'data-team': p.team,
      style: `background:${teamColour(p.team)};color:#fff;border:1.5px solid #fff;border-radius:50%;width:20px;height:20px;` +
        'font:bold 11px/20px system-ui,sans-serif;text-align:center;box-shadow:0 0 2px #000' }, String(p.seq));
    markers.push(new maplibregl.Marker({ element: el }).setLngLat(f.geometry.coordinates).addTo(map));
  }
  // Show the whole plan: the routes, their stops and the start.
  const b = bbox(fc);
  if (b) map.fitBounds(b, { padding: 48, maxZoom: 15, duration: 600 });
}

// render lists each team's stops with desa, why it matters and when the
// team gets there (plain words: no raw score).
function render(fc, flyTo) {
  const feats = fc.features || [];
  const plan = fc.plan || {};
  const totals = plan.totals || {};
  const out = [h('p', { 'data-testid': 'patrol-totals', 'data-stops': totals.stops ?? 0 },
    `${fmt(totals.stops ?? 0)} ${t('stops')} · ${fmt(Math.round((totals.distance_m || 0) / 100) / 10)} km · `,
    t('vs_nearest').replace('{n}', fmt(totals.improvement_vs_nn_pct ?? 0)))];
  if (plan.start && plan.start.approximate) out.push(h('p.muted', t('start_approximate')));
  for (const route of feats.filter((f) => f.properties.kind === 'route')) {
    const r = route.properties;
    const stops = feats.filter((f) => f.properties.kind === 'stop' && f.properties.team === r.team)
      .sort((a, b) => a.properties.seq - b.properties.seq);
    out.push(h('h4', { 'data-team': r.team },
      h('span', { style: `display:inline-block;width:.9em;height:.9em;border-radius:50%;background:${teamColour(r.team)};margin-right:.4em` }),
      `${t('team')} ${r.team} — ${r.stops} ${t('stops')}, ${fmt(Math.round(r.distance_m / 100) / 10)} km, ${fmt(Math.round(r.total_min))} min`),
    h('ol.patrol-stops', stops.map((s) => {
      const p = s.properties;
      const [lon, lat] = s.geometry.coordinates;
      return h('li', { tabindex: 0, 'data-stop-id': p.id, onclick: () => flyTo(lon, lat, 14),
        onkeydown: (e) => e.key === 'Enter' && flyTo(lon, lat, 14) },
        h('strong', p.desa_name || p.name), p.kecamatan_name ? ` · ${p.kecamatan_name}` : '',
        h('div.muted', `${reasonOf(p)} · ${t('arrive_after').replace('{n}', fmt(Math.round(p.arrive_min)))}`));
    })));
  }
  const left = plan.unvisited || [];
  if (left.length) out.push(h('p.muted', `${t('not_planned')}: ${left.length}`));
  return out;
}

// reasonOf names a stop's (up to three) largest score contributions in the
// page's language; the server's English reason is the fallback.
const FACTOR = { present: 'present', overstays: 'overstays', unregistered: 'unregistered', open_alerts: 'open_alerts', change: 'change_30d' };
export function reasonOf(p) {
  const cs = (p.contributions || []).filter((c) => c.points > 0).sort((a, b) => b.points - a.points).slice(0, 3);
  if (!cs.length) return p.reason || '';
  return cs.map((c) => (c.factor === 'change' ? `+${fmt(c.value)} ${t('change_30d')}` : `${t(FACTOR[c.factor] || c.factor)} ${fmt(c.value)}`)).join(' · ');
}
