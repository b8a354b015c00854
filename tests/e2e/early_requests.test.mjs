// The first round trip leaves before the app has started
// (www/early_requests.js, generated from src/api/requests.rs), and the app
// takes its answers instead of asking again: each request of the first view
// is sent once, on its own (no $batch: Dataverse runs a batch's parts in
// turn). When an early request fails, is slow or does not match, the app
// sends its own and nothing is lost.
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, FIXTURES, clearFaults, emulatorRequests, injectFault, launch, leadmapFrame, repeatedRequests,
  resetEmulator, watchForTrouble,
} from './lib.mjs';

const WEB_RESOURCE = `${BASE_URL}/WebResources/new_/leadmap/index.html`;
const ASSOCIATIONS = 'section[aria-labelledby=lm-associations-title]';
const ROWS = 'tbody tr[data-row-index]';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await resetEmulator(); await clearFaults(); });

// Open the page top-level, wait until every view it shows is complete and the
// page has been quiet for a moment, and return the API requests it made.
async function firstView(query, marks, { expectHttpErrors = false, slow = false } = {}) {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page, { expectHttpErrors });
  if (slow) {
    // A modest laptop far from the org: which requests the first view makes
    // must not depend on how long its renders take.
    const cdp = await browser.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 40, downloadThroughput: 1_250_000, uploadThroughput: 1_250_000,
    });
  }
  await page.goto(`${WEB_RESOURCE}?${query}`);
  await page.waitForFunction(
    (names) => names.every((name) => performance.getEntriesByName(name).length > 0),
    marks, { timeout: 15000 },
  );
  await page.waitForTimeout(300);
  const timing = await page.evaluate(() => {
    const entries = performance.getEntriesByType('resource');
    const api = entries.filter((e) => e.name.includes('/api/data/'));
    const started = performance.getEntriesByName('leadmap:started')[0];
    // The early requests: all that left before the app started.
    const early = api.filter((e) => e.startTime < (started?.startTime ?? 0)).map((e) => e.name);
    return { appStarted: started?.startTime, firstApiStart: api[0]?.startTime, early };
  });
  const requests = (await emulatorRequests()).filter((r) => r.path.startsWith('/api/data/'));
  return { page, trouble, requests, timing };
}

const BOTH = ['leadmap:first-rows', 'leadmap:maps-ready'];

// [name, query, marks, the early requests (URL fragments)]
for (const [name, query, marks, early] of [
  ['contact form', `typename=contact&id=%7B${FIXTURES.contactManyLeads.toUpperCase()}%7D`, BOTH,
    [`contacts(${FIXTURES.contactManyLeads})/contactleads_association`, 'entitymaps?']],
  ['lead form', `typename=lead&id=${FIXTURES.leadManyContacts}`, BOTH,
    [`leads(${FIXTURES.leadManyContacts})/contactleads_association`, 'entitymaps?']],
  ['maps only', `typename=lead&id=${FIXTURES.leadFull}&data=view%3Dmaps`, ['leadmap:maps-ready'], ['entitymaps?']],
  ['associations only, 10 a page', `typename=contact&id=${FIXTURES.contactManyLeads}&data=view%3Dassociations%26pagesize%3D10`,
    ['leadmap:first-rows'], [`contacts(${FIXTURES.contactManyLeads})/contactleads_association`]],
]) {
  test(`${name}: the first requests leave before the app starts, each on its own, none asked twice`, async () => {
    const { page, trouble, requests, timing } = await firstView(query, marks);
    assert.ok(timing.firstApiStart < timing.appStarted, JSON.stringify(timing));
    for (const fragment of early) assert.ok(timing.early.some((url) => url.includes(fragment)), `${fragment}: ${timing.early}`);
    // Besides those, only what the first map shows and the entities' labels.
    const details = early.includes('entitymaps?') ? ['RetrieveMetadataChanges(', 'InitializeFrom', 'EntityDefinitions?'] : [];
    const known = (url) => [...early, ...details].some((fragment) => decodeURIComponent(url).includes(fragment));
    assert.deepEqual(timing.early.filter((url) => !known(url)), []);
    assert.deepEqual(repeatedRequests(requests), []);
    assert.ok(requests.every((r) => r.method === 'GET' && !r.path.endsWith('$batch')), JSON.stringify(requests, null, 1));
    assert.deepEqual(trouble, []);
    await page.close();
  });
}

// The attribute catalogs ask for the labels of the user's language only (an org with language
// packs sends every language's otherwise); the page's script asks in the language the app reads.
for (const [name, userlcid, language] of [
  ['a French user', '1036', 1036],
  ['a user language that is not a number', 'fr-FR', 1033],
]) {
  test(`${name}: the attribute catalogs ask for the labels in ${language} only, and the app takes the page's answers`, async () => {
    const page = await browser.newPage();
    const trouble = watchForTrouble(page);
    // The app takes `window.leadmapEarly` away when it starts: keep the URLs the page's script asked for.
    await page.addInitScript(() => {
      let early;
      Object.defineProperty(window, 'leadmapEarly', {
        configurable: true,
        get: () => early,
        set: (value) => { early = value; window.earlyUrls = value.requests.map((r) => r.url); },
      });
    });
    await page.goto(`${WEB_RESOURCE}?typename=contact&id=${FIXTURES.contactManyLeads}&userlcid=${userlcid}`);
    await page.waitForFunction(
      (names) => names.every((n) => performance.getEntriesByName(n).length > 0), BOTH, { timeout: 15000 },
    );
    await page.waitForTimeout(300);
    const requests = (await emulatorRequests()).filter((r) => r.path.startsWith('/api/data/'));
    const labelQuery = (query) => JSON.parse(new URLSearchParams(query).get('@p1')).LabelQuery;
    const expected = { FilterLanguages: [language], MissingLabelBehavior: 1 };
    // The page's script asked for both tables' catalogs in that language…
    const early = (await page.evaluate(() => window.earlyUrls)).filter((url) => url.includes('RetrieveMetadataChanges'));
    assert.equal(early.length, 2, early.join('\n'));
    for (const url of early) assert.deepEqual(labelQuery(new URL(url).search), expected);
    // …and the service saw each once: the app asked for none again.
    const catalogs = requests.filter((r) => r.path.includes('RetrieveMetadataChanges'));
    assert.equal(catalogs.length, 2, JSON.stringify(catalogs, null, 1));
    for (const request of catalogs) assert.deepEqual(labelQuery(request.query), expected);
    assert.deepEqual(repeatedRequests(requests), []);
    assert.deepEqual(trouble, []);
    await page.close();
  });
}

test('a placeholder shows from the first paint, and the app\'s first render already has the rows', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.addInitScript(({ section, rows }) => {
    window.__seen = { placeholder: false, loadingRows: false };
    new MutationObserver(() => {
      if (document.querySelector('#leadmap > .lm-boot')) window.__seen.placeholder = true;
      const view = document.querySelector(section);
      if (view && view.querySelector('.lm-skeleton') && !view.querySelector(rows)) window.__seen.loadingRows = true;
    }).observe(document, { subtree: true, childList: true });
  }, { section: ASSOCIATIONS, rows: ROWS });
  await page.goto(`${WEB_RESOURCE}?typename=contact&id=${FIXTURES.contactManyLeads}`);
  await page.waitForFunction(() => performance.getEntriesByName('leadmap:first-rows').length > 0);
  assert.deepEqual(await page.evaluate(() => window.__seen), { placeholder: true, loadingRows: false });
  assert.equal(await page.$('#leadmap > .lm-boot'), null, 'the placeholder is gone');
  assert.deepEqual(trouble, []);
  await page.close();
});

// The rows as the user reads them: each cell's text, the name's link and the controls.
function readRows(rowsSelector) {
  return Array.from(document.querySelectorAll(rowsSelector)).map((row, index) => ({
    // Where the first rows sit: taking over must not move them.
    ...(index < 2 ? { top: Math.round(row.getBoundingClientRect().top), height: Math.round(row.getBoundingClientRect().height) } : {}),
    cells: Array.from(row.cells).map((cell) => cell.textContent),
    href: row.querySelector('a')?.getAttribute('href'),
    label: row.querySelector('input[type=checkbox]')?.getAttribute('aria-label'),
  }));
}

for (const [name, record] of [
  ['a contact with many leads', FIXTURES.contactManyLeads],
  ['names and companies that look like markup', 'c0000000-0000-4000-8000-000000000007'],
]) {
  test(`${name}: rows that are in before the app starts show at once, inert, as the app then shows them`, async () => {
    const page = await browser.newPage();
    const trouble = watchForTrouble(page);
    // The wasm is held back until the page has drawn the rows from its early answer.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/leadmap_bg.wasm', async (route) => { await held; await route.continue(); });
    await page.goto(`${WEB_RESOURCE}?typename=contact&id=${record}&data=view%3Dassociations`);
    const early = '#leadmap > .lm-early tbody tr[data-row-index]';
    await page.waitForSelector(early);
    const before = await page.evaluate(readRows, early);
    const state = await page.evaluate(() => ({
      enabled: document.querySelectorAll('#leadmap > .lm-early :is(button, input):not(:disabled)').length,
      firstRows: performance.getEntriesByName('leadmap:first-rows').length,
      started: performance.getEntriesByName('leadmap:started').length,
      injected: document.querySelectorAll('#leadmap script, #leadmap img, #leadmap svg').length,
    }));
    assert.deepEqual(state, { enabled: 0, firstRows: 1, started: 0, injected: 0 });
    release();
    await page.waitForSelector(`${ASSOCIATIONS} ${ROWS}`);
    const after = await page.evaluate(readRows, `${ASSOCIATIONS} ${ROWS}`);
    assert.ok(before.length > 0);
    assert.deepEqual(before, after);
    // The app's first render may show the drawn rows themselves: its own rows, with working
    // controls, follow, the same again.
    await page.waitForFunction((rows) => {
      const controls = document.querySelectorAll(`${rows} :is(button, input)`);
      return controls.length > 0 && [...controls].every((c) => !c.disabled);
    }, `${ASSOCIATIONS} ${ROWS}`);
    assert.deepEqual(await page.evaluate(readRows, `${ASSOCIATIONS} ${ROWS}`), before);
    await page.click(`${ASSOCIATIONS} ${ROWS}:first-child input[type=checkbox]`);
    await page.waitForSelector(`${ASSOCIATIONS} ${ROWS}.lm-grid__row--selected`);
    // The app's own mark did not move the first one.
    assert.equal(await page.evaluate(() => performance.getEntriesByName('leadmap:first-rows').length), 1);
    assert.deepEqual(trouble, []);
    await page.close();
  });
}

// Opens a lead form with the wasm held back until every early request is in,
// and returns the API requests that left before the app started and before
// the maps were complete.
async function openHeld(page, query = `typename=lead&id=${FIXTURES.leadManyContacts}`) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/leadmap_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${WEB_RESOURCE}?${query}`);
  await page.waitForFunction(() => {
    const early = window.leadmapEarly;
    return early && early.requests.length > 1 && early.requests.every((r) => 'settled' in r);
  });
  release();
  await page.waitForFunction(() => performance.getEntriesByName('leadmap:maps-ready').length > 0, null, { timeout: 15000 });
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0].startTime;
    const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/data/'));
    const before = (time) => api.filter((e) => e.startTime < time).map((e) => decodeURIComponent(e.name));
    const list = api.find((e) => e.name.includes('/entitymaps?'));
    return {
      beforeStart: before(at('leadmap:started')),
      beforeMaps: before(at('leadmap:maps-ready')),
      // Requests sent before the entity map list's answer was in.
      beforeList: list ? before(list.responseEnd) : [],
    };
  });
}

test('rows the page drew stay, inert, until the entity maps are complete; then the grid\'s own rows answer', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/leadmap_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${WEB_RESOURCE}?typename=lead&id=${FIXTURES.leadManyContacts}`);
  await page.waitForSelector('#leadmap > .lm-early tbody tr[data-row-index]');
  await page.evaluate((rows) => {
    window.lmEnabledAt = null;
    new MutationObserver(() => {
      if (window.lmEnabledAt === null && document.querySelector(`${rows} input:not(:disabled)`)) {
        window.lmEnabledAt = performance.now();
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, `${ASSOCIATIONS} ${ROWS}`);
  release();
  await page.waitForFunction(() => window.lmEnabledAt !== null, null, { timeout: 15000 });
  const { enabledAt, mapsReady } = await page.evaluate(() => ({
    enabledAt: window.lmEnabledAt,
    mapsReady: performance.getEntriesByName('leadmap:maps-ready')[0]?.startTime ?? null,
  }));
  assert.ok(mapsReady !== null && enabledAt > mapsReady, `controls at ${enabledAt} ms, maps complete at ${mapsReady} ms`);
  await page.click(`${ASSOCIATIONS} ${ROWS}:first-child input[type=checkbox]`);
  await page.waitForSelector(`${ASSOCIATIONS} ${ROWS}.lm-grid__row--selected`);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('paging at once over the rows the page drew shows the next page, not the drawn one', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/leadmap_bg.wasm', async (route) => { await held; await route.continue(); });
  // The entity map list comes late: the drawn rows would wait for the maps.
  await page.route(/entitymaps\?/, async (route) => { await new Promise((r) => setTimeout(r, 3000)); await route.continue(); });
  await page.goto(`${WEB_RESOURCE}?typename=contact&id=${FIXTURES.contactManyLeads}`);
  await page.waitForSelector('#leadmap > .lm-early tbody tr[data-row-index]');
  const drawn = await page.evaluate(readRows, '#leadmap > .lm-early tbody tr[data-row-index]');
  release();
  await page.click(`${ASSOCIATIONS} .lm-pager button:last-child`);
  // Page 2 is in once the pager says so without its spinner: the rows must be page 2's then.
  await page.waitForFunction((sel) => {
    const summary = document.querySelector(sel);
    return /Page 2/.test(summary?.innerText ?? '') && !summary.querySelector('.lm-spinner');
  }, `${ASSOCIATIONS} .lm-pager__summary`);
  const shown = await page.evaluate(readRows, `${ASSOCIATIONS} ${ROWS}`);
  const drawnLinks = new Set(drawn.map((row) => row.href));
  assert.ok(shown.length > 0 && shown.every((row) => !drawnLinks.has(row.href)), 'no drawn row on page 2');
  assert.equal(await page.evaluate(() => performance.getEntriesByName('leadmap:maps-ready').length), 0, 'maps still on their way');
  assert.deepEqual(trouble, []);
  await page.close();
});

test('the first map\'s reads leave with the first requests, not after the list, and the app takes them', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  // A lead form: the map shown first is lead → contact, guessed before the list is in.
  const { beforeStart, beforeList } = await openHeld(page);
  for (const fragment of ['RetrieveMetadataChanges(', 'InitializeFrom']) {
    assert.ok(beforeList.some((url) => url.includes(fragment)), `${fragment}: ${beforeList.join('\n')}`);
    assert.ok(beforeStart.some((url) => url.includes(fragment)), `${fragment}: ${beforeStart.join('\n')}`);
  }
  // The entities' labels wait for the list (it names them), not for the app.
  assert.ok(beforeStart.some((url) => url.includes('EntityDefinitions?')), beforeStart.join('\n'));
  assert.ok(!beforeList.some((url) => url.includes('EntityDefinitions?')), beforeList.join('\n'));
  const requests = (await emulatorRequests()).filter((r) => r.path.startsWith('/api/data/'));
  assert.deepEqual(repeatedRequests(requests), []);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('when the list shows another map first, its reads leave once the list is in, before the app starts', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  // An account form: no map into the other side of ContactLeads to guess.
  const { beforeStart, beforeList } = await openHeld(page, 'typename=account&id=acc00000-0000-4000-8000-000000000001&data=view%3Dmaps');
  assert.deepEqual(beforeList.filter((url) => url.includes('RetrieveMetadataChanges(')), []);
  const accountAttributes = (url) => url.includes('RetrieveMetadataChanges(') && decodeURIComponent(url).includes('"Value":"account"');
  assert.ok(beforeStart.some(accountAttributes), beforeStart.join('\n'));
  const requests = (await emulatorRequests()).filter((r) => r.path.startsWith('/api/data/'));
  assert.deepEqual(repeatedRequests(requests), []);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a second open of the form asks for no metadata before the maps are complete', async () => {
  // The test file's browser keeps localStorage across pages, as a user's does.
  const first = await browser.newPage();
  await openHeld(first);
  await first.close();
  const second = await browser.newPage();
  const trouble = watchForTrouble(second);
  const { beforeMaps } = await openHeld(second);
  assert.deepEqual(beforeMaps.filter((url) => url.includes('EntityDefinitions')), []);
  assert.ok(beforeMaps.some((url) => url.includes('entitymaps?')));
  assert.deepEqual(trouble, []);
  await second.close();
});

const ASSOCIATIONS_PAGE = 'contactleads_association';

test('an early request that fails is sent again by the app, and the rows come', async () => {
  await injectFault({ path_contains: ASSOCIATIONS_PAGE, status: 500, times: 1 });
  const { page, trouble, requests } = await firstView(
    `typename=contact&id=${FIXTURES.contactManyLeads}`, BOTH, { expectHttpErrors: true });
  assert.equal(await page.$$eval(`${ASSOCIATIONS} ${ROWS}`, (rows) => rows.length), 25);
  assert.equal(await page.$('[role=alert]'), null);
  // The failed early one and the app's own; nothing else twice.
  assert.deepEqual(repeatedRequests(requests).map((r) => r.slice(0, 3)), ['2× ']);
  assert.ok(repeatedRequests(requests)[0].includes(ASSOCIATIONS_PAGE));
  assert.deepEqual(trouble, []);
  await page.close();
});

for (const [name, fault, repeated] of [
  ['the first view', null, 0],
  ['an early request that fails', { path_contains: ASSOCIATIONS_PAGE, status: 500, times: 1 }, 1],
]) {
  test(`on a 4× slower CPU and a remote line, ${name} asks for the same things`, async () => {
    const fast = await firstView(`typename=contact&id=${FIXTURES.contactManyLeads}`, BOTH);
    const expected = fast.requests.length + repeated;
    await fast.page.close();
    await resetEmulator();
    if (fault) await injectFault(fault);
    const { page, trouble, requests } = await firstView(
      `typename=contact&id=${FIXTURES.contactManyLeads}`, BOTH, { expectHttpErrors: Boolean(fault), slow: true });
    assert.equal(requests.length, expected, JSON.stringify(requests.map((r) => r.path)));
    assert.equal(repeatedRequests(requests).length, repeated);
    assert.deepEqual(trouble, []);
    await page.close();
  });
}

// The timeout is the user's wait for a view, counted from when its request
// left: an early request slower than that ends in a message with Try again,
// which then loads the rows.
for (const [name, delay, timeout] of [
  ['slower than the timeout', 4000, 1],
  // The app mounts ~1 s in at most; counted from then, a 3 s timeout would
  // still take an answer that comes 3.6 s after the request left.
  ['that answers just after the timeout counted from when it left', 3600, 3],
]) {
  test(`an early request ${name} is given up on in time, and Try again loads the rows`, async () => {
    await injectFault({ path_contains: ASSOCIATIONS_PAGE, delay_ms: delay, times: 1 });
    const page = await browser.newPage();
    const trouble = watchForTrouble(page);
    // Counted from when the (delayed) first page's request left, as the app counts it.
    let left = null;
    page.on('request', (request) => {
      if (left === null && request.url().includes(ASSOCIATIONS_PAGE)) left = Date.now();
    });
    await page.goto(`${WEB_RESOURCE}?typename=contact&id=${FIXTURES.contactManyLeads}&data=timeout%3D${timeout}`);
    const alert = await page.waitForSelector(`${ASSOCIATIONS} [role=alert]`, { timeout: 10000 });
    assert.ok(left !== null, 'the first page was asked for');
    const waited = Date.now() - left;
    assert.match(await alert.innerText(), new RegExp(`did not answer within ${timeout} second`));
    assert.ok(waited < delay, `the message came ${waited} ms after the request left`);
    await page.click(`${ASSOCIATIONS} [role=alert] button`);
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 25, `${ASSOCIATIONS} ${ROWS}`);
    assert.deepEqual(trouble, []);
    await page.close();
  });
}

test('a bad id sends no request at all', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(`${WEB_RESOURCE}?typename=contact&id=%7Bnot-a-guid%7D`);
  await page.waitForSelector('[role=alert]');
  await page.waitForTimeout(200);
  const requests = (await emulatorRequests()).filter((r) => r.path.startsWith('/api/data/'));
  assert.deepEqual(requests, []);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('inside the form host (parent Xrm) the early requests are used too', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(`${BASE_URL}/`);
  const frame = await leadmapFrame(page);
  await frame.waitForFunction(() => performance.getEntriesByName('leadmap:maps-ready').length > 0);
  await page.waitForTimeout(300);
  const requests = (await emulatorRequests()).filter((r) => r.path.startsWith('/api/data/'));
  assert.deepEqual(repeatedRequests(requests), []);
  const early = await frame.evaluate(() => {
    const started = performance.getEntriesByName('leadmap:started')[0].startTime;
    return performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/data/') && e.startTime < started).length;
  });
  // The first page and the map list, and what the first map shows when the list came in first.
  assert.ok(early >= 2, `${early}`);
  assert.deepEqual(trouble, []);
  await page.close();
});
