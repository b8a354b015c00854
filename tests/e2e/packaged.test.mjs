// The packaged web resources (leadmap-packager's output, what the solution
// zip carries) served by the emulator at a Dataverse-like cache-busting path
// and opened inside the form-like host page. Needs an emulator started with
// `--webresources target/solution/webresources`; its URL in
// LEADMAP_PACKAGED_URL (scripts/test.sh does this). Skipped otherwise.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, launch, leadmapFrame, repeatedRequests, watchForTrouble } from './lib.mjs';

const PACKAGED_URL = process.env.LEADMAP_PACKAGED_URL;
const skip = PACKAGED_URL ? false : 'LEADMAP_PACKAGED_URL is not set';
const FOLDER = '%7B638000000000000001%7D/webresources/new_/leadmap';
const CONTACT = 'c0000000-0000-4000-8000-000000000001';
const LEAD = '1ead0000-0000-4000-8000-000000000001';
// What docs/DEPLOY.md tells a strict org to allow.
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

function hostUrl(params = {}) {
  const query = new URLSearchParams({ src: `${FOLDER}/index.html`, ...params });
  return `${PACKAGED_URL}/?${query}`;
}

// Serve the packaged page with a Content-Security-Policy header.
async function withCsp(page, policy) {
  await page.route('**/webresources/new_/leadmap/index.html*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
}

let browser;
before(async () => { if (!skip) browser = await launch(); });
after(async () => { await browser?.close(); });

test('the packaged web resources run at the cache-busting path in the form host', { skip }, async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(hostUrl({ typename: 'contact', id: CONTACT }));
  const frame = await leadmapFrame(page);
  await frame.waitForSelector('tr[data-row-index="0"]');
  assert.ok(frame.url().startsWith(`${PACKAGED_URL}/${FOLDER}/index.html?type=2&typename=contact&id=%7B`), frame.url());
  // Only allowed web resource types: the wasm rides in a script web resource, read as data. An
  // English user's strings are built in: their RESX (a String web resource)
  // is read after the first view, to keep a customizer's corrections.
  const assets = requested.filter((url) => url.includes('/webresources/'));
  assert.deepEqual(
    assets.map((url) => new URL(url).pathname.split('/').pop()).sort(),
    ['early_requests.js', 'index.html', 'leadmap.css', 'leadmap.js', 'leadmap_wasm.js'],
  );
  await page.waitForRequest((r) => r.url().includes(`${FOLDER}/strings/leadmap.1033.resx`), { timeout: 10000 });
  // early_requests.js sends the first round trip and the app takes its answers.
  await frame.waitForFunction(() => performance.getEntriesByName('leadmap:maps-ready').length > 0);
  await page.waitForTimeout(300);
  const api = requested.filter((url) => url.includes('/api/data/'));
  assert.deepEqual(repeatedRequests(api), []);
  assert.ok(!api.some((url) => url.endsWith('$batch')), api.join('\n'));
  assert.ok(assets.every((url) => url.includes(FOLDER)), assets.join('\n'));
  assert.ok(!requested.some((url) => url.endsWith('.wasm')));
  await page.screenshot({ path: join(SCREENSHOTS, 'packaged-form-host.png'), fullPage: true });
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a German user reads the German RESX web resource, with no rebuild', { skip }, async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(hostUrl({ typename: 'contact', id: CONTACT, lcid: '1031' }));
  const frame = await leadmapFrame(page);
  await frame.waitForSelector('tr[data-row-index="0"]');
  assert.match(await frame.innerText('.lm-frame'), /Vorhandenen Lead hinzufügen/);
  assert.ok(requested.some((url) => url.includes(`${FOLDER}/strings/leadmap.1031.resx`)), requested.join('\n'));
  assert.deepEqual(trouble, []);
  await page.close();
});

test('a lead form shows its contacts', { skip }, async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(hostUrl({ typename: 'lead', id: LEAD, data: 'view=associations' }));
  const frame = await leadmapFrame(page);
  await frame.waitForSelector('tr[data-row-index="0"]');
  assert.match(await frame.innerText('.lm-frame'), /Contacts/);
  assert.deepEqual(trouble, []);
  await page.close();
});

test("it starts under a strict CSP with 'wasm-unsafe-eval', and says why not without it", { skip }, async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await withCsp(page, STRICT_CSP);
  await page.goto(hostUrl({ typename: 'contact', id: CONTACT }));
  const frame = await leadmapFrame(page);
  await frame.waitForSelector('tr[data-row-index="0"]');
  assert.deepEqual(trouble, []);
  await page.close();

  const blocked = await browser.newPage();
  await withCsp(blocked, STRICT_CSP.replace(" 'wasm-unsafe-eval'", ''));
  await blocked.goto(hostUrl({ typename: 'contact', id: CONTACT }));
  const alert = await (await leadmapFrame(blocked)).waitForSelector('#leadmap[role=alert]');
  assert.match(await alert.innerText(), /LeadMap could not start/);
  await blocked.close();
});

test('a browser without DecompressionStream is told why the app cannot start', { skip }, async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => { delete window.DecompressionStream; });
  await page.goto(hostUrl({ typename: 'contact', id: CONTACT }));
  const alert = await (await leadmapFrame(page)).waitForSelector('#leadmap[role=alert]');
  assert.match(await alert.innerText(), /LeadMap could not start: this browser cannot unpack the app/);
  await page.close();
});

test('on a 4× slower CPU and a remote line the packaged first view asks for nothing twice', { skip }, async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  const cdp = await browser.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 40, downloadThroughput: 1_250_000, uploadThroughput: 1_250_000,
  });
  const api = [];
  page.on('request', (request) => { if (request.url().includes('/api/data/')) api.push(request.url()); });
  await page.goto(hostUrl({ typename: 'contact', id: CONTACT }));
  const frame = await leadmapFrame(page);
  await frame.waitForFunction(() => performance.getEntriesByName('leadmap:maps-ready').length > 0, null, { timeout: 20000 });
  // Quiet for a whole second on the slow CPU: a request asked for twice would show.
  await page.waitForTimeout(1000);
  assert.deepEqual(repeatedRequests(api), []);
  assert.deepEqual(trouble, []);
  await page.close();
});

test('the form OnLoad script hands the form context to LeadMap', { skip }, async () => {
  const page = await browser.newPage();
  const trouble = watchForTrouble(page);
  await page.goto(hostUrl({ typename: 'contact', id: CONTACT }));
  await page.addScriptTag({ url: `/${FOLDER}/form_onload.js` });
  // Called as the form would, likely before the wasm has started: it retries.
  const handedOver = await page.evaluate(() => {
    const frame = document.getElementById('WebResource_leadmap');
    const formContext = {
      getControl: (name) => (name === 'WebResource_leadmap'
        ? { getContentWindow: () => Promise.resolve(frame.contentWindow) }
        : null),
    };
    // A form-level Xrm distinct from the page's, so its use can be seen.
    window.Xrm = {
      ...window.Xrm,
      Navigation: {
        openForm: (options) => {
          window.openedThroughOnLoad = options;
          return Promise.resolve({ savedEntityReference: [] });
        },
      },
    };
    return window.LeadMap.onLoad({ getFormContext: () => formContext });
  });
  assert.equal(handedOver, true);
  assert.equal(await page.evaluate(() => window.LeadMap.onLoad({ getFormContext: () => ({ getControl: () => null }) })), false);

  const frame = await leadmapFrame(page);
  await frame.click('tr[data-row-index="0"] a');
  const opened = await page.waitForFunction(() => window.openedThroughOnLoad);
  assert.equal((await opened.jsonValue()).entityName, 'lead');
  assert.deepEqual(trouble, []);
  await page.close();
});
