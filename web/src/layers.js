// layers.js — the overlays drawn over the background: desa choropleth,
// kecamatan outlines, hexagon density, accommodations, stays, geofences.
// Each comes from the vector tiles (/tiles/{layer}/{z}/{x}/{y}.mvt with the
// page's filters), which carry what this role may see of it. Filter changes
// re-point the tile URLs; toggles only flip visibility.

import { api } from './api.js';
import { state, filterParams, on, emit, seesIndividuals } from './state.js';

import { choroplethColour, borderColour, REGISTERED, UNREGISTERED, DOT_RING } from './palette.js';
import { markApproximate } from './map.js';

export const overlays = [
  {
    // Desa from z10 (the tile service's desa minzoom); below, the same
    // figures one level up, per kecamatan, from the same tiles.
    id: 'desa', tile: 'desa,kecamatan', label: 'layer_desa', visible: true,
    layers: [
      { suffix: 'kfill', type: 'fill', sourceLayer: 'kecamatan', maxzoom: 10, paint: { 'fill-color': choroplethColour(), 'fill-opacity': 1 }, overBasemap: true },
      { suffix: 'fill', type: 'fill', sourceLayer: 'desa', minzoom: 10, paint: { 'fill-color': choroplethColour(), 'fill-opacity': 1 }, overBasemap: true },
      { suffix: 'line', type: 'line', sourceLayer: 'desa', minzoom: 10, paint: { 'line-color': borderColour(), 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 15, 1.4] } },
    ],
  },
  {
    id: 'kecamatan', tile: 'kecamatan', label: 'layer_kecamatan', visible: true,
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
    id: 'geofences', tile: 'geofences', label: 'layer_geofences', visible: true, individuals: true,
    layers: [
      { suffix: 'fill', type: 'fill', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#1f78b4', 'fill-opacity': 0.12 } },
      { suffix: 'line', type: 'line', paint: { 'line-color': '#1f78b4', 'line-width': 2 } },
    ],
  },
  {
    id: 'accommodations', tile: 'accommodations', label: 'layer_accommodations', visible: true, individuals: true,
    layers: [{ suffix: 'circle', type: 'circle', paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 2.5, 14, 6],
      'circle-color': ['case', ['to-boolean', ['get', 'apoa_registered']], REGISTERED, UNREGISTERED],
      'circle-stroke-color': DOT_RING, 'circle-stroke-width': 1.5 } }],
  },
];

// Over a base map (basemap.js, once it answers) the density fill is
// semi-transparent so the base map shows through; without one, opaque.
export const BASEMAP_FILL_OPACITY = 0.55;
let overBasemap = false;
const paintOf = (l) => (l.overBasemap && overBasemap ? { ...l.paint, 'fill-opacity': BASEMAP_FILL_OPACITY } : l.paint);
export function followBasemap(map) {
  on('basemap', (up) => {
    overBasemap = up;
    for (const o of overlays) {
      for (const l of o.layers) {
        const id = `ov-${o.id}-${l.suffix}`;
        if (l.overBasemap && map.getLayer(id)) map.setPaintProperty(id, 'fill-opacity', paintOf(l)['fill-opacity']);
      }
    }
  });
}

const tileURL = (name) => `${location.origin}/tiles/${name}/{z}/{x}/{y}.mvt?${filterParams()}`;

// installOverlays adds every overlay the role may see; returns when done.
export async function installOverlays(map) {
  // Every TileJSON at once: one round trip, not one per overlay (2 s each
  // on a weak signal).
  const described = new Map(overlays.filter((o) => !(o.individuals && !seesIndividuals()))
    .map((o) => [o, api(`/tiles/${o.tile}.json`)]));
  for (const p of described.values()) p.catch(() => {}); // each is awaited (and its failure told) below
  for (const o of overlays) {
    o.available = false;
    if (!described.has(o)) continue;
    try {
      await install(map, o, described.get(o));
    } catch (e) {
      console.warn(`layer ${o.id}:`, e.message);
    }
  }
  on('filter', () => refresh(map));
  on('geofences', () => {
    if (overlays.find((x) => x.id === 'geofences').available) map.getSource('ov-geofences').setTiles([tileURL('geofences')]);
  });
  emit('overlays', overlays);
}

async function install(map, o, tileJSON) {
  const src = 'ov-' + o.id;
  const tj = await tileJSON;
  map.addSource(src, { type: 'vector', tiles: [tileURL(o.tile)], minzoom: tj.minzoom ?? 0, maxzoom: tj.maxzoom ?? 14 });
  // Overlays go under the outlines (kabupaten, the user's own area), the
  // name labels and the drawing layers.
  const top = map.getStyle().layers.find((l) => l.id === 'kabupaten-line' || /^(td-|my-area-|label-)/.test(l.id));
  const before = top ? top.id : undefined;
  for (const l of o.layers) {
    const extra = { 'source-layer': l.sourceLayer || o.tile.split(',')[0] };
    if (l.minzoom) extra.minzoom = l.minzoom;
    if (l.maxzoom) extra.maxzoom = l.maxzoom;
    map.addLayer({ id: `${src}-${l.suffix}`, type: l.type, source: src, ...extra, ...(l.filter ? { filter: l.filter } : {}),
      paint: paintOf(l), layout: { visibility: o.visible ? 'visible' : 'none' } }, before);
  }
  o.available = true;
  if (o.id === 'desa') {
    map.on('sourcedata', function watch(e) {
      if (e.sourceId !== src || !e.isSourceLoaded) return;
      const f = [...map.querySourceFeatures(src, { sourceLayer: 'desa' }), ...map.querySourceFeatures(src, { sourceLayer: 'kecamatan' })];
      if (f.some((x) => x.properties.approximate)) { markApproximate(map); map.off('sourcedata', watch); }
    });
  }
}

function refresh(map) {
  for (const o of overlays) {
    if (o.available) map.getSource('ov-' + o.id).setTiles([tileURL(o.tile)]);
  }
}

export function setVisible(map, o, visible) {
  o.visible = visible;
  for (const l of o.layers) {
    const id = `ov-${o.id}-${l.suffix}`;
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}

