// Screenshots for docs/DEPLOY.md: the packaged web resources in the
// emulator's form-like host page. Run against an emulator started with
// `--webresources target/solution/webresources`:
//   LEADMAP_PACKAGED_URL=http://127.0.0.1:18789 node scripts/docs_screenshots.mjs
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, leadmapFrame } from '../tests/e2e/lib.mjs';

const BASE = process.env.LEADMAP_PACKAGED_URL ?? 'http://127.0.0.1:18789';
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
const SRC = '%7B638000000000000001%7D/webresources/new_/leadmap/index.html';

const shots = [
  { file: 'deploy-contact-form.png', params: { typename: 'contact', id: 'c0000000-0000-4000-8000-000000000003', height: '720' } },
  { file: 'deploy-lead-form.png', params: { typename: 'lead', id: '1ead0000-0000-4000-8000-000000000001', data: 'view=associations', height: '560' } },
  { file: 'deploy-two-sections.png', params: { typename: 'lead', id: '1ead0000-0000-4000-8000-000000000004', data: 'view=associations', second: 'view=maps', height: '520' } },
];

const browser = await launch();
try {
  for (const { file, params } of shots) {
    const page = await browser.newPage();
    await page.goto(`${BASE}/?${new URLSearchParams({ src: SRC, ...params })}`);
    const frame = await leadmapFrame(page);
    await frame.waitForSelector('.lm-frame');
    if (params.data !== 'view=maps') await frame.waitForSelector('tr[data-row-index="0"]');
    if (params.second !== undefined) await (await leadmapFrame(page, true)).waitForSelector('.lm-frame');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, file), fullPage: true });
    console.log(`wrote docs/screenshots/${file}`);
    await page.close();
  }
} finally {
  await browser.close();
}
