import { describe, expect, it } from 'vitest';
import { AREA, itHasNoAxeViolations, LARGE_AREA, PARTNERS_ONLY_ITEM, ROTHERHAM, useBrowserHub } from './support.ts';

/**
 * axe's WCAG 2.2 AA checks (Debian's headless Chromium, JavaScript on, since axe runs in the page) of
 * the register and record pages: protocols, histories, the requests tracker, a priority, and the sign-in and not-found pages, against the local hub seeded with South Yorkshire. The other kinds of page are checked in the
 * accessibility-*.test.ts files beside this one; each file has its own hub and browser, so they run
 * side by side.
 */
const browserHub = useBrowserHub({ largeArea: true });
const { withPage } = browserHub;
// A filter it cannot use beside one it can, and a page past the last: one error summary with both.
const trackerWithErrors = `/areas/${LARGE_AREA}/tracker?to=large-csp-01&status=bogus&page=99`;
const historyOfPartnersItem = `/areas/${AREA}/history/work-programme-item/south-yorkshire-police-and-crime-panel/pcp-2022-lcjb-disproportionality-update-report`;

describe('accessibility (axe, WCAG 2.2 AA) of the records', () => {
  itHasNoAxeViolations(browserHub, [
    ['the protocol register', `/areas/${AREA}/protocols`],
    ['a protocol page', `/areas/${AREA}/protocols/memorandum-of-understanding-panel-and-pcc`],
    ['a history page', `/areas/${AREA}/history/priority/safer-rotherham-partnership/srp-2016-3-domestic-abuse`],
    ['a history page with effective dates and sources', `/areas/${LARGE_AREA}/history/plan/large-pcc/plan-2013`],
    ['the requests tracker', `/areas/${LARGE_AREA}/tracker`],
    ['the requests tracker with filters', `/areas/${LARGE_AREA}/tracker?to=large-csp-01&status=overdue`],
    ['the requests tracker with a filter and a page it cannot use', trackerWithErrors],
    ['a request page', `/areas/${LARGE_AREA}/requests/large-request-1`],
    [
      "a plan variation's page (the seeded 2014 refresh)",
      `/areas/${AREA}/bodies/south-yorkshire-pcc/plans/police-and-crime-plan-2013-17-refreshed-april-2014/variations/variation-1`,
    ],
    ['the requests tracker, page 1 of the seeded area', `/areas/${AREA}/tracker?page=1`],
    ['a body page with its requests', `/areas/${LARGE_AREA}/bodies/large-csp-01`],
    ['a priority page', `/areas/${AREA}/bodies/${ROTHERHAM}/priorities/srp-2016-3-domestic-abuse`],
    ['the sign-in page', '/sign-in'],
    ['the page-not-found page', `/areas/${AREA}/bodies/nobody`],
  ]);

  it('the history checked above does show both times and the source', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await page.goto(`/areas/${LARGE_AREA}/history/plan/large-pcc/plan-2013`);
      await expect(page.locator('main').textContent()).resolves.toContain(
        'Published March 2013 in the Police and Crime Plan 2013-2017 (source: foreword); recorded in the hub',
      );
    });
  });

  it('the tracker checked above with errors is its 400, with the error summary naming both', async () => {
    const answer = await fetch(`${browserHub.hub.url}${trackerWithErrors}`);
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain('Choose a status from the list');
    expect(html).toContain('There is only one page of requests');
    // The filter it can use is kept: the request to large-csp-01 is listed.
    expect(html).toContain('Figures on repeat burglary victims');
  });

  it("keeps a partners-only item's history from the public", async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      const answer = await page.goto(historyOfPartnersItem);
      expect(answer?.status()).toBe(404);
      expect(await page.locator('main').textContent()).not.toContain(PARTNERS_ONLY_ITEM);
    });
  });
});
