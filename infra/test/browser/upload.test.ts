import { southYorkshire } from '@partnership-hub/seed';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/client.ts';
import { axeViolations, useBrowserHub } from './support.ts';

/**
 * The upload page and proposing a protocol version in a real browser (headless Chromium), against
 * the local hub seeded with South Yorkshire. Each journey runs with JavaScript off (the forms work
 * without it) and again with it on, when axe (which runs as a script in the page) checks each new
 * page against WCAG 2.2 AA. The refusals are covered at the app level (functions/api/test/upload.test.ts,
 * protocol-proposal.test.ts). Signing in is not what these test: each body's session is made once
 * for the file (useBrowserHub), through the sign-in form.
 */
const AREA = 'south-yorkshire';
const ROTHERHAM = 'safer-rotherham-partnership';
const PCC = 'south-yorkshire-pcc';
const MOU = 'memorandum-of-understanding-panel-and-pcc';

const browserHub = useBrowserHub();
const { keyOf } = browserHub;

beforeAll(async () => {
  await eventually(async () => {
    const protocols = (await (await fetch(`${browserHub.hub.url}/v1/areas/${AREA}/protocols`)).json()) as { protocols: unknown[] };
    expect(protocols.protocols).toHaveLength(southYorkshire.protocols.length);
  }, 20_000);
});

/** A tab with JavaScript on or off, signed in as a body if asked (useBrowserHub's withPage). */
function withPage<T>(javaScriptEnabled: boolean, use: (page: Page) => Promise<T>, signedInAs?: string): Promise<T> {
  return browserHub.withPage({ javaScriptEnabled, ...(signedInAs ? { signedInWith: keyOf(signedInAs) } : {}) }, (page) => {
    // A step that cannot happen fails within the test's time, naming the step.
    page.setDefaultTimeout(8_000);
    return use(page);
  });
}

/** With JavaScript on, axe (a script in the page) finds no WCAG 2.2 AA violation on the page as it is; with it off, nothing to run. */
const accessibilityCheck = (javaScript: boolean) => async (page: Page) => {
  if (javaScript) expect(await axeViolations(page)).toEqual([]);
};

const HEADER = 'id,title,themes,kind,date,quarter,status,description,priorities,visibility';
/** One item, named for the run (each run adds its own). */
const fileFor = (run: string, date = '2027-01-20') => `${HEADER}
upload-test-review-${run},Review of night-time economy safety (${run}),anti-social-behaviour,scrutiny-review,${date},,planned,A review of safety in the town centre at night.,,public
`;

describe('the upload page', () => {
  it.each([
    ['off', false],
    ['on', true],
  ])(
    'with JavaScript %s: uploads a CSV file, shows the dry run as tables, publishes on "Confirm and publish" (axe with it on)',
    async (run, javaScript) => {
      const title = `Review of night-time economy safety (${run})`;
      const checkAccessibility = accessibilityCheck(javaScript);
      await withPage(
        javaScript,
        async (page) => {
          await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}`);
          await page.getByRole('link', { name: 'Upload a file' }).click();
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Upload a file');

          // Sent with no file: the error summary, which axe checks with the form.
          await page.getByRole('button', { name: 'Check the file' }).click();
          await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select a file');
          await checkAccessibility(page);

          await page.getByLabel('Work programme items').check();
          await page
            .getByLabel('Upload a file')
            .setInputFiles({ name: 'work-programme.csv', mimeType: 'text/csv', buffer: Buffer.from(fileFor(run)) });
          await page.getByRole('button', { name: 'Check the file' }).click();
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check what the file will change');
          await expect(page.getByRole('table', { name: '1 work programme item to add' }).textContent()).resolves.toContain(title);
          await checkAccessibility(page);

          await page.getByRole('button', { name: 'Confirm and publish' }).click();
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('The file has been published');
          await checkAccessibility(page);
          await page.getByRole('link', { name: title }).click();
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(title);

          // The same file with the date moved: the change is shown field by field before it is confirmed.
          await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}/import`);
          await page.getByLabel('Work programme items').check();
          await page
            .getByLabel('Upload a file')
            .setInputFiles({ name: 'work-programme.csv', mimeType: 'text/csv', buffer: Buffer.from(fileFor(run, '2027-02-17')) });
          await page.getByRole('button', { name: 'Check the file' }).click();
          const change = page.getByRole('table', { name: `What changes in ${title}` });
          await expect(change.textContent()).resolves.toMatch(/20 January 2027.*17 February 2027/);
          await checkAccessibility(page);
        },
        ROTHERHAM,
      );
      // Published for everyone: the public body page shows it without signing in.
      await withPage(false, async (page) => {
        await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}`);
        await expect(page.getByText(title).count()).resolves.toBeGreaterThan(0);
        await expect(page.getByRole('link', { name: 'Upload a file' }).count()).resolves.toBe(0);
      });
    },
    // Four axe runs on a shared machine: more than the default 30 s at times.
    60_000,
  );
});

describe('proposing a protocol version', () => {
  it.each([
    ['off', false, 2],
    ['on', true, 3],
  ])(
    'with JavaScript %s: a party proposes a new version with the form; it then awaits agreement (axe with it on)',
    async (_run, javaScript, version) => {
      const checkAccessibility = accessibilityCheck(javaScript);
      await withPage(
        javaScript,
        async (page) => {
          await page.goto(`/areas/${AREA}/protocols/${MOU}`);
          await page.getByRole('link', { name: 'Propose a new version' }).click();
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Propose a new version');

          await page.getByLabel('Summary').fill('');
          await page.getByRole('button', { name: 'Propose this version' }).click();
          await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter a summary');
          await checkAccessibility(page);

          await page
            .getByLabel('Summary')
            .fill(`The Memorandum as revised after the review the Panel asked for in March 2014 (version ${version}).`);
          await page.getByLabel('Review date (optional)').fill('2027-03-31');
          await page.getByRole('button', { name: 'Propose this version' }).click();
          await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('The new version has been proposed');
          // The page reads the views, which the projector brings up to date a moment after the write.
          await eventually(async () => {
            await page.reload();
            await expect(page.getByText(`0 of 2 parties have agreed version ${version}`).count()).resolves.toBeGreaterThan(0);
          }, 10_000);
          await expect(page.getByRole('button', { name: new RegExp(`agreement to version ${version}$`) }).count()).resolves.toBe(1);
        },
        PCC,
      );
    },
    // Four axe runs on a shared machine: more than the default 30 s at times.
    60_000,
  );
});
