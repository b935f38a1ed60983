import { describe, expect, it } from 'vitest';
import { AREA, axeViolations, itHasNoAxeViolations, PCC, ROTHERHAM, signIn, useBrowserHub } from './support.ts';

/**
 * axe's WCAG 2.2 AA checks (Debian's headless Chromium, JavaScript on, since axe runs in the page) of
 * the pages seen signed in: as a partner, as a party to a protocol, as a body publishing its own
 * content with the forms, the sign-in errors, and a form sent after its session ended. The other
 * kinds of page are checked in the accessibility-*.test.ts files beside this one; each file has its
 * own hub and browser, so they run side by side.
 */
const browserHub = useBrowserHub();
const { withPage, keyOf } = browserHub;
const historyOfPartnersItem = `/areas/${AREA}/history/work-programme-item/south-yorkshire-police-and-crime-panel/pcp-2022-lcjb-disproportionality-update-report`;
const priority = `/areas/${AREA}/bodies/${ROTHERHAM}/priorities/srp-2016-3-domestic-abuse`;
const PCC_PLAN = 'police-and-crime-plan-2013-17-refreshed-april-2014';

describe('accessibility (axe, WCAG 2.2 AA) of the signed-in pages', () => {
  itHasNoAxeViolations(browserHub, [
    ['the area overview, signed in', `/areas/${AREA}`, PCC],
    ['a history page, signed in', historyOfPartnersItem, PCC],
    ['a protocol page, signed in as a party', `/areas/${AREA}/protocols/memorandum-of-understanding-panel-and-pcc`, PCC],
    ['a priority page, signed in as its body', priority, ROTHERHAM],
    ['the body page, signed in as the body', `/areas/${AREA}/bodies/${ROTHERHAM}`, ROTHERHAM],
    ['the form for a new work programme item', `/areas/${AREA}/bodies/${ROTHERHAM}/work-programme/new`, ROTHERHAM],
    ['the form for a new priority', `/areas/${AREA}/bodies/${ROTHERHAM}/priorities/new`, ROTHERHAM],
    ['the form for a new plan', `/areas/${AREA}/bodies/${ROTHERHAM}/plans/new`, ROTHERHAM],
    ['the form to edit a priority', `${priority}/edit`, ROTHERHAM],
    ['the page to confirm a withdrawal', `${priority}/withdraw`, ROTHERHAM],
    ['the page that refuses another body’s form', `/areas/${AREA}/bodies/${PCC}/priorities/new`, ROTHERHAM],
    [
      "a plan variation's page with the form for its next step, signed in as the PCC",
      `/areas/${AREA}/bodies/${PCC}/plans/${PCC_PLAN}/variations/variation-1`,
      PCC,
    ],
  ]);

  it('the sign-in error page has no violations', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await signIn(page, 'phk_wrong');
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('The access key was not recognised');
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it('a form sent with errors, its error summary and inline errors, has no violations', async () => {
    await withPage({ javaScriptEnabled: true, signedInWith: keyOf(ROTHERHAM) }, async (page) => {
      await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}/plans/new`);
      await page.getByLabel('Start date', { exact: true }).fill('2026-04-01');
      await page.getByLabel('End date (optional)').fill('2025-04-01');
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('.govuk-error-summary__list').textContent()).resolves.toContain('Enter a title');
      await expect(page.locator('.govuk-error-summary__list').textContent()).resolves.toContain('Select a kind of plan');
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it('a form sent over the body limit is answered with a page, which has no violations', async () => {
    await withPage({ javaScriptEnabled: true, signedInWith: keyOf(ROTHERHAM) }, async (page) => {
      await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}/work-programme/new`);
      await page.getByLabel('Title').fill('A review with its whole report pasted in');
      await page.getByLabel('Description (optional)').fill('The report, pasted in whole. '.repeat(2_400));
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('main h1').textContent()).resolves.toBe('The form is too large');
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("a step sent to a partners-only variation after the session ended: the step's form alone, with the signed-out banner, has no violations", async () => {
    const admin = { authorization: `Bearer ${browserHub.hub.adminKey}` };
    const pcc = `${browserHub.hub.url}/v1/areas/${AREA}/organisations/${PCC}`;
    // A key of the PCC's own, so that ending its session leaves the PCC's key signed in for the checks above.
    const issued = (await (await fetch(`${pcc}/api-keys`, { method: 'POST', headers: admin })).json()) as { key: string; keyId: string };
    const started = await fetch(`${pcc}/plans/${PCC_PLAN}/variations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Confidential refresh', summary: 'Not yet public.', visibility: 'partners' }),
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await signIn(page, issued.key);
      await page.goto(`/areas/${AREA}/bodies/${PCC}/plans/${PCC_PLAN}/variations/${id}`);
      // The session ends while the form is open (its key revoked): the variation is hidden from its sender now.
      expect((await fetch(`${pcc}/api-keys/${issued.keyId}`, { method: 'DELETE', headers: admin })).status).toBe(204);
      await page.getByRole('button', { name: 'Record this step' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('main h1').textContent()).resolves.toMatch(/^Record: /);
      await expect(page.getByRole('alert').textContent()).resolves.toContain('You have been signed out, so nothing has been saved');
      await expect(page.locator('main').textContent()).resolves.not.toContain('Confidential refresh');
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  // Last in the file: the refused attempts count against the PCC's key, which the pages above signed in with.
  it('the page for too many sign-in attempts has no violations', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      // Attempts made while signed in count against the session's key rather than this machine's
      // address, so the other tests in this file still sign in from 127.0.0.1.
      await signIn(page, keyOf(PCC));
      for (let attempt = 1; attempt <= 10; attempt++) {
        const refused = await page.request.post('/sign-in', { form: { accessKey: `phk_wrong-${attempt}` } });
        expect(refused.status(), `attempt ${attempt}`).toBe(400);
      }
      await signIn(page, 'phk_wrong');
      await expect(page.locator('main h1').textContent()).resolves.toBe('You cannot sign in at the moment');
      await expect(page.locator('main').textContent()).resolves.toContain('Wait 15 minutes');
      expect(await axeViolations(page)).toEqual([]);
    });
  }, 60_000); // Twelve sign-in attempts and an axe run: more than the default 30 s on a shared machine.
});
