import { southYorkshire } from '@partnership-hub/seed';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { type LocalHub, startLocalHub } from '../../src/local/hub.ts';
import { eventually, temporaryDirectory } from '../support/client.ts';
import { launchChromium } from './chromium.ts';

/**
 * What the browser test files share: Debian's headless Chromium driven by playwright-core, against
 * the whole local hub seeded with South Yorkshire (and a large generated area). Each file that
 * imports this gets one browser and one hub of its own (the files run in parallel); each test has
 * a fresh browser context (cookies, JavaScript setting).
 */
export const AREA = 'south-yorkshire';
export const PCC = 'south-yorkshire-pcc';
export const PARTNERS_ONLY_ITEM = 'Local Criminal Justice Board Task and Finish Group on disproportionality';
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
/** An area with more bodies than the matrix shows across at once (12), put in through the API. */
export const LARGE_AREA = 'large-area';
export const LARGE_AREA_CSPS = 14;

export let hub: LocalHub;
let browser: Browser;
let removeData: () => Promise<void>;

beforeAll(async () => {
  browser = await launchChromium();
  const data = await temporaryDirectory();
  removeData = data.remove;
  hub = await startLocalHub({ dataDir: data.path, port: 0, seed: southYorkshire, outbox: { everyMs: 60_000 } });
  // The projector builds the joint view from the seeded events: wait until it has them all.
  await eventually(async () => {
    const view = (await (await fetch(`${hub.url}/v1/areas/${AREA}/joint-priorities`)).json()) as { gaps: { theme: string }[] };
    expect(view.gaps.map((gap: { theme: string }) => gap.theme)).toContain('violence-against-women-and-girls');
    const protocols = (await (await fetch(`${hub.url}/v1/areas/${AREA}/protocols`)).json()) as { protocols: unknown[] };
    expect(protocols.protocols).toHaveLength(southYorkshire.protocols.length);
  }, 20_000);
  await createLargeArea();
});

async function createLargeArea() {
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${hub.url}/v1/areas/${LARGE_AREA}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
    return (await response.json()) as { key?: string };
  };
  await call('PUT', '', hub.adminKey, { name: 'Large Area' });
  await call('PUT', '/organisations/large-pcc', hub.adminKey, { name: 'Large Police and Crime Commissioner', kind: 'pcc' });
  const { key } = await call('POST', '/organisations/large-pcc/api-keys', hub.adminKey);
  await call('PUT', '/organisations/large-pcc/priorities/plan-vawg', key!, {
    title: 'Violence against women and girls',
    themes: ['violence-against-women-and-girls'],
    visibility: 'public',
  });
  for (let number = 1; number <= LARGE_AREA_CSPS; number += 1) {
    const id = `large-csp-${String(number).padStart(2, '0')}`;
    await call('PUT', `/organisations/${id}`, hub.adminKey, {
      name: `Large Town ${String(number).padStart(2, '0')} Community Safety Partnership`,
      kind: 'csp',
    });
  }
  await eventually(async () => {
    const view = (await (await fetch(`${hub.url}/v1/areas/${LARGE_AREA}/joint-priorities`)).json()) as {
      gaps: { missingFrom: string[] }[];
    };
    expect(view.gaps[0]?.missingFrom).toHaveLength(LARGE_AREA_CSPS);
  }, 20_000);
}

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeData?.();
});

export const keyOf = (organisationId: string) =>
  hub.credentials.organisations.find((entry) => entry.organisationId === organisationId)!.key;

export async function withPage<T>(
  options: { javaScriptEnabled: boolean },
  use: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled, baseURL: hub.url });
  try {
    return await use(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

export async function signIn(page: Page, key: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Access key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}
