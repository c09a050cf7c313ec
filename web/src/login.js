// login.js — the sign-in page: username + password (a session cookie), or
// an access token (kept for this tab only, in sessionStorage).

import { h } from './dom.js';
import { t, setLang, getLang } from './i18n.js';
import { api, setBearer } from './api.js';

export function showLogin(root, { onSignedIn, message }) {
  const err = h('p.error', { role: 'alert', 'data-testid': 'login-error' }, message || '');
  const user = h('input', { type: 'text', id: 'username', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { type: 'password', id: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const token = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true });
  const fail = (e) => { err.textContent = `${t('login_failed')}: ${e.message}`; };
  const form = h('form.login-form', { onsubmit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    setBearer('');
    try {
      const me = await api('/api/v1/auth/login', { method: 'POST', body: { username: user.value, password: pass.value } });
      await onSignedIn(me);
    } catch (e2) { fail(e2); }
  } },
    h('label.field', h('span', t('username')), user),
    h('label.field', h('span', t('password')), pass),
    h('button.primary', { type: 'submit' }, t('sign_in')));
  const tokenForm = h('form.login-form', { onsubmit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    setBearer(token.value.trim());
    try {
      await onSignedIn(null);
    } catch (e2) { setBearer(''); fail(e2); }
  } },
    h('label.field', h('span', t('token')), token),
    h('button', { type: 'submit', id: 'token-submit' }, t('use_token')));
  const other = getLang() === 'id' ? 'en' : 'id';
  root.replaceChildren(h('div.login',
    h('div.login-card',
      h('div.login-head', h('h1', 'Pantau'),
        h('button.lang', { type: 'button', onclick: () => { setLang(other); showLogin(root, { onSignedIn, message: err.textContent }); } }, other.toUpperCase())),
      h('p.muted', t('login_sub')),
      h('h2', t('login_title')),
      form,
      h('details', h('summary', t('or_token')), tokenForm),
      err)));
  user.focus();
}
