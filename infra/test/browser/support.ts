import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { southYorkshire } from '@partnership-hub/seed';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../../src/local/hub.ts';
import { eventually } from '../support/client.ts';
import { seededDataFolder } from '../support/seeded-template.ts';
import { sharedChromium } from './chromium.ts';

export const AREA = 'south-yorkshire';
export const PCC = 'south-yorkshire-pcc';
export const ROTHERHAM = 'safer-rotherham-partnership';
export const PARTNERS_ONLY_ITEM = 'Local Criminal Justice Board Task and Finish Group on disproportionality';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
/** An area with more bodies than the matrix shows across at once (12), put in through the API. */
export const LARGE_AREA = 'large-area';
export const LARGE_AREA_CSPS = 14;

/**
 * axe-core's minified build, the one it publishes beside its main file: `axe.source` is the
 * unminified build (1.3 MB against 0.58 MB), and every check sends the source into a new document
 * and has Chromium parse it there. The same version, checked, so the two can never differ.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
if (!AXE_SOURCE.startsWith(`/*! axe v${axe.version}\n`)) throw new Error(`axe-core/axe.min.js is not axe ${axe.version}`);

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface BrowserHub {
  readonly hub: LocalHub;
  readonly dataDir: string;
  /**
   * A browser tab with no cookies but the signed-in session asked for, and the JavaScript setting
   * asked for, for one use. The tab and its context are kept for the next use (see withPage below).
   */
  withPage<T>(
    options: { javaScriptEnabled: boolean; signedInWith?: string },
    use: (page: Page, context: BrowserContext) => Promise<T>,
  ): Promise<T>;
  /** A browser tab kept open until `close` (for checks that visit many pages one after another). */
  openTab(options: {
    javaScriptEnabled: boolean;
    signedInWith?: string;
    /** axe-core put in every document the tab opens (withAxe), for a tab axe checks page after page. */
    axe?: boolean;
  }): Promise<{ page: Page; close: () => Promise<void> }>;
  /** The seeded organisation's API key, from the local run's dev-credentials. */
  keyOf(organisationId: string): string;
  /** The sign-in link in the newest email to `to` in the local outbox. */
  signInLinkFor(to: string): Promise<string>;
}

/**
 * One local hub seeded with South Yorkshire for a test file (and, when asked, the large area put in
 * through the API, or the development identity provider as `npm start` runs it), and the worker's
 * browser (sharedChromium). The browser test files each start their own hub, so that vitest runs
 * them side by side: one file holding every journey and every axe check ran for minutes alone.
 */
export function useBrowserHub(options: { largeArea?: boolean; devIdentityProvider?: boolean } = {}): BrowserHub {
  let hub: LocalHub | undefined;
  let browser: Browser | undefined;
  // Every context this file opened and has not closed: the browser outlives the file.
  const contexts = new Set<BrowserContext>();
  // Contexts withPage keeps between uses, one tab each, by JavaScript setting.
  const idle = new Map<boolean, { context: BrowserContext; page: Page }[]>();
  let data: { path: string; remove: () => Promise<void> } | undefined;
  // Signed-in sessions by key, made once per file: each axe check of a signed-in page needs one, and
  // signing in through the form for each took a second apiece. The sessions are never signed out.
  const sessions = new Map<string, Promise<StorageState>>();

  beforeAll(async () => {
    browser = await sharedChromium();
    data = await seededDataFolder();
    // Seeded already: the start finds the seed's digest in the folder and writes nothing.
    hub = await startLocalHub({
      dataDir: data.path,
      port: 0,
      seed: southYorkshire,
      devIdentityProvider: options.devIdentityProvider ?? false,
    });
    if (options.largeArea) await createLargeArea(hub);
  }, 300_000); // Waiting on another file's seeding, on a busy machine, can take minutes.

  afterAll(async () => {
    await Promise.all([...contexts].map((context) => context.close()));
    await hub?.stop();
    await data?.remove();
  });

  const newContext = async (contextOptions: { javaScriptEnabled: boolean; signedInWith?: string }) => {
    const storageState = contextOptions.signedInWith ? await sessionFor(contextOptions.signedInWith) : undefined;
    const context = await browser!.newContext({
      javaScriptEnabled: contextOptions.javaScriptEnabled,
      baseURL: hub!.url,
      ...(storageState ? { storageState } : {}),
    });
    contexts.add(context);
    context.on('close', () => contexts.delete(context));
    return context;
  };

  /**
   * A context's first page costs Chromium a renderer process, and the stylesheets fetched and parsed
   * again: five loads of the overview, each in a fresh context, took Chromium and the hub 10.0 s of
   * CPU here (JavaScript on; 6.8 s off), and five in one kept tab 3.9 s (4.1 s). So a tab is kept between uses, as a person's browser is between
   * visits, and each use starts it with every cookie (the hub's session, the sign-in's state) taken
   * away and the session asked for, if any, put in: what the hub sees is a browser it has not met.
   * The hub's pages are never served from the HTTP cache unchecked (no-cache, or no-store when
   * signed in), so what a tab cached cannot hide a change. A tab whose use failed is closed, not kept.
   */
  const withPage: BrowserHub['withPage'] = async (pageOptions, use) => {
    const storageState = pageOptions.signedInWith ? await sessionFor(pageOptions.signedInWith) : undefined;
    const pool = idle.get(pageOptions.javaScriptEnabled) ?? [];
    idle.set(pageOptions.javaScriptEnabled, pool);
    let tab = pool.pop();
    if (!tab || tab.page.isClosed()) {
      const context = await newContext({ javaScriptEnabled: pageOptions.javaScriptEnabled });
      tab = { context, page: await context.newPage() };
    }
    const { context, page } = tab;
    await context.clearCookies();
    if (storageState) await context.addCookies(storageState.cookies);
    let kept = false;
    try {
      const answer = await use(page, context);
      // As it was before the use: printing media emulated by a test goes with it.
      await page.emulateMedia({ media: null });
      await context.clearCookies();
      if (context.pages().length === 1 && !page.isClosed()) {
        pool.push(tab);
        kept = true;
      }
      return answer;
    } finally {
      if (!kept) await context.close();
    }
  };

  const openTab: BrowserHub['openTab'] = async (tabOptions) => {
    const context = await newContext(tabOptions);
    if (tabOptions.axe) await withAxe(context);
    return { page: await context.newPage(), close: () => context.close() };
  };

  function sessionFor(key: string): Promise<StorageState> {
    let session = sessions.get(key);
    if (!session) {
      session = withPage({ javaScriptEnabled: false }, async (page, context) => {
        await signIn(page, key);
        expect((await context.cookies()).some((cookie) => cookie.name === 'hub_session')).toBe(true);
        return context.storageState();
      });
      sessions.set(key, session);
    }
    return session;
  }

  return {
    get hub() {
      return hub!;
    },
    get dataDir() {
      return data!.path;
    },
    withPage,
    openTab,
    keyOf: (organisationId) => hub!.credentials.organisations.find((entry) => entry.organisationId === organisationId)!.key,
    signInLinkFor: (to) => signInLinkIn(join(data!.path, 'outbox'), to),
  };
}

/** Signs in with an API key through the sign-in form. */
export async function signIn(page: Page, key: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Access key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

/**
 * axe's WCAG 2.2 AA rules on the page as it is, violations only: the results of `axe.run`, as
 * @axe-core/playwright's AxeBuilder gave them with `.options({ resultTypes: ['violations'] })
 * .withTags(WCAG_TAGS)` in its legacy mode. Written here rather than through AxeBuilder because of
 * what it cost: AxeBuilder evaluated axe-core's unminified source (1.3 MB) in the page twice per
 * check (once before deciding how to run, once more per frame with its configuration), about a
 * quarter of a second apiece. Here the minified source (AXE_SOURCE) is evaluated once per
 * document, and only where no init script (withAxe) has put it in already.
 */
async function runAxe(page: Page): Promise<axe.AxeResults> {
  for (const frame of page.frames()) {
    if (await frame.evaluate('typeof window.axe === "undefined"')) await frame.evaluate(AXE_SOURCE);
  }
  // In the page, where `axe` is the global the source defines (no DOM types here: this runs in node's lib).
  return page.evaluate(
    (options) => {
      const page = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
      return page.axe.run(page.document, options);
    },
    { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] } satisfies axe.RunOptions,
  );
}

/**
 * axe's WCAG 2.2 AA checks on the page as it is, answering the violations (rule and the first few
 * nodes). Only violations are worked out node by node: axe still lists every rule that passed, with
 * one node each, which is all a test needs to see that something was checked.
 */
export async function axeViolations(page: Page) {
  const results = await runAxe(page);
  expect(results.passes.length, 'axe checked nothing').toBeGreaterThan(0);
  return results.violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
  }));
}

/** Has every document the context opens start with axe-core in it, for a tab that axe checks page after page. */
const withAxe = (context: BrowserContext) => context.addInitScript({ content: AXE_SOURCE });

/** A page axe checks: its name in the test's title, its path, and the body whose key signs in first, if any. */
export type CheckedPage = [name: string, path: string, signedInAs?: string];

/**
 * One test per page: the page, opened with JavaScript on (axe runs in it), has no violations and one
 * h1. The pages are opened one after another in one browser tab per identity (signed out, or signed in
 * with a body's key), as a person browsing would: a fresh context for each page started a renderer
 * process apiece, which was much of each check's cost. The tabs are closed after the file.
 */
export function itHasNoAxeViolations(browserHub: BrowserHub, pages: CheckedPage[]) {
  const tabs = new Map<string, Promise<{ page: Page; close: () => Promise<void> }>>();
  const tabFor = (signedInAs: string | undefined) => {
    const identity = signedInAs ?? '';
    let tab = tabs.get(identity);
    if (!tab) {
      tab = browserHub.openTab({
        javaScriptEnabled: true,
        axe: true,
        ...(signedInAs ? { signedInWith: browserHub.keyOf(signedInAs) } : {}),
      });
      tabs.set(identity, tab);
    }
    return tab;
  };
  afterAll(async () => {
    for (const tab of tabs.values()) await (await tab).close();
  });

  it.each(pages)('%s has no violations', async (_name, path, signedInAs) => {
    const { page } = await tabFor(signedInAs);
    await page.goto(path);
    expect(await axeViolations(page)).toEqual([]);
    // Something was checked: the page has its one h1 in a main landmark.
    await expect(page.locator('main h1').count()).resolves.toBe(1);
  });
}

async function signInLinkIn(outbox: string, to: string): Promise<string> {
  for (const file of (await readdir(outbox)).sort().reverse()) {
    const raw = await readFile(join(outbox, file), 'utf8');
    if (!raw.includes(`To: ${to}`)) continue;
    // Quoted-printable undone.
    const text = raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    const link = /https?:\/\/\S+\/sign-in\/link\?token=[\w-]+/.exec(text)?.[0];
    if (link) return new URL(link).pathname + new URL(link).search;
  }
  throw new Error(`no sign-in link to ${to} in ${outbox}`);
}

/** The large area: two plans (the later superseding the earlier), 14 CSPs and a tracked request, through the API. */
async function createLargeArea(hub: LocalHub) {
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
