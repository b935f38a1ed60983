import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/client.ts';
import { AREA, axeViolations, LARGE_AREA, LARGE_AREA_CSPS, PARTNERS_ONLY_ITEM, PCC, ROTHERHAM, signIn, useBrowserHub } from './support.ts';

/**
 * The panel's journeys in a real browser (Debian's headless Chromium driven by playwright-core),
 * against the whole local hub seeded with South Yorkshire: reading the overview, a body, a theme and
 * the protocols, filtering, signing in and out, publishing with the forms, paging a large area and
 * printing. Every journey runs with JavaScript on; the pages ship no script, so a journey that only
 * reads and follows links behaves the same with it off, and the journeys that submit forms (filters,
 * signing in and out, publishing) also run with it off, to show the forms work without it. The axe
 * checks of every kind of page are in the accessibility-*.test.ts files beside this one.
 */
const browserHub = useBrowserHub({ largeArea: true });
const { withPage, keyOf, signInLinkFor } = browserHub;

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
    const admin = { authorization: `Bearer ${browserHub.hub.adminKey}` };
    const keysPath = `${browserHub.hub.url}/v1/areas/${AREA}/organisations/${PCC}/api-keys`;
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
  }, 90_000); // Two browsers, a sign-in, a form sent twice and the projector waited on: more than the default 30 s on a shared machine.

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

describe('signing in as a person', () => {
  // axe runs in the page, so it checks the pages with JavaScript on; the journey also runs with it off, to show the forms need none.
  it.each([
    ['on', true],
    ['off', false],
  ])(
    'a seeded Safer Rotherham editor signs in with the emailed link (JavaScript %s), and every page on the way passes axe',
    async (_js, javaScriptEnabled) => {
      const editor = browserHub.hub.credentials.people!.find(
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
