// palette.js — the choropleth's classes and colours, shared by the map
// layers, the legend and the end-to-end test (which looks for these colours
// in a screenshot). The figure is density: foreigners present per km² of
// the desa (or kecamatan, zoomed out), so both levels share one scale.

export const BREAKS = [0, 1e-9, 1, 2, 5, 10, 20];
export const LABELS = ['0', '< 1', '1–2', '2–5', '5–10', '10–20', '≥ 20'];
export const COLOURS = ['#f3efe0', '#fde0c5', '#fbb98a', '#f68f5c', '#e8613c', '#c73a2a', '#8f1d1d'];
export const SUPPRESSED = '#c9c9d6'; // counts 1..k-1 hidden from viewers
export const BACKGROUND = '#dfe3e6';

// choroplethColour colours a desa or kecamatan of the tiles by its per_km2
// (docs/tiles.md): where the disclosure rule hides the count (1..k−1, for
// viewers and for officers outside their area) the tile leaves present and
// per_km2 out, and the area is drawn in the suppressed colour.
export function choroplethColour() {
  const step = ['step', ['to-number', ['get', 'per_km2']]];
  step.push(COLOURS[0]);
  for (let i = 1; i < BREAKS.length; i++) step.push(BREAKS[i], COLOURS[i]);
  return ['case', ['has', 'per_km2'], step, SUPPRESSED];
}

// presentOf is an area feature's present count, null where it is hidden.
export const presentOf = (props) => (typeof props.present === 'number' ? props.present : null);

// classColour is choroplethColour for one feature's properties, for
// drawings made without MapLibre (the preview, preview.js).
export function classColour(props) {
  if (props.per_km2 == null) return SUPPRESSED;
  let i = 0;
  while (i + 1 < BREAKS.length && Number(props.per_km2) >= BREAKS[i + 1]) i++;
  return COLOURS[i];
}
