// map.js — the MapLibre map: a neutral background (no base map offline) or
// the operator's raster base map, the kabupaten outline, and the overlays
// (layers.js). Tile and API requests carry the page's credentials.

import * as maplibregl from 'maplibre-gl';
import mapStyleSheet from 'maplibre-gl/dist/maplibre-gl.css';
import { api, authHeaders } from './api.js';
import { state, on, emit } from './state.js';
import { BACKGROUND } from './palette.js';
import { h } from './dom.js';
import { t, onLang } from './i18n.js';
import { installBasemap, basemapDown } from './basemap.js';

import { CIANJUR } from './view.js';

// build.mjs defines the hashed name of MapLibre's worker (boot.js has
// preloaded it) and bundles its style sheet into this chunk as text.
/* global PANTAU_WORKER_URL */
maplibregl.setWorkerUrl(new URL(PANTAU_WORKER_URL, location.href).href);
document.head.append(Object.assign(document.createElement('style'), { textContent: mapStyleSheet }));


// mapLocale gives MapLibre's own controls (zoom buttons, their accessible
// names, the attribution toggle) the page's language.
function mapLocale() {
  return {
    'NavigationControl.ZoomIn': t('zoom_in'), 'NavigationControl.ZoomOut': t('zoom_out'),
    'NavigationControl.ResetBearing': t('reset_bearing'), 'AttributionControl.ToggleAttribution': t('toggle_attribution'),
    'ScaleControl.Meters': 'm', 'ScaleControl.Kilometers': 'km',
    'GeolocateControl.FindMyLocation': t('my_location'), 'GeolocateControl.LocationNotAvailable': t('location_unavailable'),
  };
}

export function createMap(container) {
  const sources = {};
  const layers = [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }];
  const map = new maplibregl.Map({
    container,
    // Label glyphs come from the binary (scripts/glyphs), never a CDN.
    style: { version: 8, sources, layers, glyphs: `${location.origin}/fonts/{fontstack}/{range}.pbf` },
    center: CIANJUR.center,
    zoom: CIANJUR.zoom,
    minZoom: 6,
    maxZoom: 18,
    attributionControl: { compact: true },
    locale: mapLocale(),
    dragRotate: false,
    pitchWithRotate: false,
    transformRequest: (url) => (url.startsWith(location.origin) ? { url, headers: authHeaders(), credentials: 'same-origin' } : { url }),
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  onLang(() => {
    // The zoom buttons were labelled when built: give them the new words.
    for (const [cls, key] of [['zoom-in', 'zoom_in'], ['zoom-out', 'zoom_out']]) {
      const b = container.querySelector(`.maplibregl-ctrl-${cls}`);
      if (b) { b.title = t(key); b.setAttribute('aria-label', t(key)); }
    }
  });
  map.on('error', (e) => {
    if (e.sourceId === 'basemap') { basemapDown(map); return; }
    // A tile the role may not see or an API not deployed yet: say it once in
    // the console as a warning, not an error that breaks the page.
    console.warn('map:', e.error && e.error.message);
  });
  const ready = new Promise((resolve) => map.on('load', resolve));
  ready.then(() => {
    addKabupaten(map);
    if (state.config.basemap_url) installBasemap(map, state.config.basemap_url).catch((e) => console.warn('base map:', e.message));
  });
  return { map, ready, maplibregl };
}

// addKabupaten draws the kabupaten outline and zooms to it; it also tells
// whether the boundaries are the demo's approximate ones.
async function addKabupaten(map) {
  let fc;
  try {
    fc = await api('/api/v1/areas?level=kabupaten');
    // The demo geography has no kabupaten outline: outline its kecamatan.
    if (!fc.features || !fc.features.length) fc = await api('/api/v1/areas?level=kecamatan');
  } catch (e) {
    console.warn('kabupaten outline:', e.message);
    return;
  }
  map.addSource('kabupaten', { type: 'geojson', data: fc });
  map.addLayer({ id: 'kabupaten-line', type: 'line', source: 'kabupaten', paint: { 'line-color': '#2b3a4a', 'line-width': 2.2 } });
  if (fc.features && fc.features.some((f) => f.properties && f.properties.approximate)) markApproximate(map);
  const b = bbox(fc);
  // A principal with an area of its own is framed on that (orient.js).
  if (b && !(state.me && state.me.area_code)) map.fitBounds(b, { padding: 20, duration: 0 });
  emit('map:kabupaten', fc);
}

let approxEl;
export function markApproximate(map) {
  if (approxEl) return;
  state.approximate = true;
  approxEl = h('div.approx-badge', { 'data-i18n': 'approximate', role: 'note' }, t('approximate'));
  map.getContainer().append(approxEl);
  onLang(() => { approxEl.textContent = t('approximate'); });
}

export function bbox(geojson) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]);
    } else c.forEach(walk);
  };
  const feats = geojson.type === 'FeatureCollection' ? geojson.features : [geojson];
  for (const f of feats) {
    const g = f.geometry || f;
    if (g && g.coordinates) walk(g.coordinates);
  }
  return minX === Infinity ? null : [[minX, minY], [maxX, maxY]];
}

export { on };
