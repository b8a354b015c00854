// LeadMap vs. the plain-JS baseline page: load times, requests, operations,
// interactions and memory, over several interleaved runs, on four profiles
// (local, remote, real org cold and warm), with LeadMap both as Trunk builds
// it and as the packaged solution serves it, each inside the emulator's
// form-like host page. Run through scripts/bench.sh (it builds everything first):
//   scripts/bench.sh [--quick] [--runs N] [--profiles local,remote,org-cold,org-warm]
//                    [--placements form,top] [--pages leads50,maps50] [--before REV[,REV…]]
//                    [--first-view]
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { shippedBytes } from './lib/bytes.mjs';
import { setEmulator, startEmulator } from './lib/emulator.mjs';
import { startGzipProxy } from './lib/proxy.mjs';
import { REMOTE, benchmarkRun } from './lib/page.mjs';
import { apps, pageUrl, profiles } from './lib/targets.mjs';
import { bytesTable, differences, median, stats, summary, table } from './lib/report.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'scripts/package.json'));
const { chromium } = require('playwright-core');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    profiles: { type: 'string', default: 'local,remote,org-cold,org-warm' },
    // form: inside the emulator's form host page (what a user opens); top: the web resource alone.
    placements: { type: 'string', default: 'form' },
    'warm-opens': { type: 'string', default: '1' },
    // Only these pages (keys of DATA_SETS below, e.g. leads50,maps50); default: all.
    pages: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results/latest.json') },
    // Without it the pages go through a gzip proxy, as a real org compresses what it sends.
    direct: { type: 'boolean', default: false },
    // The first view only: no interactions or memory after it (many runs in little time, for A/B).
    'first-view': { type: 'boolean', default: false },
  },
});
const QUICK = args.quick;
const RUNS = Number(args.runs ?? (QUICK ? 3 : 7));
const PAGE_CHANGES = QUICK ? 20 : 50;
const list = (text) => text.split(',').map((p) => p.trim()).filter(Boolean);
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_MS ?? 120_000);
const EMULATOR = process.env.EMULATOR ?? join(ROOT, 'target/release/dataverse-emulator');
const WARM_OPENS = Number(args['warm-opens']);

const PROFILES = profiles(WARM_OPENS);
const PROFILE_KEYS = list(args.profiles);
for (const key of PROFILE_KEYS) if (!PROFILES[key]) throw new Error(`unknown profile ${key}: ${Object.keys(PROFILES).join(', ')}`);
const PLACEMENTS = list(args.placements);
for (const p of PLACEMENTS) if (!['form', 'top'].includes(p)) throw new Error(`unknown placement ${p}: form, top`);

// LEADMAP_BEFORE=rev,dist,solution[;…] (scripts/bench.sh --before REV[,REV…]): those commits' builds side by side.
const before = (process.env.LEADMAP_BEFORE ?? '').split(';').filter(Boolean)
  .map((entry) => entry.split(','))
  .map(([rev, dist, solution]) => ({ rev, dist, solution }));
const APPS = apps(ROOT, { dist: process.env.LEADMAP_DIST, solution: process.env.LEADMAP_SOLUTION, before });
const APP_KEYS = Object.keys(APPS);

const FIRST_CONTACT = 'c6e00000-0000-4000-8000-000000000001';
const BIG_SOURCE = '0b000000-0000-4000-8000-000000000001';
const BOTH_MARKS = ['leadmap:first-rows', 'leadmap:maps-ready'];

const page = (key, label, typename, id, data, expected, interactions = false) =>
  ({ key, label, typename, id, data, expected, interactions });
// One emulator data set per entry (the contact to open has `leads` leads).
const DATA_SETS = [
  {
    generate: 'contacts=1,leads_per_contact=50,seed=1,attributemaps=50',
    pages: [
      page('leads50', '50 leads (first view)', 'contact', FIRST_CONTACT, '', BOTH_MARKS, true),
      page('maps50', '50 attribute maps', 'new_bigsource', BIG_SOURCE, 'view=maps', ['leadmap:maps-ready']),
    ],
  },
  {
    generate: 'contacts=1,leads_per_contact=1000,seed=1',
    pages: [page('leads1000', '1,000 leads', 'contact', FIRST_CONTACT, '', BOTH_MARKS)],
  },
  {
    generate: 'contacts=1,leads_per_contact=10000,seed=1,attributemaps=5000',
    quick: false,
    pages: [
      page('leads10000', '10,000 leads', 'contact', FIRST_CONTACT, '', BOTH_MARKS),
      page('maps5000', '5,000 attribute maps', 'new_bigsource', BIG_SOURCE, 'view=maps', ['leadmap:maps-ready']),
    ],
  },
].filter((set) => !QUICK || set.quick !== false)
  .map((set) => ({ ...set, pages: set.pages.filter((p) => !args.pages || list(args.pages).includes(p.key)) }))
  .filter((set) => set.pages.length > 0);

const log = (...parts) => process.stderr.write(`${parts.join(' ')}\n`);

function describe(result) {
  const marks = Object.entries(result.marks).map(([name, ms]) => `${name.replace('leadmap:', '')} ${ms.toFixed(0)} ms`);
  return `${marks.join(', ')}, ${result.requests} requests, ${result.operations} operations`;
}

// One page load (and its interactions) of one app; adds to results or failures.
async function measureOne(browser, server, { target, app, profile, placement, run }, results, failures) {
  const settings = PROFILES[profile];
  await setEmulator(server.emulator.url, { server_time: settings.serverTime });
  const options = {
    base: server.emulator.url,
    url: server.origin.url + pageUrl(APPS[app], target, placement),
    expected: target.expected,
    remote: settings.remote,
    warmOpens: settings.warmOpens,
    interactions: target.interactions && settings.interactions && !args['first-view'],
    pageChanges: PAGE_CHANGES,
    timeoutMs: RUN_TIMEOUT_MS,
    failureShot: join(dirname(args.out), `failed-${target.key}-${profile}-${placement}-${app}-${run + 1}.png`),
  };
  const label = `[${target.label}] run ${run + 1}/${RUNS} ${profile} ${placement} ${APPS[app].name}`;
  try {
    const result = await benchmarkRun(browser, options);
    (((results[profile][placement] ??= {})[target.key] ??= {})[app] ??= []).push({ ...result, run });
    log(`${label}: ${describe(result)}`);
    for (const error of result.errors) log(`  ! ${error}`);
    if (result.errors.length) failures.push(`${label}: ${result.errors.join('; ')}`);
  } catch (error) {
    log(`${label}: FAILED ${error.message}`);
    failures.push(`${label}: ${error.message}`);
  }
}

// One emulator per app with the data set, each behind a gzip proxy unless --direct.
async function startServers(set) {
  const servers = {};
  for (const [key, app] of Object.entries(APPS)) {
    const emulator = await startEmulator(EMULATOR, { dist: app.dist, webresources: app.webresources, generate: set.generate });
    servers[key] = { emulator, origin: emulator };
    if (!args.direct) servers[key].origin = await startGzipProxy(emulator.url);
  }
  return servers;
}

async function stopServers(servers) {
  for (const { emulator, origin } of Object.values(servers)) {
    if (origin !== emulator) await origin.stop();
    await emulator.stop();
  }
}

// results[profile][placement][pageKey][app] = [run results]
async function measureAll(browser) {
  const results = Object.fromEntries(PROFILE_KEYS.map((p) => [p, {}]));
  const failures = [];
  for (const set of DATA_SETS) {
    log(`\n== data set ${set.generate}`);
    let servers = {};
    try {
      servers = await startServers(set);
      for (let run = 0; run < RUNS; run += 1) {
        // Interleave: rotate which app goes first in each run.
        const order = APP_KEYS.map((_, i) => APP_KEYS[(i + run) % APP_KEYS.length]);
        for (const profile of PROFILE_KEYS) {
          for (const placement of PLACEMENTS) {
            for (const target of set.pages) {
              for (const app of order) {
                await measureOne(browser, servers[app], { target, app, profile, placement, run }, results, failures);
              }
            }
          }
        }
      }
    } finally {
      await stopServers(servers);
    }
  }
  return { results, failures };
}

// Turn run results into table rows: one metric, every app, each app's median ratio to the baseline.
function metricRows(results) {
  const rows = [];
  const add = (metric, unit, pick, runsByApp) => {
    const cells = Object.fromEntries(APP_KEYS.map((app) => [app, stats((runsByApp[app] ?? []).map(pick))]));
    if (Object.values(cells).every((c) => !c)) return;
    rows.push({ metric, unit, cells });
  };
  const pages = DATA_SETS.flatMap((set) => set.pages).filter((target) => results[target.key]);
  for (const target of pages) {
    const runsByApp = results[target.key];
    rows.push({ section: target.label });
    add('  navigation → code downloaded', 'ms', (r) => r.phases?.codeDownloaded, runsByApp);
    add('  navigation → first API request sent', 'ms', (r) => r.phases?.firstApiRequest, runsByApp);
    add('  navigation → app started (wasm instantiated)', 'ms', (r) => r.phases?.appStarted, runsByApp);
    for (const mark of target.expected) add(`  navigation → ${mark}`, 'ms', (r) => r.marks[mark], runsByApp);
    add('  last answer → leadmap:maps-ready (render)', 'ms', (r) => r.phases?.mapsRender, runsByApp);
    add('  HTTP requests until the view is complete', 'count', (r) => r.requests, runsByApp);
    add('  operations (a $batch counts its parts)', 'count', (r) => r.operations, runsByApp);
    add('  metadata requests before the view is complete', 'count', (r) => r.phases?.metadataBeforeComplete, runsByApp);
  }
  for (const target of pages.filter((t) => t.interactions)) {
    const runsByApp = results[target.key];
    if (!Object.values(runsByApp).some((runs) => runs.some((r) => r.ops))) continue;
    rows.push({ section: `Once loaded (${target.label.replace(/ \(.*\)/, '')}, time until the first row changes)` });
    add('  page change (first Next)', 'ms', (r) => r.ops?.pageChanges[0], runsByApp);
    add(`  page change (median of ${PAGE_CHANGES})`, 'ms', (r) => median(r.ops?.pageChanges ?? []), runsByApp);
    add('  sort (first header)', 'ms', (r) => r.ops?.sort, runsByApp);
    add('  search as typed (incl. 300 ms debounce)', 'ms', (r) => r.ops?.typed, runsByApp);
    add('  search with Enter', 'ms', (r) => r.ops?.enter, runsByApp);
    rows.push({ section: 'Memory (after a forced GC; the whole page, host included)' });
    add('  JS heap after load', 'bytes', (r) => r.memory?.before.jsHeap, runsByApp);
    add(`  JS heap after ${PAGE_CHANGES} page changes`, 'bytes', (r) => r.memory?.after.jsHeap, runsByApp);
    add('  wasm memory after load', 'bytes', (r) => r.memory?.before.wasm, runsByApp);
    add(`  wasm memory after ${PAGE_CHANGES} page changes`, 'bytes', (r) => r.memory?.after.wasm, runsByApp);
  }
  return rows;
}

function gitRevision() {
  try {
    const head = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    const dirty = execSync('git status --porcelain', { cwd: ROOT }).toString().trim() ? '+dirty' : '';
    return head + dirty;
  } catch {
    return null;
  }
}

const PLACEMENT_TITLES = {
  form: 'inside the form host page (iframe at the cache-busting web resource path)',
  top: 'the web resource opened alone (top level)',
};

async function main() {
  const bytesOf = (app, dir) => shippedBytes(dir, app.files.map((file) => ({ kind: file.split('.').pop(), file })));
  const bytes = {
    leadmap: bytesOf(APPS.leadmap, APPS.leadmap.dist),
    baseline: bytesOf(APPS.baseline, APPS.baseline.dist),
    packaged: APPS.packaged ? bytesOf(APPS.packaged, join(APPS.packaged.webresources, 'new_/leadmap')) : null,
  };
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let measured;
  try {
    measured = await measureAll(browser);
  } finally {
    await browser.close();
  }
  const meta = {
    date: new Date().toISOString(),
    git: gitRevision(),
    quick: QUICK,
    runs: RUNS,
    pageChanges: PAGE_CHANGES,
    profiles: PROFILE_KEYS,
    placements: PLACEMENTS,
    warmOpens: WARM_OPENS,
    remote: REMOTE,
    leadmapDist: APPS.leadmap.dist,
    wasmSha256: createHash('sha256').update(readFileSync(join(APPS.leadmap.dist, 'leadmap_bg.wasm'))).digest('hex').slice(0, 16),
    served: args.direct ? 'straight from the emulator, uncompressed' : 'through a gzip (level 6) proxy in front of the emulator',
    chromium: browser.version(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    seconds: Math.round((Date.now() - started) / 1000),
    dataSets: DATA_SETS.map((s) => s.generate),
  };
  const columns = APP_KEYS.map((key) => ({ key, name: APPS[key].name, short: APPS[key].short }));
  const tables = {};
  const out = [`LeadMap benchmark — ${meta.date} (${meta.git ?? 'no git'}, wasm sha256 ${meta.wasmSha256}…), Chromium ${meta.chromium}, ${meta.cpus} CPUs, ${RUNS} runs per cell, fresh browser context each run, served ${meta.served}, ${meta.seconds} s`,
    '', bytesTable(bytes.leadmap, bytes.baseline, bytes.packaged)];
  for (const profile of PROFILE_KEYS) {
    for (const placement of PLACEMENTS) {
      const rows = metricRows(measured.results[profile][placement] ?? {});
      (tables[profile] ??= {})[placement] = rows;
      out.push('', table(`Profile: ${PROFILES[profile].title}; ${PLACEMENT_TITLES[placement]}`, rows, columns));
    }
  }
  out.push('', '× = median of that LeadMap / median of the baseline (below 1: LeadMap smaller or faster).');
  out.push('', summary(meta, PROFILE_KEYS.map((key) => ({ key, short: PROFILES[key].short })), PLACEMENTS, tables, columns, bytes));
  const pairs = [
    ...['leadmap', 'packaged'].filter((app) => APPS[app]).map((app) => [app, 'baseline', `${APPS[app].short} − baseline`]),
    ...before.flatMap(({ rev }) => [['leadmap', `trunk@${rev}`], ['packaged', `packaged@${rev}`]])
      .filter(([app, other]) => APPS[app] && APPS[other])
      .map(([app, other]) => [app, other, `${APPS[app].short} − ${APPS[other].short}`]),
  ];
  const firstViews = DATA_SETS.flatMap((set) => set.pages).filter((p) => p.expected.length > 0);
  for (const placement of PLACEMENTS) out.push('', differences(measured.results, PROFILE_KEYS, placement, firstViews, pairs));
  if (measured.failures.length) out.push('', `Problems (${measured.failures.length}):`, ...measured.failures.map((f) => `  ${f}`));
  console.log(out.join('\n'));

  mkdirSync(dirname(args.out), { recursive: true });
  const json = JSON.stringify({ meta, bytes, tables, runs: measured.results, failures: measured.failures }, null, 1);
  writeFileSync(args.out, json);
  log(`\nresults written to ${args.out}`);
  if (measured.failures.length) process.exitCode = 1;
}

await main();
