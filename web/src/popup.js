// popup.js — clicking a desa or an accommodation opens a popup with its
// figures. The tiles and APIs already leave out what the role may not see;
// personal fields are dropped here as well, as a second guard.

import { h } from './dom.js';
import { t, fmt, valueText } from './i18n.js';
import { presentOf } from './palette.js';
import { isDrawing } from './draw.js';

const PERSONAL = new Set(['full_name', 'passport_no', 'birth_date', 'owner_name', 'name_full', 'passport']);
const SKIP = new Set(['label_lon', 'label_lat', 'level', 'parent_code']);

export function installPopups(map, maplibregl) {
  const targets = ['ov-accommodations-circle', 'ov-hex-circle', 'ov-hex-fill', 'ov-geofences-fill', 'ov-desa-fill', 'ov-desa-kfill'];
  map.on('click', (e) => {
    if (isDrawing()) return;
    const layers = targets.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
    if (!layers.length) return;
    const feats = map.queryRenderedFeatures(e.point, { layers });
    if (!feats.length) return;
    feats.sort((a, b) => layers.indexOf(a.layer.id) - layers.indexOf(b.layer.id));
    const f = feats[0];
    new maplibregl.Popup({ maxWidth: '300px' }).setLngLat(e.lngLat).setDOMContent(render(f)).addTo(map);
  });
  for (const id of targets) {
    map.on('mouseenter', id, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', id, () => { map.getCanvas().style.cursor = ''; });
  }
}

function render(f) {
  const p = f.properties || {};
  const kind = f.layer.id === 'ov-desa-kfill' ? 'kecamatan' : f.layer.id.split('-')[1];
  const rows = [];
  const add = (label, value) => rows.push(h('tr', h('th', label), h('td', value)));
  let title = p.name || p.code || '';
  if (kind === 'desa' || kind === 'kecamatan') {
    const n = presentOf(p);
    add(t('code'), p.code);
    add(t('present'), n === null ? t('suppressed') : fmt(n));
    for (const k of ['overstays', 'per_km2', 'accommodations', 'unregistered', 'area_km2']) {
      if (typeof p[k] === 'number') add(t(k), fmt(Math.round(p[k] * 10) / 10));
    }
  } else if (kind === 'accommodations') {
    add(t('kind'), t(`acc_kind_${p.kind}`));
    if ('licensed' in p) add(t('licensed'), p.licensed ? t('yes') : t('no'));
    if ('apoa_registered' in p) add(t('apoa'), p.apoa_registered ? t('yes') : t('no'));
    if ('capacity' in p) add(t('capacity'), fmt(p.capacity));
  }
  const shown = new Set(['name', 'code', 'kind', 'licensed', 'apoa_registered', 'capacity', 'present', 'count', 'suppressed', 'approximate',
    'overstays', 'per_km2', 'accommodations', 'unregistered', 'area_km2', 'kecamatan']);
  if (kind === 'hex') {
    title = t(p.kind === 'stay' ? 'stay' : p.kind === 'cluster' ? 'cluster' : 'hexagon');
    add(t('present'), fmt(p.count));
    if (typeof p.overstays === 'number') add(t('overstays'), fmt(p.overstays));
  }
  for (const [k, v] of Object.entries(p)) {
    if (shown.has(k) || PERSONAL.has(k) || SKIP.has(k) || v === null || typeof v === 'object') continue;
    add(t(k) !== k ? t(k) : k.replaceAll('_', ' '), valueText(k, v));
  }
  return h('div.popup', { 'data-kind': kind },
    h('div.popup-kind', t({ desa: 'desa', kecamatan: 'kecamatan', accommodations: 'accommodation', hex: 'layer_hex', geofences: 'layer_geofences' }[kind] || kind)),
    h('strong', title),
    p.approximate ? h('div.note', t('approximate')) : null,
    h('table', rows));
}

