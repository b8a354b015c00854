// Where one page load's time goes: records a Chromium trace (CDP Tracing) of
// one load and prints the renderer main thread's long tasks, with the page's
// marks and resource timings, from navigation to the last mark. The page is
// opened as the benchmark opens it (inside the form host page by default).
// Run after scripts/bench.sh has built everything (it uses the same builds):
//   node bench/trace.mjs [--app leadmap|packaged|baseline]
//                        [--profile local|remote|org-cold|org-warm]
//                        [--placement form|top] [--leads 50] [--min-ms 3] [--out trace.json]
//                        [--cpu-profile [--after-last-answer]] [--browser-arg ARG ...]
//                        [--lazy-compile] [--early-answers]
// org-warm opens the form once untraced first, in the same browser context.
// Open the --out file in Chrome DevTools (Performance → Load profile) to see
// the whole trace (and the .cpuprofile beside it). --cpu-profile also samples
// the JavaScript and wasm stacks and prints the functions with the most self
// time, from navigation to the last mark (--after-last-answer: from the last
// Web API answer on); give the page a wasm with its name section (wasm-opt -g)
// to see Rust names. --lazy-compile prints the wasm functions V8 compiled on
// their first call (Liftoff, on the main thread) between leadmap:started and
// the last mark, by crate (names from the served wasm's name section).
// --early-answers prints, for each of the page's early requests, when it was
// asked for, when it left, when the network had it (Resource Timing) and when
// its answer reached the page's script: the last gap is time the answer waited
// for the main thread.
// Tracing slows the page down: read the order and the share of the tasks, and
// compare times with scripts/bench.sh, not with this.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { setEmulator, startEmulator } from './lib/emulator.mjs';
import { emulateRemoteOrg, pageInit } from './lib/page.mjs';
import { startGzipProxy } from './lib/proxy.mjs';
import { apps, pageUrl, profiles } from './lib/targets.mjs';
import { wasmFunctions } from './lib/wasm_functions.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'scripts/package.json'));
const { chromium } = require('playwright-core');

const { values: args } = parseArgs({
  options: {
    app: { type: 'string', default: 'leadmap' },
    profile: { type: 'string', default: 'org-cold' },
    placement: { type: 'string', default: 'form' },
    leads: { type: 'string', default: '50' },
    'min-ms': { type: 'string', default: '3' },
    out: { type: 'string' },
    'cpu-profile': { type: 'boolean', default: false },
    'after-last-answer': { type: 'boolean', default: false },
    // Passed to Chromium, e.g. --browser-arg=--js-flags=--no-wasm-lazy-compilation.
    'browser-arg': { type: 'string', multiple: true, default: [] },
    'lazy-compile': { type: 'boolean', default: false },
    'early-answers': { type: 'boolean', default: false },
  },
});
const APP = apps(ROOT, {
  dist: process.env.LEADMAP_DIST ?? join(ROOT, 'bench/results/leadmap-dist'),
  solution: process.env.LEADMAP_SOLUTION ?? join(ROOT, 'bench/results/leadmap-solution'),
})[args.app];
if (!APP) throw new Error(`--app is leadmap, packaged or baseline, not ${args.app}`);
const PROFILE = profiles(1)[args.profile];
if (!PROFILE) throw new Error(`--profile is local, remote, org-cold or org-warm, not ${args.profile}`);
const MARKS = ['leadmap:first-rows', 'leadmap:maps-ready'];
const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'loading', 'blink.user_timing',
  'v8', 'v8.execute', 'v8.wasm', 'disabled-by-default-v8.compile',
  ...(args['lazy-compile'] ? ['disabled-by-default-v8.wasm.detailed'] : []),
];

const emulator = await startEmulator(process.env.EMULATOR ?? join(ROOT, 'target/release/dataverse-emulator'), {
  dist: APP.dist,
  webresources: APP.webresources,
  generate: `contacts=1,leads_per_contact=${Number(args.leads)},seed=1,attributemaps=50`,
});
await setEmulator(emulator.url, { server_time: PROFILE.serverTime });
const proxy = await startGzipProxy(emulator.url);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args['browser-arg']],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // As in the benchmark: marks are collected by an observer installed before
  // the page's scripts, and read with one evaluate right after the commit.
  await page.addInitScript(pageInit, MARKS);
  if (args['early-answers']) await page.addInitScript(watchEarlyAnswers);
  const cdp = await context.newCDPSession(page);
  if (PROFILE.remote) await emulateRemoteOrg(cdp);
  const url = proxy.url + pageUrl(APP, { typename: 'contact', id: 'c6e00000-0000-4000-8000-000000000001', data: '' }, args.placement);
  for (let i = 0; i < PROFILE.warmOpens; i += 1) {
    await page.goto(url, { waitUntil: 'commit' });
    await page.evaluate(() => window.__benchMarks);
    await page.goto('about:blank');
  }
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES } });
  if (args['cpu-profile']) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }

  await page.goto(url, { waitUntil: 'commit' });
  const marks = await page.evaluate(() => window.__benchMarks);
  // Every frame's resources, in ms from the top-level navigation.
  const resources = await page.evaluate(() => [window, ...Array.from(window.frames)].flatMap((w) => {
    const offset = w.performance.timeOrigin - performance.timeOrigin;
    return w.performance.getEntriesByType('resource').map((r) => {
      const url = new URL(r.name);
      const file = url.pathname.split('/').pop();
      const api = url.pathname.includes('/api/data/');
      return {
        api,
        href: r.name,
        // Web API reads with their query (which metadata, which page), other files by name.
        name: api ? decodeURIComponent(file + url.search).slice(0, 200) : file,
        start: offset + r.startTime,
        end: offset + r.responseEnd,
        cached: r.transferSize === 0 && r.decodedBodySize > 0,
      };
    });
  }));
  const profile = args['cpu-profile'] ? (await cdp.send('Profiler.stop')).profile : null;
  await cdp.send('Tracing.end');
  await complete;
  if (args.out) writeFileSync(args.out, JSON.stringify({ traceEvents: events }));
  if (args.out && profile) writeFileSync(`${args.out}.cpuprofile`, JSON.stringify(profile));
  const t0 = report(events, marks, resources, Number(args['min-ms']));
  if (profile) {
    const answers = resources.filter((r) => r.api);
    const from = args['after-last-answer'] ? Math.max(0, ...answers.map((r) => r.end)) : 0;
    selfTimes(profile, t0, from, Math.max(...Object.values(marks)));
  }
  if (args['early-answers']) {
    printEarlyAnswers(await page.evaluate(() => window.__earlyAnswers ?? []), resources);
  }
  if (args['lazy-compile']) {
    if (!APP.dist) throw new Error('--lazy-compile reads the wasm of a Trunk build (--app leadmap)');
    const started = marks['leadmap:started'] ?? 0;
    lazyCompiles(events, t0, started, Math.max(...Object.values(marks)), wasmFunctions(join(APP.dist, 'leadmap_bg.wasm')));
  }
} finally {
  await browser.close();
  await proxy.stop();
  await emulator.stop();
}

// In every frame, before the page's scripts: notes, in the top frame's time, when the
// early script hands over its requests and when each answer's promise resolves.
function watchEarlyAnswers() {
  const log = (window.top.__earlyAnswers ??= []);
  const offset = performance.timeOrigin - window.top.performance.timeOrigin;
  let early;
  const watch = (request) => {
    const entry = { url: request.url, sent: offset + (request.sentAt ?? performance.now()) };
    log.push(entry);
    request.answer?.then(() => { entry.answered = offset + performance.now(); });
  };
  Object.defineProperty(window, 'leadmapEarly', {
    configurable: true,
    get: () => early,
    set(value) {
      early = value;
      (value?.requests ?? []).forEach(watch);
      const push = value?.requests?.push?.bind(value.requests);
      if (push) value.requests.push = (...added) => { added.forEach((r) => setTimeout(() => watch(r))); return push(...added); };
    },
  });
}

function printEarlyAnswers(answers, resources) {
  if (answers.length === 0) {
    console.log('\nNo early requests: the page left no window.leadmapEarly.');
    return;
  }
  console.log('\nEarly requests (ms from navigation): asked for, left, done at the network, answer in the page\'s script');
  for (const a of answers.sort((x, y) => x.sent - y.sent)) {
    const timing = resources.find((r) => r.href === new URL(a.url).href);
    const left = timing ? timing.start.toFixed(0) : '?';
    const done = timing ? timing.end.toFixed(0) : '?';
    const answered = a.answered === undefined ? 'not yet' : a.answered.toFixed(0);
    console.log(`${a.sent.toFixed(0).padStart(8)} ${left.padStart(8)} ${done.padStart(8)} ${answered.padStart(8)}  ${(timing?.name ?? a.url).slice(0, 90)}`);
  }
}

function report(events, marks, resources, minMs) {
  // The renderer's main thread is the one that parsed the page (the frame is same-origin: same thread).
  const parse = events.find((e) => e.name === 'ParseHTML');
  if (!parse) throw new Error('no ParseHTML event in the trace');
  const onMain = (e) => e.pid === parse.pid && e.tid === parse.tid;
  // The top-level document's start (not the form's iframe).
  const starts = events.filter((e) => e.name === 'navigationStart' && onMain(e) && e.args?.data?.isLoadingMainFrame !== false).map((e) => e.ts);
  const t0 = Math.max(...starts) / 1000;
  const end = Math.max(...Object.values(marks)) + 5;
  const lines = [];
  for (const [name, ms] of Object.entries(marks)) lines.push([ms, `mark  ${name}`]);
  for (const r of resources) lines.push([r.end, `done  ${r.name} (started ${r.start.toFixed(0)} ms${r.cached ? ', from the HTTP cache' : ''})`]);
  for (const e of events) {
    if (!onMain(e) || e.ph !== 'X' || (e.dur ?? 0) / 1000 < minMs) continue;
    const at = e.ts / 1000 - t0;
    if (at < 0 || at > end) continue;
    const data = e.args?.data ?? {};
    const what = data.url ? ` ${new URL(data.url).pathname.split('/').pop()}` : '';
    lines.push([at, `${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  ${e.name}${what}`]);
  }
  lines.sort((a, b) => a[0] - b[0]);
  console.log(`${args.app}, ${args.profile} profile, ${args.placement}, ${args.leads} leads: main-thread tasks of ${minMs} ms or more (ms from navigation)`);
  for (const [at, text] of lines) console.log(`${at.toFixed(1).padStart(8)}  ${text}`);
  return t0;
}

// Self time per function (the sampled stack's top frame) in [from, to] ms from navigation.
function selfTimes(profile, t0, from, to) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  let at = profile.startTime / 1000 - t0;
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] / 1000;
    const next = profile.timeDeltas[i + 1] ?? 0;
    if (at < from || at > to) return;
    const { functionName, url } = nodes.get(id).callFrame;
    const name = functionName || (url ? `(anonymous) ${url.split('/').pop()}` : '(program)');
    if (name === '(idle)') return;
    totals.set(name, (totals.get(name) ?? 0) + next / 1000);
    sampled += next / 1000;
  });
  console.log(`\nSelf time from ${from.toFixed(0)} to ${to.toFixed(0)} ms (${sampled.toFixed(1)} ms sampled, idle left out):`);
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 140)}`);
  }
}

// The functions compiled lazily from `from` to `to` (ms from navigation), by
// crate: V8 compiles each wasm function with Liftoff on its first call, on the
// main thread, so a first render pays for every function it runs.
function lazyCompiles(events, t0, from, to, { sizes, names }) {
  const crate = (name) => {
    if (/CompStateInner<COMP> as .*Stateful>::view/.test(name)) return 'components (render with hooks)';
    if (name.includes('leadmap::')) return `leadmap::${name.match(/leadmap::([a-z0-9_]+)/)?.[1] ?? ''}`;
    return name.match(/^[<&\s]*(?:mut |dyn )?([a-z_][a-z0-9_]*)/)?.[1] ?? '(unnamed)';
  };
  const groups = new Map();
  const all = { ms: 0, bytes: 0, count: 0 };
  for (const e of events) {
    if (e.name !== 'wasm.CompileLazy') continue;
    const at = e.ts / 1000 - t0;
    if (at < from || at > to) continue;
    const index = e.args?.func_index;
    const key = names.size ? crate(names.get(index) ?? '') : '(no name section)';
    const group = groups.get(key) ?? { ms: 0, bytes: 0, count: 0 };
    for (const g of [group, all]) {
      g.ms += (e.dur ?? 0) / 1000;
      g.bytes += sizes.get(index) ?? 0;
      g.count += 1;
    }
    groups.set(key, group);
  }
  const line = (g, what) => `${g.ms.toFixed(1).padStart(8)} ms ${(g.bytes / 1024).toFixed(1).padStart(7)} KiB ${String(g.count).padStart(5)}  ${what}`;
  console.log(`\nwasm functions compiled on first call from ${from.toFixed(0)} to ${to.toFixed(0)} ms (of ${sizes.size} in the module):`);
  console.log(line(all, 'in all'));
  for (const [what, g] of [...groups].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) console.log(line(g, what));
}
