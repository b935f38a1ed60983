import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { southYorkshire } from '@partnership-hub/seed';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../../src/local/hub.ts';
import { eventually } from '../support/client.ts';
import { seededDataFolder } from '../support/seeded-template.ts';
import { sharedChromium } from './chromium.ts';
import { axeViolations } from './support.ts';

/**
 * A body's members page and "Get email alerts" in a real browser against the local hub seeded
 * with South Yorkshire: the journeys, and axe's WCAG 2.2 AA checks on the new pages. One hub and
 * one browser for the file; the pages ship no script, and the forms are plain posts.
 */
const AREA = 'south-yorkshire';
const ROTHERHAM = 'safer-rotherham-partnership';

let hub: LocalHub;
let browser: Browser;
let removeData: () => Promise<void>;
let dataDir: string;

beforeAll(async () => {
  // The worker's browser, shared with the other browser files it runs; this file closes only its own contexts.
  browser = await sharedChromium();
  // A copy of the run's seeded data folder (infra/test/support/seeded-template.ts): a fresh seed, without seeding again.
  const data = await seededDataFolder();
  removeData = data.remove;
  dataDir = data.path;
  hub = await startLocalHub({ dataDir: data.path, port: 0, seed: southYorkshire });
}, 300_000); // It may wait on another file seeding the data folder it copies.

afterAll(async () => {
  await hub?.stop();
  await removeData?.();
});

async function withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ baseURL: hub.url });
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

/** The path of the newest link of a kind in the emails to an address (decoded from quoted-printable). */
async function linkTo(to: string, pattern: RegExp): Promise<string> {
  const outbox = join(dataDir, 'outbox');
  for (const file of (await readdir(outbox)).sort().reverse()) {
    const raw = await readFile(join(outbox, file), 'utf8');
    if (!raw.includes(`To: ${to}`)) continue;
    const text = raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    const link = pattern.exec(text)?.[0];
    if (link) return new URL(link).pathname + new URL(link).search;
  }
  throw new Error(`no link like ${pattern} to ${to} in ${outbox}`);
}

describe("a body's members page", () => {
  it('lets a seeded lead of Safer Rotherham see and manage its members, with no axe violations', async () => {
    const lead = hub.credentials.people!.find((person) => person.organisationId === ROTHERHAM && person.role === 'lead')!;
    await withPage(async (page) => {
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill(lead.email);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.goto(await eventually(() => linkTo(lead.email, /https?:\/\/\S+\/sign-in\/link\?token=[\w-]+/), 5_000));
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForLoadState('load');

      await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}`);
      await page.getByRole('link', { name: 'Manage the members of Safer Rotherham Partnership' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Members');
      await expect(page.getByRole('table').textContent()).resolves.toContain(lead.email);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Add member' }).click();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter an email address');
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('link', { name: `Remove ${lead.name}` }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Are you sure you want to remove');
      expect(await axeViolations(page)).toEqual([]);

      // A page past the last: the members page with its error summary (the pagination it shows past 50
      // members is the component the overview's page 2 is checked with).
      const beyond = await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}/members?page=99`);
      expect(beyond?.status()).toBe(400);
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('There is only one page of members');
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});

describe('getting email alerts', () => {
  it('subscribes from a body page, confirms from the email and reaches the page to change or stop them, with no axe violations', async () => {
    const address = 'resident@example.org';
    await withPage(async (page) => {
      await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}`);
      await page.getByRole('link', { name: 'Get email alerts' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Get email alerts');
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel('Email address').fill(address);
      await page.getByLabel('Daily digest').check();
      await page.getByRole('button', { name: 'Get email alerts' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check your email');
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(
        await eventually(() => linkTo(address, /https?:\/\/\S+\/v1\/subscriptions\/sub_[\w-]+\/confirm\?token=[\w-]+/), 10_000),
      );
      await expect(page.locator('main').textContent()).resolves.toContain('Your email alerts are on');
      await expect(page.locator('main').textContent()).resolves.toContain('changes by Safer Rotherham Partnership in South Yorkshire');
      // The confirmation panel of the pages an email's links open (a webhook's owner email confirmed is the same panel).
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(await linkTo(address, /https?:\/\/\S+\/v1\/subscriptions\/sub_[\w-]+\/manage\?token=[\w-]+/));
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your email alerts');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel('As they happen').check();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.locator('main').textContent()).resolves.toContain('Your alerts have been changed');
    });
  });

  it('answers a form sent for a body the area does not have with its errors, for the whole area, with no axe violations', async () => {
    await withPage(async (page) => {
      await page.goto(`/areas/${AREA}/alerts?body=${ROTHERHAM}`);
      // The hidden field that says which body, changed (as if the body had gone since the form was shown).
      await page.evaluate(`document.querySelector('input[name="body"]').value = 'no-such-body'`);
      await page.getByRole('button', { name: 'Get email alerts' }).click();
      await page.waitForLoadState('load');
      const summary = page.locator('.govuk-error-summary');
      await expect(summary.textContent()).resolves.toContain('There is no body called no-such-body in South Yorkshire');
      await expect(summary.textContent()).resolves.toContain('Enter an email address');
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
