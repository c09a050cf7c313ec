// ui.js — the page shell once signed in: header (name, role, language,
// sign out), the map, and the side panel with one tab per panel. On a
// phone-sized screen the side panel is a bottom sheet opened by "Menu".

import { h } from './dom.js';
import { t, setLang, getLang, onLang, relabel } from './i18n.js';
import { state, emit, on } from './state.js';
import { panelsFor } from './panels.js';

export function buildShell(root, { onSignOut }) {
  const langBtn = (l) => h('button.lang', { type: 'button', 'aria-pressed': String(getLang() === l), onclick: () => setLang(l), 'data-lang': l }, l.toUpperCase());
  const langs = h('span.langs', { role: 'group', 'aria-label': t('language') }, langBtn('id'), langBtn('en'));
  onLang((l) => langs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === l))));
  const me = state.me || {};
  const sheet = h('aside.side', { id: 'side' });
  const menuBtn = h('button.menu', { type: 'button', 'aria-controls': 'side', 'aria-expanded': 'false', 'data-i18n': 'menu',
    onclick: () => toggleSheet() }, t('menu'));
  const toggleSheet = (open) => {
    const o = open ?? !document.body.classList.contains('sheet-open');
    document.body.classList.toggle('sheet-open', o);
    menuBtn.setAttribute('aria-expanded', String(o));
  };
  // Panels open or close the sheet with emit('sheet', open) (a polygon's
  // figures open it when they are ready; drawing closes it).
  on('sheet', (open) => toggleSheet(open));
  const header = h('header.top',
    h('span.brand', 'Pantau'),
    h('span.who', { title: me.area_name || '' }, me.name || me.username || '', ' · ',
      h('span.role', { 'data-i18n': `role_${me.role}` }, t(`role_${me.role}`)),
      me.area_name ? ` · ${me.area_name}` : ''),
    h('span.grow'),
    langs,
    menuBtn,
    h('button.signout', { type: 'button', onclick: onSignOut, 'data-i18n': 'sign_out' }, t('sign_out')));
  const mapEl = h('div.map', { id: 'map' });
  root.replaceChildren(header, h('main.body', mapEl, sheet));
  return { mapEl, sheet, toggleSheet };
}

// mountPanels builds the tabs and panels for the signed-in role, as the
// ARIA tabs pattern: one tab in the Tab order, Left/Right/Home/End move
// between tabs and show the tab's panel.
export function mountPanels(sheet, ctx) {
  const panels = panelsFor(state.me);
  const tabs = h('nav.tabs', { role: 'tablist', 'aria-label': t('menu'), 'data-i18n-label': 'menu' });
  const bodies = h('div.panels');
  const select = (id, focus = false) => {
    for (const b of tabs.children) {
      const on = b.dataset.panel === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) b.focus();
    }
    for (const p of bodies.children) p.hidden = p.dataset.panel !== id;
    emit('panel', id);
  };
  tabs.addEventListener('keydown', (e) => {
    const all = [...tabs.children];
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(all[(next + all.length) % all.length].dataset.panel, true);
  });
  for (const p of panels) {
    // The label is a span of its own so a panel may add a badge to its tab.
    const tab = h('button.tab', { type: 'button', role: 'tab', id: `tab-${p.id}`, 'aria-controls': `panel-${p.id}`, 'data-panel': p.id,
      onclick: () => select(p.id) }, h('span', { 'data-i18n': p.label }, t(p.label)));
    tabs.append(tab);
    const el = h('section.panel', { 'data-panel': p.id, role: 'tabpanel', id: `panel-${p.id}`, 'aria-labelledby': `tab-${p.id}`, tabindex: '0' });
    bodies.append(el);
    try { p.mount(el, { ...ctx, select, tab }); } catch (e) { console.warn(`panel ${p.id}:`, e); }
    relabel(el);
  }
  on('select-panel', (id) => select(id));
  sheet.replaceChildren(tabs, bodies);
  if (panels.length) select(panels[0].id);
  return select;
}
