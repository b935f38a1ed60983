import { describe } from 'vitest';
import { AREA, itHasNoAxeViolations, LARGE_AREA, useBrowserHub } from './support.ts';

/**
 * axe's WCAG 2.2 AA checks (Debian's headless Chromium, JavaScript on, since axe runs in the page) of
 * the pages a reader of the joint priorities opens: the start page, overviews, bodies, plans, meetings, themes and the calendar, against the local hub seeded with South Yorkshire. The other kinds of page are checked in the
 * accessibility-*.test.ts files beside this one; each file has its own hub and browser, so they run
 * side by side.
 */
const browserHub = useBrowserHub({ largeArea: true });

describe('accessibility (axe, WCAG 2.2 AA) of the reading pages', () => {
  itHasNoAxeViolations(browserHub, [
    ['the start page', '/'],
    ['the start page with a search', '/?search=york'],
    ['the area overview', `/areas/${AREA}`],
    ['the area overview with a filter error', `/areas/${AREA}?theme=not-a-theme&period=someday`],
    ['the area overview as at a date', `/areas/${AREA}?asOf=2022-02-04`],
    ['a large area overview, page 2 of its bodies', `/areas/${LARGE_AREA}?page=2`],
    ['a large area overview with every body', `/areas/${LARGE_AREA}?page=all`],
    ['a large area overview asked for a page it does not have', `/areas/${LARGE_AREA}?page=9`],
    ['a body page', `/areas/${AREA}/bodies/safer-rotherham-partnership`],
    ['a body page grouped by plan', `/areas/${LARGE_AREA}/bodies/large-pcc`],
    ['a plan page', `/areas/${LARGE_AREA}/bodies/large-pcc/plans/plan-2013`],
    ['a body page with meetings', `/areas/${AREA}/bodies/south-yorkshire-police-and-crime-panel`],
    ['a meeting page', `/areas/${AREA}/bodies/south-yorkshire-police-and-crime-panel/meetings/pcp-2014-05-02`],
    ['a theme page', `/areas/${AREA}/themes/violence-against-women-and-girls`],
    ['the work programme calendar', `/areas/${AREA}/calendar`],
    ['the work programme calendar by month', `/areas/${AREA}/calendar?by=month`],
  ]);
});
