// panels/alerts.js — live geofence alerts from GET /api/v1/alerts/stream
// (SSE), newest first; clicking one flies the map to it; "Acknowledge"
// marks it acknowledged. Alerts carry no personal data.

import { registerPanel } from '../panels.js';
import { h } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { emit, has, seesIndividuals } from '../state.js';
import { stream } from '../sse.js';
import { rowsOf } from '../layers.js';

const MAX = 200;

registerPanel({
  id: 'alerts', label: 'tab_alerts', order: 30,
  visible: () => (has('alerts_stream') || has('alerts')) && seesIndividuals(),
  mount(el, { map, maplibregl, flyTo, select }) {
    const status = h('span.badge.off', { 'data-testid': 'alerts-status' }, t('offline'));
    const list = h('ol.alerts', { 'data-testid': 'alerts-list' });
    const empty = h('p.muted', { 'data-i18n': 'no_alerts' }, t('no_alerts'));
    const seen = new Map();
    let marker;
    const show = (a) => {
      if (a.lon == null || a.lat == null) return;
      flyTo(a.lon, a.lat, 15);
      if (marker) marker.remove();
      marker = new maplibregl.Marker({ color: '#e31a1c' }).setLngLat([a.lon, a.lat]).addTo(map);
    };
    const item = (a) => {
      const acked = a.state === 'acknowledged' || a.acknowledged_at;
      const ack = h('button.small', { type: 'button', disabled: !!acked, onclick: async (e) => {
        e.stopPropagation();
        try {
          await acknowledge(a.id);
          a.state = 'acknowledged';
          upsert(a);
        } catch (err) { ack.title = err.message; ack.classList.add('error'); }
      } }, acked ? t('acknowledged') : t('acknowledge'));
      const when = a.created_at ? new Date(a.created_at).toLocaleString(getLang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' }) : '';
      return h('li.alert', { 'data-alert-id': a.id, 'data-rule': a.rule, tabindex: 0, class: acked ? 'alert acked' : 'alert',
        onclick: () => show(a), onkeydown: (e) => e.key === 'Enter' && show(a) },
        h('div.alert-rule', { 'data-i18n': `rule_${a.rule}` }, t(`rule_${a.rule}`)),
        h('div', a.geofence_name || (a.geofence_id ? `#${a.geofence_id}` : ''), a.desa_code ? ` · ${a.desa_code}` : ''),
        h('div.muted', when, a.stay_id ? ` · stay ${a.stay_id}` : '', a.accommodation_id ? ` · acc ${a.accommodation_id}` : ''),
        ack);
    };
    const upsert = (a) => {
      if (!a || a.id == null) return;
      const old = seen.get(a.id);
      const li = item({ ...(old && old.a), ...a });
      seen.set(a.id, { a: { ...(old && old.a), ...a }, li });
      if (old) old.li.replaceWith(li);
      else list.prepend(li);
      while (list.children.length > MAX) { const last = list.lastElementChild; seen.delete(Number(last.dataset.alertId)); last.remove(); }
      empty.hidden = list.children.length > 0;
    };
    el.append(h('h3', h('span', { 'data-i18n': 'alerts' }, t('alerts')), ' ', status), empty, list);
    if (has('alerts')) api('/api/v1/alerts').then((d) => rowsOf(d).slice(0, 50).reverse().forEach(upsert)).catch(() => {});
    if (has('alerts_stream')) stream('/api/v1/alerts/stream', {
      onState: (live) => {
        status.textContent = live ? t('live') : t('offline');
        status.className = `badge ${live ? 'on' : 'off'}`;
        status.dataset.live = String(live);
      },
      onEvent: (ev) => {
        let a;
        try { a = JSON.parse(ev.data); } catch { return; }
        if (a && a.alert) a = a.alert;
        if (!a || a.id == null || !a.rule) return;
        upsert(a);
        emit('alert', a);
      },
    });
  },
});

// acknowledge: POST /api/v1/alerts/{id}/acknowledge (officers and up).
function acknowledge(id) {
  return api(`/api/v1/alerts/${id}/acknowledge`, { method: 'POST', body: {} });
}
