// Bundles the web map: src/main.js (+ maplibre-gl, terra-draw) → ../api/web/app,
// the folder the pantau binary embeds. Run by `make web` after `npm ci`.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'api', 'web', 'app');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, 'src', 'main.js')],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  legalComments: 'linked',
  outfile: join(out, 'app.js'),
  logLevel: 'warning',
});
await build({
  entryPoints: [join(here, 'src', 'style.css')],
  bundle: true,
  minify: true,
  outfile: join(out, 'app.css'),
  logLevel: 'warning',
});
const ml = join(here, 'node_modules', 'maplibre-gl', 'dist');
copyFileSync(join(ml, 'maplibre-gl.css'), join(out, 'maplibre-gl.css'));
// MapLibre 6 starts its workers from this module, found next to the bundle.
copyFileSync(join(ml, 'maplibre-gl-worker.mjs'), join(out, 'maplibre-gl-worker.mjs'));
copyFileSync(join(here, 'node_modules', 'maplibre-gl', 'LICENSE.txt'), join(out, 'maplibre-gl.LICENSE.txt'));
console.log('web: bundled into', out);
