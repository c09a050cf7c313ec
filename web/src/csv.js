// csv.js — CSV cells for the page's exports. A cell that a spreadsheet
// would run as a formula (starting with = + - @, a tab or a carriage
// return) gets a leading ', unless it is a signed decimal number such as
// a negative coordinate: the rule of the server's data.SafeCell
// (data/csvsafe.go), which TestPageCSVMatchesServer checks this agrees with.

const plainNumber = /^[+-](\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

// safeCell neutralises one cell's text.
export function safeCell(v) {
  const s = v == null ? '' : String(v);
  if (s === '') return s;
  switch (s[0]) {
    case '+': case '-':
      return plainNumber.test(s) ? s : `'${s}`;
    case '=': case '@': case '\t': case '\r':
      return `'${s}`;
    default:
      return s;
  }
}

// csvCell is one neutralised cell, quoted when it holds a quote, comma or
// line break.
export function csvCell(v) {
  const s = safeCell(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
