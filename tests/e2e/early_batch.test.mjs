// The first round trip leaves before the app has started (www/early_batch.js),
// and the app takes its answer instead of asking again: the whole first view
// still costs two requests. When the early request fails, is slow or does not
// match, the app sends its own and nothing is lost.
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, FIXTURES, clearFaults, emulatorRequests, injectFault, launch, leadmapFrame, resetEmulator,
  watchForTrouble,
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
    // A modest laptop far from the org: how many batches the first view makes
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
    return { appStarted: started?.startTime, firstApiStart: api[0]?.startTime };
  });
  const requests = (await emulatorRequests()).filter((r) => r.path.startsWith('/api/data/'));
  return { page, trouble, requests, timing };
}

const BOTH = ['leadmap:first-rows', 'leadmap:maps-ready'];

for (const [name, query, marks, firstParts] of [
  ['contact form', `typename=contact&id=%7B${FIXTURES.contactManyLeads.toUpperCase()}%7D`, BOTH, 2],
  ['lead form', `typename=lead&id=${FIXTURES.leadManyContacts}`, BOTH, 2],
  ['maps only', `typename=lead&id=${FIXTURES.leadFull}&data=view%3Dmaps`, ['leadmap:maps-ready'], 0],
  ['associations only, 10 a page', `typename=contact&id=${FIXTURES.contactManyLeads}&data=view%3Dassociations%26pagesize%3D10`, ['leadmap:first-rows'], 0],
]) {
  test(`${name}: the first request leaves before the app starts, and is the only first round trip`, async () => {
    const { page, trouble, requests, timing } = await firstView(query, marks);
    assert.ok(timing.firstApiStart < timing.appStarted, JSON.stringify(timing));
    if (marks.length === 2) {
      assert.equal(requests.length, 2, JSON.stringify(requests, null, 1));
      assert.equal(requests[0].parts.length, firstParts);
    } else {
      // One view: its first GET, then (maps) the chosen map's details.
      assert.ok(requests.length <= 2, JSON.stringify(requests, null, 1));
      assert.equal(requests[0].method, 'GET');
    }
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

test('an early batch that fails is sent again by the app, and the rows come', async () => {
  await injectFault({ path_contains: '$batch', status: 500, times: 1 });
  const { page, trouble, requests } = await firstView(
    `typename=contact&id=${FIXTURES.contactManyLeads}`, BOTH, { expectHttpErrors: true });
  assert.equal(await page.$$eval(`${ASSOCIATIONS} ${ROWS}`, (rows) => rows.length), 25);
  assert.equal(await page.$('[role=alert]'), null);
  assert.equal(requests.length, 3);
  assert.deepEqual(trouble, []);
  await page.close();
});

for (const [name, fault, expected] of [
  ['the first view', null, 2],
  ['an early batch that fails', { path_contains: '$batch', status: 500, times: 1 }, 3],
]) {
  test(`on a 4× slower CPU and a remote line, ${name} still takes ${expected} requests`, async () => {
    if (fault) await injectFault(fault);
    const { page, trouble, requests } = await firstView(
      `typename=contact&id=${FIXTURES.contactManyLeads}`, BOTH, { expectHttpErrors: Boolean(fault), slow: true });
    assert.equal(requests.length, expected, JSON.stringify(requests.map((r) => r.parts?.length ?? r.path)));
    assert.deepEqual(trouble, []);
    await page.close();
  });
}

test('an early batch slower than the timeout is left, the app asks itself', async () => {
  await injectFault({ path_contains: '$batch', delay_ms: 4000, times: 1 });
  const { page, trouble } = await firstView(
    `typename=contact&id=${FIXTURES.contactManyLeads}&data=timeout%3D1`, BOTH);
  assert.equal(await page.$$eval(`${ASSOCIATIONS} ${ROWS}`, (rows) => rows.length), 25);
  assert.equal(await page.$('[role=alert]'), null);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('the early batch gets the timeout from when it left, not from when the app mounted', async () => {
  // The app mounts ~1 s in at most; counted from then, a 3 s timeout would
  // still take an answer that comes 3.6 s after the request left.
  await injectFault({ path_contains: '$batch', delay_ms: 3600, times: 1 });
  const { page, trouble, requests } = await firstView(
    `typename=contact&id=${FIXTURES.contactManyLeads}&data=timeout%3D3`, BOTH);
  assert.equal(await page.$$eval(`${ASSOCIATIONS} ${ROWS}`, (rows) => rows.length), 25);
  assert.equal(requests.length, 3, JSON.stringify(requests.map((r) => r.parts?.length ?? r.path)));
  assert.deepEqual(trouble, []);
  await page.close();
});

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

test('inside the form host (parent Xrm) the early batch is used too', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(`${BASE_URL}/`);
  const frame = await leadmapFrame(page);
  await frame.waitForFunction(() => performance.getEntriesByName('leadmap:maps-ready').length > 0);
  await page.waitForTimeout(300);
  const requests = (await emulatorRequests()).filter((r) => r.path.startsWith('/api/data/'));
  assert.equal(requests.length, 2, JSON.stringify(requests, null, 1));
  assert.deepEqual(trouble, []);
  await page.close();
});
