// layers.js — the overlays drawn over the background: desa choropleth,
// kecamatan outlines, hexagon density, accommodations, stays, geofences.
// Each comes from the vector tiles (/tiles/{layer}/{z}/{x}/{y}.mvt with the
// page's filters) when the tile service offers the layer to this role, or
// from a JSON fallback (areas, density) where one exists. Filter changes
// re-point the tile URLs; toggles only flip visibility.

import { api } from './api.js';
import { state, filterParams, on, emit, seesIndividuals, has } from './state.js';

const suppresses = () => ['viewer', ''].includes((state.me && state.me.role) || '');
import { choroplethColour, countOf } from './palette.js';
import { markApproximate } from './map.js';

export const overlays = [
  {
    // Desa from z10 (the tile service's desa minzoom); below, the same
    // figures one level up, per kecamatan, from the same tiles.
    id: 'desa', tile: 'desa,kecamatan', label: 'layer_desa', visible: true, fallback: 'areas-desa',
    layers: [
      { suffix: 'kfill', type: 'fill', sourceLayer: 'kecamatan', maxzoom: 10, tilesOnly: true, paint: { 'fill-color': choroplethColour(), 'fill-opacity': 1 },
        viewerPaint: () => ({ 'fill-color': choroplethColour(true), 'fill-opacity': 1 }) },
      { suffix: 'fill', type: 'fill', sourceLayer: 'desa', minzoom: 10, paint: { 'fill-color': choroplethColour(), 'fill-opacity': 1 }, viewerPaint: () => ({ 'fill-color': choroplethColour(true), 'fill-opacity': 1 }) },
      { suffix: 'line', type: 'line', sourceLayer: 'desa', minzoom: 10, paint: { 'line-color': '#ffffff', 'line-width': 0.6 } },
    ],
  },
  {
    id: 'kecamatan', tile: 'kecamatan', label: 'layer_kecamatan', visible: true, fallback: 'areas-kecamatan',
    layers: [{ suffix: 'line', type: 'line', paint: { 'line-color': '#34495e', 'line-width': 1.4, 'line-dasharray': [3, 2] } }],
  },
  {
    // The stays layer is aggregate-first: hexagons up to z11, clusters
    // z12–14, single stays from z15 for roles that see individuals.
    id: 'hex', tile: 'stays', label: 'layer_hex', visible: false,
    layers: [
      { suffix: 'fill', type: 'fill', filter: ['==', ['get', 'kind'], 'hex'], paint: {
        'fill-color': ['interpolate', ['linear'], ['to-number', ['get', 'count'], 0], 1, '#edf8fb', 5, '#9ebcda', 25, '#8856a7', 100, '#4d004b'],
        'fill-opacity': 0.8, 'fill-outline-color': '#ffffff' } },
      { suffix: 'circle', type: 'circle', filter: ['!=', ['get', 'kind'], 'hex'], paint: {
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['to-number', ['get', 'count'], 1]], 1, 4, 10, 18],
        'circle-color': ['case', ['==', ['get', 'kind'], 'stay'], '#6a3d9a', '#8856a7'], 'circle-opacity': 0.8,
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } },
    ],
  },
  {
    id: 'geofences', tile: 'geofences', label: 'layer_geofences', visible: true, fallback: 'geofences', individuals: true,
    layers: [
      { suffix: 'fill', type: 'fill', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#1f78b4', 'fill-opacity': 0.12 } },
      { suffix: 'line', type: 'line', paint: { 'line-color': '#1f78b4', 'line-width': 2 } },
    ],
  },
  {
    id: 'accommodations', tile: 'accommodations', label: 'layer_accommodations', visible: true, individuals: true,
    layers: [{ suffix: 'circle', type: 'circle', paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 2.5, 14, 6],
      'circle-color': ['case', ['to-boolean', ['get', 'apoa_registered']], '#1b9e77', '#d95f02'],
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } }],
  },
];

const tileURL = (name) => `${location.origin}/tiles/${name}/{z}/{x}/{y}.mvt?${filterParams()}`;

// installOverlays adds every overlay the role may see; returns when done.
export async function installOverlays(map) {
  for (const o of overlays) {
    o.available = false;
    if (o.individuals && !seesIndividuals()) continue;
    try {
      await install(map, o);
    } catch (e) {
      console.warn(`layer ${o.id}:`, e.message);
    }
  }
  on('filter', () => refresh(map));
  on('geofences', () => {
    const o = overlays.find((x) => x.id === 'geofences');
    if (!o.available) return;
    if (o.mode === 'geojson') loadFallback(map, o).catch((e) => console.warn('geofences', e.message));
    else map.getSource('ov-geofences').setTiles([tileURL('geofences')]);
  });
  emit('overlays', overlays);
}

async function install(map, o) {
  const src = 'ov-' + o.id;
  let layerExtra = {};
  if (o.tile && has('tilejson')) {
    let tj = null;
    try { tj = await api(`/tiles/${o.tile}.json`); } catch { /* not deployed or not for this role */ }
    if (tj) {
      map.addSource(src, { type: 'vector', tiles: [tileURL(o.tile)], minzoom: tj.minzoom ?? 0, maxzoom: tj.maxzoom ?? 14 });
      o.mode = 'tiles';
      layerExtra = { 'source-layer': o.tile.split(',')[0] };
    }
  }
  if (!o.mode && o.fallback === 'geofences' && !(has('geofences') && seesIndividuals())) return;
  if (!o.mode && o.fallback) {
    map.addSource(src, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    o.mode = 'geojson';
    await loadFallback(map, o);
  }
  if (!o.mode && o.grid) {
    const fc = await loadGrid();
    if (!fc) return;
    map.addSource(src, { type: 'geojson', data: fc });
    o.mode = 'grid';
  }
  if (!o.mode) return;
  // Overlays go under the kabupaten outline and the drawing layers.
  const top = map.getStyle().layers.find((l) => l.id === 'kabupaten-line' || l.id.startsWith('td-'));
  const before = top ? top.id : undefined;
  for (const l of o.layers) {
    if (l.tilesOnly && o.mode !== 'tiles') continue;
    const extra = { ...layerExtra };
    if (o.mode === 'tiles' && l.sourceLayer) extra['source-layer'] = l.sourceLayer;
    if (o.mode === 'tiles' && l.minzoom) extra.minzoom = l.minzoom;
    if (l.maxzoom) extra.maxzoom = l.maxzoom;
    map.addLayer({ id: `${src}-${l.suffix}`, type: l.type, source: src, ...extra, ...(l.filter ? { filter: l.filter } : {}),
      paint: l.viewerPaint && o.mode === 'tiles' && suppresses() ? l.viewerPaint() : l.paint, layout: { visibility: o.visible ? 'visible' : 'none' } }, before);
  }
  o.available = true;
  if (o.id === 'desa' && o.mode === 'tiles') {
    map.on('sourcedata', function watch(e) {
      if (e.sourceId !== src || !e.isSourceLoaded) return;
      const f = [...map.querySourceFeatures(src, { sourceLayer: 'desa' }), ...map.querySourceFeatures(src, { sourceLayer: 'kecamatan' })];
      if (f.some((x) => x.properties.approximate)) { markApproximate(map); map.off('sourcedata', watch); }
    });
  }
}

// loadFallback fills desa/kecamatan from /api/v1/areas, with the desa's
// figures from /api/v1/density/areas when that API answers.
async function loadFallback(map, o) {
  if (o.fallback === 'geofences') {
    const fc = await api('/api/v1/geofences');
    map.getSource('ov-' + o.id).setData(fc && fc.type === 'FeatureCollection' ? fc : { type: 'FeatureCollection', features: [] });
    return;
  }
  const level = o.fallback.split('-')[1];
  if (!o.areas) o.areas = await api(`/api/v1/areas?level=${level}`);
  if (o.areas.features.some((f) => f.properties.approximate)) markApproximate(map);
  let figures = new Map();
  if (level === 'desa' && has('density_areas')) {
    try {
      const p = filterParams();
      p.set('level', 'desa');
      const d = await api(`/api/v1/density/areas?${p}`);
      for (const row of d.areas) figures.set(row.code, row);
    } catch { /* density API not deployed yet: boundaries without figures */ }
  }
  const features = o.areas.features.map((f) => ({ ...f, properties: { ...f.properties, ...(figures.get(f.properties.code) || {}) } }));
  map.getSource('ov-' + o.id).setData({ type: 'FeatureCollection', features });
}

async function loadGrid() {
  if (!has('density_grid')) return null;
  const p = filterParams();
  try {
    const fc = await api(`/api/v1/density/grid?${p}`);
    return fc && fc.type === 'FeatureCollection' ? fc : null;
  } catch { return null; }
}

async function refresh(map) {
  for (const o of overlays) {
    if (!o.available) continue;
    const src = map.getSource('ov-' + o.id);
    if (o.mode === 'tiles') src.setTiles([tileURL(o.tile)]);
    else if (o.mode === 'geojson' && o.fallback !== 'geofences') await loadFallback(map, o).catch((e) => console.warn(o.id, e.message));
    else if (o.mode === 'grid') { const fc = await loadGrid(); if (fc) src.setData(fc); }
  }
}

export function setVisible(map, o, visible) {
  o.visible = visible;
  for (const l of o.layers) {
    const id = `ov-${o.id}-${l.suffix}`;
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}

export { countOf };
