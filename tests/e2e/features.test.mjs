// What no N:N control offers together: permission-aware writes, a create
// form's record shown once saved, bulk removal, CSV export, a narrow section
// that reads well, and LeadMap's own words in the user's language (left to
// right and right to left). Each in the form-like host page.
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BASE_URL, FIXTURES, SCREENSHOTS, api, injectFault, clearFaults, launch, leadmapFrame, resetEmulator, watchForTrouble,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await resetEmulator(); });

const ROW = 'tr[data-row-index]';

async function openForm(query, { width = 1280, expectHttpErrors = false } = {}) {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  const trouble = watchForTrouble(page, { expectHttpErrors });
  await page.goto(`${BASE_URL}/?${query}`);
  const frame = await leadmapFrame(page);
  await frame.waitForSelector('.lm-frame');
  return { page, frame, trouble };
}

async function settings(body) {
  const res = await fetch(`${BASE_URL}/_emulator/settings`, {
    method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/json' },
  });
  assert.ok(res.ok, `settings: ${res.status}`);
}

async function serviceLeadCount(contactId) {
  const answer = await api(`contacts(${contactId})/contactleads_association?$select=leadid&$count=true`);
  return answer['@odata.count'] ?? answer.value.length;
}

function catalog(lcid) {
  const text = readFileSync(new URL(`../../www/strings/leadmap.${lcid}.resx`, import.meta.url), 'utf8');
  const out = {};
  for (const [, id, value] of text.matchAll(/<data name="([^"]+)"[^>]*><value>([^<]*)<\/value><\/data>/g)) {
    out[id] = value.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return out;
}

test('a read-only form offers no add or remove and says why', async () => {
  const { page, frame, trouble } = await openForm(`typename=contact&id=${FIXTURES.contactObrien}&formtype=3&data=view%3Dassociations`);
  await frame.waitForSelector(ROW);
  assert.match(await frame.innerText('.lm-access'), /read-only/);
  assert.equal(await frame.$('text=+ Add existing lead'), null);
  assert.equal(await frame.$(`${ROW} .lm-icon-button`), null);
  assert.equal(await frame.$(`${ROW} input[type=checkbox]`), null);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a user whose role lacks Append on lead is offered no writes, and told which privilege', async () => {
  await settings({ denied_privileges: ['prvAppendLead'] });
  const { page, frame, trouble } = await openForm(`typename=contact&id=${FIXTURES.contactObrien}&data=view%3Dassociations`);
  await frame.waitForSelector('.lm-access');
  assert.match(await frame.innerText('.lm-access'), /prvAppendLead/);
  assert.equal(await frame.$('text=+ Add existing lead'), null);
  assert.equal(await frame.$(`${ROW} .lm-icon-button`), null);
  // Reading still works.
  assert.ok((await frame.$$(ROW)).length > 0);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a create form says associations come once saved, then shows them after Save without a reload', async () => {
  const { page, frame, trouble } = await openForm('typename=lead&id=new&data=view%3Dassociations');
  await frame.waitForSelector('.lm-unsaved');
  assert.match(await frame.innerText('.lm-unsaved'), /once this lead is saved/);
  await frame.evaluate(() => { window.sameFrame = true; });
  await page.click('#command-save');
  await frame.waitForSelector('text=No contacts are associated with this lead.');
  assert.equal(await frame.evaluate(() => window.sameFrame), true, 'the frame was not reloaded');
  assert.ok(await frame.$('text=+ Add existing contact'), 'a saved record can be associated');
  assert.deepEqual(trouble, []);
  await page.close();
});

test('bulk removal: Shift+click selects a range, one confirmation, and the UI equals the service', async () => {
  const before = await serviceLeadCount(FIXTURES.contactManyLeads);
  const { page, frame, trouble } = await openForm(`typename=contact&id=${FIXTURES.contactManyLeads}&data=view%3Dassociations`);
  await frame.waitForSelector(`${ROW}[data-row-index="3"]`);
  await frame.click(`${ROW}[data-row-index="0"] input[type=checkbox]`);
  await frame.click(`${ROW}[data-row-index="3"] input[type=checkbox]`, { modifiers: ['Shift'] });
  assert.match(await frame.innerText('.lm-selection-bar'), /4 selected/);
  await page.screenshot({ path: join(SCREENSHOTS, 'bulk-selection.png') });
  await frame.click('.lm-selection-bar .lm-button--danger');
  assert.match(await frame.innerText('.lm-dialog'), /Remove 4 leads from this contact/);
  await frame.click('.lm-dialog .lm-button--primary');
  await frame.waitForSelector('.lm-banner--success');
  assert.match(await frame.innerText('.lm-banner--success'), /Removed 4 leads/);
  assert.equal(await serviceLeadCount(FIXTURES.contactManyLeads), before - 4);
  await frame.waitForFunction((n) => /\d+ leads/.test(document.querySelector('.lm-pager__summary')?.innerText ?? '')
    && document.querySelector('.lm-pager__summary').innerText.includes(`${n} leads`), before - 4);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a bulk removal the service partly refuses keeps the refused rows and names them', async () => {
  const { page, frame, trouble } = await openForm(`typename=contact&id=${FIXTURES.contactObrien}&data=view%3Dassociations`, { expectHttpErrors: true });
  await frame.waitForSelector(ROW);
  const names = await frame.$$eval(`${ROW} .lm-grid__name a`, (links) => links.map((a) => a.textContent));
  assert.ok(names.length >= 2);
  await injectFault({ path_contains: '$ref', method: 'DELETE', times: 1, status: 403 });
  await frame.click('.lm-grid thead input[type=checkbox]');
  await frame.click('.lm-selection-bar .lm-button--danger');
  await frame.click('.lm-dialog .lm-button--primary');
  await frame.waitForSelector('.lm-banner--warning');
  const notice = await frame.innerText('.lm-banner--warning');
  assert.match(notice, /Could not remove/);
  await frame.waitForSelector('.lm-row-error');
  const kept = await frame.$$eval(`${ROW} .lm-grid__name a`, (links) => links.map((a) => a.textContent));
  assert.equal(kept.length, 1, 'the refused row stays');
  assert.ok(notice.includes(kept[0]), 'the notice names it');
  assert.equal(await serviceLeadCount(FIXTURES.contactObrien), kept.length, 'the UI equals the service');
  await clearFaults();
  assert.deepEqual(trouble, []);
  await page.close();
});

test('export: every association of the search as CSV, UTF-8 with a BOM, named after the record', async () => {
  const { page, frame, trouble } = await openForm(`typename=contact&id=${FIXTURES.contactManyLeads}&data=view%3Dassociations`);
  await frame.waitForSelector(ROW);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    frame.click('text=Export CSV'),
  ]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  assert.equal(text.charCodeAt(0), 0xfeff, 'a BOM');
  const lines = text.slice(1).trim().split('\n');
  assert.match(lines[0], /^Name,Company Name,Email,Status Reason,Created On$/);
  assert.equal(lines.length - 1, await serviceLeadCount(FIXTURES.contactManyLeads), 'all pages, not the first');
  await frame.waitForSelector('text=/Exported \\d+ rows/');
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a one-third section shows a map as a summary with "show all", and reads without a long scroll', async () => {
  const { page, frame, trouble } = await openForm(`typename=lead&id=${FIXTURES.leadFull}&width=third&height=2400`);
  await frame.waitForSelector('.lm-map-summary__item');
  await frame.waitForSelector(ROW);
  const shown = (await frame.$$('.lm-map-summary__item')).length;
  assert.ok(shown > 0 && shown <= 8, `a summary (${shown} lines)`);
  // The whole frame (associations and maps) at a third of a form's width.
  const height = await frame.evaluate(() => document.querySelector('.lm-frame').scrollHeight);
  assert.ok(height < 3000, `the section scrolls ${height} px`);
  await page.screenshot({ path: join(SCREENSHOTS, 'third-maps-summary.png'), fullPage: true });
  await frame.click('text=/Show all \\d+ attribute maps/');
  await frame.waitForSelector('.lm-map-table tbody tr');
  assert.ok((await frame.$$('.lm-map-table tbody tr')).length > shown);
  assert.deepEqual(trouble, []);
  await page.close();
});

for (const [lcid, name, rtl] of [[1031, 'german', false], [1025, 'arabic', true], [1041, 'japanese', false]]) {
  test(`a ${name} user gets LeadMap's own words in ${name}${rtl ? ', right to left' : ''}`, async () => {
    const words = catalog(lcid);
    for (const [width, label] of [[1280, 'full'], [1280, 'third']]) {
      const { page, frame, trouble } = await openForm(`typename=contact&id=${FIXTURES.contactManyLeads}&lcid=${lcid}&width=${label}&height=1600&data=pagesize%3D8`, { width });
      await frame.waitForSelector(ROW);
      await frame.waitForSelector('.lm-map-table tbody tr, .lm-map-summary__item');
      const root = await frame.$('.lm-root[dir]');
      assert.equal(await root.getAttribute('dir'), rtl ? 'rtl' : 'ltr');
      const text = await frame.innerText('.lm-frame');
      assert.ok(text.includes(words['associations.add_existing.leads']), 'the add button');
      assert.ok(text.includes(words['maps.title']), 'the maps title');
      assert.doesNotMatch(text, /\b(associations|maps?|grid|bulk|notice|export|permission|common|pager|add|issue|error|host|loading)\.[a-z_]+/, 'no raw string id');
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
      assert.deepEqual(trouble, []);
      await page.close();
    }
  });
}

test('on a lead form, the qualification preview shows the new contact, account and opportunity side by side', async () => {
  const { page, frame, trouble } = await openForm(`typename=lead&id=${FIXTURES.leadFull}&data=view%3Dmaps&height=1600`);
  await frame.click('.lm-chip--qualify');
  await frame.waitForSelector('.lm-qualify__table tbody tr');
  const headers = await frame.$$eval('.lm-qualify__table thead th', (ths) => ths.map((th) => th.textContent.trim()));
  assert.deepEqual(headers, ['Lead column', 'Contact', 'Account', 'Opportunity']);
  const row = async (column) => frame.$$eval('.lm-qualify__table tbody tr', (trs, c) => {
    const tr = trs.find((r) => r.querySelector('th').textContent.includes(c));
    return tr ? [...tr.querySelectorAll('td')].map((td) => td.innerText) : null;
  }, column);
  const city = await row('address1_city');
  assert.ok(city, 'a row per lead column');
  assert.match(city[0], /Dublin/, 'the new contact gets the city');
  assert.match(city[1], /Dublin/, 'the new account too');
  assert.match(city[2], /not mapped/, 'the opportunity does not');
  // The maps' warnings come along, column by column.
  assert.match((await row('new_employeecount'))[0], /Types differ/);
  await page.screenshot({ path: join(SCREENSHOTS, 'qualification-preview.png'), fullPage: true });
  assert.deepEqual(trouble, []);
  await page.close();
});

test('mapping checks: shared columns no map fills, choice values the target lacks, and a link to the classic editor', async () => {
  const { page, frame, trouble } = await openForm(`typename=lead&id=${FIXTURES.leadFull}&data=view%3Dmaps&height=2600`);
  await frame.waitForSelector('.lm-checks__list');
  const text = await frame.innerText('.lm-checks');
  assert.match(text, /2 columns with the same name on both sides are not mapped/);
  assert.match(text, /Fax \(fax\)/);
  assert.match(text, /Home Phone \(telephone2\)/);
  assert.doesNotMatch(text, /fullname|createdon/, 'computed and system columns are not suggested');
  assert.match(text, /preferredcontactmethodcode.*choice values differ.*Microsoft Teams/);
  const href = await frame.getAttribute('.lm-checks a', 'href');
  assert.match(href, /\/tools\/systemcustomization\/relationships\/mappings\/mappingList\.aspx\?mappingId=e0000000-0000-4000-8000-000000000001$/);
  await page.screenshot({ path: join(SCREENSHOTS, 'mapping-checks.png'), fullPage: true });
  assert.deepEqual(trouble, []);
  await page.close();
});
