import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/client.ts';
import { AREA, axeViolations, ROTHERHAM, useBrowserHub } from './support.ts';

/**
 * Signing in through OpenID Connect in a real browser: the local hub seeded with South Yorkshire,
 * with its development identity provider (oidc-provider on loopback) registered for the seeded
 * people's domains, as `npm start` runs it.
 */
const browserHub = useBrowserHub({ devIdentityProvider: true });
const { withPage } = browserHub;

const editor = () => browserHub.hub.credentials.people!.find((person) => person.organisationId === ROTHERHAM && person.role === 'editor')!;

/** From the sign-in page to the provider's login page, whose fields are then filled in. */
async function toProviderLogin(page: Page, email: string) {
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState('load');
  expect(new URL(page.url()).origin).toBe(browserHub.hub.devIdentityProviderUrl);
}

describe('signing in through the development identity provider', () => {
  it('a seeded Safer Rotherham editor signs in, publishes a work programme item with the form, and the history names them only to partners (JavaScript off)', async () => {
    const title = 'Review of the night-time economy safety plan';
    let historyPath = '';
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'South Yorkshire', exact: true }).click();
      await page.waitForLoadState('load');
      await page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
      await page.waitForLoadState('load');
      await toProviderLogin(page, editor().email);
      await expect(page.getByLabel('Email address').inputValue()).resolves.toBe(editor().email);
      await page.getByLabel('Password').fill(editor().password!);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForLoadState('load');

      expect(new URL(page.url()).origin).toBe(browserHub.hub.url);
      await expect(page.locator('.hub-viewer').textContent()).resolves.toContain(`as ${editor().name} (Safer Rotherham Partnership).`);

      await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}/work-programme/new`);
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Anti-social behaviour', { exact: true }).check();
      await page.getByLabel('Scrutiny review', { exact: true }).check();
      await page.getByLabel('Planned', { exact: true }).check();
      await page.getByLabel('Public', { exact: true }).check();
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('main h1').textContent()).resolves.toContain(title);
      const itemId = new URL(page.url()).pathname.split('/').pop()!;
      historyPath = `/areas/${AREA}/history/work-programme-item/${ROTHERHAM}/${itemId}`;

      // Signed in, a partner of the area: the history names the person.
      await eventually(async () => {
        await page.goto(historyPath);
        await expect(page.locator('main').textContent()).resolves.toContain(`by ${editor().name} (Safer Rotherham Partnership)`);
      }, 20_000);
      await page.getByRole('button', { name: 'Sign out' }).first().click();
      await page.waitForLoadState('load');
    });
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await eventually(async () => {
        await page.goto(`/areas/${AREA}`);
        await expect(page.locator('main').textContent()).resolves.toContain(title);
      }, 20_000);
      await page.goto(historyPath);
      const history = await page.locator('main').textContent();
      expect(history).toContain('an editor of Safer Rotherham Partnership');
      expect(history).not.toContain(editor().name);
      expect(history).not.toContain(editor().email);
    });
  }, 120_000);

  it("the provider's login page has no axe violations, with and without an error (JavaScript on)", async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto('/sign-in');
      await toProviderLogin(page, editor().email);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('.govuk-error-summary__title').textContent()).resolves.toBe('There is a problem');
      expect(await axeViolations(page)).toEqual([]);
    });
  }, 60_000);

  it('refuses a callback this browser did not start, with an error summary', async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      const answer = await page.goto('/sign-in/callback?code=forged&state=forged');
      expect(answer?.status()).toBe(400);
      await expect(page.locator('.govuk-error-summary__title').textContent()).resolves.toBe('There is a problem');
      await expect(page.locator('main h1').textContent()).resolves.toBe('You could not be signed in');
    });
  });
});
