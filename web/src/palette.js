// palette.js — the choropleth's classes and colours, shared by the map
// layers, the legend and the end-to-end test (which looks for these colours
// in a screenshot). The figure is density: foreigners present per km² of
// the desa (or kecamatan, zoomed out), so both levels share one scale.

export const BREAKS = [0, 1e-9, 1, 2, 5, 10, 20];
export const LABELS = ['0', '< 1', '1–2', '2–5', '5–10', '10–20', '≥ 20'];
// Neighbouring classes differ by at least 1.5:1 in relative luminance
// (WCAG's contrast ratio; web/test/palette.test.mjs checks it), so the
// classes tell apart without hue too.
export const COLOURS = ['#f7eeca', '#f6b623', '#ef7b06', '#d84611', '#b11e19', '#771938', '#350d35'];
export const SUPPRESSED = '#c9c9d6'; // counts 1..k-1 hidden from viewers
export const BACKGROUND = '#dfe3e6';

// Accommodation dots: the "not APOA-registered" dot is a deep violet with a
// white ring, so on every class either its fill or its ring stands out
// (≥ 3:1) and its hue is none of the classes'.
export const REGISTERED = '#1b9e77';
export const UNREGISTERED = '#5b0a91';
export const DOT_RING = '#ffffff';

// Desa borders: dark on the light classes, white on the dark ones (≥ 3:1
// against the class they border); DARK_FROM is the first class drawn with
// the white border.
export const BORDER_DARK = '#4a4a4a';
export const BORDER_LIGHT = '#ffffff';
export const DARK_FROM = 3;

// luminance is the relative luminance of a #rrggbb colour (WCAG 2).
export function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// contrast is the WCAG contrast ratio of two colours (1 to 21).
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// borderOf is the desa border drawn on class i (SUPPRESSED: i = -1).
export const borderOf = (i) => (i >= DARK_FROM ? BORDER_LIGHT : BORDER_DARK);

// borderColour is the desa border as a MapLibre expression over per_km2.
export function borderColour() {
  return ['case', ['has', 'per_km2'], ['step', ['to-number', ['get', 'per_km2']], BORDER_DARK, BREAKS[DARK_FROM], BORDER_LIGHT], BORDER_DARK];
}

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
