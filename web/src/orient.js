// orient.js — finding one's way on the map: desa and kecamatan names (label
// points from GET /api/v1/areas?geometry=label, glyphs from the binary's
// /fonts/), the signed-in area framed and outlined, the place search box
// (GET /api/v1/search) and "Lokasi saya" (the browser's geolocation).

import { api } from './api.js';
import { h } from './dom.js';
import { t, onLang } from './i18n.js';
import { state } from './state.js';
import { bbox } from './map.js';

// The font stack the labels use: scripts/glyphs makes it at `make web`.
export const LABEL_FONT = ['DejaVu Sans'];
const HALO = { 'text-color': '#1d2733', 'text-halo-color': 'rgba(255,255,255,0.92)', 'text-halo-width': 1.6, 'text-halo-blur': 0.3 };

// Kecamatan names while zoomed out (to z12), desa names from z11 on.
export const LABEL_LAYERS = [
  { id: 'label-kecamatan', level: 'kecamatan', minzoom: 8, maxzoom: 12, layout: {
    'text-field': ['upcase', ['get', 'name']], 'text-size': ['interpolate', ['linear'], ['zoom'], 8, 11, 12, 14],
    'text-letter-spacing': 0.08, 'text-max-width': 9 } },
  { id: 'label-desa', level: 'desa', minzoom: 11, layout: {
    'text-field': ['get', 'name'], 'text-size': ['interpolate', ['linear'], ['zoom'], 11, 11, 16, 15],
    'text-max-width': 7, 'text-padding': 3 } },
];

// installLabels adds the name labels above every overlay (below drawings).
export async function installLabels(map) {
  const fc = await api('/api/v1/areas?geometry=label');
  map.addSource('labels', { type: 'geojson', data: fc });
  const top = map.getStyle().layers.find((l) => l.id.startsWith('td-'));
  for (const l of LABEL_LAYERS) {
    map.addLayer({ id: l.id, type: 'symbol', source: 'labels', minzoom: l.minzoom, ...(l.maxzoom ? { maxzoom: l.maxzoom } : {}),
      filter: ['==', ['get', 'level'], l.level], layout: { 'text-font': LABEL_FONT, ...l.layout }, paint: HALO }, top && top.id);
  }
}

// frameArea frames the map on the signed-in principal's own area (its
// scope, from GET /api/v1/auth/me: an officer's kecamatan) and outlines it.
// Returns whether there was one.
export async function frameArea(map) {
  const code = state.me && state.me.area_code;
  if (!code) return false;
  const f = await api(`/api/v1/areas/${encodeURIComponent(code)}`);
  map.addSource('my-area', { type: 'geojson', data: f });
  const top = map.getStyle().layers.find((l) => l.id.startsWith('label-') || l.id.startsWith('td-'));
  map.addLayer({ id: 'my-area-casing', type: 'line', source: 'my-area', paint: { 'line-color': '#ffffff', 'line-width': 6, 'line-opacity': 0.9 } }, top && top.id);
  map.addLayer({ id: 'my-area-line', type: 'line', source: 'my-area', paint: { 'line-color': '#0b6e99', 'line-width': 3 } }, top && top.id);
  const b = bbox(f);
  if (b) map.fitBounds(b, { padding: 30, duration: 0 });
  return true;
}

// flyToPlace moves the map to a search answer: an area's box, an
// accommodation close up.
export function flyToPlace(map, p) {
  document.body.classList.remove('sheet-open');
  if (p.bbox) map.fitBounds([[p.bbox[0], p.bbox[1]], [p.bbox[2], p.bbox[3]]], { padding: 40, maxZoom: 15, duration: 600 });
  else map.flyTo({ center: [p.lon, p.lat], zoom: Math.max(map.getZoom(), 16), duration: 600, essential: true });
}

const KIND = { kecamatan: 'kecamatan', desa: 'desa', accommodation: 'accommodation' };

// SearchControl is the place search box at the map's top left: names of
// kecamatan, desa and the accommodations the role may see, as one types
// (from the second character), arrows and Enter to choose, Escape to close.
export class SearchControl {
  onAdd(map) {
    this.map = map;
    const list = h('ul.search-results', { role: 'listbox', id: 'search-results', hidden: true });
    const input = h('input.search-input', { type: 'search', id: 'place-search', autocomplete: 'off', enterkeyhint: 'search',
      role: 'combobox', 'aria-controls': 'search-results', 'aria-expanded': 'false', 'aria-autocomplete': 'list',
      'data-i18n-placeholder': 'search_hint', placeholder: t('search_hint'), 'aria-label': t('search') });
    onLang(() => input.setAttribute('aria-label', t('search')));
    const status = h('div.search-status', { role: 'status', 'aria-live': 'polite' });
    let places = [], active = -1, timer, inflight;
    const show = (open) => { list.hidden = !open; input.setAttribute('aria-expanded', String(open)); };
    const mark = (i) => {
      active = i;
      [...list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
      if (i >= 0) input.setAttribute('aria-activedescendant', `place-${i}`); else input.removeAttribute('aria-activedescendant');
    };
    const choose = (p) => {
      if (!p) return;
      input.value = p.name;
      show(false);
      status.textContent = '';
      flyToPlace(map, p);
    };
    const render = () => {
      list.replaceChildren(...places.map((p, i) => h('li.search-result', { role: 'option', id: `place-${i}`, 'data-kind': p.kind, 'data-code': p.code,
        'aria-selected': 'false', onmousedown: (e) => { e.preventDefault(); choose(p); } },
      h('span.search-name', p.name), ' ', h('small.muted', [t(KIND[p.kind] || p.kind), p.context].filter(Boolean).join(' · ')))));
      mark(places.length ? 0 : -1);
      show(places.length > 0);
      status.textContent = places.length ? '' : t('search_none');
    };
    const run = async () => {
      const q = input.value.trim();
      if (inflight) inflight.abort();
      if ([...q].length < 2) { places = []; show(false); status.textContent = ''; return; }
      inflight = new AbortController();
      try {
        const res = await api(`/api/v1/search?${new URLSearchParams({ q, limit: '8' })}`, { signal: inflight.signal });
        places = res.places || [];
        render();
      } catch (e) {
        if (e.name === 'AbortError') return;
        places = [];
        show(false);
        status.textContent = `${t('error')}: ${e.message}`;
      }
    };
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && places.length) { e.preventDefault(); show(true); mark((active + 1) % places.length); }
      else if (e.key === 'ArrowUp' && places.length) { e.preventDefault(); mark((active - 1 + places.length) % places.length); }
      else if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); if (places.length) choose(places[Math.max(active, 0)]); else run(); }
      else if (e.key === 'Escape') show(false);
    });
    input.addEventListener('blur', () => setTimeout(() => show(false), 150));
    this.el = h('div.maplibregl-ctrl.search', { role: 'search' }, input, list, status);
    return this.el;
  }

  onRemove() { this.el.remove(); }
}

// addGeolocate adds MapLibre's "my location" button where the browser can
// tell (a secure context with navigator.geolocation; MapLibre disables the
// button itself when the permission is refused).
export function addGeolocate(map, maplibregl) {
  if (!('geolocation' in navigator) || !window.isSecureContext) return null;
  const ctl = new maplibregl.GeolocateControl({ positionOptions: { enableHighAccuracy: true, timeout: 15000 }, fitBoundsOptions: { maxZoom: 16 },
    trackUserLocation: false, showAccuracyCircle: true });
  map.addControl(ctl, 'top-right');
  ctl.on('error', () => console.warn('geolocation: position not available'));
  return ctl;
}
