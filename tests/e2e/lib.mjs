// Shared helpers for LeadMap's Playwright tests (node:test + playwright-core,
// driving Debian's Chromium; no browser is ever downloaded).
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// playwright-core is installed with the other Node tools under scripts/.
const require = createRequire(new URL('../../scripts/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const BASE_URL = process.env.LEADMAP_BASE_URL ?? 'http://127.0.0.1:8787';
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

// The browser of the running test file (one per file, like a user's browser).
let launched = null;

export async function launch() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'leadmap-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  launched = context;
  return context;
}

// Forget what LeadMap keeps in the browser across form opens (metadata in
// localStorage), so each test starts like a first open of the day.
export async function forgetKeptMetadata(origin = BASE_URL) {
  if (!launched) return;
  const page = await launched.newPage();
  try {
    await page.goto(`${origin}/_emulator/fixtures`);
    await page.evaluate(() => localStorage.clear());
  } finally {
    await page.close();
  }
}

// Collect what would mean a broken page: uncaught errors, console errors
// (a Rust panic lands there through console_error_panic_hook) and dialogs.
// With `expectHttpErrors`, Chromium's own "Failed to load resource" lines
// (logged for every 4xx/5xx answer a test provokes) are not trouble.
export function watchForTrouble(page, { expectHttpErrors = false } = {}) {
  const trouble = [];
  page.on('pageerror', (err) => trouble.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (expectHttpErrors && msg.text().startsWith('Failed to load resource')) return;
    trouble.push(`console.error: ${msg.text()}`);
  });
  page.on('dialog', async (dialog) => {
    trouble.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return trouble;
}

// The LeadMap frame inside the form-like host page (named like Dynamics
// names web resource controls: WebResource_<name>).
export async function leadmapFrame(page, second = false) {
  const handle = await page.waitForSelector(second ? '#WebResource_leadmap_second' : '#WebResource_leadmap');
  return handle.contentFrame();
}

// Restore the emulator's fixture data, faults and request log.
export async function resetEmulator(base = BASE_URL) {
  await forgetKeptMetadata(base);
  const res = await fetch(`${base}/_emulator/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`reset failed: ${res.status}`);
}

export async function emulatorRequests(base = BASE_URL) {
  return (await fetch(`${base}/_emulator/requests`)).json();
}

// The API requests (`METHOD path?query`) a log or a list of URLs holds more
// than once: a first view asks for each thing once.
export function repeatedRequests(requests) {
  const seen = new Map();
  for (const r of requests) {
    const key = typeof r === 'string' ? decodeURIComponent(r) : `${r.method} ${r.path}?${r.query}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${n}× ${key}`);
}

export const FIXTURES = {
  contactManyLeads: 'c0000000-0000-4000-8000-000000000001',
  contactObrien: 'c0000000-0000-4000-8000-000000000003',
  leadManyContacts: '1ead0000-0000-4000-8000-000000000001',
  leadFull: '1ead0000-0000-4000-8000-000000000004',
};

export async function injectFault(spec, base = BASE_URL) {
  const res = await fetch(`${base}/_emulator/faults`, { method: 'POST', body: JSON.stringify(spec), headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`fault not accepted: ${res.status} ${await res.text()}`);
}

export async function clearFaults(base = BASE_URL) {
  await fetch(`${base}/_emulator/faults`, { method: 'DELETE' });
}

export async function clearRequests(base = BASE_URL) {
  await fetch(`${base}/_emulator/requests`, { method: 'DELETE' });
}

// Read the Web API directly, as the service holds it.
export async function api(path, base = BASE_URL) {
  const res = await fetch(`${base}/api/data/v9.2/${path}`, { headers: { accept: 'application/json' } });
  return res.json();
}
