// panels/alerts.js — geofence alerts: the recent history from
// GET /api/v1/alerts ({"alerts": [...], "next_before"}, newest first) on
// open, then live ones from GET /api/v1/alerts/stream (SSE). Each names the
// rule, desa, nationality and accommodation; clicking one flies the map to
// it; "Acknowledge" marks it acknowledged (shared across devices: the
// server keeps the state). Alerts newer than the last ones this device
// showed are counted as unread in the tab and the page title, and may ring.
// Alerts carry no personal data.

import { registerPanel } from '../panels.js';
import { h } from '../dom.js';
import { t, getLang, onLang } from '../i18n.js';
import { api } from '../api.js';
import { emit, on, seesIndividuals } from '../state.js';
import { stream } from '../sse.js';

const MAX = 200;
const HISTORY = 50;
const SEEN_KEY = 'pantau.alerts.seen'; // the newest alert id this device has shown
const SOUND_KEY = 'pantau.alerts.sound';

registerPanel({
  id: 'alerts', label: 'tab_alerts', order: 30,
  visible: () => seesIndividuals(),
  mount(el, { map, maplibregl, flyTo, tab }) {
    const status = h('span.badge.off', { 'data-testid': 'alerts-status' }, t('offline'));
    const list = h('ol.alerts', { 'data-testid': 'alerts-list' });
    const empty = h('p.muted', { 'data-i18n': 'no_alerts' }, t('no_alerts'));
    const failed = h('p.msg.error', { hidden: true, 'data-testid': 'alerts-error' });
    const unreadBadge = h('span.count', { 'data-testid': 'alerts-unread', hidden: true });
    tab.append(unreadBadge);
    const sound = h('input', { type: 'checkbox', id: 'alert-sound', checked: localStorage.getItem(SOUND_KEY) === '1',
      onchange: () => localStorage.setItem(SOUND_KEY, sound.checked ? '1' : '0') });
    const seen = new Map();
    let shown = false; // the panel is on screen
    let seenUpTo = Number(localStorage.getItem(SEEN_KEY)) || 0;
    let marker;

    const unread = () => [...seen.keys()].filter((id) => id > seenUpTo).length;
    const showUnread = () => {
      const n = unread();
      unreadBadge.hidden = n === 0;
      unreadBadge.textContent = String(n);
      tab.setAttribute('aria-label', n ? `${t('tab_alerts')}: ${n} ${t('unread')}` : t('tab_alerts'));
      document.title = (n ? `(${n}) ` : '') + t('app_title');
    };
    const markRead = () => {
      if (!shown || document.hidden || !seen.size) return;
      seenUpTo = Math.max(seenUpTo, ...seen.keys());
      localStorage.setItem(SEEN_KEY, String(seenUpTo));
      showUnread();
    };
    on('panel', (id) => { shown = id === 'alerts'; markRead(); });
    document.addEventListener('visibilitychange', markRead);
    onLang(() => { showUnread(); for (const { a } of seen.values()) upsert(a); });

    const show = (a) => {
      if (a.lon == null || a.lat == null) return;
      flyTo(a.lon, a.lat, 15);
      if (marker) marker.remove();
      marker = new maplibregl.Marker({ color: '#e31a1c' }).setLngLat([a.lon, a.lat]).addTo(map);
    };
    const item = (a) => {
      const acked = a.state !== 'open';
      const ack = h('button.small', { type: 'button', disabled: acked, onclick: async (e) => {
        e.stopPropagation();
        try {
          upsert(await acknowledge(a.id));
        } catch (err) { ack.title = err.message; ack.classList.add('error'); }
      } }, acked ? t(`state_${a.state}`) : t('acknowledge'));
      const locale = getLang() === 'id' ? 'id-ID' : 'en-GB';
      const when = new Date(a.created_at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' });
      const d = a.details || {};
      const who = [d.nationality && countryName(a.nationality_alpha2, d.nationality, locale), d.permit_type && t(`permit_${d.permit_type}`)].filter(Boolean).join(' · ');
      return h('li', { 'data-alert-id': a.id, 'data-rule': a.rule, 'data-state': a.state, tabindex: 0, class: acked ? 'alert acked' : 'alert',
        onclick: () => show(a), onkeydown: (e) => e.key === 'Enter' && show(a) },
        h('div.alert-rule', t(`rule_${a.rule}`), a.geofence_name ? ` — ${a.geofence_name}` : ''),
        h('div.alert-place', a.desa_name ? `${t('desa')} ${a.desa_name}` : t('outside_desa'), a.accommodation_name ? ` · ${a.accommodation_name}` : ''),
        who ? h('div.alert-who', who) : null,
        a.rule === 'count_above' && d.count != null ? h('div', `${t('count_now')}: ${d.count} (${t('threshold')} ${d.threshold})`) : null,
        h('div.muted', h('time', { datetime: a.created_at }, `${when} WIB`)),
        ack);
    };
    // upsert shows a (new or changed), keeping the list newest first (alert
    // ids grow with time, so the history and the stream merge by id).
    const upsert = (a) => {
      const old = seen.get(a.id);
      const li = item(a);
      seen.set(a.id, { a, li });
      if (old) old.li.replaceWith(li);
      else {
        const after = [...list.children].find((x) => Number(x.dataset.alertId) < a.id);
        list.insertBefore(li, after || null);
      }
      while (list.children.length > MAX) { const last = list.lastElementChild; seen.delete(Number(last.dataset.alertId)); last.remove(); }
      empty.hidden = list.children.length > 0;
    };
    const soundRow = h('label.check', sound, ' ', h('span', { 'data-i18n': 'alert_sound' }, t('alert_sound')));
    el.append(h('h3', h('span', { 'data-i18n': 'alerts' }, t('alerts')), ' ', status), soundRow, failed, empty, list);

    // The stream first, then the history: an alert raised in between is in
    // one or the other (or both: upsert merges by id).
    stream('/api/v1/alerts/stream', {
      onState: (live) => {
        status.textContent = live ? t('live') : t('offline');
        status.className = `badge ${live ? 'on' : 'off'}`;
        status.dataset.live = String(live);
      },
      onEvent: (ev) => {
        let a;
        try { a = JSON.parse(ev.data); } catch { return; }
        const isNew = !seen.has(a.id);
        upsert(a);
        if (isNew && a.state === 'open') {
          if (sound.checked) ring();
          markRead();
          showUnread();
        }
        emit('alert', a);
      },
    });
    api(`/api/v1/alerts?limit=${HISTORY}`).then((d) => {
      for (const a of d.alerts) upsert(a);
      el.dataset.history = 'loaded';
      markRead();
      showUnread();
    }).catch((e) => {
      failed.textContent = `${t('alerts_failed')}: ${e.message}`;
      failed.hidden = false;
    });
  },
});

// countryName names a nationality in the page's language from its ISO
// 3166 alpha-2 code (the alert's nationality_alpha2), else its alpha-3 code.
function countryName(alpha2, alpha3, locale) {
  if (!alpha2) return alpha3;
  try { return new Intl.DisplayNames([locale], { type: 'region' }).of(alpha2) || alpha3; } catch { return alpha3; }
}

// ring plays a short two-tone chime (Web Audio: no sound file to fetch).
let audio;
function ring() {
  try {
    audio = audio || new AudioContext();
    const now = audio.currentTime;
    for (const [i, f] of [880, 660].entries()) {
      const o = audio.createOscillator();
      const g = audio.createGain();
      o.frequency.value = f;
      g.gain.setValueAtTime(0.2, now + i * 0.18);
      g.gain.exponentialRampToValueAtTime(0.001, now + i * 0.18 + 0.16);
      o.connect(g).connect(audio.destination);
      o.start(now + i * 0.18);
      o.stop(now + i * 0.18 + 0.17);
    }
  } catch { /* no audio on this device */ }
}

// acknowledge: POST /api/v1/alerts/{id}/acknowledge (officers and up);
// answers the alert in its new state.
function acknowledge(id) {
  return api(`/api/v1/alerts/${id}/acknowledge`, { method: 'POST', body: {} });
}
