// figures.js — the polygon answer's figures as the page shows them
// (POST /api/v1/density/polygon; docs/density.md "The disclosure rule").
// A figure marked "suppressed" went through the disclosure rule: a number is
// what may be shown (rounded down to a multiple of k, hidden parts counted
// 0), so it is a lower bound and the total is partial; a 0 or null there may
// hide 1..k−1 people and reads as hidden. Unmarked figures are exact.

// Figure: value (null = hidden) and whether it is a partial lower bound.
const figure = (n, suppressed) => {
  if (typeof n !== 'number' || (suppressed && n === 0)) return { value: null, partial: !!suppressed };
  return { value: n, partial: !!suppressed };
};

// polygonFigures splits an answer into totals, breakdowns (key → figure
// per part) and per-desa rows; outside names the row of stays in no desa.
export function polygonFigures(d, outside = 'outside') {
  const tot = d.total || {};
  const exact = (n) => ({ value: typeof n === 'number' ? n : null, partial: false });
  const totals = {
    present: figure(tot.present, tot.suppressed),
    overstays: figure(tot.overstays, tot.suppressed),
    accommodations: exact(d.accommodations ? d.accommodations.total : null),
    area_km2: exact(d.polygon ? Math.round(d.polygon.area_km2 * 100) / 100 : null),
  };
  const breakdowns = {};
  for (const [k, v] of Object.entries(d.breakdown || {})) {
    if (Array.isArray(v)) breakdowns[k] = Object.fromEntries(v.map((r) => [r.key, figure(r.present, r.suppressed)]));
  }
  if (d.accommodations && d.accommodations.by_kind) {
    breakdowns.accommodations = Object.fromEntries(Object.entries(d.accommodations.by_kind).map(([k, n]) => [k, exact(n)]));
  }
  const row = (r, code, name, share, inside) => ({ code, name, present: figure(r.present, r.suppressed), overstays: figure(r.overstays, r.suppressed),
    share_pct: share, inside_km2: inside });
  const rows = (d.desa || []).map((r) => row(r, r.code, r.name, Math.round((r.share || 0) * 1000) / 10, Math.round((r.inside_km2 || 0) * 100) / 100));
  const o = d.outside_desa;
  if (o && (o.present || o.suppressed)) rows.push(row(o, '', outside, null, null));
  const partial = !!(d.suppression && d.suppression.applied);
  return { totals, breakdowns, rows, partial, k: d.suppression && d.suppression.k };
}

// figureText writes a figure: hidden, "≥ n" when partial, else n.
export function figureText(f, fmt, hidden) {
  if (f.value === null) return hidden;
  return f.partial ? `≥ ${fmt(f.value)}` : fmt(f.value);
}

// plain turns figures back into numbers (null = hidden) for the exports.
export const plain = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v && typeof v === 'object' && 'value' in v ? v.value : v]));
