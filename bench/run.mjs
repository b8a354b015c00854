// LeadMap vs. the plain-JS baseline page: load times, requests, interactions
// and memory, over several interleaved runs, on a local and a remote-org profile.
// Run through scripts/bench.sh (it builds everything first):
//   scripts/bench.sh [--quick] [--runs N] [--profiles local,remote]
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { shippedBytes } from './lib/bytes.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { startGzipProxy } from './lib/proxy.mjs';
import { REMOTE, benchmarkRun } from './lib/page.mjs';
import { bytesTable, median, ratio, stats, table } from './lib/report.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'scripts/package.json'));
const { chromium } = require('playwright-core');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    profiles: { type: 'string', default: 'local,remote' },
    out: { type: 'string', default: join(ROOT, 'bench/results/latest.json') },
    // Without it the pages go through a gzip proxy, as a real org compresses what it sends.
    direct: { type: 'boolean', default: false },
  },
});
const QUICK = args.quick;
const RUNS = Number(args.runs ?? (QUICK ? 3 : 7));
const PAGE_CHANGES = QUICK ? 20 : 50;
const PROFILES = args.profiles.split(',').map((p) => p.trim()).filter(Boolean);
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_MS ?? 120_000);
const EMULATOR = process.env.EMULATOR ?? join(ROOT, 'target/release/dataverse-emulator');

const APPS = {
  leadmap: { name: 'LeadMap', dist: process.env.LEADMAP_DIST ?? join(ROOT, 'dist'), files: ['index.html', 'leadmap.js', 'leadmap_bg.wasm', 'leadmap.css'] },
  baseline: { name: 'baseline', dist: join(ROOT, 'bench/baseline/dist'), files: ['index.html', 'baseline.js', 'baseline.css'] },
};

// The web resources the packaged page loads (packager/src/page.rs).
const PACKAGED_FILES = ['index.html', 'early_batch.js', 'leadmap.js', 'leadmap.css'];

const WEB_RESOURCE = '/WebResources/new_/leadmap/index.html';
const FIRST_CONTACT = 'c6e00000-0000-4000-8000-000000000001';
// The form's PassParams, as Dynamics appends them.
const contactForm = `${WEB_RESOURCE}?type=2&typename=contact&id=%7B${FIRST_CONTACT}%7D&orgname=emulator&userlcid=1033&orglcid=1033`;
const bigMapForm = `${WEB_RESOURCE}?typename=new_bigsource&id=%7B0b000000-0000-4000-8000-000000000001%7D&orgname=emulator&userlcid=1033&orglcid=1033&data=view%3Dmaps`;
const BOTH_MARKS = ['leadmap:first-rows', 'leadmap:maps-ready'];

const page = (key, label, path, expected, interactions = false) => ({ key, label, path, expected, interactions });
// One emulator data set per entry (the contact to open has `leads` leads).
const DATA_SETS = [
  {
    generate: 'contacts=1,leads_per_contact=50,seed=1,attributemaps=50',
    pages: [
      page('leads50', '50 leads (first view)', contactForm, BOTH_MARKS, true),
      page('maps50', '50 attribute maps', bigMapForm, ['leadmap:maps-ready']),
    ],
  },
  {
    generate: 'contacts=1,leads_per_contact=1000,seed=1',
    pages: [page('leads1000', '1,000 leads', contactForm, BOTH_MARKS)],
  },
  {
    generate: 'contacts=1,leads_per_contact=10000,seed=1,attributemaps=5000',
    quick: false,
    pages: [
      page('leads10000', '10,000 leads', contactForm, BOTH_MARKS),
      page('maps5000', '5,000 attribute maps', bigMapForm, ['leadmap:maps-ready']),
    ],
  },
].filter((set) => !QUICK || set.quick !== false);

const log = (...parts) => process.stderr.write(`${parts.join(' ')}\n`);

function describe(result) {
  const marks = Object.entries(result.marks).map(([name, ms]) => `${name.replace('leadmap:', '')} ${ms.toFixed(0)} ms`);
  return `${marks.join(', ')}, ${result.requests} requests`;
}

// One page load (and its interactions) of one app; adds to results or failures.
async function measureOne(browser, server, { target, app, profile, run }, results, failures) {
  const options = {
    base: server.emulator.url,
    url: server.origin.url + target.path,
    expected: target.expected,
    remote: profile === 'remote',
    interactions: target.interactions,
    pageChanges: PAGE_CHANGES,
    timeoutMs: RUN_TIMEOUT_MS,
    failureShot: join(dirname(args.out), `failed-${target.key}-${profile}-${app}-${run + 1}.png`),
  };
  const label = `[${target.label}] run ${run + 1}/${RUNS} ${profile} ${APPS[app].name}`;
  try {
    const result = await benchmarkRun(browser, options);
    ((results[profile][target.key] ??= {})[app] ??= []).push(result);
    log(`${label}: ${describe(result)}`);
    for (const error of result.errors) log(`  ! ${error}`);
    if (result.errors.length) failures.push(`${label}: ${result.errors.join('; ')}`);
  } catch (error) {
    log(`${label}: FAILED ${error.message}`);
    failures.push(`${label}: ${error.message}`);
  }
}

// Two emulators (one per app) with the data set, each behind a gzip proxy unless --direct.
async function startServers(set) {
  const servers = {};
  for (const [key, app] of Object.entries(APPS)) {
    const emulator = await startEmulator(EMULATOR, { dist: app.dist, generate: set.generate });
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

// results[profile][pageKey][app] = [run results]
async function measureAll(browser) {
  const results = Object.fromEntries(PROFILES.map((p) => [p, {}]));
  const failures = [];
  for (const set of DATA_SETS) {
    log(`\n== data set ${set.generate}`);
    let servers = {};
    try {
      servers = await startServers(set);
      for (let run = 0; run < RUNS; run += 1) {
        // Interleave: alternate which app goes first in each run.
        const order = run % 2 === 0 ? ['leadmap', 'baseline'] : ['baseline', 'leadmap'];
        for (const profile of PROFILES) {
          for (const target of set.pages) {
            for (const app of order) {
              await measureOne(browser, servers[app], { target, app, profile, run }, results, failures);
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

// Turn run results into table rows: one metric, both apps, their median ratio.
function metricRows(results) {
  const rows = [];
  const add = (metric, unit, pick, runsByApp) => {
    const leadmap = stats((runsByApp.leadmap ?? []).map(pick));
    const baseline = stats((runsByApp.baseline ?? []).map(pick));
    if (!leadmap && !baseline) return;
    rows.push({ metric, unit, leadmap, baseline, ratio: ratio(leadmap?.median, baseline?.median) });
  };
  const pages = DATA_SETS.flatMap((set) => set.pages).filter((target) => results[target.key]);
  for (const target of pages) {
    const runsByApp = results[target.key];
    rows.push({ section: target.label });
    add('  navigation → code downloaded (.wasm / .js)', 'ms', (r) => r.phases?.codeDownloaded, runsByApp);
    add('  navigation → first API request sent', 'ms', (r) => r.phases?.firstApiRequest, runsByApp);
    add('  navigation → app started (wasm instantiated)', 'ms', (r) => r.phases?.appStarted, runsByApp);
    for (const mark of target.expected) add(`  navigation → ${mark}`, 'ms', (r) => r.marks[mark], runsByApp);
    add('  last answer → leadmap:maps-ready (render)', 'ms', (r) => r.phases?.mapsRender, runsByApp);
    add('  requests until the view is complete', 'count', (r) => r.requests, runsByApp);
  }
  for (const target of pages.filter((t) => t.interactions)) {
    const runsByApp = results[target.key];
    rows.push({ section: `Once loaded (${target.label.replace(/ \(.*\)/, '')}, time until the first row changes)` });
    add('  page change (first Next)', 'ms', (r) => r.ops?.pageChanges[0], runsByApp);
    add(`  page change (median of ${PAGE_CHANGES})`, 'ms', (r) => median(r.ops?.pageChanges ?? []), runsByApp);
    add('  sort (first header)', 'ms', (r) => r.ops?.sort, runsByApp);
    add('  search as typed (incl. 300 ms debounce)', 'ms', (r) => r.ops?.typed, runsByApp);
    add('  search with Enter', 'ms', (r) => r.ops?.enter, runsByApp);
    rows.push({ section: 'Memory (after a forced GC)' });
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

const PROFILE_TITLES = {
  local: 'Profile: local (loopback, no throttling)',
  remote: `Profile: remote org (+${REMOTE.latency} ms round trip, ${(REMOTE.throughput * 8) / 1e6} Mbit/s, ${REMOTE.cpuSlowdown}× CPU slowdown)`,
};

async function main() {
  const bytes = {
    leadmap: shippedBytes(APPS.leadmap.dist, APPS.leadmap.files.map((file) => ({ kind: file.split('.').pop(), file }))),
    baseline: shippedBytes(APPS.baseline.dist, APPS.baseline.files.map((file) => ({ kind: file.split('.').pop(), file }))),
    // The same app as an org serves it (scripts/bench.sh packages it); bytes only.
    packaged: process.env.LEADMAP_SOLUTION
      ? shippedBytes(join(process.env.LEADMAP_SOLUTION, 'webresources/new_/leadmap'),
        PACKAGED_FILES.map((file) => ({ kind: file.split('.').pop(), file })))
      : null,
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
    profiles: PROFILES,
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
  const tables = Object.fromEntries(PROFILES.map((p) => [p, metricRows(measured.results[p])]));

  const out = [`LeadMap benchmark — ${meta.date} (${meta.git ?? 'no git'}, wasm sha256 ${meta.wasmSha256}…), Chromium ${meta.chromium}, ${meta.cpus} CPUs, ${RUNS} runs per cell, fresh context each run, served ${meta.served}, ${meta.seconds} s`,
    '', bytesTable(bytes.leadmap, bytes.baseline, bytes.packaged)];
  for (const profile of PROFILES) out.push('', table(PROFILE_TITLES[profile], tables[profile]));
  out.push('', 'LM/base = median LeadMap / median baseline (below 1: LeadMap smaller or faster).');
  if (measured.failures.length) out.push('', `Problems (${measured.failures.length}):`, ...measured.failures.map((f) => `  ${f}`));
  console.log(out.join('\n'));

  mkdirSync(dirname(args.out), { recursive: true });
  const json = JSON.stringify({ meta, bytes, tables, runs: measured.results, failures: measured.failures }, null, 1);
  writeFileSync(args.out, json);
  log(`\nresults written to ${args.out}`);
  if (measured.failures.length) process.exitCode = 1;
}

await main();
