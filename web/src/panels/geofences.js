// panels/geofences.js — the geofences list, and for admins the editor:
// draw a polygon, name it, choose its kind and rules, save; delete.

import { registerPanel } from '../panels.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { isAdmin, emit, seesIndividuals } from '../state.js';
import { drawPolygon, clearDrawing } from '../draw.js';
import { bbox } from '../map.js';

const RULES = ['stay_started', 'stay_ended', 'overstay', 'unregistered_accommodation', 'count_above'];
const KINDS = ['watch_zone', 'restricted_zone', 'guided_village'];

registerPanel({
  id: 'geofences', label: 'tab_geofences', order: 40,
  visible: () => seesIndividuals(),
  mount(el, { map }) {
    const list = h('ul.fences', { 'data-testid': 'fence-list' });
    const msg = h('p.msg');
    const load = async () => {
      try {
        const d = await api('/api/v1/geofences');
        list.replaceChildren(...d.features.map((f) => {
          const p = f.properties ? { ...f.properties, id: f.id ?? f.properties.id, geometry: f.geometry } : f;
          return h('li', h('a', { href: '#', onclick: (e) => { e.preventDefault(); const b = p.geometry && bbox(p.geometry); if (b) map.fitBounds(b, { padding: 40 }); } }, p.name),
            ' ', h('small.muted', t(`kind_${p.kind}`), ' · ', (p.rules || []).map((r) => t(`rule_${r.rule}`)).join(', ')),
            isAdmin() ? h('button.small', { type: 'button', onclick: async () => {
              if (!confirm(t('confirm_delete'))) return;
              try { await api(`/api/v1/geofences/${p.id}`, { method: 'DELETE' }); load(); emit('geofences'); } catch (err) { msg.textContent = err.message; }
            } }, t('delete')) : null);
        }));
      } catch (e) {
        list.replaceChildren(h('li.muted', e.status === 404 ? t('not_available') : e.message));
      }
    };
    el.append(h('h3', { 'data-i18n': 'geofences' }, t('geofences')), list);
    load();
    if (!isAdmin()) {
      el.append(h('p.muted', { 'data-i18n': 'admin_only' }, t('admin_only')));
      return;
    }
    let geometry = null;
    const name = h('input', { type: 'text', required: true, maxlength: 200, id: 'fence-name' });
    const kind = h('select', { id: 'fence-kind' }, KINDS.map((k) => h('option', { value: k, 'data-i18n': `kind_${k}` }, t(`kind_${k}`))));
    const threshold = h('input', { type: 'number', min: 1, value: 10, id: 'fence-threshold', style: 'width:5em' });
    const rules = h('div.checks', RULES.map((r) => h('label', h('input', { type: 'checkbox', name: 'rule', value: r, checked: r !== 'count_above' }),
      ' ', h('span', { 'data-i18n': `rule_${r}` }, t(`rule_${r}`)), r === 'count_above' ? [' ', threshold] : null)));
    const drawn = h('span.muted');
    const form = h('form.fence-form', { onsubmit: async (e) => {
      e.preventDefault();
      if (!geometry) { msg.textContent = t('draw_fence_first'); return; }
      const body = { name: name.value.trim(), kind: kind.value, geometry, rules: [...rules.querySelectorAll('input[name=rule]:checked')].map((c) =>
        (c.value === 'count_above' ? { rule: c.value, threshold: Number(threshold.value) } : { rule: c.value })) };
      try {
        await api('/api/v1/geofences', { method: 'POST', body });
        msg.textContent = t('saved');
        clearDrawing(); geometry = null; drawn.textContent = ''; form.reset();
        load();
        emit('geofences');
      } catch (err) { msg.textContent = `${t('error')}: ${err.message}`; }
    } },
      h('h4', { 'data-i18n': 'new_geofence' }, t('new_geofence')),
      h('div.buttons', h('button', { type: 'button', onclick: async () => {
        emit('sheet', false);
        drawn.textContent = t('draw_hint');
        try { geometry = await drawPolygon('geofence'); drawn.textContent = '✓'; } catch { /* replaced */ }
      } }, h('span', { 'data-i18n': 'draw_polygon' }, t('draw_polygon'))), drawn),
      h('label.field', h('span', { 'data-i18n': 'name' }, t('name')), name),
      h('label.field', h('span', { 'data-i18n': 'fence_kind' }, t('fence_kind')), kind),
      h('fieldset', h('legend', { 'data-i18n': 'rules' }, t('rules')), rules),
      h('button.primary', { type: 'submit' }, h('span', { 'data-i18n': 'save' }, t('save'))));
    el.append(form, msg);
  },
});
