// main.js — the map chunk (MapLibre and the panels), loaded by boot.js in
// parallel with sign-in: the map, its overlays and the panels for the role.
//
// To add a panel: write panels/NAME.js calling registerPanel (see
// panels.js) and import it below.

import { state } from './state.js';
import { mountPanels } from './ui.js';
import { createMap } from './map.js';
import { installOverlays, followBasemap } from './layers.js';
import { installLabels, frameArea, SearchControl, addGeolocate } from './orient.js';
import { installPopups } from './popup.js';
import { initDraw } from './draw.js';
import { installMapInfo } from './mapinfo.js';
import { keepLoaded } from './offline.js';
import './panels/layers.js';
import './panels/polygon.js';
import './panels/alerts.js';
import './panels/geofences.js';
import './panels/patrols.js';
import './panels/fieldkit.js';

// startMap builds the map into the shell boot.js made; the preview (boot's
// quick drawing of the density) goes once the map has drawn its own.
export function startMap(me, { mapEl, sheet, toggleSheet }, preview) {
  const { map, ready, maplibregl } = createMap(mapEl);
  window.pantau = Object.assign(window.pantau || {}, { map, state }); // for the end-to-end test and the console
  const flyTo = (lon, lat, zoom = 14) => {
    toggleSheet(false);
    map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), zoom), essential: true });
  };
  followBasemap(map);
  map.addControl(new SearchControl(), 'top-left');
  addGeolocate(map, maplibregl);
  ready.then(async () => {
    initDraw(map);
    // An officer's map opens on its own area, outlined.
    const framed = frameArea(map).catch((e) => console.warn('own area:', e.message));
    installPopups(map, maplibregl);
    mountPanels(sheet, { map, maplibregl, flyTo });
    installMapInfo(mapEl);
    await framed;
    await installOverlays(map);
    await installLabels(map).catch((e) => console.warn('labels:', e.message));
    map.once('idle', () => {
      preview.remove();
      performance.mark('pantau-map');
      document.body.dataset.ready = 'true';
      keepLoaded(); // the area and alerts as loaded now, for a reload without network
    });
  });
}
