// mapinfo.js — what an officer must read without opening the menu, on the
// map itself: the date the figures are for, the density legend (on a
// phone, where the side panel is a closed sheet) and, when the figures
// come from the service worker's cache (no network), from when they are.

import { h } from './dom.js';
import { t, getLang, onLang } from './i18n.js';
import { state, on, emit } from './state.js';
import { LABELS, COLOURS, SUPPRESSED } from './palette.js';

const dateText = (d) => new Date(`${d}T00:00:00Z`).toLocaleDateString(getLang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const timeText = (iso) => new Date(iso).toLocaleString(getLang() === 'id' ? 'id-ID' : 'en-GB',
  { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }) + ' WIB';

export function installMapInfo(mapEl) {
  // The date opens the filters (the layers panel) where it is changed.
  const date = h('button.info-date', { type: 'button', 'data-testid': 'map-date',
    onclick: () => { emit('sheet', true); emit('select-panel', 'layers'); } });
  const legend = h('div.info-legend', { 'data-testid': 'map-legend', role: 'img' },
    ...COLOURS.map((c, i) => h('span.info-class', h('span.swatch', { style: `background:${c}` }), LABELS[i])),
    h('span.info-class', h('span.swatch', { style: `background:${SUPPRESSED}` }), '< k'));
  const stale = h('div.info-stale', { 'data-testid': 'map-stale', role: 'status', hidden: true });
  const draw = () => {
    const storedAt = state.storedAt;
    const f = state.filter;
    date.textContent = `${t('as_of')}: ${dateText(f.at)}${f.until ? ' – ' + dateText(f.until) : ''}`;
    legend.setAttribute('aria-label', `${t('legend_density')}: ${LABELS.join(', ')}`);
    if (storedAt) {
      stale.hidden = false;
      stale.textContent = `${t('offline_data')} ${timeText(storedAt)}`;
      stale.dataset.storedAt = storedAt;
    }
  };
  on('filter', draw);
  onLang(draw);
  on('stored', draw);
  draw();
  mapEl.append(h('div.map-info', date, legend, stale));
}
