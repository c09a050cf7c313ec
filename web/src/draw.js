// draw.js — one Terra Draw instance shared by the panels that draw (the
// polygon query, the geofence editor). A panel asks for a polygon with
// drawPolygon(owner) and gets the GeoJSON geometry when the user closes it;
// starting another drawing clears the previous one.

import { TerraDraw, TerraDrawPolygonMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

let draw;
let pending = null;
let finishedAt = 0;

export function initDraw(map) {
  draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [new TerraDrawPolygonMode({
      styles: { fillColor: '#ff7f00', fillOpacity: 0.15, outlineColor: '#ff7f00', outlineWidth: 2,
        closingPointColor: '#ff7f00', closingPointWidth: 6, closingPointOutlineColor: '#ffffff', closingPointOutlineWidth: 2 },
    })],
  });
  draw.start();
  window.pantau = Object.assign(window.pantau || {}, { drawState: () => ({ mode: draw.getMode(), features: draw.getSnapshot().length }) });
  draw.on('finish', (id, ctx) => {
    if (ctx && ctx.action && ctx.action !== 'draw') return;
    finishedAt = Date.now();
    const f = draw.getSnapshotFeature(id);
    draw.setMode('static');
    if (pending && f) {
      const p = pending;
      pending = null;
      p.resolve(f.geometry);
    }
  });
}

// drawPolygon starts drawing for owner; resolves with the Polygon geometry.
export function drawPolygon(owner) {
  if (pending) pending.reject(new Error('cancelled'));
  draw.clear();
  draw.setMode('polygon');
  return new Promise((resolve, reject) => { pending = { owner, resolve, reject }; });
}

// isDrawing: a drawing is under way (map clicks belong to it, not popups).
export const isDrawing = () => !!draw && (draw.getMode() !== 'static' || Date.now() - finishedAt < 500);

export function clearDrawing() {
  if (pending) { pending.reject(new Error('cancelled')); pending = null; }
  draw.clear();
  draw.setMode('static');
}
