// The two views in the form-like host page, by mouse and keyboard, with
// screenshots for the README.
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, FIXTURES, SCREENSHOTS, emulatorRequests, launch, leadmapFrame, resetEmulator, watchForTrouble } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await resetEmulator(); });

test('associations: the keyboard opens a record through Xrm and search narrows the list', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(`${BASE_URL}/?typename=contact&id=${FIXTURES.contactManyLeads}&data=view%3Dassociations&height=900`);
  const frame = await leadmapFrame(page);
  await frame.waitForSelector('tr[data-row-index="24"]');
  await page.screenshot({ path: join(SCREENSHOTS, 'associations-contact.png'), fullPage: true });

  // Tab to the grid, arrow down, Enter: the parent's Xrm.Navigation.openForm is called.
  await frame.focus('tr[data-row-index="0"]');
  await page.keyboard.press('ArrowDown');
  const secondName = await frame.innerText('tr[data-row-index="1"] .lm-grid__name');
  await page.keyboard.press('Enter');
  const opened = await page.evaluate(() => window.lastOpenForm);
  assert.equal(opened.entityName, 'lead');
  assert.match(opened.entityId, /^[0-9a-f-]{36}$/);

  await frame.fill('input[type=search]', "O'Connor");
  await frame.waitForFunction(() => document.querySelectorAll('tbody tr[data-row-index]').length < 25);
  for (const name of await frame.$$eval('.lm-grid__name', (els) => els.map((e) => e.textContent))) {
    assert.match(name, /O'Connor/);
  }
  assert.ok(secondName.length > 0);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('associations: add existing through the dialog, then remove with Delete', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 1200 });
  const trouble = watchForTrouble(page);
  await page.goto(`${BASE_URL}/?typename=lead&id=${FIXTURES.leadManyContacts}&data=view%3Dassociations&height=900`);
  const frame = await leadmapFrame(page);
  await frame.waitForSelector('tr[data-row-index="5"]');
  await frame.click('text=+ Add existing contact');
  await frame.waitForSelector('.lm-pick input:not([disabled])');
  // The list is drawn again for the term once typing pauses: pick from that one.
  const searched = page.waitForResponse((r) => decodeURIComponent(r.url()).includes("contains(fullname,'a')"));
  await frame.fill('.lm-dialog input[type=search]', 'a');
  await searched;
  await frame.waitForSelector('.lm-pick input:not([disabled])');
  await page.waitForTimeout(50);
  const boxes = await frame.$$('.lm-pick input:not([disabled])');
  await boxes[0].check();
  await boxes[1].check();
  await page.screenshot({ path: join(SCREENSHOTS, 'associations-add-dialog.png'), fullPage: true });
  await frame.click('.lm-dialog .lm-button--primary');
  await frame.waitForFunction(() => document.querySelectorAll('tbody tr[data-row-index]').length === 8
    && !document.querySelector('.lm-grid__row--busy'));

  await frame.focus('tr[data-row-index="0"]');
  await page.keyboard.press('Delete');
  await frame.waitForSelector('.lm-dialog');
  // Focus is inside the dialog; Enter on the focused "Remove" confirms.
  assert.equal(await frame.evaluate(() => document.activeElement.textContent), 'Remove');
  await page.keyboard.press('Enter');
  await frame.waitForFunction(() => document.querySelectorAll('tbody tr[data-row-index]').length === 7
    && !document.querySelector('.lm-grid__row--busy'));
  const writes = (await emulatorRequests()).filter((r) => r.path.endsWith('$ref'));
  assert.equal(writes.length, 3, JSON.stringify(writes));
  assert.deepEqual(trouble, []);
  await page.close();
});

test('entity maps: a lead shows its maps, attribute maps with display names and a preview', async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(`${BASE_URL}/?typename=lead&id=${FIXTURES.leadFull}&data=view%3Dmaps&height=1300`);
  const frame = await leadmapFrame(page);
  await frame.waitForSelector('.lm-map-table tbody tr');
  await frame.waitForFunction(() => !document.querySelector('.lm-spinner'));
  const text = await frame.innerText('.lm-frame');
  assert.match(text, /From this Lead into/);
  assert.match(text, /New contact gets/);
  assert.match(text, /First Name/);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.screenshot({ path: join(SCREENSHOTS, 'entity-maps-lead.png'), fullPage: true });
  assert.deepEqual(trouble, []);
  await page.close();
});
