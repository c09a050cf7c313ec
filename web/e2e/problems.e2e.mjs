// A refused sign-in reads as a sentence in the page's language, made from
// the problem's stable code (auth.bad_credentials), not the server's
// English detail; with EN it reads in English.
import { run, env } from './lib.mjs';

run(async (t) => {
  const ctx = await t.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  t.watch(page, 'problems');
  await page.goto(env.base + '/');
  await page.waitForSelector('.login-card');
  const refused = async (prefix) => {
    await page.fill('#username', 'nobody-here'); // no real account moves towards its lockout
    await page.fill('#password', 'not the password');
    await page.click('.login-form button[type=submit]');
    await t.waitFor(page, (p) => document.querySelector('[data-testid=login-error]').textContent.startsWith(p), prefix, `the refusal is shown (${prefix})`);
    return page.locator('[data-testid=login-error]').innerText();
  };
  const id = await refused('Gagal masuk: ');
  t.check(id.includes('Nama pengguna atau kata sandi salah') && !id.includes('username or password is wrong'),
    `the refusal reads in Indonesian: "${id}"`);
  await page.click('button.lang');
  const en = await refused('Sign-in failed: ');
  t.check(en.includes('Wrong username or password'), `with EN it reads in English: "${en}"`);
  await t.shot(page, 'login-refused');
  // The two 401 answers are what this script asked for, not page errors.
  const expected = (e) => e.startsWith('[problems]') && /401/.test(e);
  t.consoleErrors.splice(0, t.consoleErrors.length, ...t.consoleErrors.filter((e) => !expected(e)));
  await ctx.close();
});
