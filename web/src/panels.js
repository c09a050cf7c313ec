// panels.js — the side panel's tabs. Each panel is one module in panels/
// that calls registerPanel once; main.js imports the modules. A panel:
//
//   registerPanel({
//     id: 'patrols',            // unique; also the tab's data-panel value
//     label: 'tab_patrols',     // i18n key (add it to both languages in i18n.js)
//     order: 50,                // tab position (layers 10, polygon 20, alerts 30, geofences 40)
//     visible: (me) => true,    // optional: which roles get the tab
//     mount(el, ctx) {},        // build the panel into el once, after sign-in;
//   });                         // ctx = { map, maplibregl, flyTo(lon, lat, zoom), select(id), tab }
//
// select(id) emits 'panel' with the id of the panel shown (state.js on/emit).
//
// Panels talk through state.js (on/emit), never by importing each other.

const registry = [];

export function registerPanel(p) {
  if (registry.some((x) => x.id === p.id)) throw new Error(`panel ${p.id} registered twice`);
  registry.push({ order: 100, visible: () => true, ...p });
}

export function panelsFor(me) {
  return registry.filter((p) => p.visible(me)).sort((a, b) => a.order - b.order);
}
