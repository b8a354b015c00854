// How long a small Web API answer takes to reach a page's script once the
// network has it, under the benchmark's remote emulation: four small fetches
// while LeadMap's wasm downloads (compiled on the main thread, compiled in a
// worker, or not downloaded at all), with and without the 4× CPU slowdown.
// Prints, per case and run, the median of the four answers' "body read by the
// script" minus "responseEnd" (Resource Timing), and when the wasm was in.
//   node bench/delivery.mjs [--runs 4] [--wasm dist/leadmap_bg.wasm]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import { REMOTE } from './lib/page.mjs';
import { median } from './lib/report.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'scripts/package.json'));
const { chromium } = require('playwright-core');

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '4' }, wasm: { type: 'string', default: join(ROOT, 'dist/leadmap_bg.wasm') } },
});
const WASM = gzipSync(readFileSync(args.wasm), { level: 9 });
// About an attribute catalog's size on the wire.
const ANSWER = gzipSync(Buffer.from(JSON.stringify({ value: 'x'.repeat(50_000) })));
const WORKER = "WebAssembly.compileStreaming(fetch('/app.wasm')).then((m) => postMessage(m));";

// How the page gets its wasm: compiled on the main thread, in a worker, or not at all.
const APP = {
  main: "WebAssembly.compileStreaming(fetch('/app.wasm'))",
  worker: "new Promise((ok) => { new Worker('/worker.js').onmessage = (e) => ok(e.data); })",
  none: 'Promise.resolve()',
};
const page = (wasm) => `<!doctype html><script>
const done = {};
const answers = [1, 2, 3, 4].map((i) => fetch('/answer?' + i).then((r) => r.arrayBuffer().then(() => { done[r.url] = performance.now(); })));
Promise.all([${APP[wasm]}.then(() => { done.wasm = performance.now(); }), ...answers]).then(() => {
  const ends = performance.getEntriesByType('resource').filter((e) => e.name in done);
  window.result = { gaps: ends.map((e) => done[e.name] - e.responseEnd), wasm: done.wasm };
});
</script>`;

let wasmMode = 'none';
const server = createServer((req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page(wasmMode));
  if (req.url === '/worker.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(WORKER);
  const wasm = req.url === '/app.wasm';
  res.writeHead(200, { 'content-type': wasm ? 'application/wasm' : 'application/json', 'content-encoding': 'gzip' });
  // The answers come after some server time, while the wasm still downloads.
  setTimeout(() => res.end(wasm ? WASM : ANSWER), wasm ? 0 : 90);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  for (const cpu of [1, REMOTE.cpuSlowdown]) {
    for (const mode of Object.keys(APP)) {
      wasmMode = mode;
      const rows = [];
      for (let run = 0; run < Number(args.runs); run += 1) {
        const tab = await browser.newPage();
        const cdp = await tab.context().newCDPSession(tab);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false, latency: REMOTE.latency, downloadThroughput: REMOTE.throughput, uploadThroughput: REMOTE.throughput,
        });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
        await tab.goto(origin);
        const { gaps, wasm } = await (await tab.waitForFunction(() => window.result, null, { timeout: 30_000 })).jsonValue();
        rows.push(`${median(gaps).toFixed(0)}${mode === 'none' ? '' : ` (wasm in at ${wasm.toFixed(0)})`}`);
        await tab.close();
      }
      console.log(`${cpu}× CPU, wasm ${mode.padEnd(6)} answer reached the script after responseEnd, ms: ${rows.join(', ')}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
