// LeadMap as a web resource inside a model-driven-form-like host page: the
// host iframes the built app with the PassParams query string and offers a
// parent Xrm, as Dynamics 365 does.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, SCREENSHOTS, launch, leadmapFrame, watchForTrouble } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('LeadMap renders inside the form host with the record context', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(`${BASE_URL}/`);
  const frame = await leadmapFrame(page);
  await frame.waitForSelector('.lm-frame');
  const text = await frame.innerText('.lm-frame');
  assert.match(text, /Contact/);
  assert.match(text, /Entity maps/);
  // The default record is the fixture contact with 62 leads: a first page of 25.
  await frame.waitForSelector('tr[data-row-index="24"]');
  assert.match(text, /Leads/);
  // The form shows which record this is: no raw id in the frame.
  assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  await page.screenshot({ path: join(SCREENSHOTS, 'form-host-contact.png'), fullPage: true });
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a narrow one-third-width section has no horizontal scroll', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(`${BASE_URL}/WebResources/new_/leadmap/index.html?typename=contact&id=%7B6B7E0F2A-1C2D-4E5F-8A9B-0C1D2E3F4A5B%7D`);
  await page.waitForSelector('.lm-frame');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await page.close();
});

test('a bad id in the query string gets a message, not a blank frame', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(`${BASE_URL}/WebResources/new_/leadmap/index.html?typename=contact&id=%7Bnope%7D`);
  const alert = await page.waitForSelector('[role=alert]');
  assert.match(await alert.innerText(), /not a valid GUID/);
  assert.deepEqual(trouble, []);
  await page.close();
});
