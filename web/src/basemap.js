// basemap.js — the operator's raster base map (--basemap-url) under the
// overlays, when it answers. One tile is tried before the layer is added;
// a base map that does not answer, or stops answering, is switched off with
// one message on the map instead of a failed request (and a console error)
// for every tile of every move.

import { h } from './dom.js';
import { t, onLang } from './i18n.js';
import { emit } from './state.js';

// tileAt fills an XYZ template with the tile holding [lon, lat] at zoom z.
export function tileAt(template, [lon, lat], z) {
  const n = 2 ** z;
  const x = Math.min(n - 1, Math.floor(((lon + 180) / 360) * n));
  const r = (lat * Math.PI) / 180;
  const y = Math.min(n - 1, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n));
  return template.replace('{z}', z).replace('{x}', x).replace('{y}', y);
}

// installBasemap tries one tile of url at the map's centre; when it loads,
// the base map goes under every other layer, else the map says so once.
export async function installBasemap(map, url) {
  const probe = tileAt(url, map.getCenter().toArray(), Math.max(0, Math.floor(map.getZoom())));
  let ok = false;
  try {
    const res = await fetch(probe, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(10000) });
    ok = res.type === 'opaque' || res.ok;
  } catch { /* unreachable */ }
  if (!ok) return basemapDown(map);
  map.addSource('basemap', { type: 'raster', tiles: [url], tileSize: 256, attribution: t('basemap_attribution') });
  const first = map.getStyle().layers.find((l) => l.id !== 'background');
  map.addLayer({ id: 'basemap', type: 'raster', source: 'basemap' }, first && first.id);
  emit('basemap', true);
  return true;
}

let notice;
// basemapDown removes the base map (pending tile requests are dropped with
// it) and tells the user once; the overlays go back to opaque.
export function basemapDown(map) {
  if (map.getLayer('basemap')) map.removeLayer('basemap');
  if (map.getSource('basemap')) map.removeSource('basemap');
  emit('basemap', false);
  if (notice) return false;
  notice = h('div.map-notice', { role: 'status', 'data-testid': 'basemap-down' }, t('basemap_down'));
  onLang(() => { notice.textContent = t('basemap_down'); });
  map.getContainer().append(notice);
  console.warn('base map: not reachable; switched off');
  return false;
}
