// palette.js — the choropleth's classes and colours, shared by the map
// layers, the legend and the end-to-end test (which looks for these colours
// in a screenshot). The figure is density: foreigners present per km² of
// the desa (or kecamatan, zoomed out), so both levels share one scale.

export const BREAKS = [0, 1e-9, 1, 2, 5, 10, 20];
export const LABELS = ['0', '< 1', '1–2', '2–5', '5–10', '10–20', '≥ 20'];
export const COLOURS = ['#f3efe0', '#fde0c5', '#fbb98a', '#f68f5c', '#e8613c', '#c73a2a', '#8f1d1d'];
export const SUPPRESSED = '#c9c9d6'; // counts 1..k-1 hidden from viewers
export const BACKGROUND = '#dfe3e6';

// The figure a desa/kecamatan feature carries, whichever name the tile uses.
export const COUNT = ['coalesce', ['get', 'present'], ['get', 'count'], ['get', 'stays'], ['get', 'total'], 0];
export const DENSITY = ['coalesce', ['get', 'per_km2'], 0];

// choroplethColour: viewers' tiles leave "present" out where it is 1..k−1;
// that desa is drawn in the suppressed colour.
export function choroplethColour(suppresses = false) {
  const step = ['step', ['to-number', DENSITY]];
  step.push(COLOURS[0]);
  for (let i = 1; i < BREAKS.length; i++) step.push(BREAKS[i], COLOURS[i]);
  if (suppresses) return ['case', ['has', 'per_km2'], step, SUPPRESSED];
  return ['case', ['to-boolean', ['get', 'suppressed']], SUPPRESSED, step];
}

export function countOf(props) {
  for (const k of ['present', 'count', 'stays', 'total']) {
    if (typeof props[k] === 'number') return props[k];
  }
  return props.suppressed ? null : 0;
}
