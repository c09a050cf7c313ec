// panels/layers.js — layer toggles, the legend and the filters: "as of"
// date (picker + slider over the last year), nationality, permit, status.

import { registerPanel } from '../panels.js';
import { h } from '../dom.js';
import { t, onLang, getLang } from '../i18n.js';
import { parseNationalities, countryName } from '../countries.js';
import { state, emit, on, seesIndividuals } from '../state.js';
import { overlays, setVisible } from '../layers.js';
import { LABELS, COLOURS, SUPPRESSED, REGISTERED, UNREGISTERED } from '../palette.js';

const PERMITS = ['visa_free', 'voa', 'visit_visa', 'itas', 'itap', 'diplomatic', 'other'];
const STATUSES = ['present', 'overstay', 'in_permit'];
const SLIDER_DAYS = 365;

registerPanel({
  id: 'layers', label: 'tab_layers', order: 10,
  mount(el, { map }) {
    const toggles = h('div.toggles');
    const drawToggles = () => {
      toggles.replaceChildren(...overlays.filter((o) => !(o.individuals && !seesIndividuals())).map((o) => {
        const box = h('input', { type: 'checkbox', checked: o.visible && o.available, disabled: !o.available, 'data-layer': o.id,
          onchange: (e) => setVisible(map, o, e.target.checked) });
        return h('label.toggle', box, ' ', h('span', { 'data-i18n': o.label }, t(o.label)),
          o.available ? null : h('small.muted', ' (', h('span', { 'data-i18n': 'not_available' }, t('not_available')), ')'));
      }));
    };
    on('overlays', drawToggles);
    drawToggles();

    const legend = h('div.legend', { 'data-testid': 'legend' },
      h('div.legend-title', h('span', { 'data-i18n': 'legend_density' }, t('legend_density'))),
      ...COLOURS.map((c, i) => h('div.legend-row', h('span.swatch', { style: `background:${c}` }), LABELS[i])),
      h('div.legend-row', h('span.swatch', { style: `background:${SUPPRESSED}` }), h('span', { 'data-i18n': 'suppressed' }, t('suppressed'))),
      h('div.legend-row', h('span.swatch', { style: 'width:66px;background:linear-gradient(90deg,#edf8fb,#9ebcda,#8856a7,#4d004b)' }),
        h('span', { 'data-i18n': 'layer_hex' }, t('layer_hex'))),
      h('div.legend-row', h('span.dot', { style: `background:${REGISTERED}` }), 'APOA ✓ ', h('span.dot', { style: `background:${UNREGISTERED}` }), 'APOA ✗'),
      h('div.legend-row', h('span.swatch.fence'), h('span', { 'data-i18n': 'layer_geofences' }, t('layer_geofences'))));

    // Filters.
    const today = state.config.today || new Date().toISOString().slice(0, 10);
    state.filter.at = state.filter.at || today;
    const date = h('input', { type: 'date', id: 'f-at', value: state.filter.at, max: today, required: true });
    const slider = h('input', { type: 'range', id: 'f-slider', min: -SLIDER_DAYS, max: 0, step: 1, value: 0, 'aria-label': t('as_of') });
    const sliderLabel = h('output.muted');
    const dayOffset = (d) => Math.round((Date.parse(d) - Date.parse(today)) / 864e5);
    const labelSlider = () => {
      const n = -Number(slider.value);
      sliderLabel.textContent = n === 0 ? t('today') : `${n} ${t('days_ago')}`;
    };
    onLang(labelSlider);
    slider.value = String(Math.max(-SLIDER_DAYS, dayOffset(state.filter.at)));
    labelSlider();
    let timer;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => emit('filter', state.filter), 250);
    };
    slider.addEventListener('input', () => {
      const d = new Date(Date.parse(today) + Number(slider.value) * 864e5).toISOString().slice(0, 10);
      date.value = d;
      state.filter.at = d;
      labelSlider();
      keepUntil();
      changed();
    });
    // An optional last day turns the day into a period: stays present on
    // any day from `at` through `until`.
    const until = h('input', { type: 'date', id: 'f-until', value: state.filter.until, min: state.filter.at, max: today });
    const keepUntil = () => {
      until.min = state.filter.at;
      if (state.filter.until && state.filter.until <= state.filter.at) {
        state.filter.until = '';
        until.value = '';
      }
    };
    until.addEventListener('change', () => {
      state.filter.until = until.value > state.filter.at ? until.value : '';
      if (!state.filter.until) until.value = '';
      changed();
    });
    date.addEventListener('change', () => {
      if (!date.value) return;
      state.filter.at = date.value;
      slider.value = String(Math.max(-SLIDER_DAYS, dayOffset(date.value)));
      labelSlider();
      keepUntil();
      changed();
    });
    // Nationality: country names (Indonesian or English) or ISO codes; the
    // note under the field always says which filter the map applies, and
    // names it does not know leave the filter as it was (countries.js).
    const nat = h('input', { type: 'text', id: 'f-nationality', autocomplete: 'off', 'data-i18n-placeholder': 'nationality_hint', placeholder: t('nationality_hint'),
      'aria-describedby': 'f-nationality-note' });
    const natNote = h('small.field-note.muted', { id: 'f-nationality-note', 'aria-live': 'polite' });
    let unknownNat = [];
    const applied = () => (state.filter.nationality.length
      ? state.filter.nationality.map((c) => `${countryName(c, getLang())} (${c})`).join(', ') : t('nationality_any'));
    const noteNat = () => {
      natNote.dataset.state = unknownNat.length ? 'unknown' : 'ok';
      natNote.textContent = unknownNat.length
        ? `${t('nationality_unknown')}: ${unknownNat.join(', ')} — ${t('nationality_kept')} (${applied()})`
        : `${t('nationality_applied')}: ${applied()}`;
    };
    nat.addEventListener('change', () => {
      const { codes, unknown } = parseNationalities(nat.value);
      unknownNat = unknown;
      nat.setCustomValidity(unknown.length ? `${t('nationality_unknown')}: ${unknown.join(', ')}` : '');
      nat.setAttribute('aria-invalid', String(unknown.length > 0));
      if (!unknown.length) {
        state.filter.nationality = codes;
        changed();
      }
      noteNat();
    });
    onLang(noteNat);
    noteNat();
    const checks = (name, values, prefix) => h('div.checks', values.map((v) => h('label',
      h('input', { type: 'checkbox', name, value: v, onchange: (e) => {
        const set = new Set(state.filter[name]);
        e.target.checked ? set.add(v) : set.delete(v);
        state.filter[name] = values.filter((x) => set.has(x));
        changed();
      } }), ' ', h('span', { 'data-i18n': prefix + v }, t(prefix + v)))));

    el.append(
      h('h3', { 'data-i18n': 'layers' }, t('layers')), toggles,
      h('h3', { 'data-i18n': 'legend' }, t('legend')), legend,
      h('h3', { 'data-i18n': 'filters' }, t('filters')),
      h('form.filters', { onsubmit: (e) => e.preventDefault() },
        h('label.field', h('span', { 'data-i18n': 'as_of' }, t('as_of')), date),
        h('div.field', slider, sliderLabel),
        h('label.field', h('span', { 'data-i18n': 'until' }, t('until')), until),
        h('label.field', h('span', { 'data-i18n': 'nationality' }, t('nationality')), nat, natNote),
        h('fieldset', h('legend', { 'data-i18n': 'permit' }, t('permit')), checks('permit', PERMITS, 'permit_')),
        h('fieldset', h('legend', { 'data-i18n': 'status' }, t('status')), checks('status', STATUSES, 'status_'))));
  },
});
