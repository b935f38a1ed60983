import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { AREA, keyOf, LARGE_AREA, PARTNERS_ONLY_ITEM, PCC, signIn, WCAG_TAGS, withPage } from './fixture.ts';

/** axe's WCAG 2.2 AA checks on every kind of page, in real Chromium (beside pages.test.ts, with its own hub and browser). */

describe('accessibility (axe, WCAG 2.2 AA)', () => {
  const historyOfPartnersItem = `/areas/${AREA}/history/work-programme-item/${PCC}/pcc-2022-lcjb-disproportionality-task-and-finish-update`;
  const pages: [string, string, { signedIn?: boolean }?][] = [
    ['the start page', '/'],
    ['the area overview', `/areas/${AREA}`],
    ['the area overview with a filter error', `/areas/${AREA}?theme=not-a-theme&period=someday`],
    ['a large area overview, page 2 of its bodies', `/areas/${LARGE_AREA}?page=2`],
    ['a large area overview with every body', `/areas/${LARGE_AREA}?page=all`],
    ['a large area overview asked for a page it does not have', `/areas/${LARGE_AREA}?page=9`],
    ['the area overview, signed in', `/areas/${AREA}`, { signedIn: true }],
    ['a body page', `/areas/${AREA}/bodies/safer-rotherham-partnership`],
    ['a theme page', `/areas/${AREA}/themes/violence-against-women-and-girls`],
    ['the work programme calendar', `/areas/${AREA}/calendar`],
    ['the work programme calendar by month', `/areas/${AREA}/calendar?by=month`],
    ['the protocol register', `/areas/${AREA}/protocols`],
    ['a protocol page', `/areas/${AREA}/protocols/memorandum-of-understanding-panel-and-pcc`],
    ['a history page', `/areas/${AREA}/history/priority/safer-rotherham-partnership/srp-2016-3-domestic-abuse`],
    ['a history page, signed in', historyOfPartnersItem, { signedIn: true }],
    ['the sign-in page', '/sign-in'],
    ['the page-not-found page', `/areas/${AREA}/bodies/nobody`],
  ];

  it.each(pages)('%s has no violations', async (_name, path, options) => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      if (options?.signedIn) await signIn(page, keyOf(PCC));
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

  it('the sign-in error page has no violations', async () => {
    await withPage({ javaScriptEnabled: true }, async (page) => {
      await signIn(page, 'phk_wrong');
      const results = await new AxeBuilder({ page }).setLegacyMode(true).withTags(WCAG_TAGS).analyze();
      expect(results.violations.map((violation) => violation.id)).toEqual([]);
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
