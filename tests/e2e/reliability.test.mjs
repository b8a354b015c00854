// Faults, bad input, hostile data and life in a form, in a real browser
// against the emulator's fault injection. A test fails on any uncaught error,
// any console error but the browser's own "Failed to load resource" lines for
// the HTTP errors it provokes, and any dialog (a script that ran).
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, FIXTURES, api, clearFaults, clearRequests, emulatorRequests, injectFault, launch, leadmapFrame,
  resetEmulator, watchForTrouble,
} from './lib.mjs';

const WEB_RESOURCE = `${BASE_URL}/WebResources/new_/leadmap/index.html`;
const ASSOCIATIONS = 'section[aria-labelledby=lm-associations-title]';
const MAPS = 'section[aria-labelledby=lm-maps-title]';
const ROWS = 'tbody tr[data-row-index]';
const XSS_GALLERY = 'c0000000-0000-4000-8000-000000000007';
// Short request timeout so the timeout cases take seconds, not minutes.
const DATA = 'data=timeout%3D2';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await resetEmulator(); });

async function open(query, { expectHttpErrors = true } = {}) {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page, { expectHttpErrors });
  await page.goto(`${WEB_RESOURCE}?${query}`);
  return { page, trouble };
}

const contactForm = (id, data = DATA) => `typename=contact&id=%7B${id.toUpperCase()}%7D&${data}`;

async function rowCount(page) {
  return page.$$eval(`${ASSOCIATIONS} ${ROWS}`, (rows) => rows.length);
}

async function waitForRows(page, predicate = 'n > 0') {
  await page.waitForFunction(`(() => { const n = document.querySelectorAll('${ASSOCIATIONS} ${ROWS}').length; return ${predicate} && !document.querySelector('.lm-grid__row--busy') && !document.querySelector('${ASSOCIATIONS} .lm-spinner'); })()`);
}

async function alertText(page, section) {
  const alert = await page.waitForSelector(`${section} [role=alert]`, { timeout: 15000 });
  return alert.innerText();
}

// Each fault kind on the first load: a clear message, the other view still
// works, and "Try again" recovers once the fault is gone.
const FIRST_LOAD_FAULTS = [
  ['401 session expired', { status: 401 }, /session has expired/],
  ['403 no privilege', { status: 403 }, /permission/],
  ['404 not found', { status: 404 }, /not found/],
  ['412 precondition', { status: 412 }, /changed or already exists/],
  ['500 server error', { status: 500 }, /HTTP 500/],
  ['503 unavailable', { status: 503 }, /HTTP 503/],
  ['timeout', { delay_ms: 4000 }, /did not answer within 2 seconds/],
  ['malformed JSON', { status: 200, body: 'truncated' }, /can't read/],
  ['empty body', { status: 200, body: 'empty' }, /empty/],
  ['HTML sign-in page', { status: 200, body: 'html' }, /sign-in/],
  ['HTML error page', { status: 500, body: 'html' }, /web page/],
];

for (const [name, fault, message] of FIRST_LOAD_FAULTS) {
  test(`first load, ${name}: a message, the other view works, retry recovers`, async () => {
    await injectFault({ path_contains: 'contactleads_association', times: 50, ...fault });
    const { page, trouble } = await open(contactForm(FIXTURES.contactObrien));
    assert.match(await alertText(page, ASSOCIATIONS), message);
    await page.waitForSelector(`${MAPS} .lm-map-table tbody tr`);
    await clearFaults();
    await page.click(`${ASSOCIATIONS} [role=alert] button`);
    await waitForRows(page);
    assert.equal(await page.$(`${ASSOCIATIONS} [role=alert]`), null);
    assert.deepEqual(trouble, []);
    await page.close();
  });
}

test('first load, 429 with Retry-After: recovers by itself', async () => {
  await injectFault({ path_contains: 'contactleads_association', status: 429, retry_after: 1, times: 1 });
  const { page, trouble } = await open(contactForm(FIXTURES.contactObrien));
  await waitForRows(page);
  assert.equal(await page.$('[role=alert]'), null);
  assert.deepEqual(trouble, []);
  await page.close();
});

// Each action, with a server error and with a sign-in page.
const ACTION_FAULTS = [['500', { status: 500 }], ['sign-in page', { status: 200, body: 'html' }]];

const READ_ACTIONS = [
  ['page change', (page) => page.click(`${ASSOCIATIONS} .lm-pager button:last-child`), /Page 2/],
  ['search', (page) => page.fill(`${ASSOCIATIONS} input[type=search]`, 'Smith'), /Smith/],
  ['sort', (page) => page.click(`${ASSOCIATIONS} th button`), /▼/],
];

for (const [action, act, after] of READ_ACTIONS) {
  for (const [kind, fault] of ACTION_FAULTS) {
    test(`${action} under a ${kind}: a message and a retry that works`, async () => {
      const { page, trouble } = await open(contactForm(FIXTURES.contactManyLeads, 'data=view%3Dassociations%26timeout%3D2'));
      await waitForRows(page, 'n === 25');
      await injectFault({ path_contains: 'contactleads_association', method: 'GET', times: 50, ...fault });
      await act(page);
      await page.waitForSelector(`${ASSOCIATIONS} [role=alert]`);
      await clearFaults();
      await page.click(`${ASSOCIATIONS} [role=alert] button`);
      await waitForRows(page);
      assert.match(await page.innerText(ASSOCIATIONS), after);
      assert.deepEqual(trouble, []);
      await page.close();
    });
  }
}

for (const [kind, fault] of ACTION_FAULTS) {
  test(`opening a map and its preview under a ${kind}: messages and retries that work`, async () => {
    const { page, trouble } = await open(contactForm(FIXTURES.contactObrien, 'data=view%3Dmaps%26timeout%3D2'));
    await page.waitForSelector(`${MAPS} .lm-map-table tbody tr`);
    // Another map: the list holds its attribute maps, its other table's attributes are read now.
    await injectFault({ path_contains: 'RetrieveMetadataChanges', times: 50, ...fault });
    await page.click(`${MAPS} .lm-chip:not(.lm-chip--selected)`);
    assert.match(await alertText(page, MAPS), /Couldn't load this entity map/);
    await clearFaults();
    await injectFault({ path_contains: 'InitializeFrom', times: 50, ...fault });
    await page.click(`${MAPS} .lm-chip`);
    await page.waitForSelector(`${MAPS} .lm-map-table tbody tr`);
    assert.match(await alertText(page, MAPS), /Couldn't preview the values/);
    await clearFaults();
    await page.click(`${MAPS} [role=alert] button`);
    await page.waitForFunction(() => !document.querySelector('[role=alert]') && document.querySelector('.lm-preview'));
    assert.deepEqual(trouble, []);
    await page.close();
  });
}

// Writes: after each, what the UI shows equals what the service holds.
async function serviceLeadCount(contactId) {
  const body = await api(`contacts(${contactId})/contactleads_association?$select=fullname&$count=true`);
  return body.value.length;
}

// [kind, fault, what an add says (none: a 412 "duplicate key" means the
// service holds the association, so the add succeeded and the page is read
// again)]
const WRITE_FAULTS = [
  ['500', { status: 500 }, /Could not/],
  ['412', { status: 412 }, null],
  ['timeout', { delay_ms: 4000 }, /did not answer/],
];

for (const [kind, fault, message] of WRITE_FAULTS) {
  test(`add and remove under a ${kind}: nothing lost silently, the UI equals the service`, async () => {
    const { page, trouble } = await open(contactForm(FIXTURES.contactObrien, 'data=view%3Dassociations%26timeout%3D2'));
    await waitForRows(page);
    const before = await rowCount(page);

    await injectFault({ path_contains: '$ref', method: 'POST', times: 1, ...fault });
    await page.click(`${ASSOCIATIONS} .lm-section__head button`);
    await page.check('.lm-pick input:not([disabled]) >> nth=0');
    await page.click('.lm-dialog .lm-button--primary');
    if (message) {
      await page.waitForSelector('.lm-banner--warning');
      assert.match(await page.innerText('.lm-banner--warning'), message);
    } else {
      // Read again: the emulator's fault answered without associating.
      await page.waitForTimeout(500);
      assert.equal(await page.$('.lm-banner--warning'), null);
    }
    await waitForRows(page);
    assert.equal(await rowCount(page), await serviceLeadCount(FIXTURES.contactObrien));
    assert.equal(await rowCount(page), before);

    await injectFault({ path_contains: '$ref', method: 'DELETE', times: 1, ...fault });
    await page.click(`${ASSOCIATIONS} tr[data-row-index="0"] .lm-icon-button`);
    await page.click('.lm-dialog .lm-button--primary');
    await page.waitForFunction(() => /Could not remove/.test(document.querySelector('.lm-banner--warning')?.innerText ?? ''));
    await waitForRows(page);
    assert.equal(await rowCount(page), await serviceLeadCount(FIXTURES.contactObrien));
    assert.deepEqual(trouble, []);
    await page.close();
  });
}

test('a double click on Remove sends one request', async () => {
  const { page, trouble } = await open(contactForm(FIXTURES.contactObrien, 'data=view%3Dassociations'));
  await waitForRows(page);
  const before = await rowCount(page);
  await clearRequests();
  await page.dblclick(`${ASSOCIATIONS} tr[data-row-index="0"] .lm-icon-button`);
  await page.dblclick('.lm-dialog .lm-button--primary');
  await waitForRows(page, `n === ${before - 1}`);
  const deletes = (await emulatorRequests()).filter((r) => r.method === 'DELETE');
  assert.equal(deletes.length, 1);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('moving on mid-load aborts the old request and shows no error for it', async () => {
  const { page, trouble } = await open(contactForm(FIXTURES.contactManyLeads, 'data=view%3Dassociations'));
  await waitForRows(page, 'n === 25');
  await injectFault({ path_contains: '$skiptoken', delay_ms: 2500, times: 1 });
  await page.click(`${ASSOCIATIONS} .lm-pager button:last-child`);
  await page.waitForTimeout(200);
  await page.fill(`${ASSOCIATIONS} input[type=search]`, 'Smith');
  await page.press(`${ASSOCIATIONS} input[type=search]`, 'Enter');
  await page.waitForTimeout(3000);
  assert.equal(await page.$('[role=alert]'), null);
  for (const name of await page.$$eval('.lm-grid__name', (els) => els.map((e) => e.textContent))) {
    assert.match(name, /Smith/);
  }
  // Navigating the page away mid-load leaves no uncaught error behind.
  await injectFault({ path_contains: 'contactleads_association', delay_ms: 2000, times: 1 });
  await page.goto(`${WEB_RESOURCE}?${contactForm(FIXTURES.contactObrien)}`);
  await page.goto('about:blank');
  assert.deepEqual(trouble, []);
  await page.close();
});

test('XSS: 24 filter-evasion payloads in names, emails, companies and labels render as text', async () => {
  const { page, trouble } = await open(contactForm(XSS_GALLERY, 'data=view%3Dassociations'), { expectHttpErrors: false });
  await waitForRows(page, 'n === 24');
  const injected = await page.$$eval('.lm-frame', ([frame]) =>
    frame.querySelectorAll('script, img, svg, iframe, meta, style, body, table table, div[style], a:not([href^="http"]), input:not(.lm-input):not([type=checkbox])').length);
  assert.equal(injected, 0);
  const names = await page.$$eval('.lm-grid__name', (els) => els.map((e) => e.textContent));
  assert.ok(names.some((n) => n.includes("<script>alert('XSS')</script>")), names.join('\n'));
  const cells = await page.innerText(ASSOCIATIONS);
  assert.match(cells, /<svg\/onload=alert\('XSS'\)>/);

  const maps = await open(`typename=lead&id=${FIXTURES.leadFull}&data=view%3Dmaps`, { expectHttpErrors: false });
  await maps.page.waitForSelector('.lm-map-table tbody tr');
  const labels = await maps.page.innerText(MAPS);
  assert.match(labels, /<img src=x onerror=alert\('label'\)> Nickname|"><svg onload=alert\('label'\)> Nickname/);
  assert.equal(await maps.page.$$eval('.lm-frame svg, .lm-frame img, .lm-frame iframe', (e) => e.length), 0);
  assert.deepEqual([...trouble, ...maps.trouble], []);
  await page.close();
  await maps.page.close();
});

// Search terms reach the service as the literal typed and never widen the filter.
const TERMS = ["'", '&', '#', '%', '_', '[a-z]', '+', '/', '?', "O'Connor", 'Zoë', '李', "x' or 'a' eq 'a", "') or (true", 'a&$filter=true', '%27'];

test(`OData injection: ${TERMS.length} search terms arrive as literals`, async () => {
  const { page, trouble } = await open(contactForm(FIXTURES.contactManyLeads, 'data=view%3Dassociations'), { expectHttpErrors: false });
  await waitForRows(page, 'n === 25');
  for (const term of TERMS) {
    await clearRequests();
    await page.fill(`${ASSOCIATIONS} input[type=search]`, term);
    await page.press(`${ASSOCIATIONS} input[type=search]`, 'Enter');
    await page.waitForFunction(() => !document.querySelector('.lm-skeleton, .lm-spinner'));
    await page.waitForTimeout(100);
    const log = await emulatorRequests();
    const query = log.filter((r) => r.path.endsWith('/contactleads_association')).at(-1).query;
    // Quotes doubled (OData), LIKE wildcards bracketed (Dataverse runs contains as LIKE).
    const literal = term.replace(/[%_[]/g, '[$&]').replaceAll("'", "''");
    assert.ok(query.includes(`contains(fullname,'${literal}')`), `${term}: ${query}`);
    const shown = await page.$$eval('.lm-grid__name', (els) => els.map((e) => e.textContent));
    assert.ok(shown.length < 25, `${term} widened the filter`);
  }
  assert.deepEqual(trouble, []);
  await page.close();
});

test('two instances on one host page stay independent', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page, { expectHttpErrors: true });
  await injectFault({ path_contains: 'contactleads_association', status: 500, times: 50 });
  await page.goto(`${BASE_URL}/?typename=contact&id=${FIXTURES.contactObrien}&data=view%3Dassociations&second=view%3Dmaps`);
  const first = await leadmapFrame(page);
  const second = await leadmapFrame(page, true);
  await first.waitForSelector('[role=alert]');
  await second.waitForSelector('.lm-map-table tbody tr');
  assert.equal(await second.$('[role=alert]'), null);
  assert.equal(await first.$('.lm-map-table'), null);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('the frame destroyed and re-created 20 times leaves no requests running and no growing memory', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${BASE_URL}/?typename=contact&id=${FIXTURES.contactManyLeads}`);
  await (await leadmapFrame(page)).waitForSelector(ROWS);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const before = await heap();
  // Forms re-create web resource frames on tab changes, sometimes mid-load.
  await injectFault({ path_contains: 'contactleads_association', delay_ms: 300, times: 40 });
  for (let i = 0; i < 20; i++) {
    await page.evaluate(() => {
      const frame = document.getElementById('WebResource_leadmap');
      frame.replaceWith(frame.cloneNode());
    });
    await page.waitForTimeout(i % 2 ? 150 : 600);
  }
  const last = await leadmapFrame(page);
  await last.waitForSelector(ROWS);
  // The app's own view, not the rows the page drew before it started; it asks
  // for the user's privileges a while after (they are no part of the first view)
  // and once for the metadata it took from the browser's store, when it is idle.
  // After those the page must be quiet.
  await last.waitForFunction(() => !document.querySelector('.lm-early') && document.querySelector('.lm-map-table'));
  await clearRequests();
  const asked = async () => (await emulatorRequests()).some((r) => r.path.endsWith('RetrieveUserPrivileges()'));
  for (let waited = 0; !(await asked()) && waited < 10_000; waited += 100) await page.waitForTimeout(100);
  assert.ok(await asked(), 'the last frame asks for the user\'s privileges');
  await page.waitForTimeout(1500);
  await clearRequests();
  await page.waitForTimeout(1500);
  const afterRequests = await emulatorRequests();
  assert.deepEqual(afterRequests, [], 'nothing keeps calling the service once the page is idle');
  const grown = (await heap()) - before;
  assert.ok(grown < 8 * 1024 * 1024, `heap grew by ${grown} bytes`);
  assert.deepEqual(trouble, []);
  await page.close();
});
