// login.js — the sign-in page: username + password (a session cookie), or
// an access token (kept for this tab only, in sessionStorage). The form is
// part of index.html, so a phone on a weak signal shows it with the first
// answer; this module wires it (and puts it back when a session ends).

import { t, setLang, getLang, relabel } from './i18n.js';
import { api, answer, setBearer } from './api.js';

// The form as index.html delivered it, kept to show it again later.
const template = document.getElementById('login') && document.getElementById('login').cloneNode(true);

export function showLogin(root, { onSignedIn, message }) {
  let card = document.getElementById('login');
  if (!card || !root.contains(card)) {
    card = template.cloneNode(true);
    root.replaceChildren(card);
  }
  document.body.classList.remove('has-session');
  const $ = (sel) => card.querySelector(sel);
  const err = $('[data-testid=login-error]');
  err.textContent = message || '';
  const fail = (e) => { err.textContent = `${t('login_failed')}: ${e.message}`; };
  const form = $('#login-form');
  const tokenForm = $('#token-form');
  form.onsubmit = async (e) => {
    e.preventDefault();
    err.textContent = '';
    setBearer('');
    try {
      const me = await api('/api/v1/auth/login', { method: 'POST', body: { username: $('#username').value, password: $('#password').value } });
      await onSignedIn(me);
    } catch (e2) { fail(e2); }
  };
  tokenForm.onsubmit = async (e) => {
    e.preventDefault();
    err.textContent = '';
    setBearer($('#token').value.trim());
    try {
      await onSignedIn(null);
    } catch (e2) { setBearer(''); fail(e2); }
  };
  const lang = $('#login-lang');
  const label = () => { lang.textContent = (getLang() === 'id' ? 'en' : 'id').toUpperCase(); };
  lang.onclick = () => { setLang(getLang() === 'id' ? 'en' : 'id'); label(); };
  label();
  relabel(card);
  card.dataset.ready = 'true';
  // A password the page's inline script (signin.js) sent before this
  // module arrived: its answer is read here, as the form's own would be.
  const early = window.pantauSignIn;
  window.pantauSignIn = null;
  if (early) {
    (async () => {
      try {
        const me = await answer('/api/v1/auth/login', await early);
        await onSignedIn(me);
      } catch (e2) { fail(e2); }
      for (const b of card.querySelectorAll('button[type=submit]')) b.disabled = false;
    })();
    return;
  }
  for (const b of card.querySelectorAll('button[type=submit]')) b.disabled = false;
  // Keep what the person already typed while the page was loading.
  if (!card.contains(document.activeElement) || document.activeElement === document.body) $('#username').focus();
}
