import { declaringRoutes, routeSpecsOf } from '@partnership-hub/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../src/local/hub.ts';
import { type Answer, client, eventually, temporaryDirectory } from './support/client.ts';

/**
 * Every write route of the API, from its own route declarations, against every caller that must
 * not succeed: each is refused with the status its standing deserves (401: nobody known; 403:
 * known, but not the one meant) and nothing changes. A write route added without a row in the
 * sample table below fails this test, so every new route joins the matrix.
 * /v1/subscriptions is left out: its writes are authorised by subscription tokens (see
 * notifications.test.ts).
 */
const ADMIN = 'matrix-admin-key';
const AREA = 'matrix-area';
const OTHER_AREA = 'matrix-other-area';
let hub: LocalHub;
let call: ReturnType<typeof client>;
let removeData: () => Promise<void>;
const keys: Record<string, string> = {};
let revokedKey = '';
let keyToRevoke = '';

const priority = (overrides: Record<string, unknown> = {}) => ({
  title: 'Tackle domestic abuse',
  themes: ['domestic-abuse'],
  status: 'active',
  visibility: 'public',
  ...overrides,
});
const workItem = (overrides: Record<string, unknown> = {}) => ({
  title: 'Scrutiny review of domestic abuse services',
  themes: ['domestic-abuse'],
  kind: 'scrutiny-review',
  quarter: '2026-Q3',
  status: 'planned',
  visibility: 'public',
  ...overrides,
});

const plan = (overrides: Record<string, unknown> = {}) => ({
  title: 'Safer A Partnership Plan 2026-2029',
  kind: 'partnership-plan',
  startDate: '2026-04-01',
  endDate: '2029-03-31',
  visibility: 'public',
  ...overrides,
});

const meeting = (overrides: Record<string, unknown> = {}) => ({
  title: 'Police and Crime Panel',
  date: '2026-12-11',
  time: '10:00',
  status: 'confirmed',
  agenda: [{ number: '1', title: 'Apologies' }],
  visibility: 'public',
  ...overrides,
});

const identityProvider = (id: string) => ({
  name: `Council ${id}`,
  issuer: `https://login.${id}.example/v2.0`,
  clientId: 'hub',
  clientSecret: 'not-a-real-secret',
  emailDomains: [`${id}.example`],
});

const body = (organisationId: string) => `/v1/areas/${AREA}/organisations/${organisationId}`;

/**
 * Who a route is meant for: the administrator, the body named in its path, a party of the protocol
 * it names, a side of the tracked request it names (the body that raised it, the body asked, or
 * either), or the body whose step of a plan variation it is (the PCC for all but the panel's report).
 */
type Meant = 'admin' | 'owner' | 'party' | 'raiser' | 'recipient' | 'either' | 'pcc' | 'panel';

const request = (overrides: Record<string, unknown> = {}) => ({
  kind: 'information-request',
  to: 'panel',
  title: 'Figures on repeat victims of domestic abuse',
  raisedOn: '2026-11-02',
  dueDate: '2099-12-31',
  themes: ['domestic-abuse'],
  visibility: 'public',
  ...overrides,
});
const heldRequest = () => `/v1/areas/${AREA}/requests/held`;

/** The PCC's Police and Crime Plan, and the variation of it whose steps the matrix takes. */
const pccPlan = () => `${body('pcc')}/plans/police-and-crime-plan`;
const heldVariation = () => `${pccPlan()}/variations/variation-1`;
const variationStep = (step: string, sample: Partial<Sample> = {}): Record<string, Sample> => ({
  [`post /v1/areas/{areaId}/organisations/{organisationId}/plans/{planId}/variations/{variationId}/steps/${step}`]: {
    meant: step === 'panel-report' ? 'panel' : 'pcc',
    path: () => `${heldVariation()}/steps/${step}`,
    read: () => readAs(heldVariation(), keys.pcc!),
    ...sample,
  },
});

interface Sample {
  meant: Meant;
  /** The path called, with its parameters filled in. */
  path: () => string;
  body?: unknown;
  /** The body the right caller sends, where it depends on what the calls before it did. */
  acceptedBody?: () => Promise<unknown>;
  /** What the route changes, read back by someone who may see it all. */
  read: () => Promise<unknown>;
}

const readAs = async (path: string, key: string): Promise<{ status: number; body: any }> => {
  const answer = await call('GET', path, { key });
  return { status: answer.status, body: answer.body };
};

/** A valid request to each write route, keyed by method and declared path: the wrong callers must be refused it, the right one accepted. */
const samples: Record<string, Sample> = {
  'put /v1/areas/{areaId}': {
    meant: 'admin',
    path: () => `/v1/areas/${AREA}`,
    body: { name: 'Renamed by a caller who may not' },
    read: () => readAs(`/v1/areas/${AREA}`, ADMIN),
  },
  'put /v1/areas/{areaId}/organisations/{organisationId}': {
    meant: 'admin',
    path: () => body('csp-a'),
    body: { name: 'Renamed by a caller who may not', kind: 'csp' },
    read: () => readAs(`/v1/areas/${AREA}`, ADMIN),
  },
  'post /v1/areas/{areaId}/organisations/{organisationId}/api-keys': {
    meant: 'admin',
    path: () => `${body('csp-a')}/api-keys`,
    read: () => readAs(`${body('csp-a')}/api-keys`, ADMIN),
  },
  'delete /v1/areas/{areaId}/organisations/{organisationId}/api-keys/{keyId}': {
    meant: 'admin',
    path: () => `${body('csp-a')}/api-keys/${keyToRevoke}`,
    read: () => readAs(`${body('csp-a')}/api-keys`, ADMIN),
  },
  'put /v1/areas/{areaId}/organisations/{organisationId}/plans/{planId}': {
    meant: 'owner',
    path: () => `${body('csp-a')}/plans/held`,
    body: plan({ title: 'Overwritten by a caller who may not' }),
    read: () => readAs(`${body('csp-a')}/plans/held`, keys['csp-a']!),
  },
  'delete /v1/areas/{areaId}/organisations/{organisationId}/plans/{planId}': {
    meant: 'owner',
    path: () => `${body('csp-a')}/plans/held`,
    read: () => readAs(`${body('csp-a')}/plans/held`, keys['csp-a']!),
  },
  'put /v1/areas/{areaId}/organisations/{organisationId}/meetings/{meetingId}': {
    meant: 'owner',
    path: () => `${body('csp-a')}/meetings/held`,
    body: meeting({ title: 'Overwritten by a caller who may not' }),
    read: () => readAs(`${body('csp-a')}/meetings/held`, keys['csp-a']!),
  },
  'delete /v1/areas/{areaId}/organisations/{organisationId}/meetings/{meetingId}': {
    meant: 'owner',
    path: () => `${body('csp-a')}/meetings/held`,
    read: () => readAs(`${body('csp-a')}/meetings/held`, keys['csp-a']!),
  },
  'put /v1/areas/{areaId}/organisations/{organisationId}/priorities/{id}': {
    meant: 'owner',
    path: () => `${body('csp-a')}/priorities/held`,
    body: priority({ title: 'Overwritten by a caller who may not' }),
    read: () => readAs(`${body('csp-a')}/priorities/held`, keys['csp-a']!),
  },
  'delete /v1/areas/{areaId}/organisations/{organisationId}/priorities/{id}': {
    meant: 'owner',
    path: () => `${body('csp-a')}/priorities/held`,
    read: () => readAs(`${body('csp-a')}/priorities/held`, keys['csp-a']!),
  },
  'put /v1/areas/{areaId}/organisations/{organisationId}/work-programme/{id}': {
    meant: 'owner',
    path: () => `${body('csp-a')}/work-programme/held`,
    body: workItem({ title: 'Overwritten by a caller who may not' }),
    read: () => readAs(`${body('csp-a')}/work-programme/held`, keys['csp-a']!),
  },
  'delete /v1/areas/{areaId}/organisations/{organisationId}/work-programme/{id}': {
    meant: 'owner',
    path: () => `${body('csp-a')}/work-programme/held`,
    read: () => readAs(`${body('csp-a')}/work-programme/held`, keys['csp-a']!),
  },
  'post /v1/areas/{areaId}/organisations/{organisationId}/priorities/import': {
    meant: 'owner',
    path: () => `${body('csp-a')}/priorities/import`,
    body: { items: [{ id: 'imported', ...priority({ title: 'Imported by a caller who may not' }) }] },
    read: () => readAs(`${body('csp-a')}/priorities`, keys['csp-a']!),
  },
  'post /v1/areas/{areaId}/organisations/{organisationId}/work-programme/import': {
    meant: 'owner',
    path: () => `${body('csp-a')}/work-programme/import`,
    body: { items: [{ id: 'imported', ...workItem({ title: 'Imported by a caller who may not' }) }] },
    read: () => readAs(`${body('csp-a')}/work-programme`, keys['csp-a']!),
  },
  'put /v1/areas/{areaId}/protocols/{id}': {
    meant: 'party',
    path: () => `/v1/areas/${AREA}/protocols/held`,
    body: { title: 'Rewritten by a caller who may not', parties: ['csp-a', 'panel'], summary: 'Who does what.', visibility: 'public' },
    read: () => readAs(`/v1/areas/${AREA}/protocols/held`, keys['csp-a']!),
  },
  'post /v1/areas/{areaId}/protocols/{id}/agreements': {
    meant: 'party',
    path: () => `/v1/areas/${AREA}/protocols/held/agreements`,
    body: { version: 1 },
    // The right caller agrees to the current version, as the reads show it once the writes before are delivered.
    acceptedBody: async () => {
      await hub.idle();
      return { version: (await readAs(`/v1/areas/${AREA}/protocols/held`, keys['csp-a']!)).body.version };
    },
    read: () => readAs(`/v1/areas/${AREA}/protocols/held`, keys['csp-a']!),
  },
  'put /v1/areas/{areaId}/requests/{id}': {
    meant: 'raiser',
    path: heldRequest,
    body: request({ title: 'Rewritten by a caller who may not' }),
    read: () => readAs(heldRequest(), keys['csp-a']!),
  },
  'post /v1/areas/{areaId}/requests/{id}/responses': {
    meant: 'recipient',
    path: () => `${heldRequest()}/responses`,
    body: { text: 'Answered by a caller who may not' },
    read: () => readAs(heldRequest(), keys['csp-a']!),
  },
  'post /v1/areas/{areaId}/requests/{id}/updates': {
    meant: 'either',
    path: () => `${heldRequest()}/updates`,
    body: { text: 'Progress reported by a caller who may not', status: 'in-progress' },
    read: () => readAs(heldRequest(), keys['csp-a']!),
  },
  'post /v1/areas/{areaId}/requests/{id}/close': {
    meant: 'raiser',
    path: () => `${heldRequest()}/close`,
    body: { text: 'Closed by a caller who may not' },
    read: () => readAs(heldRequest(), keys['csp-a']!),
  },
  'post /v1/areas/{areaId}/organisations/{organisationId}/plans/{planId}/variations': {
    meant: 'pcc',
    path: () => `${pccPlan()}/variations`,
    body: { title: 'Started by a caller who may not', summary: 'A variation.', visibility: 'public' },
    read: () => readAs(`${pccPlan()}/variations`, keys.pcc!),
  },
  // The right caller takes the steps in the order the route list declares them, which is their statutory order.
  ...variationStep('chief-constable-consulted'),
  ...variationStep('sent-to-panel', { body: { responseDueDate: '2099-12-31' } }),
  ...variationStep('panel-report', {
    body: { summary: 'The panel supports the variation.', recommendations: [{ title: 'Publish quarterly figures' }] },
  }),
  ...variationStep('pcc-response', {
    body: { text: 'The PCC thanks the panel.', responses: [{ text: 'Agreed.', outcome: 'accepted' }] },
  }),
  ...variationStep('published'),
  'put /v1/areas/{areaId}/organisations/{organisationId}/members/{email}': {
    meant: 'admin',
    path: () => `${body('csp-a')}/members/added@csp-a.example`,
    body: { role: 'lead', name: 'Added by a caller who may not' },
    read: () => readAs(`${body('csp-a')}/members`, ADMIN),
  },
  'delete /v1/areas/{areaId}/organisations/{organisationId}/members/{email}': {
    meant: 'admin',
    path: () => `${body('csp-a')}/members/held@csp-a.example`,
    read: () => readAs(`${body('csp-a')}/members`, ADMIN),
  },
  'put /v1/identity-providers/{id}': {
    meant: 'admin',
    path: () => '/v1/identity-providers/added',
    body: identityProvider('added'),
    read: () => readAs('/v1/identity-providers', ADMIN),
  },
  'delete /v1/identity-providers/{id}': {
    meant: 'admin',
    path: () => '/v1/identity-providers/held',
    read: () => readAs('/v1/identity-providers', ADMIN),
  },
};

/**
 * The right caller for each kind of route: it must be accepted, so a refusal above is the caller's
 * standing, not a bad sample. The held request is csp-a's, asked of the panel; its updates are
 * taken from the body asked (the raiser's own are in functions/api/test/requests.test.ts).
 */
const rightKey = (meant: Meant, key: string) =>
  meant === 'admin'
    ? ADMIN
    : meant === 'owner' || meant === 'raiser'
      ? keys['csp-a']!
      : meant === 'recipient' || meant === 'panel'
        ? keys.panel!
        : meant === 'pcc'
          ? keys.pcc!
          : key;

const EVERY: Meant[] = ['admin', 'owner', 'party', 'raiser', 'recipient', 'either', 'pcc', 'panel'];
const BODIES_ROUTES: Meant[] = ['owner', 'party', 'raiser', 'recipient', 'either', 'pcc', 'panel'];

interface Caller {
  name: string;
  key: () => string | undefined;
  status: 401 | 403;
  /** The kinds of route this caller is wrong for. */
  wrongFor: Meant[];
}

const callers: Caller[] = [
  { name: 'no key', key: () => undefined, status: 401, wrongFor: EVERY },
  { name: 'unknown key', key: () => 'phk_this-key-was-never-issued-by-the-hub', status: 401, wrongFor: EVERY },
  { name: 'revoked key', key: () => revokedKey, status: 401, wrongFor: EVERY },
  { name: "another body's key", key: () => keys['csp-b'], status: 403, wrongFor: EVERY },
  { name: 'key of another area', key: () => keys['other-csp'], status: 403, wrongFor: EVERY },
  { name: "admin key for a body's route", key: () => ADMIN, status: 403, wrongFor: BODIES_ROUTES },
  { name: "body's own key for an admin route", key: () => keys['csp-a'], status: 403, wrongFor: ['admin'] },
  { name: "the body asked's key for the raiser's route", key: () => keys.panel, status: 403, wrongFor: ['raiser'] },
  { name: "the raiser's key for the body asked's route", key: () => keys['csp-a'], status: 403, wrongFor: ['recipient'] },
  { name: "the panel's key for the PCC's step", key: () => keys.panel, status: 403, wrongFor: ['pcc'] },
  { name: "the PCC's key for the panel's step", key: () => keys.pcc, status: 403, wrongFor: ['panel'] },
];

/**
 * Routes not yet in the matrix, each with where its callers are checked meanwhile: connectors are
 * the administrator's and reach out to a council (functions/api/test/connectors.test.ts).
 */
const NOT_YET_IN_MATRIX = ['/v1/areas/{areaId}/connectors'];

/** Every declared write under /v1, but the subscription routes. */
const writeRoutes = routeSpecsOf(declaringRoutes, {
  subscriptions: true,
  subscriptionStore: true,
  people: true,
  connectors: true,
  identityProviders: true,
})
  .filter((route) => route.method !== 'get' && route.path.startsWith('/v1/') && !route.path.startsWith('/v1/subscriptions'))
  .filter((route) => !NOT_YET_IN_MATRIX.some((prefix) => route.path.startsWith(prefix)))
  .map((route) => `${route.method} ${route.path}`);

const tried = new Map<string, Map<string, number>>();

async function changesSeenByPartners(): Promise<number> {
  let count = 0;
  let after = '';
  for (;;) {
    const page = await call('GET', `/v1/areas/${AREA}/changes?limit=100${after ? `&after=${after}` : ''}`, { key: keys.panel! });
    expect(page.status).toBe(200);
    count += page.body.changes.length;
    if (page.body.changes.length === 0) return count;
    after = page.body.cursor;
  }
}

beforeAll(async () => {
  const data = await temporaryDirectory();
  removeData = data.remove;
  hub = await startLocalHub({ dataDir: data.path, port: 0, adminKey: ADMIN, seed: false });
  call = client(hub.url);
  const expectOk = (answer: Answer) => {
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    return answer;
  };
  expectOk(await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN, body: { name: 'Matrix Area' } }));
  expectOk(await call('PUT', `/v1/areas/${OTHER_AREA}`, { key: ADMIN, body: { name: 'Other Area' } }));
  for (const [areaId, organisationId, kind] of [
    [AREA, 'csp-a', 'csp'],
    [AREA, 'csp-b', 'csp'],
    [AREA, 'panel', 'panel'],
    [AREA, 'pcc', 'pcc'],
    [OTHER_AREA, 'other-csp', 'csp'],
  ] as const) {
    expectOk(
      await call('PUT', `/v1/areas/${areaId}/organisations/${organisationId}`, { key: ADMIN, body: { name: organisationId, kind } }),
    );
    keys[organisationId] = expectOk(
      await call('POST', `/v1/areas/${areaId}/organisations/${organisationId}/api-keys`, { key: ADMIN }),
    ).body.key;
  }
  const revoked = expectOk(await call('POST', `${body('csp-a')}/api-keys`, { key: ADMIN })).body;
  expectOk(await call('DELETE', `${body('csp-a')}/api-keys/${revoked.keyId}`, { key: ADMIN }));
  revokedKey = revoked.key;
  keyToRevoke = expectOk(await call('POST', `${body('csp-a')}/api-keys`, { key: ADMIN })).body.keyId;
  expectOk(await call('PUT', `${body('csp-a')}/members/lead@csp-a.example`, { key: ADMIN, body: { role: 'lead' } }));
  expectOk(await call('PUT', `${body('csp-a')}/members/held@csp-a.example`, { key: ADMIN, body: { role: 'editor' } }));
  expectOk(await call('PUT', '/v1/identity-providers/held', { key: ADMIN, body: identityProvider('held') }));
  expectOk(await call('PUT', `${body('csp-a')}/plans/held`, { key: keys['csp-a'], body: plan() }));
  expectOk(await call('PUT', `${body('csp-a')}/priorities/held`, { key: keys['csp-a'], body: priority() }));
  expectOk(await call('PUT', `${body('csp-a')}/meetings/held`, { key: keys['csp-a'], body: meeting() }));
  expectOk(await call('PUT', `${body('csp-a')}/work-programme/held`, { key: keys['csp-a'], body: workItem() }));
  expectOk(
    await call('PUT', `/v1/areas/${AREA}/protocols/held`, {
      key: keys['csp-a'],
      body: { title: 'Joint working', parties: ['csp-a', 'panel'], summary: 'Roles.', visibility: 'public' },
    }),
  );
  expectOk(await call('PUT', heldRequest(), { key: keys['csp-a'], body: request() }));
  expectOk(
    await call('PUT', `/v1/areas/${AREA}/requests/partners-only`, {
      key: keys['csp-a'],
      body: request({ title: 'Partners-only request', visibility: 'partners' }),
    }),
  );
  expectOk(
    await call('PUT', pccPlan(), {
      key: keys.pcc,
      body: plan({ title: 'Police and Crime Plan 2026-2029', kind: 'police-and-crime-plan' }),
    }),
  );
  // The variation's start finds the area's panel in the views (the plan it reads from the log): wait until the directory lists it.
  await eventually(
    async () =>
      expect(((await readAs(`/v1/areas/${AREA}`, keys.pcc!)).body as { organisations: { kind: string }[] }).organisations).toContainEqual(
        expect.objectContaining({ kind: 'panel' }),
      ),
    5_000,
  );
  expect(
    expectOk(
      await call('POST', `${pccPlan()}/variations`, {
        key: keys.pcc,
        body: { title: 'Refresh for year two', summary: 'Focus shifts to vulnerable victims.', visibility: 'public' },
      }),
    ).body.id,
  ).toBe('variation-1');
  expectOk(
    await call('POST', `${pccPlan()}/variations`, {
      key: keys.pcc,
      body: { title: 'Partners-only variation', summary: 'Not yet public.', visibility: 'partners' },
    }),
  );
  // The reads the matrix compares are eventually consistent with the writes above: wait until they show.
  await eventually(async () => {
    expect((await readAs(`${body('csp-a')}/plans/held`, keys['csp-a']!)).status).toBe(200);
    expect((await readAs(`${body('csp-a')}/priorities/held`, keys['csp-a']!)).status).toBe(200);
    expect((await readAs(`${body('csp-a')}/meetings/held`, keys['csp-a']!)).status).toBe(200);
    expect((await readAs(`${body('csp-a')}/work-programme/held`, keys['csp-a']!)).status).toBe(200);
    expect((await readAs(`/v1/areas/${AREA}/protocols/held`, keys['csp-a']!)).status).toBe(200);
    expect((await readAs(heldRequest(), keys['csp-a']!)).status).toBe(200);
    expect((await readAs(`/v1/areas/${AREA}/requests/partners-only`, keys['csp-a']!)).status).toBe(200);
    expect((await readAs(heldVariation(), keys.pcc!)).status).toBe(200);
    expect((await readAs(`${pccPlan()}/variations/variation-2`, keys.pcc!)).status).toBe(200);
    // One thing's read answers the log at once; the lists are of views, which follow a moment later.
    expect((await readAs(`/v1/areas/${AREA}/requests`, keys['csp-a']!)).body.requests).toHaveLength(2);
    expect((await readAs(`${pccPlan()}/variations`, keys.pcc!)).body.variations).toHaveLength(2);
    expect((await readAs(`${body('csp-a')}/plans`, keys['csp-a']!)).body.plans).toHaveLength(1);
    expect((await readAs(`${body('csp-a')}/priorities`, keys['csp-a']!)).body.priorities).toHaveLength(1);
  }, 5_000);
});

afterAll(async () => {
  await hub?.stop();
  await removeData?.();
});

describe('the authorisation matrix', () => {
  it("reads requests: the public only public ones, any body of the area's partners ones too, another area's none", async () => {
    const list = `/v1/areas/${AREA}/requests`;
    const ids = async (key?: string) =>
      ((await call('GET', list, key ? { key } : {})).body.requests as { id: string }[]).map((each) => each.id).sort();
    const one = async (key?: string) => (await call('GET', `${list}/partners-only`, key ? { key } : {})).status;

    expect(await ids()).toEqual(['held']);
    expect(await ids(keys['csp-b'])).toEqual(['held', 'partners-only']);
    expect(await ids(keys['other-csp'])).toEqual(['held']);
    expect([await one(), await one(keys['csp-b']), await one(keys['other-csp']), await one(keys.panel)]).toEqual([404, 200, 404, 200]);
  });

  it("reads variations: the public only public ones, any body of the area and the administrator partners ones too, another area's none", async () => {
    const list = `${pccPlan()}/variations`;
    const ids = async (key?: string) =>
      ((await call('GET', list, key ? { key } : {})).body.variations as { id: string }[]).map((each) => each.id).sort();
    const one = async (id: string, key?: string) => (await call('GET', `${list}/${id}`, key ? { key } : {})).status;

    expect(await ids()).toEqual(['variation-1']);
    expect(await ids(keys['csp-b'])).toEqual(['variation-1', 'variation-2']);
    expect(await ids(keys['other-csp'])).toEqual(['variation-1']);
    expect(await ids(ADMIN)).toEqual(['variation-1', 'variation-2']);
    expect([
      await one('variation-2'),
      await one('variation-2', keys['csp-b']),
      await one('variation-2', keys['other-csp']),
      await one('variation-2', keys.panel),
      await one('variation-2', keys.pcc),
      await one('variation-2', ADMIN),
    ]).toEqual([404, 200, 404, 200, 200, 200]);
    expect([await one('variation-1'), await one('variation-1', keys['other-csp'])]).toEqual([200, 200]);
  });

  it('has a sample request for every write route the API declares', () => {
    expect(writeRoutes.length).toBeGreaterThan(0);
    expect(writeRoutes.filter((route) => !samples[route])).toEqual([]);
    expect(Object.keys(samples).filter((route) => !writeRoutes.includes(route))).toEqual([]);
  });

  it('refuses every wrong caller of every write route with 401 or 403 and changes nothing; the right caller is accepted', async () => {
    // The count to compare with: the set-up's writes all in the change feed first. The set-up waits
    // only for the views, and the change feed's deliveries wait behind requests (the views' do not).
    await hub.idle();
    const changesBefore = await changesSeenByPartners();
    for (const route of writeRoutes) {
      const sample = samples[route]!;
      const method = route.split(' ')[0]!.toUpperCase();
      const cells = new Map<string, number>();
      tried.set(route, cells);
      const before = await sample.read();
      for (const caller of callers.filter((each) => each.wrongFor.includes(sample.meant))) {
        const key = caller.key();
        const answer = await call(method, sample.path(), {
          ...(key ? { key } : {}),
          ...(sample.body === undefined ? {} : { body: sample.body }),
        });
        cells.set(caller.name, answer.status);
        expect(answer.status, `${route} as ${caller.name}: ${JSON.stringify(answer.body)}`).toBe(caller.status);
        expect(answer.headers.get('content-type'), `${route} as ${caller.name}`).toContain('application/problem+json');
        expect(await sample.read(), `${route} as ${caller.name} changed what it names`).toEqual(before);
      }
    }
    // A refused write that was committed anyway would reach the change feed: a sentinel write that
    // reaches it after all of them shows that nothing else did.
    expect((await call('PUT', `${body('panel')}/priorities/sentinel`, { key: keys.panel, body: priority() })).status).toBe(201);
    await eventually(async () => expect(await changesSeenByPartners()).toBe(changesBefore + 1), 5_000);

    // The right caller, last: every sample is a request the route accepts.
    for (const route of writeRoutes) {
      const sample = samples[route]!;
      const method = route.split(' ')[0]!.toUpperCase();
      const key = rightKey(sample.meant, keys.panel!);
      const accepted = sample.acceptedBody ? await sample.acceptedBody() : sample.body;
      const answer = await call(method, sample.path(), { key, ...(accepted === undefined ? {} : { body: accepted }) });
      tried.get(route)!.set('the right caller', answer.status);
      expect(answer.status, `${route} as the right caller: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    }

    const columns = [...callers.map((caller) => caller.name), 'the right caller'];
    const rows = writeRoutes.map((route) => [route, ...columns.map((column) => String(tried.get(route)?.get(column) ?? '-'))]);
    const widths = [Math.max(...rows.map((row) => row[0]!.length)), ...columns.map((column) => column.length)];
    const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join(' | ');
    console.log([line(['route', ...columns]), ...rows.map(line)].join('\n'));

    const expectedCells = writeRoutes.reduce(
      (total, route) => total + callers.filter((caller) => caller.wrongFor.includes(samples[route]!.meant)).length + 1,
      0,
    );
    const triedCells = [...tried.values()].reduce((total, cells) => total + cells.size, 0);
    console.log(`authorisation matrix: ${writeRoutes.length} routes, ${triedCells} cells tried`);
    expect(triedCells).toBe(expectedCells);
    // Over two hundred cells, each a call and a read back: more than the default 30 s when the machine is busy.
  }, 60_000);
});
