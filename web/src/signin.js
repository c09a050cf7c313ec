// signin.js — inline in index.html (not a module; the server's CSP allows
// it by its hash, which the build computes): wires the password form the
// moment the page has arrived, so on a weak signal the password goes with
// the first answer instead of one round trip later, when boot.js has come.
// It only sends the request; boot.js (login.js) reads the answer from
// window.pantauSignIn and takes the form over when it has arrived.
(() => {
  const form = document.getElementById('login-form');
  if (!form) return;
  form.onsubmit = (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true; // until boot.js has read the answer
    window.pantauSignIn = fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ username: form.username.value, password: form.password.value }),
      credentials: 'same-origin',
    });
  };
  form.querySelector('button[type=submit]').disabled = false;
  document.getElementById('login').dataset.ready = 'true';
})();
