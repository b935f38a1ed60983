import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { southYorkshire } from '@partnership-hub/seed';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../../src/local/hub.ts';
import { eventually, temporaryDirectory } from '../support/client.ts';
import { launchChromium } from './chromium.ts';

/**
 * The panel's view in a real browser (Debian's headless Chromium driven by playwright-core),
 * against the whole local hub seeded with South Yorkshire: the journeys a panel member makes,
 * signing in and out, and axe's WCAG 2.2 AA checks on every kind of page. One browser and one
 * hub serve the whole file; each test has a fresh browser context (cookies, JavaScript setting).
 *
 * Every journey runs with JavaScript on. The pages ship no script, so a journey that only reads
 * and follows links behaves the same with it off; the journeys that submit forms (filters,
 * signing in and out) also run with it off, to show the forms work without it.
 */
const AREA = 'south-yorkshire';
const PCC = 'south-yorkshire-pcc';
const ROTHERHAM = 'safer-rotherham-partnership';
const PARTNERS_ONLY_ITEM = 'Local Criminal Justice Board Task and Finish Group on disproportionality';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
/** An area with more bodies than the matrix shows across at once (12), put in through the API. */
const LARGE_AREA = 'large-area';
const LARGE_AREA_CSPS = 14;

let hub: LocalHub;
let browser: Browser;
let removeData: () => Promise<void>;
let dataDir: string;

beforeAll(async () => {
  browser = await launchChromium();
  const data = await temporaryDirectory();
  removeData = data.remove;
  dataDir = data.path;
  hub = await startLocalHub({ dataDir: data.path, port: 0, seed: southYorkshire });
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
  // Two plans, the later superseding the earlier, each with a priority: the body page groups by plan.
  await call('PUT', '/organisations/large-pcc/plans/plan-2013', key!, {
    title: 'Police and Crime Plan 2013-2017',
    kind: 'police-and-crime-plan',
    startDate: '2013-04-01',
    endDate: '2017-03-31',
    documentUrl: 'https://www.example.gov.uk/police-and-crime-plan-2013.pdf',
    visibility: 'public',
    // When it was published and where that is written: its history and its page show both times and the source.
    effectiveDate: '2013-03',
    source: {
      document: 'Police and Crime Plan 2013-2017',
      section: 'foreword',
      url: 'https://www.example.gov.uk/police-and-crime-plan-2013.pdf',
    },
  });
  await call('PUT', '/organisations/large-pcc/plans/plan-2022', key!, {
    title: 'Police and Crime Plan 2022',
    kind: 'police-and-crime-plan',
    startDate: '2022-02-04',
    supersedes: 'plan-2013',
    visibility: 'public',
  });
  await call('PUT', '/organisations/large-pcc/priorities/plan-2013-burglary', key!, {
    title: 'Reducing burglary',
    themes: ['burglary'],
    planId: 'plan-2013',
    visibility: 'public',
    effectiveDate: '2013',
    source: { document: 'Police and Crime Plan 2013-2017', section: 'page 6' },
  });
  await call('PUT', '/organisations/large-pcc/priorities/plan-vawg', key!, {
    title: 'Violence against women and girls',
    themes: ['violence-against-women-and-girls'],
    planId: 'plan-2022',
    visibility: 'public',
  });
  for (let number = 1; number <= LARGE_AREA_CSPS; number += 1) {
    const id = `large-csp-${String(number).padStart(2, '0')}`;
    await call('PUT', `/organisations/${id}`, hub.adminKey, {
      name: `Large Town ${String(number).padStart(2, '0')} Community Safety Partnership`,
      kind: 'csp',
    });
  }
  // A tracked request from the PCC to a CSP, answered, for the tracker and request pages.
  await call('PUT', '/requests/large-request-1', key!, {
    kind: 'information-request',
    to: 'large-csp-01',
    title: 'Figures on repeat burglary victims',
    raisedOn: '2026-01-05',
    dueDate: '2026-02-27',
    themes: ['burglary'],
    visibility: 'public',
  });
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

const keyOf = (organisationId: string) => hub.credentials.organisations.find((entry) => entry.organisationId === organisationId)!.key;

async function withPage<T>(options: { javaScriptEnabled: boolean }, use: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled, baseURL: hub.url });
  try {
    return await use(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

async function signIn(page: Page, key: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Access key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

describe('the panel view', () => {
  it('shows the joint priorities matrix: themes down, bodies across, plan themes marked, gaps and overlaps in words', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto(`/areas/${AREA}`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Joint priorities');
      const matrix = page.getByRole('table', { name: /Joint priorities in South Yorkshire: themes down, bodies across/ });
      const columnHeaders = await matrix.locator('thead th').allTextContents();
      expect(columnHeaders[0]).toBe('Theme');
      expect(columnHeaders.some((header) => header.startsWith('Safer Rotherham Partnership'))).toBe(true);
      expect(columnHeaders.some((header) => header.startsWith('South Yorkshire Police and Crime Panel'))).toBe(true);
      const vawg = matrix.locator('tbody th', { hasText: 'Violence against women and girls' });
      await expect(vawg.textContent()).resolves.toContain('Police and Crime Plan');
      // Today no CSP covers VAWG, not even partly: the Safer Rotherham Partnership's domestic abuse
      // priority belongs to its 2016-19 plan, which has ended.
      const vawgText = await vawg.textContent();
      expect(vawgText).toMatch(/Gap: nothing current from .+\./);
      for (const csp of [
        'Barnsley Community Safety Partnership',
        'Safer Doncaster Partnership',
        'Safer Rotherham Partnership',
        'Sheffield Community Safety Partnership',
      ])
        expect(vawgText).toContain(csp);
      expect(vawgText).not.toContain('covers it partly');
      await expect(page.locator('#gaps + ul').textContent()).resolves.toMatch(
        /Violence against women and girls is in the Police and Crime Plan, but .* have no plan or priority in force on .+ \(none published\)/,
      );
      await expect(page.locator('main').textContent()).resolves.toContain('Overlaps');
    });
  });

  it('goes from the overview to a body: its priorities with lead, outcomes and indicators, its work programme and protocols', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto(`/areas/${AREA}`);
      await page.getByRole('table').getByRole('link', { name: 'Safer Rotherham Partnership', exact: true }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe(`/areas/${AREA}/bodies/safer-rotherham-partnership`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Safer Rotherham Partnership');
      // Its six priorities sit in its Plan 2016-19, which has ended: folded away under the earlier plans.
      const earlier = page.locator('#earlier-plans');
      await earlier.getByText('Earlier plans (1) and their priorities').click();
      await expect(earlier.getByRole('heading', { level: 3, name: 'Safer Rotherham Partnership Plan 2016-19' }).isVisible()).resolves.toBe(
        true,
      );
      const priorities = await earlier.locator('h4').allTextContents();
      expect(priorities).toHaveLength(6);
      const firstPriority = earlier.locator('section section').first();
      await expect(firstPriority.locator('dt').allTextContents()).resolves.toEqual(
        expect.arrayContaining(['Lead', 'Outcomes', 'Performance indicators']),
      );
      await expect(page.getByRole('table', { name: /Safer Rotherham Partnership's work programme/ }).isVisible()).resolves.toBe(true);
      await expect(page.locator('#protocols').isVisible()).resolves.toBe(true);
    });
  });

  // Without JavaScript only: the pages ship none, and the folded plans are a native <details>.
  it("groups a body's priorities by plan, the plan in force first and earlier plans folded away until asked for", async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`/areas/${LARGE_AREA}/bodies/large-pcc`);
      await expect(page.getByRole('heading', { level: 3, name: 'Police and Crime Plan 2022' }).isVisible()).resolves.toBe(true);
      const earlier = page.getByRole('heading', { level: 4, name: 'Reducing burglary' });
      await expect(earlier.isVisible()).resolves.toBe(false);

      await page.getByText('Earlier plans (1) and their priorities').click();
      await expect(earlier.isVisible()).resolves.toBe(true);
      await page.getByRole('link', { name: 'Police and Crime Plan 2013-2017' }).click();
      await page.waitForLoadState('load');
      const supersededBy = page.locator('.govuk-summary-list__row', { hasText: 'Superseded by' }).locator('dd');
      await expect(supersededBy.textContent()).resolves.toBe(
        'Police and Crime Plan 2022, from 4 February 2022, after this plan had ended on 31 March 2017',
      );
    });
  });

  it('goes from the overview to a theme: everyone working on domestic abuse at once', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto(`/areas/${AREA}`);
      await page.getByRole('table').getByRole('link', { name: 'Domestic abuse', exact: true }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe(`/areas/${AREA}/themes/domestic-abuse`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Domestic abuse');
      const bodies = await page
        .getByRole('table', { name: /Priorities on domestic abuse/ })
        .locator('tbody tr td:first-child')
        .allTextContents();
      expect(new Set(bodies).size).toBeGreaterThan(1);
      expect(bodies).toContain('Safer Rotherham Partnership');
    });
  });

  it('goes from the overview to the protocol register and a protocol: parties, agreement, versions', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto(`/areas/${AREA}`);
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Protocols' }).click();
      await page.waitForLoadState('load');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Protocol register');
      await page.getByRole('link', { name: /Memorandum of Understanding/ }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe(`/areas/${AREA}/protocols/memorandum-of-understanding-panel-and-pcc`);
      const parties = page.getByRole('table', { name: /parties have agreed version 1/ });
      await expect(parties.locator('tbody tr').count()).resolves.toBe(2);
      await expect(parties.textContent()).resolves.toMatch(/Yes, on \d{1,2} \w+ \d{4}/);
      await expect(page.getByRole('heading', { name: 'Version 1', exact: true }).isVisible()).resolves.toBe(true);
    });
  });
});

describe.each([
  { javaScriptEnabled: false, label: 'with JavaScript off' },
  { javaScriptEnabled: true, label: 'with JavaScript on' },
])("the panel view's forms $label", ({ javaScriptEnabled }) => {
  it('filters the overview by theme through the query string', async () => {
    await withPage({ javaScriptEnabled }, async (page) => {
      await page.goto(`/areas/${AREA}`);
      await page.getByLabel('Theme', { exact: true }).selectOption('domestic-abuse');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).searchParams.get('theme')).toBe('domestic-abuse');
      await expect(page.locator('.hub-matrix tbody th').allTextContents()).resolves.toEqual([expect.stringMatching(/^Domestic abuse/)]);
    });
  });

  it('shows partners-only content only after signing in, and hides it again after signing out', async () => {
    await withPage({ javaScriptEnabled }, async (page, context) => {
      // The partners-only item is planned for 2021/22: the overview as at a date then holds it.
      const asAt = `/areas/${AREA}?asOf=2022-02-04`;
      await page.goto(asAt);
      expect(await page.locator('main').textContent()).not.toContain(PARTNERS_ONLY_ITEM);

      await signIn(page, keyOf(PCC));
      await expect(page.locator('main h1').first().textContent({ timeout: 10_000 })).resolves.toBe('Joint priorities');
      expect(new URL(page.url()).pathname).toBe(`/areas/${AREA}`);
      await expect(page.getByRole('alert').textContent()).resolves.toContain('You are signed in');
      await page.goto(asAt);
      const cell = page.locator('.hub-matrix li', { hasText: PARTNERS_ONLY_ITEM });
      await expect(cell.textContent()).resolves.toContain('Partners only');
      // The item is the Panel's: its request for the Local Criminal Justice Board's report.
      await page.goto(`/areas/${AREA}/bodies/south-yorkshire-police-and-crime-panel`);
      expect(await page.locator('main').textContent()).toContain(PARTNERS_ONLY_ITEM);

      const session = (await context.cookies()).find((cookie) => cookie.name === 'hub_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(decodeURIComponent(session.value)).not.toContain(keyOf(PCC));

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForLoadState('load');
      await expect(page.getByRole('alert').textContent()).resolves.toContain('You have signed out');
      expect(await page.locator('main').textContent()).not.toContain(PARTNERS_ONLY_ITEM);
      await page.goto(asAt);
      expect(await page.locator('main').textContent()).not.toContain(PARTNERS_ONLY_ITEM);
    });
  });
});

describe('signing in', () => {
  it('ends the session when the key it was signed in with is revoked', async () => {
    const admin = { authorization: `Bearer ${hub.adminKey}` };
    const keysPath = `${hub.url}/v1/areas/${AREA}/organisations/${PCC}/api-keys`;
    const issued = (await (await fetch(keysPath, { method: 'POST', headers: admin })).json()) as { key: string; keyId: string };
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await signIn(page, issued.key);
      // The partners-only item is planned for 2021/22: the overview as at a date then holds it.
      await page.goto(`/areas/${AREA}?asOf=2022-02-04`);
      await expect(page.locator('main').textContent()).resolves.toContain(PARTNERS_ONLY_ITEM);

      expect((await fetch(`${keysPath}/${issued.keyId}`, { method: 'DELETE', headers: admin })).status).toBe(204);
      await page.reload();
      await expect(page.locator('main').textContent()).resolves.not.toContain(PARTNERS_ONLY_ITEM);
      await expect(page.locator('.hub-viewer').textContent()).resolves.toContain('Public view');
    });
  });

  it('says what is wrong, in an error summary, when the key is not recognised', async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await signIn(page, 'phk_not-a-real-key');
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('The access key was not recognised');
      await expect(page.title()).resolves.toMatch(/^Error: /);
      expect((await page.context().cookies()).some((cookie) => cookie.name === 'hub_session')).toBe(false);
    });
  });
});

describe('publishing in the browser', () => {
  // Without JavaScript: the forms are plain HTML forms.
  it('opens the start page, goes to South Yorkshire, signs in, publishes a work programme item with the form, and the public sees it on the overview', async () => {
    const title = 'Scrutiny of the domestic abuse perpetrator programme';
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'South Yorkshire', exact: true }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe(`/areas/${AREA}`);
      await page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
      await page.getByLabel('Access key').fill(keyOf(ROTHERHAM));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe(`/areas/${AREA}`);

      await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}`);
      await page.getByRole('link', { name: 'Add a work programme item' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('main h1').textContent()).resolves.toBe('Add a work programme item');
      // Sent empty: the error summary links to each field (axe checks this page below, with JavaScript on).
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('.govuk-error-summary__title').textContent()).resolves.toBe('There is a problem');
      await expect(page.getByRole('link', { name: 'Enter a title' }).getAttribute('href')).resolves.toBe('#field-title');
      await expect(page.locator('#field-title').getAttribute('name')).resolves.toBe('title');

      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Domestic abuse', { exact: true }).check();
      await page.getByLabel('Scrutiny review', { exact: true }).check();
      await page.getByLabel('Planned', { exact: true }).check();
      await page.getByLabel('Date (optional)', { exact: true }).fill('2027-01-20');
      await page.getByLabel('Public', { exact: true }).check();
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('main h1').textContent()).resolves.toContain(title);
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('It has been published.');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForLoadState('load');
    });
    // Signed out, in a fresh browser: the projector puts it in the joint view the overview shows.
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await eventually(async () => {
        await page.goto(`/areas/${AREA}`);
        await expect(page.locator('main').textContent()).resolves.toContain(title);
      }, 20_000);
      // The matrix links it on its body's page, whose work programme links its own page.
      await page.getByRole('link', { name: title }).first().click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe(`/areas/${AREA}/bodies/${ROTHERHAM}`);
      await page
        .getByRole('table', { name: /work programme/ })
        .getByRole('link', { name: title, exact: true })
        .click();
      await page.waitForLoadState('load');
      await expect(page.locator('main h1').textContent()).resolves.toContain(title);
      await expect(page.getByRole('link', { name: /^Edit/ }).count()).resolves.toBe(0);
    });
  });

  it('shows no links to change another body’s content, and refuses its form', async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await signIn(page, keyOf(ROTHERHAM));
      await page.goto(`/areas/${AREA}/bodies/${PCC}`);
      await expect(page.getByRole('link', { name: 'Add a work programme item' }).count()).resolves.toBe(0);
      const refused = await page.goto(`/areas/${AREA}/bodies/${PCC}/work-programme/new`);
      expect(refused?.status()).toBe(403);
    });
  });
});

describe('a large area', () => {
  it('pages the bodies across the matrix, and shows them all on one page when asked', async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`/areas/${LARGE_AREA}`);
      const matrix = page.getByRole('table', {
        name: /Joint priorities in Large Area: themes down, bodies across \(bodies 1 to 12 of 15\)/,
      });
      await expect(matrix.locator('thead th').count()).resolves.toBe(13);
      const vawg = matrix.locator('tbody th', { hasText: 'Violence against women and girls' });
      await expect(vawg.textContent()).resolves.toContain(
        `Gap: nothing current from ${LARGE_AREA_CSPS} of the ${LARGE_AREA_CSPS} Community Safety Partnerships (which ones).`,
      );

      await page.getByRole('navigation', { name: 'Pages of bodies' }).getByRole('link', { name: 'Next page' }).click();
      await page.waitForURL(/page=2$/);
      await expect(
        page
          .getByRole('table', { name: /\(bodies 13 to 15 of 15\)/ })
          .locator('thead th')
          .allTextContents(),
      ).resolves.toEqual([
        'Theme',
        expect.stringMatching(/^Large Town 12 Community Safety Partnership/),
        expect.stringMatching(/^Large Town 13 Community Safety Partnership/),
        expect.stringMatching(/^Large Town 14 Community Safety Partnership/),
      ]);
      await expect(page.getByRole('link', { name: 'Page 2: bodies 13 to 15' }).getAttribute('aria-current')).resolves.toBe('page');

      await page.getByRole('link', { name: 'Show all 15 bodies on one page' }).click();
      await page.waitForURL(/page=all$/);
      await expect(
        page
          .getByRole('table', { name: /\(all 15 bodies\)/ })
          .locator('thead th')
          .count(),
      ).resolves.toBe(16);
      // Filtering from the all-bodies page keeps every body across.
      await page.getByLabel('Theme', { exact: true }).selectOption('violence-against-women-and-girls');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/theme=violence-against-women-and-girls/);
      expect(new URL(page.url()).searchParams.get('page')).toBe('all');
      await expect(page.getByRole('table', { name: /\(all 15 bodies\)/ }).isVisible()).resolves.toBe(true);
    });
  });
});

describe('printing', () => {
  it('prints the overview matrix without navigation, filters or footer', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto(`/areas/${AREA}`);
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('.hub-matrix').isVisible()).resolves.toBe(true);
      await expect(page.locator('.hub-filters').isVisible()).resolves.toBe(false);
      await expect(page.locator('.govuk-footer').isVisible()).resolves.toBe(false);
      await expect(page.getByRole('navigation', { name: 'Menu' }).isVisible()).resolves.toBe(false);
    });
  });

  it('prints a large area without the pages of bodies', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto(`/areas/${LARGE_AREA}`);
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('.hub-matrix').isVisible()).resolves.toBe(true);
      await expect(page.getByRole('navigation', { name: 'Pages of bodies' }).isVisible()).resolves.toBe(false);
    });
  });
});

describe('accessibility (axe, WCAG 2.2 AA)', () => {
  const historyOfPartnersItem = `/areas/${AREA}/history/work-programme-item/south-yorkshire-police-and-crime-panel/pcp-2022-lcjb-disproportionality-update-report`;
  const pages: [string, string, { signedIn?: true | string }?][] = [
    ['the start page', '/'],
    ['the area overview', `/areas/${AREA}`],
    ['the area overview with a filter error', `/areas/${AREA}?theme=not-a-theme&period=someday`],
    ['the area overview as at a date', `/areas/${AREA}?asOf=2022-02-04`],
    ['a large area overview, page 2 of its bodies', `/areas/${LARGE_AREA}?page=2`],
    ['a large area overview with every body', `/areas/${LARGE_AREA}?page=all`],
    ['a large area overview asked for a page it does not have', `/areas/${LARGE_AREA}?page=9`],
    ['the area overview, signed in', `/areas/${AREA}`, { signedIn: true }],
    ['a body page', `/areas/${AREA}/bodies/safer-rotherham-partnership`],
    ['a body page grouped by plan', `/areas/${LARGE_AREA}/bodies/large-pcc`],
    ['a plan page', `/areas/${LARGE_AREA}/bodies/large-pcc/plans/plan-2013`],
    ['a body page with meetings', `/areas/${AREA}/bodies/south-yorkshire-police-and-crime-panel`],
    ['a meeting page', `/areas/${AREA}/bodies/south-yorkshire-police-and-crime-panel/meetings/pcp-2014-05-02`],
    ['a theme page', `/areas/${AREA}/themes/violence-against-women-and-girls`],
    ['the work programme calendar', `/areas/${AREA}/calendar`],
    ['the work programme calendar by month', `/areas/${AREA}/calendar?by=month`],
    ['the protocol register', `/areas/${AREA}/protocols`],
    ['a protocol page', `/areas/${AREA}/protocols/memorandum-of-understanding-panel-and-pcc`],
    ['a history page', `/areas/${AREA}/history/priority/safer-rotherham-partnership/srp-2016-3-domestic-abuse`],
    ['a history page, signed in', historyOfPartnersItem, { signedIn: true }],
    ['a history page with effective dates and sources', `/areas/${LARGE_AREA}/history/plan/large-pcc/plan-2013`],
    ['the requests tracker', `/areas/${LARGE_AREA}/tracker`],
    ['the requests tracker with filters', `/areas/${LARGE_AREA}/tracker?to=large-csp-01&status=overdue`],
    ['a request page', `/areas/${LARGE_AREA}/requests/large-request-1`],
    ['a body page with its requests', `/areas/${LARGE_AREA}/bodies/large-csp-01`],
    ['the sign-in page', '/sign-in'],
    ['the page-not-found page', `/areas/${AREA}/bodies/nobody`],
    ['the start page with a search', '/?search=york'],
    ['a protocol page, signed in as a party', `/areas/${AREA}/protocols/memorandum-of-understanding-panel-and-pcc`, { signedIn: true }],
    ['a priority page', `/areas/${AREA}/bodies/${ROTHERHAM}/priorities/srp-2016-3-domestic-abuse`],
    [
      'a priority page, signed in as its body',
      `/areas/${AREA}/bodies/${ROTHERHAM}/priorities/srp-2016-3-domestic-abuse`,
      { signedIn: ROTHERHAM },
    ],
    ['the body page, signed in as the body', `/areas/${AREA}/bodies/${ROTHERHAM}`, { signedIn: ROTHERHAM }],
    ['the form for a new work programme item', `/areas/${AREA}/bodies/${ROTHERHAM}/work-programme/new`, { signedIn: ROTHERHAM }],
    ['the form for a new priority', `/areas/${AREA}/bodies/${ROTHERHAM}/priorities/new`, { signedIn: ROTHERHAM }],
    ['the form for a new plan', `/areas/${AREA}/bodies/${ROTHERHAM}/plans/new`, { signedIn: ROTHERHAM }],
    [
      'the form to edit a priority',
      `/areas/${AREA}/bodies/${ROTHERHAM}/priorities/srp-2016-3-domestic-abuse/edit`,
      { signedIn: ROTHERHAM },
    ],
    [
      'the page to confirm a withdrawal',
      `/areas/${AREA}/bodies/${ROTHERHAM}/priorities/srp-2016-3-domestic-abuse/withdraw`,
      { signedIn: ROTHERHAM },
    ],
    ['the page that refuses another body’s form', `/areas/${AREA}/bodies/${PCC}/priorities/new`, { signedIn: ROTHERHAM }],
  ];

  it.each(pages)('%s has no violations', async (_name, path, options) => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      if (options?.signedIn) await signIn(page, keyOf(options.signedIn === true ? PCC : options.signedIn));
      await page.goto(path);
      const results = await new AxeBuilder({ page }).setLegacyMode(true).withTags(WCAG_TAGS).analyze();
      const violations = results.violations.map((violation) => ({
        id: violation.id,
        help: violation.help,
        nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
      }));
      expect(violations).toEqual([]);
      // Something was checked: the page has its one h1 and a main landmark.
      expect(results.passes.length).toBeGreaterThan(0);
      await expect(page.locator('main h1').count()).resolves.toBe(1);
    });
  });

  it('the history checked above does show both times and the source', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto(`/areas/${LARGE_AREA}/history/plan/large-pcc/plan-2013`);
      await expect(page.locator('main').textContent()).resolves.toContain(
        'Published March 2013 in the Police and Crime Plan 2013-2017 (source: foreword); recorded in the hub',
      );
    });
  });

  it('the sign-in error page has no violations', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await signIn(page, 'phk_wrong');
      const results = await new AxeBuilder({ page }).setLegacyMode(true).withTags(WCAG_TAGS).analyze();
      expect(results.violations.map((violation) => violation.id)).toEqual([]);
    });
  });

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
      const results = await new AxeBuilder({ page }).setLegacyMode(true).withTags(WCAG_TAGS).analyze();
      expect(results.violations.map((violation) => violation.id)).toEqual([]);
      expect(results.passes.length).toBeGreaterThan(0);
    });
  });

  it('a form sent with errors, its error summary and inline errors, has no violations', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await signIn(page, keyOf(ROTHERHAM));
      await page.goto(`/areas/${AREA}/bodies/${ROTHERHAM}/plans/new`);
      await page.getByLabel('Start date', { exact: true }).fill('2026-04-01');
      await page.getByLabel('End date (optional)').fill('2025-04-01');
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.waitForLoadState('load');
      await expect(page.locator('.govuk-error-summary__list').textContent()).resolves.toContain('Enter a title');
      await expect(page.locator('.govuk-error-summary__list').textContent()).resolves.toContain('Select a kind of plan');
      const results = await new AxeBuilder({ page }).setLegacyMode(true).withTags(WCAG_TAGS).analyze();
      expect(results.violations.map((violation) => violation.id)).toEqual([]);
      expect(results.passes.length).toBeGreaterThan(0);
    });
  });

  it("keeps a partners-only item's history from the public", async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      const answer = await page.goto(historyOfPartnersItem);
      expect(answer?.status()).toBe(404);
      expect(await page.locator('main').textContent()).not.toContain(PARTNERS_ONLY_ITEM);
    });
  });
});

/** The sign-in link in the newest email to `to` in the local outbox (quoted-printable undone). */
async function signInLinkFor(to: string): Promise<string> {
  const outbox = join(dataDir, 'outbox');
  for (const file of (await readdir(outbox)).sort().reverse()) {
    const raw = await readFile(join(outbox, file), 'utf8');
    if (!raw.includes(`To: ${to}`)) continue;
    const text = raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    const link = /https?:\/\/\S+\/sign-in\/link\?token=[\w-]+/.exec(text)?.[0];
    if (link) return new URL(link).pathname + new URL(link).search;
  }
  throw new Error(`no sign-in link to ${to} in ${outbox}`);
}

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).withTags(WCAG_TAGS).analyze();
  expect(results.passes.length).toBeGreaterThan(0);
  return results.violations.map((violation) => ({
    id: violation.id,
    nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
  }));
}

describe('signing in as a person', () => {
  // axe runs in the page, so it checks the pages with JavaScript on; the journey also runs with it off, to show the forms need none.
  it.each([
    ['on', true],
    ['off', false],
  ])(
    'a seeded Safer Rotherham editor signs in with the emailed link (JavaScript %s), and every page on the way passes axe',
    async (_js, javaScriptEnabled) => {
      const editor = hub.credentials.people!.find(
        (person) => person.organisationId === 'safer-rotherham-partnership' && person.role === 'editor',
      )!;
      const checkAxe = async (page: Page) => {
        if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
      };
      await withPage({ javaScriptEnabled }, async (page) => {
        await page.goto('/sign-in');
        await page.getByLabel('Email address').fill(editor.email);
        await page.getByRole('button', { name: 'Continue' }).click();
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check your email');
        await checkAxe(page);

        await eventually(async () => expect(await signInLinkFor(editor.email)).toContain('/sign-in/link?token='), 5_000);
        await page.goto(await signInLinkFor(editor.email));
        await checkAxe(page);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForLoadState('load');

        await expect(page.locator('main h1').first().textContent({ timeout: 10_000 })).resolves.toBe('Joint priorities');
        expect(new URL(page.url()).pathname).toBe(`/areas/${AREA}`);
        await expect(page.locator('.hub-viewer').textContent({ timeout: 10_000 })).resolves.toContain(
          `as ${editor.name} (Safer Rotherham Partnership).`,
        );
        // A viewer of the area's partners-only content now.
        await expect(page.locator('.hub-viewer').textContent({ timeout: 10_000 })).resolves.toContain('Partners-only items are shown');

        await page.goto('/sign-in/act-for');
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Which body are you acting for?');
        await checkAxe(page);
        await page.getByRole('button', { name: 'Sign out everywhere' }).click();
        await page.waitForLoadState('load');
        await expect(page.locator('body').textContent()).resolves.not.toContain(editor.name);
      });
      // Three axe runs and a sign-in on a shared machine: more than the default 30 s, never a measure of speed.
    },
    120_000,
  );

  it('answers an address that is no member with the same page, and sends it nothing', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill('stranger@rotherham.example');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check your email');
      await expect(signInLinkFor('stranger@rotherham.example')).rejects.toThrow('no sign-in link');
    });
  });
});
