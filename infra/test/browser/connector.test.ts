import { type FakeModernGov, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import { southYorkshire } from '@partnership-hub/seed';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../../src/local/hub.ts';
import { eventually } from '../support/client.ts';
import { seededDataFolder } from '../support/seeded-template.ts';
import { sharedChromium } from './chromium.ts';
import { axeViolations } from './support.ts';

/**
 * The connector page in a real browser, JavaScript off: a mapped body's editor sees the connector
 * and starts a run with "Run now" (a form POST); the page (with its runs) has no axe violations. One hub for
 * the file; the page's rules are tested in functions/api/test/connector-pages.test.ts.
 */
const AREA = 'south-yorkshire';
const PANEL = 'south-yorkshire-police-and-crime-panel';

let hub: LocalHub;
let browser: Browser;
let council: FakeModernGov;
let removeData: () => Promise<void>;

beforeAll(async () => {
  const meetings = [
    { id: 21, date: '06/10/2026', status: 'Confirmed', time: '10.00 am', agenda: [{ id: 1, number: '1', title: 'Apologies' }] },
  ];
  council = await startFakeModernGov((operation, query) => {
    if (operation === 'GetMeetings') return xml(meetingsXml({ id: 650, title: 'Police and Crime Panel' }, meetings));
    const meeting = meetings.find((candidate) => String(candidate.id) === query.get('lMeetingId'));
    return operation === 'GetMeeting' && meeting ? xml(meetingXml(meeting)) : undefined;
  });
  // The worker's browser, shared with the other browser files it runs; this file closes only its own contexts.
  browser = await sharedChromium();
  // A copy of the run's seeded data folder (infra/test/support/seeded-template.ts): a fresh seed, without seeding again.
  const data = await seededDataFolder();
  removeData = data.remove;
  hub = await startLocalHub({ dataDir: data.path, port: 0, seed: southYorkshire, notifications: { allowLoopbackWebhooks: true } });
  const response = await fetch(`${hub.url}/v1/areas/${AREA}/connectors/council`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${hub.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'moderngov',
      baseUrl: council.url,
      committees: [{ committeeId: '650', organisationId: PANEL }],
      every: 'P1D',
    }),
  });
  expect(response.status).toBe(201);
}, 300_000); // It may wait on another file seeding the data folder it copies.

afterAll(async () => {
  await hub?.stop();
  await council?.stop();
  await removeData?.();
});

const keyOf = (organisationId: string) => hub.credentials.organisations.find((entry) => entry.organisationId === organisationId)!.key;

async function signIn(page: Page, key: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Access key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

describe('the connector page', () => {
  it("lets the panel's editor run it with JavaScript off, and shows the run", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: hub.url });
    try {
      const page = await context.newPage();
      await signIn(page, keyOf(PANEL));
      await page.goto(`/areas/${AREA}/connectors/council`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('council');
      await expect(page.getByText('Every 1 day (P1D)').count()).resolves.toBe(1);
      await page.getByRole('button', { name: 'Run now' }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe(`/areas/${AREA}/connectors/council`);
      await eventually(async () => {
        await page.reload();
        await expect(page.getByText('1 created, 0 revised, 0 cancelled, 0 unchanged').count()).resolves.toBeGreaterThan(0);
      }, 20_000);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('has no axe violations', async () => {
    // axe runs in the page, so this context has JavaScript on.
    const context = await browser.newContext({ javaScriptEnabled: true, baseURL: hub.url });
    try {
      const page = await context.newPage();
      await signIn(page, keyOf(PANEL));
      await page.goto(`/areas/${AREA}/connectors/council`);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
