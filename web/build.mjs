// Bundles the web map into ../api/web/app, the folder the pantau binary
// embeds. Run by `make web` after `npm ci`.
//
// Built for a weak signal (docs/fieldmap.md): the page that reaches the
// phone first (index.html) carries the login form, the whole style sheet
// and a placeholder for the page's configuration, so the form shows with
// the first answer. Its small entry (boot-HASH.js) signs in and draws a
// preview of the density from the tiles; the map itself (MapLibre, panels)
// is a chunk of its own, fetched in parallel and started after sign-in.
// Every file but index.html and sw.js has its content hash in its name
// (served as immutable) and a gzip and brotli copy next to it.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'api', 'web', 'app');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const hash = (b) => createHash('sha256').update(b).digest('base64url').slice(0, 10);

// copyHashed copies a file under a name carrying its content hash.
function copyHashed(src, name) {
  const b = readFileSync(src);
  const hashed = `${basename(name, extname(name))}-${hash(b)}${extname(name)}`;
  copyFileSync(src, join(out, hashed));
  return hashed;
}

const ml = join(here, 'node_modules', 'maplibre-gl', 'dist');
// MapLibre 6 starts its workers from this module; the map chunk learns its
// hashed name at build time.
const worker = copyHashed(join(ml, 'maplibre-gl-worker.mjs'), 'maplibre-gl-worker.mjs');
copyFileSync(join(here, 'node_modules', 'maplibre-gl', 'LICENSE.txt'), join(out, 'maplibre-gl.LICENSE.txt'));

const result = await build({
  entryPoints: [join(here, 'src', 'boot.js')],
  bundle: true,
  splitting: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  legalComments: 'linked',
  outdir: out,
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  metafile: true,
  define: { PANTAU_WORKER_URL: JSON.stringify('/app/' + worker) },
  // MapLibre's style sheet goes into the map chunk as text (map.js): one
  // request less when connections are scarce.
  loader: { '.css': 'text' },
  logLevel: 'warning',
});
const outputs = result.metafile.outputs;
const rel = (p) => basename(p);
const entry = Object.keys(outputs).find((p) => outputs[p].entryPoint && outputs[p].entryPoint.endsWith('boot.js'));
// Static imports of the entry are preloaded so they do not wait for it; the
// map chunk (the entry's dynamic import) is preloaded too, at the same time.
// MapLibre's worker is asked for by boot.js (preloadMap), not here, and its
// style sheet is in the map chunk: Chromium opens six connections to a
// host over HTTP/1.1, and with six files asked for at once the password
// waited two seconds for a free one on a weak signal (docs/fieldmap.md).
const staticImports = outputs[entry].imports.filter((i) => i.kind === 'import-statement').map((i) => rel(i.path));
const mapChunk = outputs[entry].imports.filter((i) => i.kind === 'dynamic-import').map((i) => rel(i.path));

// The sign-in script goes inline (signin.js): the password can go as soon
// as the page is there, a round trip before boot.js arrives. The server's
// CSP allows it by its SHA-256 (manifest.json's inline_scripts).
const signin = (await build({ entryPoints: [join(here, 'src', 'signin.js')], bundle: false, minify: true, target: ['es2022'], write: false, logLevel: 'warning' })).outputFiles[0].text.trim();
if (signin.includes('</')) throw new Error('signin.js: "</" would end the inline script');
const signinHash = 'sha256-' + createHash('sha256').update(signin).digest('base64');

const css = await build({ entryPoints: [join(here, 'src', 'style.css')], bundle: true, minify: true, write: false, logLevel: 'warning' });

// index.html: the template's data-i18n elements get their Indonesian words
// (i18n.js is the one place for words), the asset names their hashes.
globalThis.localStorage = { getItem: () => null, setItem: () => {} };
const { dict } = await import('./src/i18n.js');
const words = (html) => html.replace(/(<([a-z0-9]+)[^>]*\sdata-i18n="([a-z0-9_]+)"[^>]*>)(<\/\2>)/g, (m, open, tag, key, close) => {
  if (!dict.id[key]) throw new Error(`index.html: no word for ${key}`);
  return open + dict.id[key] + close;
});
const preloads = [...staticImports, ...mapChunk].map((f) => `<link rel="modulepreload" href="/app/${f}">`).join('\n');
const html = words(readFileSync(join(here, 'index.html'), 'utf8'))
  .replace('{{style}}', css.outputFiles[0].text.trim())
  .replace('{{preload}}', preloads)
  .replace('{{entry}}', '/app/' + rel(entry))
  .replace('{{signin}}', () => `<script>${signin}</script>`);
writeFileSync(join(out, 'index.html'), html);

// The service worker (sw.js, served at /sw.js) keeps the app shell: the
// page and every hashed file the map needs. Its version is the shell's hash.
const shell = readdirSync(out).filter((f) => /\.(js|mjs|css)$/.test(f)).sort().map((f) => '/app/' + f);
const swSrc = readFileSync(join(here, 'src', 'sw.js'), 'utf8');
const version = hash(Buffer.from(shell.join('\n') + html + swSrc));
writeFileSync(join(out, 'sw.js'), `const SHELL = ${JSON.stringify(shell)};\nconst VERSION = ${JSON.stringify(version)};\n${swSrc}`);

// Pre-compressed copies; the server picks one by Accept-Encoding. Hashed
// names are listed for the server, which serves them as immutable.
const hashed = [];
for (const f of readdirSync(out)) {
  const b = readFileSync(join(out, f));
  if (/-[A-Za-z0-9_-]{8,}\.(js|mjs|css)$/.test(f)) hashed.push(f);
  if (!/\.(js|mjs|css|html|txt|json)$/.test(f) || b.length < 512) continue;
  writeFileSync(join(out, f + '.gz'), gzipSync(b, { level: 9 }));
  writeFileSync(join(out, f + '.br'), brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }));
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ entry: rel(entry), map: mapChunk, worker, inline_scripts: [signinHash], immutable: hashed.sort() }, null, 1));
console.log('web: bundled into', out);
