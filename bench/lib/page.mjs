// One benchmark run in a fresh browser context: load a page, wait for its
// marks, count its requests, then (optionally) time interactions and memory.
import { clearRequestLog, settledRequestCount } from './emulator.mjs';

export const REMOTE = {
  latency: 40, // ms added to each round trip
  throughput: 1_250_000, // bytes/s = 10 Mbit/s, both ways
  cpuSlowdown: 4,
};

const FIRST_NAME = 'tbody tr[data-row-index="0"] .lm-grid__name';

// Runs in every frame before its own scripts. The marks of whichever frame
// sets them (the page itself, or the web resource's iframe inside the form
// host page) are collected on the top window, as ms from the top-level
// navigation, so a load inside a form counts from when the form opened.
export function pageInit(expected) {
  const top = window.top;
  if (window === top) {
    const seen = {};
    window.__benchSeen = seen;
    window.__benchMarks = new Promise((resolve) => {
      window.__benchCheck = () => { if (expected.every((name) => name in seen)) resolve(seen); };
    });
  }
  // Trunk's build only: its wasm exports, to read the wasm memory.
  addEventListener('TrunkApplicationStarted', (e) => { top.__leadmapWasm = e.detail.wasm; });
  const offset = performance.timeOrigin - top.performance.timeOrigin;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) top.__benchSeen[entry.name] = offset + entry.startTime;
    top.__benchCheck();
  }).observe({ type: 'mark', buffered: true });
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

// Runs in the top window: where the time before the first rows goes, over
// every frame (the app may sit in the form host page's iframe), in ms from
// the top-level navigation.
function loadPhases() {
  const frames = [window, ...Array.from(window.frames)];
  const resources = frames.flatMap((w) => {
    const offset = w.performance.timeOrigin - performance.timeOrigin;
    return w.performance.getEntriesByType('resource').map((r) => ({
      path: new URL(r.name).pathname.toLowerCase(),
      startTime: offset + r.startTime,
      responseEnd: r.responseEnd > 0 ? offset + r.responseEnd : 0,
    }));
  });
  const marks = window.__benchSeen;
  // The app's code: Trunk's loader and wasm, the packaged leadmap.js and leadmap_wasm.js, the baseline's bundle.
  const code = resources.filter((r) => /\/(leadmap_bg\.wasm|leadmap\.js|leadmap_wasm\.js|baseline\.js)$/.test(r.path));
  const api = resources.filter((r) => r.path.includes('/api/data/'));
  const mapsReady = marks['leadmap:maps-ready'];
  const complete = Math.max(...Object.values(marks));
  const answersBeforeMaps = api.map((r) => r.responseEnd).filter((end) => end > 0 && end <= mapsReady);
  return {
    codeDownloaded: code.length ? Math.max(...code.map((r) => r.responseEnd)) : null,
    firstApiRequest: api.length ? Math.min(...api.map((r) => r.startTime)) : null,
    // LeadMap only: the wasm is instantiated and the app mounts.
    appStarted: marks['leadmap:started'] ?? null,
    // From the last answer the maps view needed to its rows in the DOM.
    mapsRender: answersBeforeMaps.length ? mapsReady - Math.max(...answersBeforeMaps) : null,
    // Metadata requests (EntityDefinitions…, RetrieveMetadataChanges) that left before the view was complete.
    metadataBeforeComplete: api.filter((r) => r.startTime < complete && /\/(entitydefinitions|retrievemetadatachanges\()/.test(r.path)).length,
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

const interact = (frame, action, term) =>
  frame.evaluate(timeInteraction, { action, term, selector: FIRST_NAME });

// Emails of the rows on screen (ASCII, unique in the generated data): search terms.
const emailsOnScreen = (frame) => frame.$$eval('tbody tr[data-row-index]', (rows) =>
  rows.map((row) => [...row.cells].map((c) => c.textContent.trim()).find((t) => t.includes('@'))).filter(Boolean));

// The frame the app runs in: the web resource's iframe inside the form host page, or the page.
const appFrame = (page) =>
  page.frames().find((f) => f !== page.mainFrame() && /\/webresources\//i.test(f.url())) ?? page.mainFrame();

/**
 * options: { base, url, expected (mark names), remote, warmOpens, interactions, pageChanges, timeoutMs }
 * returns { marks, requests, operations, phases, ops?, memory?, errors }
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

// One open of the page, to its marks and until its requests have settled.
async function open(page, options) {
  await clearRequestLog(options.base);
  await page.goto(options.url, { waitUntil: 'commit' });
  const marks = await page.evaluate(() => window.__benchMarks);
  const { requests, operations } = await settledRequestCount(options.base);
  return { marks, requests, operations };
}

async function run(context, options, errors) {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    // The form host page's own look-ups (/_emulator/name/…) are not the app's.
    if (msg.type() === 'error' && !msg.location().url?.includes('/_emulator/')) errors.push(`console.error: ${msg.text()}`);
  });
  page.on('dialog', (dialog) => dialog.dismiss());
  await page.addInitScript(pageInit, options.expected);
  const cdp = await context.newCDPSession(page);
  if (options.remote) await emulateRemoteOrg(cdp);

  // Warm: the same form opened before in this browser context, uncounted, so
  // the HTTP cache (and what the browser keeps beside it) is warm.
  for (let i = 0; i < (options.warmOpens ?? 0); i += 1) {
    await open(page, options);
    await page.goto('about:blank');
  }
  const loaded = await open(page, options);
  const phases = await page.evaluate(loadPhases);
  const result = { ...loaded, phases, errors };
  if (!options.interactions) return result;

  const frame = appFrame(page);
  const before = await memory(page, cdp);
  const pageChanges = [];
  for (let i = 0; i < options.pageChanges; i += 1) {
    pageChanges.push(await interact(frame, i % 2 === 0 ? 'next' : 'previous'));
  }
  const after = await memory(page, cdp);
  const sort = await interact(frame, 'sort');
  const emails = await emailsOnScreen(frame);
  const typed = await interact(frame, 'type', emails[3]);
  const enter = await interact(frame, 'enter', emails[6]);
  result.ops = { pageChanges, sort, typed, enter };
  result.memory = { before, after };
  return result;
}
