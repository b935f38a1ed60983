/**
 * `npm run screenshots`: the screenshots in docs/screenshots/, taken with the same Debian
 * Chromium and playwright-core setup as the browser tests, against the local hub seeded with
 * South Yorkshire (one priority is revised first, so that a history page shows a change) and
 * with the bench's generated 40-body area (whose overview pages its bodies).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { southYorkshire } from '@partnership-hub/seed';
import type { Page } from 'playwright-core';
import { GENERATED, generateArea } from '../bench/lib/generated-area.ts';
import { startLocalHub } from '../infra/src/local/hub.ts';
import { launchChromium } from '../infra/test/browser/chromium.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const AREA = southYorkshire.id;
const ROTHERHAM = 'safer-rotherham-partnership';
const PRIORITY = 'srp-2016-3-domestic-abuse';

const dataDir = await mkdtemp(join(tmpdir(), 'hub-screenshots-'));
const hub = await startLocalHub({ dataDir, port: 0, seed: southYorkshire, devIdentityProvider: true });
const browser = await launchChromium();
try {
  await mkdir(OUT, { recursive: true });
  const keyOf = (organisationId: string) => hub.credentials.organisations.find((entry) => entry.organisationId === organisationId)!.key;

  // A revision, so that the history page has a before and after to show.
  const path = `${hub.url}/v1/areas/${AREA}/organisations/${ROTHERHAM}/priorities/${PRIORITY}`;
  const current = (await (await fetch(path)).json()) as Record<string, unknown> & { version: number; lead?: string; indicators: string[] };
  const {
    id: _id,
    version,
    organisationId: _organisationId,
    areaId: _areaId,
    updatedAt: _updatedAt,
    ...state
  } = current as Record<string, unknown> & { version: number };
  const revised = await fetch(path, {
    method: 'PUT',
    headers: { authorization: `Bearer ${keyOf(ROTHERHAM)}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify({
      ...state,
      lead: 'Head of Community Safety and Street Scene (RMBC)',
      indicators: [...current.indicators, 'Increase in domestic abuse perpetrators engaged in behaviour change programmes'],
    }),
  });
  if (!revised.ok) throw new Error(`revising ${PRIORITY} failed: ${revised.status} ${await revised.text()}`);
  await generateArea(hub);
  await hub.bus.idle();

  const shoot = async (page: Page, name: string, url: string, height = 1400) => {
    await page.goto(url);
    await page.setViewportSize({ width: page.viewportSize()!.width, height });
    await page.screenshot({ path: join(OUT, `${name}.png`) });
    process.stdout.write(`docs/screenshots/${name}.png\n`);
  };

  const context = await browser.newContext({ baseURL: hub.url, javaScriptEnabled: false, viewport: { width: 1280, height: 1400 } });
  const page = await context.newPage();
  await shoot(page, 'overview', `/areas/${AREA}`, 1800);
  await shoot(page, 'overview-filtered', `/areas/${AREA}?theme=domestic-abuse`, 1300);
  await shoot(page, 'overview-large', `/areas/${GENERATED.areaId}?page=2`, 1500);
  await shoot(page, 'body', `/areas/${AREA}/bodies/${ROTHERHAM}`);
  await shoot(page, 'theme', `/areas/${AREA}/themes/violence-against-women-and-girls`);
  await shoot(page, 'calendar', `/areas/${AREA}/calendar`);
  await shoot(page, 'protocols', `/areas/${AREA}/protocols`, 900);
  await shoot(page, 'protocol', `/areas/${AREA}/protocols/memorandum-of-understanding-panel-and-pcc`);
  await shoot(page, 'history', `/areas/${AREA}/history/priority/${ROTHERHAM}/${PRIORITY}`, 1300);
  await shoot(page, 'sign-in', '/sign-in', 900);
  await page.goto('/sign-in');
  await page.getByLabel('Access key').fill(keyOf('south-yorkshire-pcc'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.screenshot({ path: join(OUT, 'overview-signed-in.png') });
  process.stdout.write('docs/screenshots/overview-signed-in.png\n');
  await shoot(page, 'body-partners-only', `/areas/${AREA}/bodies/south-yorkshire-pcc#work-programme`, 1000);
  await shoot(page, 'tracker', `/areas/${AREA}/tracker`, 1400);
  // The 2014 plan refresh taken through the statutory steps the documents record (the seeds).
  const plan = 'police-and-crime-plan-2013-17-refreshed-april-2014';
  const variations = (await (
    await fetch(`${hub.url}/v1/areas/${AREA}/organisations/south-yorkshire-pcc/plans/${plan}/variations`)
  ).json()) as { variations: { id: string }[] };
  const [variation] = variations.variations;
  if (!variation) throw new Error(`the seeded plan ${plan} has no variation`);
  await shoot(page, 'variation', `/areas/${AREA}/bodies/south-yorkshire-pcc/plans/${plan}/variations/${variation.id}`, 1300);
  await shoot(page, 'alerts', `/areas/${AREA}/alerts?body=${ROTHERHAM}`, 1000);
  await context.close();

  // Publishing and uploading as Safer Rotherham Partnership's editor, signed in through the development provider.
  const editor = hub.credentials.people!.find((person) => person.organisationId === ROTHERHAM && person.role === 'editor')!;
  const editing = await browser.newContext({ baseURL: hub.url, javaScriptEnabled: false, viewport: { width: 1280, height: 1000 } });
  const editorPage = await editing.newPage();
  await editorPage.goto('/sign-in');
  await editorPage.getByLabel('Email address').fill(editor.email);
  await editorPage.getByRole('button', { name: 'Continue' }).click();
  await editorPage.waitForLoadState('load');
  await editorPage.screenshot({ path: join(OUT, 'provider-sign-in.png') });
  process.stdout.write('docs/screenshots/provider-sign-in.png\n');
  await editorPage.getByLabel('Password').fill(editor.password!);
  await editorPage.getByRole('button', { name: 'Continue' }).click();
  await editorPage.waitForLoadState('load');
  await shoot(editorPage, 'publish-work-programme-item', `/areas/${AREA}/bodies/${ROTHERHAM}/work-programme/new`, 1600);
  await shoot(editorPage, 'upload', `/areas/${AREA}/bodies/${ROTHERHAM}/import`, 1300);
  await editing.close();

  const phone = await browser.newContext({ baseURL: hub.url, javaScriptEnabled: false, viewport: { width: 390, height: 1400 } });
  await shoot(await phone.newPage(), 'overview-phone', `/areas/${AREA}`, 1400);
  await phone.close();
} finally {
  await browser.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
}
