// Bundle + minify the baseline page into bench/baseline/dist/ (what would be uploaded as web resources).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

const here = (path) => new URL(path, import.meta.url).pathname;
const out = here('baseline/dist/');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [here('baseline/src/main.js')],
  outfile: `${out}baseline.js`,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  entryPoints: [here('baseline/baseline.css')],
  outfile: `${out}baseline.css`,
  minify: true,
  logLevel: 'warning',
});
copyFileSync(here('baseline/index.html'), `${out}index.html`);
