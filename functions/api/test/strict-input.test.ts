import { InMemoryClientSecretStore, InMemoryIdentityProviderStore, InMemoryPersonIdentityStore } from '@partnership-hub/store';
import { InMemoryDeliveryStore, InMemorySubscriptionStore, randomGenerators } from '@partnership-hub/subscriptions';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishedOpenApiDocument } from '../scripts/openapi-document.ts';
import type { createApp } from '../src/app.ts';
import type { ConnectorServices } from '../src/connector-ports.ts';
import { wireOpenIdConnect } from '../src/oidc.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * Input the API must refuse in plain words rather than store altered or answer in the validator's
 * terms: unknown fields inside nested objects, hostile text in the fields that had no text check
 * (key labels, identity providers, webhook addresses), and the messages for a wrong kind of value,
 * a choice left out, a number that is not whole and a union's kind that names nothing.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const PANEL = 'panel';
const PCC = 'pcc';
const CSP = 'csp-a';
const plan = `/v1/areas/${AREA}/organisations/${PCC}/plans/pcc-plan`;

let app: ReturnType<typeof createApp>;
let eventLog: ReturnType<typeof inMemoryApp>['eventLog'];
const keys: Record<string, string> = {};
const call = jsonCaller(() => app);

beforeEach(async () => {
  ({ app, eventLog } = inMemoryApp(ADMIN_KEY, {
    project: true,
    identityProviders: (() => {
      const clientSecrets = new InMemoryClientSecretStore();
      return {
        providers: new InMemoryIdentityProviderStore(),
        identities: new InMemoryPersonIdentityStore(),
        clientSecrets,
        allowLoopback: false,
        flow: wireOpenIdConnect({ clientSecrets, allowLoopback: false }),
      };
    })(),
    subscriptions: {
      subscriptions: new InMemorySubscriptionStore(),
      deliveries: new InMemoryDeliveryStore(),
      queue: { enqueue: async () => {} },
      endpointPolicy: { allowLoopback: false, resolve: async () => [{ address: '93.184.216.34', family: 4 }] },
      resendIntervalMs: 60_000,
      generate: randomGenerators,
    },
    // Never reached: the run id is refused before any connector is read.
    connectors: {} as ConnectorServices,
  }));
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  for (const [id, kind] of [
    [PANEL, 'panel'],
    [PCC, 'pcc'],
    [CSP, 'csp'],
  ] as const) {
    await call('PUT', `/v1/areas/${AREA}/organisations/${id}`, { key: ADMIN_KEY, body: { name: `Body ${id}`, kind } });
    keys[id] = (await call('POST', `/v1/areas/${AREA}/organisations/${id}/api-keys`, { key: ADMIN_KEY })).body.key;
  }
});

async function eventsRecorded(): Promise<number> {
  let count = 0;
  for await (const page of eventLog.areaEvents(AREA)) count += page.length;
  return count;
}

/** Expects a 400 naming these fields with these words, and nothing recorded by it. */
async function expectRefused(send: () => Promise<{ status: number; body: { errors?: unknown } }>, errors: [string, string][]) {
  const before = await eventsRecorded();
  const { status, body } = await send();
  expect([status, body.errors]).toEqual([400, errors.map(([field, detail]) => expect.objectContaining({ field, detail }))]);
  expect(await eventsRecorded()).toBe(before);
}

describe('a field a nested object does not have', () => {
  const startVariation = async () => {
    await call('PUT', plan, {
      key: keys[PCC]!,
      body: { title: 'Police and Crime Plan', kind: 'police-and-crime-plan', startDate: '2026-01-01', visibility: 'public' },
    });
    const { body } = await call('POST', `${plan}/variations`, {
      key: keys[PCC]!,
      body: { title: 'V', summary: 'S', visibility: 'public' },
    });
    await call('POST', `${plan}/variations/${body.id}/steps/chief-constable-consulted`, { key: keys[PCC]! });
    await call('POST', `${plan}/variations/${body.id}/steps/sent-to-panel`, { key: keys[PCC]!, body: { responseDueDate: '2026-04-01' } });
    return `${plan}/variations/${body.id}/steps`;
  };

  it("is refused in a panel report's recommendation, named by where it is, and the report is not recorded", async () => {
    const steps = await startVariation();
    await expectRefused(
      () =>
        call('POST', `${steps}/panel-report`, {
          key: keys[PANEL]!,
          body: { summary: 'S', recommendations: [{ title: 'T' }, { title: 'T', details: 'D', restricted: true }] },
        }),
      [['recommendations[1]', 'has fields this endpoint does not accept: details, restricted']],
    );
  });

  it("is refused in the PCC's responses to the report", async () => {
    const steps = await startVariation();
    const report = await call('POST', `${steps}/panel-report`, {
      key: keys[PANEL]!,
      body: { summary: 'S', recommendations: [{ title: 'T' }] },
    });
    expect(report.status).toBe(201);
    await expectRefused(
      () =>
        call('POST', `${steps}/pcc-response`, {
          key: keys[PCC]!,
          body: { text: 'R', responses: [{ text: 'Agreed', outcomes: 'accepted' }] },
        }),
      [['responses[0]', 'has fields this endpoint does not accept: outcomes']],
    );
  });

  it("is refused in a request's meeting", async () => {
    await expectRefused(
      () =>
        call('PUT', `/v1/areas/${AREA}/requests/rq1`, {
          key: keys[PANEL]!,
          body: {
            kind: 'action',
            to: PCC,
            title: 'Report on response times',
            raisedOn: '2026-01-10',
            visibility: 'public',
            meeting: { organisationId: PANEL, date: '2026-02-01', ref: 'Item 5' },
          },
        }),
      [['meeting', 'has fields this endpoint does not accept: ref']],
    );
  });

  it("is refused in a priority's supports and a work programme item's priorities", async () => {
    const organisation = `/v1/areas/${AREA}/organisations/${CSP}`;
    const link = { organisationId: PCC, priorityId: 'p1', note: 'the main one' };
    await expectRefused(
      () =>
        call('PUT', `${organisation}/priorities/p1`, {
          key: keys[CSP]!,
          body: { title: 'Tackle burglary', themes: ['burglary'], visibility: 'public', supports: [link] },
        }),
      [['supports[0]', 'has fields this endpoint does not accept: note']],
    );
    await expectRefused(
      () =>
        call('PUT', `${organisation}/work-programme/w1`, {
          key: keys[CSP]!,
          body: { title: 'Review', themes: ['burglary'], kind: 'report', status: 'planned', visibility: 'public', priorities: [link] },
        }),
      [['priorities[0]', 'has fields this endpoint does not accept: note']],
    );
  });

  it('is declared in the OpenAPI document: the objects nested in the bodies allow no other fields', () => {
    type Schema = { properties: Record<string, Schema>; items: Schema; additionalProperties?: boolean };
    const document = publishedOpenApiDocument() as unknown as {
      components: { schemas: Record<string, Schema> };
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: Schema }> } } }>;
    };
    const { schemas } = document.components;
    const step = (name: string) =>
      document.paths[`/v1/areas/{areaId}/organisations/{organisationId}/plans/{planId}/variations/{variationId}/steps/${name}`]!.post
        .requestBody.content['application/json']!.schema;
    for (const nested of [
      schemas.PriorityBody!.properties.supports!.items,
      schemas.WorkProgrammeItemBody!.properties.priorities!.items,
      schemas.RequestBody!.properties.meeting!,
      step('panel-report').properties.recommendations!.items,
      step('pcc-response').properties.responses!.items,
    ])
      expect(nested.additionalProperties).toBe(false);
  });
});

describe('text in the fields that had no text check', () => {
  it('refuses an API key label holding control, bidirectional or line-break characters', async () => {
    const keysPath = `/v1/areas/${AREA}/organisations/${CSP}/api-keys`;
    for (const [label, detail] of [
      ['Mod\u202eernGov', 'contains a bidirectional formatting character (U+202E), which can make text display in a misleading order'],
      ['ModernGov\u0000', 'contains a control character (U+0000)'],
      ['Modern\ud800Gov', 'contains a lone surrogate (U+D800), which is not a character'],
      ['ModernGov\nsync', 'must be on one line: it contains a line break (U+000A)'],
    ]) {
      const answer = await call('POST', keysPath, { key: ADMIN_KEY, body: { label } });
      expect([answer.status, answer.body.errors], label).toEqual([400, [expect.objectContaining({ field: 'label', detail })]]);
    }
    const listed = await call('GET', keysPath, { key: ADMIN_KEY });
    expect(listed.body.keys).toHaveLength(1);
    expect((await call('POST', keysPath, { key: ADMIN_KEY, body: { label: '  ModernGov sync ' } })).body.label).toBe('ModernGov sync');
  });

  it("refuses an identity provider's name with hostile characters, and a blank or control-laden client id or secret", async () => {
    const provider = {
      name: 'Rotherham Council',
      issuer: 'https://login.microsoftonline.com/rotherham-tenant/v2.0',
      clientId: 'partnership-hub',
      clientSecret: 'the-client-secret',
      emailDomains: ['rotherham.gov.uk'],
    };
    const put = (change: Record<string, unknown>) =>
      call('PUT', '/v1/identity-providers/rotherham', { key: ADMIN_KEY, body: { ...provider, ...change } });
    const refused = await put({ name: 'Council\u202eevil\u0000', clientId: ' \u0000 ', clientSecret: '   ' });
    expect([refused.status, refused.body.errors]).toEqual([
      400,
      [
        expect.objectContaining({
          field: 'name',
          detail: expect.stringContaining('contains a bidirectional formatting character (U+202E)'),
        }),
        expect.objectContaining({ field: 'clientId', detail: 'contains a control character (U+0000)' }),
        expect.objectContaining({ field: 'clientSecret', detail: 'must not be blank' }),
      ],
    ]);
    expect(JSON.stringify(refused.body)).not.toContain('the-client-secret');
    expect((await put({ clientSecret: 'secret\twith a tab' })).body.errors).toEqual([
      expect.objectContaining({ field: 'clientSecret', detail: 'must be on one line: it contains a tab (U+0009)' }),
    ]);
    expect((await call('GET', '/v1/identity-providers/rotherham', { key: ADMIN_KEY })).status).toBe(404);
    expect((await put({ name: ' Rotherham Council ' })).status).toBe(201);
  });

  it('refuses a webhook address holding control characters or spaces, or on port 0, naming endpoint.url', async () => {
    for (const [url, detail] of [
      ['https://hooks.example.org/\u0000', 'must not contain spaces or control characters (it contains U+0000)'],
      ['https://hooks.example.org/a b', 'must not contain spaces or control characters (it contains U+0020)'],
      ['https://hooks.example.org/\n', 'must not contain spaces or control characters (it contains U+000A)'],
      ['https://hooks.example.org:0/', 'must not use port 0: give the port the webhook listens on, or none'],
    ]) {
      const answer = await call('POST', '/v1/subscriptions', { body: { areaId: AREA, endpoint: { kind: 'webhook', url } } });
      expect([answer.status, answer.body.errors], url).toEqual([400, [expect.objectContaining({ field: 'endpoint.url', detail })]]);
    }
    const fine = await call('POST', '/v1/subscriptions', {
      body: { areaId: AREA, endpoint: { kind: 'webhook', url: 'https://hooks.example.org:8443/hub' } },
    });
    expect(fine.status).toBe(201);
  });
});

describe('problem types', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'answers 404 for %s, a name every object has but no problem type',
    async (name) => {
      const answer = await call('GET', `/problems/${name}`);
      expect([answer.status, answer.body.type]).toEqual([404, '/problems/not-found']);
    },
  );

  it('still describes the problem types there are', async () => {
    const answer = await call('GET', '/problems/validation-error');
    expect([answer.status, answer.body.type]).toEqual([200, '/problems/validation-error']);
  });
});

describe('the words a refusal is given in', () => {
  it('says only that a list is not text, not also how short the text is', async () => {
    const answer = await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: [] } });
    expect([answer.status, answer.body.detail]).toEqual([400, 'name must be text (got a list)']);
  });

  it('says a choice left out is required, and what it may be', async () => {
    const answer = await call('PUT', plan, { key: keys[PCC]!, body: { title: 'Plan', startDate: '2026-01-01', visibility: 'public' } });
    expect([answer.status, answer.body.detail]).toEqual([
      400,
      'kind is required (one of police-and-crime-plan, community-safety-plan, partnership-plan, scrutiny-work-programme, delivery-plan, strategy)',
    ]);
  });

  it('says a number that is not whole is not, and which number it was', async () => {
    const changes = await call('GET', `/v1/areas/${AREA}/changes?limit=1.5`);
    expect([changes.status, changes.body.detail]).toEqual([400, 'limit must be a whole number (got 1.5)']);
    const agreement = await call('POST', `/v1/areas/${AREA}/protocols/x/agreements`, { key: keys[CSP]!, body: { version: 1.5 } });
    expect([agreement.status, agreement.body.detail]).toEqual([400, 'version must be a whole number (got 1.5)']);
  });

  it("names a connector run id's form in words, not as a pattern", async () => {
    const answer = await call('GET', `/v1/areas/${AREA}/connectors/c1/runs/a.b`, { key: ADMIN_KEY });
    expect([answer.status, answer.body.detail]).toEqual([
      400,
      'runId must be a run id as the hub gave it: 1 to 64 letters, digits, "_" or "-"',
    ]);
  });

  it("says a subscription's endpoint kind is required, or which kinds there are, in words", async () => {
    const subscribe = (endpoint: Record<string, unknown>) => call('POST', '/v1/subscriptions', { body: { areaId: AREA, endpoint } });
    const sms = await subscribe({ kind: 'sms', number: '07700900000' });
    expect([sms.status, sms.body.detail]).toEqual([400, 'endpoint.kind must be one of webhook, email (got "sms")']);
    const none = await subscribe({ address: 'someone@example.org' });
    expect([none.status, none.body.detail]).toEqual([400, 'endpoint.kind is required (one of webhook, email)']);
  });
});
