// One benchmark run in a fresh browser context: load a page, wait for its
// marks, count its requests, then (optionally) time interactions and memory.
import { clearRequestLog, settledRequestCount } from './emulator.mjs';

export const REMOTE = {
  latency: 40, // ms added to each round trip
  throughput: 1_250_000, // bytes/s = 10 Mbit/s, both ways
  cpuSlowdown: 4,
};

const FIRST_NAME = 'tbody tr[data-row-index="0"] .lm-grid__name';

// Runs in the page before its own scripts: record the marks as they come and
// keep Trunk's wasm exports (LeadMap) to read the wasm memory.
export function pageInit(expected) {
  addEventListener('TrunkApplicationStarted', (e) => { window.__leadmapWasm = e.detail.wasm; });
  window.__benchMarks = new Promise((resolve) => {
    const seen = {};
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen[entry.name] = entry.startTime;
      if (expected.every((name) => name in seen)) resolve(seen);
    }).observe({ type: 'mark', buffered: true });
  });
}

// Runs in the page: do one interaction and resolve with the ms until the
// first row's name is a different, non-empty one (skeletons don't count).
function timeInteraction({ action, term, selector }) {
  const first = () => document.querySelector(selector)?.textContent ?? null;
  const control = {
    next: () => document.querySelector('.lm-pager button:last-child'),
    previous: () => document.querySelector('.lm-pager button:first-child'),
    sort: () => document.querySelector('th button'),
  }[action];
  return new Promise((resolve, reject) => {
    const before = first();
    const deadline = setTimeout(() => { observer.disconnect(); reject(new Error(`${action}: rows did not change within 20 s`)); }, 20_000);
    let start = 0;
    const observer = new MutationObserver(() => {
      const now = first();
      if (now !== null && now !== before) {
        const elapsed = performance.now() - start;
        observer.disconnect();
        clearTimeout(deadline);
        resolve(elapsed);
      }
    });
    const act = () => {
      // A pager button stays disabled while the previous page loads.
      if (control && control().disabled) { setTimeout(act, 5); return; }
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      start = performance.now();
      if (control) { control().click(); return; }
      const input = document.querySelector('.lm-toolbar input[type=search]');
      input.value = term;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: term }));
      if (action === 'enter') input.form.requestSubmit();
    };
    act();
  });
}

// Runs in the page: where the time before the first rows goes.
function loadPhases() {
  const resources = performance.getEntriesByType('resource');
  const code = resources.find((r) => /(\.wasm|baseline\.js)$/.test(new URL(r.name).pathname));
  const api = resources.filter((r) => new URL(r.name).pathname.includes('/api/data/'));
  const mapsReady = performance.getEntriesByName('leadmap:maps-ready')[0]?.startTime;
  const answersBeforeMaps = api.map((r) => r.responseEnd).filter((end) => end > 0 && end <= mapsReady);
  return {
    codeDownloaded: code?.responseEnd ?? null,
    firstApiRequest: api.length ? Math.min(...api.map((r) => r.startTime)) : null,
    // LeadMap only: the wasm is instantiated and the app mounts.
    appStarted: performance.getEntriesByName('leadmap:started')[0]?.startTime ?? null,
    // From the last answer the maps view needed to its rows in the DOM.
    mapsRender: answersBeforeMaps.length ? mapsReady - Math.max(...answersBeforeMaps) : null,
  };
}

// The remote-org profile: a far-away org on a modest laptop.
export async function emulateRemoteOrg(cdp) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: REMOTE.latency,
    downloadThroughput: REMOTE.throughput,
    uploadThroughput: REMOTE.throughput,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: REMOTE.cpuSlowdown });
}

async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__leadmapWasm?.memory?.buffer.byteLength ?? null);
  return { jsHeap: usedSize, wasm };
}

const interact = (page, action, term) =>
  page.evaluate(timeInteraction, { action, term, selector: FIRST_NAME });

// Emails of the rows on screen (ASCII, unique in the generated data): search terms.
const emailsOnScreen = (page) => page.$$eval('tbody tr[data-row-index]', (rows) =>
  rows.map((row) => [...row.cells].map((c) => c.textContent.trim()).find((t) => t.includes('@'))).filter(Boolean));

/**
 * options: { base, url, expected (mark names), remote, interactions, pageChanges, timeoutMs }
 * returns { marks, requests, ops?, memory?, errors }
 */
export async function benchmarkRun(browser, options) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`run timed out after ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    });
    return await Promise.race([run(context, options, errors), timeout]);
  } catch (error) {
    // Keep what the page looked like, to see why.
    const page = context.pages()[0];
    if (options.failureShot && page) await page.screenshot({ path: options.failureShot, fullPage: true }).catch(() => {});
    if (errors.length) error.message += ` (${errors.join('; ')})`;
    throw error;
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => {});
  }
}

async function run(context, options, errors) {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`); });
  page.on('dialog', (dialog) => dialog.dismiss());
  await page.addInitScript(pageInit, options.expected);
  const cdp = await context.newCDPSession(page);
  if (options.remote) await emulateRemoteOrg(cdp);

  await clearRequestLog(options.base);
  await page.goto(options.url, { waitUntil: 'commit' });
  const marks = await page.evaluate(() => window.__benchMarks);
  const requests = await settledRequestCount(options.base);
  const phases = await page.evaluate(loadPhases);
  const result = { marks, requests, phases, errors };
  if (!options.interactions) return result;

  const before = await memory(page, cdp);
  const pageChanges = [];
  for (let i = 0; i < options.pageChanges; i += 1) {
    pageChanges.push(await interact(page, i % 2 === 0 ? 'next' : 'previous'));
  }
  const after = await memory(page, cdp);
  const sort = await interact(page, 'sort');
  const emails = await emailsOnScreen(page);
  const typed = await interact(page, 'type', emails[3]);
  const enter = await interact(page, 'enter', emails[6]);
  result.ops = { pageChanges, sort, typed, enter };
  result.memory = { before, after };
  return result;
}
