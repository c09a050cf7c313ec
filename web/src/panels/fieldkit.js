// panels/fieldkit.js — the field kit (docs/fieldmap.md "Field kit"):
// download one PMTiles archive of an area as this role sees it
// (GET /api/v1/fieldkit, with the page's filters and language), and open a
// saved archive with no network at all: MapLibre reads the file through the
// pmtiles protocol, drawn with the overlays' own styles plus the patrol
// plan the kit carries. Every role; what the kit holds is the server's
// business (the same view as the tiles).

import { registerPanel } from '../panels.js';
import { h, download } from '../dom.js';
import { t, getLang, fmt } from '../i18n.js';
import { api, authHeaders } from '../api.js';
import { state, filterParams } from '../state.js';
import { overlays } from '../layers.js';

const TEAM_COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4'];
let protocol;

registerPanel({
  id: 'fieldkit', label: 'tab_fieldkit', order: 60,
  mount(el, { map, maplibregl }) {
    const area = h('select', { id: 'fieldkit-area', 'data-testid': 'fieldkit-area' });
    const file = h('input', { type: 'file', accept: '.pmtiles', id: 'fieldkit-file', 'data-testid': 'fieldkit-file' });
    const out = h('div.result', { 'data-testid': 'fieldkit-result', 'aria-live': 'polite' });
    const own = state.me && state.me.area_code;
    api('/api/v1/areas?level=kecamatan&geometry=label').then((fc) => {
      const opts = (fc.features || []).map((f) => f.properties).sort((a, b) => a.name.localeCompare(b.name));
      if (own && !opts.some((p) => p.code === own)) opts.unshift({ code: own, name: (state.me && state.me.area_name) || own });
      area.replaceChildren(...opts.map((p) => h('option', { value: p.code }, `${p.name} (${p.code})`)));
      if (own) area.value = own;
    }).catch((e) => console.warn('field kit areas:', e.message));

    const fetchKit = async () => {
      const q = filterParams();
      q.set('area', area.value);
      q.set('lang', getLang());
      out.dataset.state = 'loading';
      out.replaceChildren(h('p.muted', t('fieldkit_building')));
      try {
        const res = await fetch(`/api/v1/fieldkit?${q}`, { headers: authHeaders(), credentials: 'same-origin' });
        if (!res.ok) {
          const p = await res.json().catch(() => ({}));
          throw new Error(p.detail || res.statusText);
        }
        const blob = await res.blob();
        download(`paket-lapangan-${area.value}.pmtiles`, 'application/vnd.pmtiles', blob);
        out.replaceChildren(h('p', `${t('fieldkit_saved')} (${fmt(Math.round(blob.size / 1024))} KB)`));
        out.dataset.state = 'downloaded';
      } catch (e) {
        out.replaceChildren(h('p.error', `${t('error')}: ${e.message}`));
        out.dataset.state = 'error';
      }
    };
    file.addEventListener('change', () => {
      if (!file.files.length) return;
      openKit(map, maplibregl, file.files[0]).then((info) => {
        out.replaceChildren(h('p', info), h('button', { type: 'button', onclick: () => { closeKit(map); out.replaceChildren(); delete out.dataset.state; } },
          h('span', { 'data-i18n': 'fieldkit_close' }, t('fieldkit_close'))));
        out.dataset.state = 'open';
      }).catch((e) => {
        out.replaceChildren(h('p.error', `${t('error')}: ${e.message}`));
        out.dataset.state = 'error';
      });
    });
    el.append(
      h('h3', { 'data-i18n': 'fieldkit' }, t('fieldkit')),
      h('p.muted', { 'data-i18n': 'fieldkit_help' }, t('fieldkit_help')),
      h('label.field', h('span', { 'data-i18n': 'fieldkit_area' }, t('fieldkit_area')), area),
      h('div.buttons', h('button.primary', { type: 'button', 'data-testid': 'fieldkit-download', onclick: fetchKit },
        h('span', { 'data-i18n': 'fieldkit_download' }, t('fieldkit_download')))),
      h('label.field', h('span', { 'data-i18n': 'fieldkit_open' }, t('fieldkit_open')), file),
      out);
  },
});

// hidden lists the map's network-fed layers a kit hides while it is open.
let hidden = [];

// openKit draws a saved kit: its layers with the overlays' styles (the
// viewer's colours when its counts are disclosed), the patrol plan, and
// frames its area. Layers fed from the network are hidden meanwhile.
export async function openKit(map, maplibregl, f) {
  // The PMTiles reader is a chunk of its own, fetched (or taken from the
  // service worker's precache) when a kit is first opened.
  const { Protocol, PMTiles, FileSource } = await import('pmtiles');
  if (!protocol) {
    protocol = new Protocol({ metadata: true });
    maplibregl.addProtocol('pmtiles', protocol.tile);
  }
  const kit = new PMTiles(new FileSource(f));
  const header = await kit.getHeader();
  const meta = (await kit.getMetadata()) || {};
  if (header.tileType !== 1) throw new Error(t('fieldkit_not_vector'));
  closeKit(map);
  protocol.add(kit);
  const pantau = meta.pantau || {};
  const have = new Set((meta.vector_layers || []).map((l) => l.id));
  for (const l of map.getStyle().layers) {
    const src = l.source && map.getSource(l.source);
    if (src && (src.type === 'vector' || src.type === 'raster') && map.getLayoutProperty(l.id, 'visibility') !== 'none') {
      hidden.push(l.id);
      map.setLayoutProperty(l.id, 'visibility', 'none');
    }
  }
  map.addSource('kit', { type: 'vector', url: 'pmtiles://' + f.name });
  const disclosed = !!(pantau.view && pantau.view.disclosed);
  for (const o of overlays) {
    for (const l of o.tile ? o.layers : []) {
      const sourceLayer = l.sourceLayer || o.tile.split(',')[0];
      if (!have.has(sourceLayer)) continue;
      map.addLayer({ id: `kit-${o.id}-${l.suffix}`, type: l.type, source: 'kit', 'source-layer': sourceLayer,
        ...(l.minzoom ? { minzoom: l.minzoom } : {}), ...(l.maxzoom ? { maxzoom: l.maxzoom } : {}), ...(l.filter ? { filter: l.filter } : {}),
        paint: l.viewerPaint && disclosed ? l.viewerPaint() : l.paint });
    }
  }
  if (have.has('patrol')) {
    const colour = ['match', ['get', 'team'], ...TEAM_COLOURS.flatMap((c, i) => [i + 1, c]), '#333'];
    map.addLayer({ id: 'kit-patrol-route', type: 'line', source: 'kit', 'source-layer': 'patrol', filter: ['==', ['get', 'kind'], 'route'],
      paint: { 'line-color': colour, 'line-width': 3.5, 'line-dasharray': [2, 1] } });
    map.addLayer({ id: 'kit-patrol-stop', type: 'circle', source: 'kit', 'source-layer': 'patrol', filter: ['!=', ['get', 'kind'], 'route'],
      paint: { 'circle-radius': 7, 'circle-color': ['case', ['==', ['get', 'kind'], 'start'], '#111', colour], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
  }
  map.fitBounds([[header.minLon, header.minLat], [header.maxLon, header.maxLat]], { padding: 24, duration: 0 });
  const area = pantau.area || {};
  const stops = ((pantau.plan && pantau.plan.features) || []).filter((x) => x.properties.kind === 'stop').length;
  return [`${t('fieldkit_opened')}: ${area.name || meta.name || f.name}`, pantau.filter && `${t('fieldkit_as_of')} ${pantau.filter.to}`,
    disclosed ? t('fieldkit_disclosed') : null, pantau.plan ? `${fmt(stops)} ${t('stops')}` : null].filter(Boolean).join(' · ');
}

// closeKit removes an open kit and shows the hidden layers again.
export function closeKit(map) {
  for (const l of map.getStyle().layers.filter((x) => x.source === 'kit')) map.removeLayer(l.id);
  if (map.getSource('kit')) map.removeSource('kit');
  for (const id of hidden) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'visible');
  hidden = [];
}
