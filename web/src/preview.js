// preview.js — a still drawing of the density choropleth, made from the
// same vector tiles the map will use, on a canvas over the map's place.
// On a weak signal MapLibre (~400 KB compressed) takes many seconds to
// arrive; this needs ~6 KB of code and the first tiles, so the officer
// sees where foreigners are while the map loads. The map removes it once
// it has drawn its own fill (main.js).

import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { authHeaders } from './api.js';
import { filterParams, noteStored } from './state.js';
import { classColour, BACKGROUND } from './palette.js';
import { CIANJUR } from './view.js';
import { h } from './dom.js';
import { t } from './i18n.js';

const TILE = 512; // MapLibre draws vector tiles at 512 px

// worldPx: a lon/lat in pixels of the Web Mercator world at zoom z.
export function worldPx([lon, lat], z) {
  const size = TILE * 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size];
}

// tilesFor lists the tiles (at the zoom MapLibre would load) that cover a
// w×h view at centre/zoom, with each tile's top-left corner on screen.
export function tilesFor(center, zoom, w, h) {
  const z = Math.floor(zoom);
  const scale = 2 ** (zoom - z);
  const [cx, cy] = worldPx(center, zoom);
  const size = TILE * scale;
  const left = cx - w / 2, top = cy - h / 2;
  const n = 2 ** z;
  const out = [];
  for (let x = Math.max(0, Math.floor(left / size)); x <= Math.min(n - 1, Math.floor((left + w) / size)); x++) {
    for (let y = Math.max(0, Math.floor(top / size)); y <= Math.min(n - 1, Math.floor((top + h) / size)); y++) {
      out.push({ z, x, y, left: x * size - left, top: y * size - top, size });
    }
  }
  return out;
}

// The tiles asked for early (prefetch), by URL.
const early = new Map();
const tileURL = (tl, query) => `${location.origin}/tiles/desa,kecamatan/${tl.z}/${tl.x}/${tl.y}.mvt?${query}`;
const getTile = (url, signal) => fetch(url, { headers: authHeaders(), credentials: 'same-origin', signal });

// prefetchPreview asks for the preview's tiles while the page still asks
// who the session belongs to (a warm reload saves a round trip): the map's
// place is the window below the header, less the side panel on a desk
// (style.css).
export function prefetchPreview() {
  const w = innerWidth >= 720 ? innerWidth - 360 : innerWidth;
  const query = filterParams().toString();
  for (const tl of tilesFor(CIANJUR.center, CIANJUR.zoom, w, innerHeight - 48)) {
    const url = tileURL(tl, query);
    const res = getTile(url);
    res.catch(() => {}); // not signed in after all: the login form follows
    early.set(url, res);
  }
}

export function drawPreview(container) {
  const canvas = h('canvas.preview', { 'aria-hidden': 'true' });
  const note = h('div.preview-note', { role: 'status', 'data-i18n': 'preview_loading' }, t('preview_loading'));
  container.append(canvas, note);
  const ctrl = new AbortController();
  const drawn = run(canvas, ctrl.signal).catch((e) => { if (e.name !== 'AbortError') console.warn('preview:', e.message); });
  // drawn settles when the drawing is done or has failed.
  return { drawn, remove() { ctrl.abort(); canvas.remove(); note.remove(); } };
}

async function run(canvas, signal) {
  const w = canvas.clientWidth, hgt = canvas.clientHeight, dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(hgt * dpr);
  const g = canvas.getContext('2d');
  g.scale(dpr, dpr);
  g.fillStyle = BACKGROUND;
  g.fillRect(0, 0, w, hgt);
  const tiles = tilesFor(CIANJUR.center, CIANJUR.zoom, w, hgt);
  const layer = tiles.length && tiles[0].z >= 10 ? 'desa' : 'kecamatan';
  const query = filterParams().toString();
  // A tile that does not come (offline and never kept) leaves its part blank.
  const drawn = await Promise.all(tiles.map(async (tl) => {
    const url = tileURL(tl, query);
    const res = await (early.get(url) || getTile(url, signal));
    early.delete(url);
    noteStored(res.headers.get('X-Pantau-Stored'));
    if (res.status === 204) return 0;
    if (!res.ok) throw new Error(`tile ${tl.z}/${tl.x}/${tl.y}: HTTP ${res.status}`);
    const vt = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())));
    const l = vt.layers[layer];
    if (!l) return 0;
    const k = tl.size / l.extent;
    for (let i = 0; i < l.length; i++) {
      const f = l.feature(i);
      g.beginPath();
      for (const ring of f.loadGeometry()) {
        ring.forEach((p, j) => (j ? g.lineTo : g.moveTo).call(g, tl.left + p.x * k, tl.top + p.y * k));
        g.closePath();
      }
      g.fillStyle = classColour(f.properties);
      g.fill('evenodd');
      g.strokeStyle = '#ffffff';
      g.lineWidth = 0.6;
      g.stroke();
    }
    return l.length;
  }).map((p) => p.catch((e) => { if (e.name === 'AbortError') throw e; console.warn('preview:', e.message); return 0; })));
  if (signal.aborted || !drawn.some((n) => n > 0)) return;
  performance.mark('pantau-preview');
  document.body.dataset.preview = 'drawn';
}
