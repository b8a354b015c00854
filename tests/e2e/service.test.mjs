// What the real service does, against the emulator's fault injection:
// throttling from the first request on, a slow or hung service, a duplicate
// add raced by another user, an expired session, a browser that goes
// offline; and the words the frame shows.
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, FIXTURES, api, clearFaults, emulatorRequests, injectFault, launch, resetEmulator, watchForTrouble,
} from './lib.mjs';

const WEB_RESOURCE = `${BASE_URL}/WebResources/new_/leadmap/index.html`;
const ASSOCIATIONS = 'section[aria-labelledby=lm-associations-title]';
const MAPS = 'section[aria-labelledby=lm-maps-title]';
const ROWS = 'tbody tr[data-row-index]';
const ASSOCIATIONS_PAGE = 'contactleads_association';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await resetEmulator(); await clearFaults(); });

// `beforeLoad`: a script run in the page before its own (Playwright's addInitScript).
async function open(query, { expectHttpErrors = true, beforeLoad } = {}) {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page, { expectHttpErrors });
  if (beforeLoad) await page.addInitScript(beforeLoad);
  await page.goto(`${WEB_RESOURCE}?${query}`);
  return { page, trouble };
}

const contactForm = (id, data = '') => `typename=contact&id=%7B${id.toUpperCase()}%7D&data=${data}`;
const rowCount = (page) => page.$$eval(`${ASSOCIATIONS} ${ROWS}`, (rows) => rows.length);
const waitForRows = (page, n) => page.waitForFunction(
  ([sel, count]) => document.querySelectorAll(sel).length === count && !document.querySelector('.lm-grid__row--busy'),
  [`${ASSOCIATIONS} ${ROWS}`, n], { timeout: 15000 });

test('a 429 on the early request holds every request of the page for Retry-After', async () => {
  await injectFault({ path_contains: ASSOCIATIONS_PAGE, status: 429, retry_after: 1, times: 1 });
  // The app takes `window.leadmapEarly` away when it starts: keep the URLs the page's script asked for.
  const keepEarlyUrls = () => {
    let early;
    Object.defineProperty(window, 'leadmapEarly', {
      configurable: true,
      get: () => early,
      set: (value) => { early = value; window.earlyUrls = value.requests.map((r) => r.url); },
    });
  };
  const { page, trouble } = await open(contactForm(FIXTURES.contactManyLeads), { beforeLoad: keepEarlyUrls });
  await waitForRows(page, 25);
  await page.waitForFunction(() => performance.getEntriesByName('leadmap:maps-ready').length > 0);
  const earlyUrls = new Set((await page.evaluate(() => window.earlyUrls)).map((url) => {
    const { pathname, search } = new URL(url);
    return decodeURIComponent(`${pathname}${search}`);
  }));
  const key = (r) => decodeURIComponent(r.query ? `${r.path}?${r.query}` : r.path);
  const log = (await emulatorRequests()).filter((r) => r.path.startsWith('/api/data/'));
  const shown = JSON.stringify(log.map((r) => [r.time, key(r)]));
  const refused = log.findIndex((r) => r.path.endsWith(ASSOCIATIONS_PAGE));
  const at = log[refused].time;
  // Before Retry-After is over only the page's own early requests reach the service (the
  // browser may still put one on the wire after the 429), each once: the app holds its own.
  const held = log.filter((r, i) => i !== refused && r.time < at + 950);
  for (const r of held) assert.ok(earlyUrls.has(key(r)), `${key(r)} left ${r.time - at} ms after the 429: ${shown}`);
  assert.equal(new Set(held.map(key)).size, held.length, shown);
  const retried = log.findIndex((r, i) => i > refused && r.path.endsWith(ASSOCIATIONS_PAGE));
  assert.ok(retried > refused && log[retried].time >= at + 950, shown);
  assert.equal(await page.$('[role=alert]'), null);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a slow service is said to be slow within 5 s, and the rows still come', async () => {
  await injectFault({ path_contains: ASSOCIATIONS_PAGE, delay_ms: 7000, times: 1 });
  const started = Date.now();
  const { page, trouble } = await open(contactForm(FIXTURES.contactManyLeads, 'view%3Dassociations%26timeout%3D20'));
  const slow = await page.waitForSelector(`${ASSOCIATIONS} .lm-slow`, { timeout: 6500 });
  assert.ok(Date.now() - started < 6500);
  assert.match(await slow.innerText(), /Still loading the leads: Dataverse is slow to answer/);
  await waitForRows(page, 25);
  assert.equal(await page.$(`${ASSOCIATIONS} .lm-slow`), null);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a service that never answers ends in a message with Try again at the timeout, retries included', async () => {
  await injectFault({ path_contains: 'entitymaps', delay_ms: 60000, times: 5 });
  const started = Date.now();
  const { page, trouble } = await open(`typename=lead&id=${FIXTURES.leadFull}&data=view%3Dmaps%26timeout%3D3`);
  const alert = await page.waitForSelector(`${MAPS} [role=alert]`, { timeout: 10000 });
  const waited = Date.now() - started;
  assert.ok(waited < 6000, `told after ${waited} ms`);
  assert.match(await alert.innerText(), /did not answer within 3 seconds/);
  assert.ok(await page.$(`${MAPS} [role=alert] button`), 'Try again');
  await clearFaults();
  await page.click(`${MAPS} [role=alert] button`);
  await page.waitForSelector(`${MAPS} .lm-chip`);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a lead associated by someone else between the pick and the click is added, not refused', async () => {
  const { page, trouble } = await open(contactForm(FIXTURES.contactObrien, 'view%3Dassociations'));
  await waitForRows(page, 3);
  await page.click(`${ASSOCIATIONS} .lm-section__head button`);
  const pick = await page.waitForSelector('.lm-pick input:not([disabled])');
  const name = await pick.evaluate((input) => input.closest('.lm-pick').querySelector('.lm-pick__name').textContent);
  await pick.check();
  // Another user associates the same lead meanwhile.
  const filter = encodeURIComponent(`fullname eq '${name.replaceAll("'", "''")}'`);
  const candidates = await api(`leads?$select=fullname,leadid&$filter=${filter}`);
  assert.equal(candidates.value?.length, 1, JSON.stringify(candidates));
  const leadId = candidates.value[0].leadid;
  const res = await fetch(`${BASE_URL}/api/data/v9.2/contacts(${FIXTURES.contactObrien})/contactleads_association/$ref`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ '@odata.id': `${BASE_URL}/api/data/v9.2/leads(${leadId})` }),
  });
  assert.equal(res.status, 204);
  await page.click('.lm-dialog .lm-button--primary');
  await waitForRows(page, 4);
  await page.waitForTimeout(500);
  assert.equal(await page.$('.lm-banner--warning'), null, 'no "Could not add"');
  const names = await page.$$eval(`${ASSOCIATIONS} .lm-grid__name`, (els) => els.map((e) => e.textContent));
  assert.equal(names.filter((n) => n === name).length, 1, names.join(', '));
  const held = await api(`contacts(${FIXTURES.contactObrien})/contactleads_association?$select=fullname`);
  assert.equal(held.value.length, await rowCount(page));
  assert.deepEqual(trouble, []);
  await page.close();
});

test('an expired session says to sign in again and keeps what the user typed', async () => {
  const { page, trouble } = await open(contactForm(FIXTURES.contactManyLeads, 'view%3Dassociations'));
  await waitForRows(page, 25);
  await injectFault({ path_contains: ASSOCIATIONS_PAGE, status: 401, times: 1 });
  await page.fill(`${ASSOCIATIONS} input[type=search]`, 'Zoë O');
  await page.press(`${ASSOCIATIONS} input[type=search]`, 'Enter');
  const alert = await page.waitForSelector(`${ASSOCIATIONS} [role=alert]`);
  assert.match(await alert.innerText(), /session has expired\. Sign in again/);
  assert.equal(await page.inputValue(`${ASSOCIATIONS} input[type=search]`), 'Zoë O');
  await page.click(`${ASSOCIATIONS} [role=alert] button`);
  await page.waitForFunction((sel) => !document.querySelector(`${sel} [role=alert]`), ASSOCIATIONS);
  assert.equal(await page.inputValue(`${ASSOCIATIONS} input[type=search]`), 'Zoë O');
  assert.deepEqual(trouble, []);
  await page.close();
});

test('offline: the frame says so, and what failed loads again once the browser is back', async () => {
  const { page, trouble } = await open(contactForm(FIXTURES.contactManyLeads, 'view%3Dassociations'));
  await waitForRows(page, 25);
  await page.context().setOffline(true);
  await page.waitForSelector('.lm-frame > .lm-banner--warning');
  assert.match(await page.innerText('.lm-frame > .lm-banner--warning'), /offline/);
  await page.click('.lm-pager button:last-child');
  await page.waitForSelector(`${ASSOCIATIONS} [role=alert]`);
  assert.match(await page.innerText(`${ASSOCIATIONS} [role=alert]`), /can't be reached/);
  await page.context().setOffline(false);
  await page.waitForFunction((sel) => !document.querySelector(`${sel} [role=alert]`), ASSOCIATIONS);
  await waitForRows(page, 25);
  assert.equal(await page.$('.lm-frame > .lm-banner--warning'), null);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('the frame shows no raw record id, and one lead reads "1 lead"', async () => {
  const { page, trouble } = await open(contactForm(FIXTURES.contactObrien, 'view%3Dassociations'), { expectHttpErrors: false });
  await waitForRows(page, 3);
  const frame = await page.innerText('.lm-frame');
  assert.ok(!frame.toLowerCase().includes(FIXTURES.contactObrien), frame);
  const first = await page.$eval(`${ASSOCIATIONS} .lm-grid__name`, (el) => el.textContent);
  await page.fill(`${ASSOCIATIONS} input[type=search]`, first);
  await page.press(`${ASSOCIATIONS} input[type=search]`, 'Enter');
  await waitForRows(page, 1);
  assert.match(await page.innerText('.lm-pager__summary'), /^Page 1 · 1 lead$/);
  assert.deepEqual(trouble, []);
  await page.close();
});
