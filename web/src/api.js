// api.js — every request the page makes goes through here: same-origin,
// session cookie or bearer token, CSRF header on unsafe methods, and
// problem+json errors turned into ApiError, whose message is the problem's
// stable code said in the page's language (i18n problemText).

import { problemText } from './i18n.js';

import { noteStored } from './state.js';

let bearer = sessionStorage.getItem('pantau.token') || '';
let csrf = { header: 'X-CSRF-Token', token: '' };

export class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(problem, status));
    this.status = status;
    this.problem = problem || {};
  }
}

// onUnauthorized is called when a signed-in request is refused with 401
// (the session ended or the token was revoked).
let onUnauthorized = null;
export function whenUnauthorized(fn) { onUnauthorized = fn; }

export function setBearer(token) {
  bearer = token || '';
  if (bearer) sessionStorage.setItem('pantau.token', bearer);
  else sessionStorage.removeItem('pantau.token');
}
export function hasBearer() { return !!bearer; }

export function setCSRF(me) {
  csrf = { header: (me && me.csrf_header) || 'X-CSRF-Token', token: (me && me.csrf_token) || '' };
}

// authHeaders are added to every request, MapLibre's tile requests included.
export function authHeaders(method = 'GET') {
  const h = {};
  if (bearer) h.Authorization = 'Bearer ' + bearer;
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && csrf.token) h[csrf.header] = csrf.token;
  return h;
}

// api fetches path and returns parsed JSON (or text, or the Response with raw).
export async function api(path, { method = 'GET', body, headers = {}, raw = false, signal } = {}) {
  const h = { Accept: 'application/json, application/geo+json, application/problem+json', ...authHeaders(method), ...headers };
  let payload = body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof FormData)) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return answer(path, await fetch(path, { method, body: payload, headers: h, credentials: 'same-origin', signal }), raw);
}

// answer reads the response to a request for path as api() returns it:
// parsed JSON (or text, or the Response itself with raw), ApiError when
// refused. Also used for the sign-in index.html sends before this module
// has arrived (signin.js).
export async function answer(path, res, raw = false) {
  if (!res.ok) {
    let problem;
    try { problem = await res.json(); } catch { /* not JSON */ }
    if (res.status === 401 && onUnauthorized && !path.startsWith('/api/v1/auth/')) onUnauthorized();
    throw new ApiError(res.status, problem);
  }
  // An answer the service worker kept from an earlier visit (no network):
  // the page says from when its figures are.
  noteStored(res.headers.get('X-Pantau-Stored'));
  if (raw) return res;
  if (res.status === 204) return null;
  const ct = res.headers.get('Content-Type') || '';
  return ct.includes('json') ? res.json() : res.text();
}

// exists tells whether a GET on path answers something other than 404/405
// (an API another part of Pantau adds may not be deployed yet).
export async function exists(path) {
  try {
    const res = await fetch(path, { headers: authHeaders(), credentials: 'same-origin' });
    res.body && res.body.cancel();
    return res.status !== 404 && res.status !== 405;
  } catch { return false; }
}
