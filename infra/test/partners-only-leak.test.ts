import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../src/local/hub.ts';
import { type Answer, client, eventually, temporaryDirectory } from './support/client.ts';

/**
 * Partners-only content never reaches the public. A marker is planted in partners-only content of
 * every kind (a priority's title, lead and outcomes; a work programme item's title and
 * description; a protocol's summary; a plan's title; a public item revised to partners-only; a
 * partners-only item then withdrawn), a second marker is the id of a partners-only priority that a
 * public priority supports, and a third the id of a partners-only plan that a public priority sits
 * in and a public plan supersedes. A public meeting carries the marker in a restricted agenda item
 * and in a restricted paper of a public item, and a partners-only meeting in its title; a
 * partners-only tracked request in its title, detail and response, and it is recorded overdue. Then every public output is read without a key, and no marker
 * may appear in any. New public outputs (requests, meetings, people's names) join the OUTPUTS table below.
 */
const ADMIN = 'leak-admin-key';
const AREA = 'leak-area';
const THEME = 'domestic-abuse';
/** In partners-only text. */
const TEXT_MARKER = 'PARTNERS-ONLY-7f3a';
/** The id of a partners-only priority that a public priority links to. */
const ID_MARKER = 'partners-linked-c41e';
/** The id of a partners-only plan that a public priority names and a public plan supersedes. */
const PLAN_ID_MARKER = 'partners-plan-9d2b';
const HTML = 'text/html';
const BODIES = [
  ['csp-a', 'csp'],
  ['pcc', 'pcc'],
  ['panel', 'panel'],
] as const;

let hub: LocalHub;
let call: ReturnType<typeof client>;
let removeData: () => Promise<void>;
const keys: Record<string, string> = {};
const webhookBodies: string[] = [];
let webhookServer: Server | undefined;

const priority = (overrides: Record<string, unknown> = {}) => ({
  title: 'Tackle domestic abuse',
  themes: [THEME],
  lead: 'Head of Community Safety',
  outcomes: ['Fewer repeat victims'],
  status: 'active',
  visibility: 'public',
  ...overrides,
});
const workItem = (overrides: Record<string, unknown> = {}) => ({
  title: 'Scrutiny review of domestic abuse services',
  themes: [THEME],
  kind: 'scrutiny-review',
  date: '2026-10-01',
  status: 'planned',
  visibility: 'public',
  ...overrides,
});
const secret = {
  title: `Confidential plan ${TEXT_MARKER}`,
  lead: `Detective ${TEXT_MARKER}`,
  outcomes: [`Outcome ${TEXT_MARKER}`],
  visibility: 'partners',
};

type Segment = 'priorities' | 'work-programme';
interface Item {
  organisationId: string;
  segment: Segment;
  id: string;
}
/** Every item written, public or not: each one's JSON read and history page are public outputs too. */
const items: Item[] = [];
const protocols: string[] = [];
/** Every plan written, public or not: its JSON, page and history page are public outputs too. */
const plans: { organisationId: string; id: string }[] = [];
/** Every meeting written, public or not: its JSON and page are public outputs too. */
const meetings: { organisationId: string; id: string }[] = [];
/** Every tracked request raised, public or not: its JSON and page are public outputs too. */
const requests: string[] = [];
/** Every plan variation started, public or not, by its API path: its JSON and page are public outputs too. */
const variations: string[] = [];

async function raiseRequest(from: string, id: string, body: Record<string, unknown>) {
  const answer = await call('PUT', `/v1/areas/${AREA}/requests/${id}`, { key: keys[from]!, body });
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  requests.push(id);
}

async function putMeeting(organisationId: string, id: string, body: Record<string, unknown>) {
  const answer = await call('PUT', `/v1/areas/${AREA}/organisations/${organisationId}/meetings/${id}`, {
    key: keys[organisationId]!,
    body,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  meetings.push({ organisationId, id });
}

async function putPlan(organisationId: string, id: string, body: Record<string, unknown>) {
  const answer = await call('PUT', `/v1/areas/${AREA}/organisations/${organisationId}/plans/${id}`, { key: keys[organisationId]!, body });
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  plans.push({ organisationId, id });
}

async function put(organisationId: string, segment: Segment, id: string, body: Record<string, unknown>) {
  const answer = await call('PUT', `/v1/areas/${AREA}/organisations/${organisationId}/${segment}/${id}`, {
    key: keys[organisationId]!,
    body,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  if (!items.some((item) => item.organisationId === organisationId && item.segment === segment && item.id === id))
    items.push({ organisationId, segment, id });
}

interface Output {
  name: string;
  path: string;
}

/** A date within the partners-only plan, before the public plan superseded it. */
const PAST = '2025-06-01';

/** Pages answer HTML to a browser's Accept header (the start page answers nothing else). */
const isPage = (path: string) => path === '/' || path === '/docs' || path.startsWith('/areas');

/**
 * Every public output the hub serves, read without a key. Paths for each body, item and protocol
 * are made from what was written, so an output of one body or item covers them all.
 */
function outputs(): Output[] {
  const area = `/v1/areas/${AREA}`;
  const bodies = BODIES.map(([organisationId]) => organisationId);
  const subject = (item: Item) => (item.segment === 'priorities' ? 'priority' : 'work-programme-item');
  return [
    { name: 'themes JSON', path: '/v1/themes' },
    { name: 'area JSON', path: area },
    { name: 'joint view JSON', path: `${area}/joint-priorities` },
    // As at a date within the partners-only plan: worked out per request, from the log.
    { name: 'joint view JSON as at a past date', path: `${area}/joint-priorities?asOf=${PAST}` },
    { name: 'protocol register JSON', path: `${area}/protocols` },
    ...protocols.map((id) => ({ name: 'protocol JSON', path: `${area}/protocols/${id}` })),
    ...bodies.flatMap((organisationId) => [
      { name: "body's plans JSON", path: `${area}/organisations/${organisationId}/plans` },
      { name: "body's priorities JSON", path: `${area}/organisations/${organisationId}/priorities` },
      { name: "body's work programme JSON", path: `${area}/organisations/${organisationId}/work-programme` },
      { name: "body's meetings JSON", path: `${area}/organisations/${organisationId}/meetings` },
    ]),
    ...meetings.map((meeting) => ({
      name: 'meeting JSON',
      path: `${area}/organisations/${meeting.organisationId}/meetings/${meeting.id}`,
    })),
    ...meetings.map((meeting) => ({
      name: 'meeting page',
      path: `/areas/${AREA}/bodies/${meeting.organisationId}/meetings/${meeting.id}`,
    })),
    ...meetings.map((meeting) => ({
      name: 'meeting history page',
      path: `/areas/${AREA}/history/meeting/${meeting.organisationId}/${meeting.id}`,
    })),
    ...items.map((item) => ({ name: 'item JSON', path: `${area}/organisations/${item.organisationId}/${item.segment}/${item.id}` })),
    ...plans.map((plan) => ({ name: 'plan JSON', path: `${area}/organisations/${plan.organisationId}/plans/${plan.id}` })),
    ...plans.map((plan) => ({ name: 'plan page', path: `/areas/${AREA}/bodies/${plan.organisationId}/plans/${plan.id}` })),
    ...plans.map((plan) => ({ name: 'plan history page', path: `/areas/${AREA}/history/plan/${plan.organisationId}/${plan.id}` })),
    { name: 'requests JSON', path: `${area}/requests` },
    ...requests.map((id) => ({ name: 'request JSON', path: `${area}/requests/${id}` })),
    ...requests.map((id) => ({ name: 'request page', path: `/areas/${AREA}/requests/${id}` })),
    { name: 'tracker page', path: `/areas/${AREA}/tracker` },
    ...variations.map((path) => ({ name: 'variation JSON', path })),
    ...variations.map((path) => ({
      name: 'variation page',
      path: path.replace(`${area}/organisations/`, `/areas/${AREA}/bodies/`),
    })),
    { name: 'start page', path: '/' },
    { name: 'area page', path: `/areas/${AREA}` },
    { name: 'area page as at a past date', path: `/areas/${AREA}?asOf=${PAST}` },
    ...bodies.map((organisationId) => ({ name: 'body page', path: `/areas/${AREA}/bodies/${organisationId}` })),
    { name: 'theme page', path: `/areas/${AREA}/themes/${THEME}` },
    { name: 'theme page as at a past date', path: `/areas/${AREA}/themes/${THEME}?asOf=${PAST}` },
    { name: 'calendar page', path: `/areas/${AREA}/calendar` },
    { name: 'protocol register page', path: `/areas/${AREA}/protocols` },
    ...protocols.map((id) => ({ name: 'protocol page', path: `/areas/${AREA}/protocols/${id}` })),
    ...protocols.map((id) => ({ name: 'protocol history page', path: `/areas/${AREA}/history/protocol/-/${id}` })),
    ...items.map((item) => ({
      name: 'item history page',
      path: `/areas/${AREA}/history/${subject(item)}/${item.organisationId}/${item.id}`,
    })),
    { name: 'area Atom feed', path: `${area}/feed.atom` },
    { name: 'area JSON Feed', path: `${area}/feed.json` },
    ...bodies.flatMap((organisationId) => [
      { name: 'body Atom feed', path: `${area}/organisations/${organisationId}/feed.atom` },
      { name: 'body JSON Feed', path: `${area}/organisations/${organisationId}/feed.json` },
      { name: 'body iCalendar', path: `${area}/organisations/${organisationId}/calendar.ics` },
    ]),
    { name: 'theme Atom feed', path: `${area}/themes/${THEME}/feed.atom` },
    { name: 'theme JSON Feed', path: `${area}/themes/${THEME}/feed.json` },
    { name: 'area iCalendar', path: `${area}/calendar.ics` },
    { name: 'Popolo', path: `${area}/organisations.popolo.json` },
    { name: 'OpenAPI', path: '/openapi.json' },
    { name: 'API reference page', path: '/docs' },
  ];
}

/** Every page of a change feed, as one text per page (JSON, or with `accept` the CloudEvents batch form). */
async function changeFeedPages(key?: string, accept?: string): Promise<{ texts: string[]; ids: string[] }> {
  const texts: string[] = [];
  const ids: string[] = [];
  let after = '';
  for (;;) {
    const answer = await call('GET', `/v1/areas/${AREA}/changes?limit=20${after ? `&after=${after}` : ''}`, {
      ...(key ? { key } : {}),
      ...(accept ? { headers: { accept } } : {}),
    });
    expect(answer.status).toBe(200);
    texts.push(JSON.stringify(answer.body));
    const changes: { id: string }[] = accept ? answer.body : answer.body.changes;
    ids.push(...changes.map((change) => change.id));
    if (changes.length === 0) return { texts, ids };
    after = answer.headers.get('hub-cursor')!;
  }
}

/**
 * What an email says, decoded: the raw message, each part's body decoded from quoted-printable or
 * base64, and encoded-word headers decoded. Hand-written because no MIME parser is a dependency
 * here, and a marker split by a soft line break or base64 would otherwise be missed.
 */
function emailText(raw: string): string {
  const unfolded = raw.replace(/\r\n[ \t]+/g, ' ');
  const headers = unfolded.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_word, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_hex, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
  const quotedPrintable = raw
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9a-f]{2})+/gi, (run) => Buffer.from(run.replace(/=/g, ''), 'hex').toString('utf8'));
  const base64Parts = [...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi)].map(
    (match) => Buffer.from(match[1]!.replace(/\r?\n/g, ''), 'base64').toString('utf8'),
  );
  return [raw, headers, quotedPrintable, ...base64Parts].join('\n');
}

async function outboxEmails(): Promise<string[]> {
  const listing = await call('GET', '/local/outbox', { key: ADMIN });
  expect(listing.status).toBe(200);
  return Promise.all(
    (listing.body.emails as { file: string }[]).map(async (entry) =>
      emailText(await readFile(join(hub.notifications.outboxDir, entry.file), 'utf8')),
    ),
  );
}

async function webhookReceiver(): Promise<string> {
  webhookServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      webhookBodies.push(body);
      const payload = JSON.parse(body);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(payload.type === 'subscription.verification' ? JSON.stringify({ challenge: payload.data.challenge }) : '');
    });
  });
  await new Promise<void>((ready) => webhookServer!.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/hook`;
}

async function subscribePublicly(): Promise<void> {
  const webhook = await call('POST', '/v1/subscriptions', {
    body: { areaId: AREA, filter: {}, endpoint: { kind: 'webhook', url: await webhookReceiver() } },
  });
  expect(webhook.status).toBe(201);
  const address = 'resident@example.org';
  const email = await call('POST', '/v1/subscriptions', { body: { areaId: AREA, filter: {}, endpoint: { kind: 'email', address } } });
  expect(email.status).toBe(201);
  const read = (created: Answer) =>
    call('GET', `/v1/subscriptions/${created.body.id}`, { headers: { 'x-subscription-token': created.body.managementToken } });
  await eventually(async () => expect((await read(webhook)).body.status).toBe('active'), 5_000);
  const confirmation = await eventually(async () => {
    const found = (await outboxEmails()).find((text) => text.includes(address) && /\/confirm\?token=/.test(text));
    expect(found).toBeDefined();
    return found!;
  }, 5_000);
  const link = /http:\/\/127\.0\.0\.1:\d+(\/v1\/subscriptions\/sub_[\w-]+\/confirm\?token=[\w-]+)/.exec(confirmation);
  expect((await call('GET', link![1]!)).status).toBe(200);
  expect((await read(email)).body.status).toBe('active');
}

beforeAll(async () => {
  const data = await temporaryDirectory();
  removeData = data.remove;
  hub = await startLocalHub({
    dataDir: data.path,
    port: 0,
    adminKey: ADMIN,
    seed: false,
    notifications: {
      allowLoopbackWebhooks: true,
      resolve: async (host) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
      pollEveryMs: 25,
    },
  });
  call = client(hub.url);
  expect((await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN, body: { name: 'Leak Area' } })).status).toBe(201);
  for (const [organisationId, kind] of BODIES) {
    await call('PUT', `/v1/areas/${AREA}/organisations/${organisationId}`, {
      key: ADMIN,
      body: { name: `Organisation ${organisationId}`, kind },
    });
    keys[organisationId] = (await call('POST', `/v1/areas/${AREA}/organisations/${organisationId}/api-keys`, { key: ADMIN })).body.key;
  }
  await subscribePublicly();

  // Public content, so every output has something to show.
  await put('csp-a', 'priorities', 'public-priority', priority());
  await put('csp-a', 'work-programme', 'public-item', workItem());
  await put('pcc', 'priorities', ID_MARKER, priority({ title: 'Linked plan', visibility: 'partners' }));
  await put('csp-a', 'priorities', 'supports-a-secret', priority({ supports: [{ organisationId: 'pcc', priorityId: ID_MARKER }] }));
  // A partners-only plan: a public plan supersedes it and a public priority sits in it.
  await putPlan('csp-a', PLAN_ID_MARKER, {
    title: `Confidential plan ${TEXT_MARKER}`,
    kind: 'delivery-plan',
    startDate: '2024-04-01',
    visibility: 'partners',
  });
  await putPlan('csp-a', 'public-plan', {
    title: 'Public plan',
    kind: 'partnership-plan',
    startDate: '2026-04-01',
    supersedes: PLAN_ID_MARKER,
    visibility: 'public',
  });
  await put('csp-a', 'priorities', 'in-a-secret-plan', priority({ title: 'In a partners-only plan', planId: PLAN_ID_MARKER }));
  await put('csp-a', 'priorities', 'in-the-public-plan', priority({ title: 'In the public plan', planId: 'public-plan' }));
  // Partners-only content of every kind.
  await put('pcc', 'priorities', 'secret-priority', priority(secret));
  await put(
    'panel',
    'work-programme',
    'secret-item',
    workItem({ title: `Closed session ${TEXT_MARKER}`, description: `Details ${TEXT_MARKER}`, visibility: 'partners' }),
  );
  for (const [id, visibility] of [
    ['public-protocol', 'public'],
    ['secret-protocol', 'partners'],
  ] as const) {
    const summary = visibility === 'partners' ? `Summary ${TEXT_MARKER}` : 'Who does what.';
    const answer = await call('PUT', `/v1/areas/${AREA}/protocols/${id}`, {
      key: keys['csp-a'],
      body: { title: `Protocol ${id}`, parties: ['csp-a', 'pcc'], summary, visibility },
    });
    expect(answer.status).toBe(201);
    protocols.push(id);
  }
  // A public item revised to partners-only, and a partners-only item withdrawn.
  await put('csp-a', 'priorities', 'narrowed', priority({ title: 'Public at first' }));
  await put('csp-a', 'priorities', 'narrowed', priority(secret));
  await put('csp-a', 'work-programme', 'withdrawn-secret', workItem({ title: `Withdrawn ${TEXT_MARKER}`, visibility: 'partners' }));
  expect(
    (await call('DELETE', `/v1/areas/${AREA}/organisations/csp-a/work-programme/withdrawn-secret`, { key: keys['csp-a'] })).status,
  ).toBe(200);
  // A public meeting of the panel (still to come, so the overview shows it) with a restricted item
  // and a restricted paper, then a partners-only meeting.
  const meeting = {
    title: 'Police and Crime Panel',
    date: '2099-01-20',
    time: '10:00',
    status: 'confirmed',
    agenda: [
      { number: '1', title: 'Apologies' },
      {
        number: '2',
        title: 'Domestic abuse services',
        themes: [THEME],
        links: [
          { title: 'Report', url: 'https://example.org/report.pdf' },
          { title: `Exempt appendix ${TEXT_MARKER}`, url: `https://example.org/${TEXT_MARKER}.pdf`, restricted: true },
        ],
      },
      {
        number: '3',
        title: `Complaint ${TEXT_MARKER}`,
        themes: [THEME],
        restricted: true,
        links: [{ title: 'Paper', url: 'https://example.org/3.pdf' }],
      },
    ],
    visibility: 'public',
  };
  await putMeeting('panel', 'public-meeting', meeting);
  await putMeeting('panel', 'public-meeting', { ...meeting, location: 'Town Hall' });
  await putMeeting('panel', 'secret-meeting', { ...meeting, title: `Closed meeting ${TEXT_MARKER}`, visibility: 'partners' });
  // A public request and a partners-only one, each answered, past their due dates, so the overdue
  // check records them overdue: their events reach the change feed, feeds, calendars and notifications.
  const request = {
    kind: 'information-request',
    to: 'pcc',
    title: 'Information on domestic abuse services',
    raisedOn: '2026-01-10',
    dueDate: '2026-01-31',
    themes: [THEME],
    visibility: 'public',
  };
  await raiseRequest('panel', 'public-request', request);
  await raiseRequest('panel', 'secret-request', {
    ...request,
    title: `Closed request ${TEXT_MARKER}`,
    detail: `Details ${TEXT_MARKER}`,
    visibility: 'partners',
  });
  // The check finds requests through the views, which follow the log a moment later: wait for them,
  // or under load the check can run before the requests are listed and record nothing.
  await hub.idle();
  await hub.overdueCheckNow();
  const responded = await call('POST', `/v1/areas/${AREA}/requests/secret-request/responses`, {
    key: keys.pcc!,
    body: { text: `Answer ${TEXT_MARKER}` },
  });
  expect(responded.status, JSON.stringify(responded.body)).toBeLessThan(300);
  // Variations sent to the panel, so their deadlines are in the calendars: a partners-only one of a
  // public Police and Crime Plan, and a public one of a plan made partners-only after it started (a
  // public variation of a partners-only plan is refused), which the public then no longer sees.
  const pcp = { kind: 'police-and-crime-plan', startDate: '2026-04-01' };
  await putPlan('pcc', 'public-pcp', { ...pcp, title: 'Public Police and Crime Plan', visibility: 'public' });
  const firstPublic = await call('PUT', `/v1/areas/${AREA}/organisations/pcc/plans/secret-pcp`, {
    key: keys.pcc!,
    body: { ...pcp, title: 'Police and Crime Plan', visibility: 'public' },
  });
  expect(firstPublic.status, JSON.stringify(firstPublic.body)).toBe(201);
  for (const [planId, variation] of [
    ['public-pcp', { title: `Closed variation ${TEXT_MARKER}`, summary: `Details ${TEXT_MARKER}`, visibility: 'partners' }],
    ['secret-pcp', { title: 'Public variation', summary: 'A refresh.', visibility: 'public' }],
  ] as const) {
    const started = await call('POST', `/v1/areas/${AREA}/organisations/pcc/plans/${planId}/variations`, {
      key: keys.pcc,
      body: variation,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    variations.push(started.body.url);
    for (const [step, body] of [
      ['chief-constable-consulted', {}],
      ['sent-to-panel', { responseDueDate: '2026-12-18' }],
    ] as const) {
      const recorded = await call('POST', `${started.body.url}/steps/${step}`, { key: keys.pcc, body });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    }
  }
  await putPlan('pcc', 'secret-pcp', { ...pcp, title: `Confidential Police and Crime Plan ${TEXT_MARKER}`, visibility: 'partners' });
  // Written last: once the public outputs and notifications show it, they have handled everything before it.
  await put('panel', 'priorities', 'sentinel', priority({ title: 'Sentinel priority' }));
  await eventually(async () => {
    expect(JSON.stringify((await call('GET', `/v1/areas/${AREA}/organisations/panel/priorities`)).body)).toContain('Sentinel priority');
    expect(webhookBodies.some((body) => body.includes('sentinel'))).toBe(true);
    expect((await outboxEmails()).some((text) => text.includes('Sentinel priority'))).toBe(true);
  }, 10_000);
  await hub.notifications.runDueNow();
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  await new Promise<void>((done) => (webhookServer ? webhookServer.close(() => done()) : done()));
  await removeData?.();
});

interface Checked {
  name: string;
  text: string;
}

/** Every public output's text, read without a key, with what it is. */
async function publicTexts(): Promise<Checked[]> {
  const checked: Checked[] = [];
  for (const output of outputs()) {
    const answer = await call('GET', output.path, isPage(output.path) ? { headers: { accept: HTML } } : {});
    expect([200, 404], `${output.name} ${output.path}`).toContain(answer.status);
    checked.push({
      name: `${output.name} ${output.path} (${answer.status})`,
      text: typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body),
    });
  }
  const json = await changeFeedPages();
  for (const [page, text] of json.texts.entries()) checked.push({ name: `change feed JSON page ${page + 1}`, text });
  const batch = await changeFeedPages(undefined, 'application/cloudevents-batch+json');
  for (const [page, text] of batch.texts.entries()) checked.push({ name: `change feed CloudEvents batch page ${page + 1}`, text });
  // Each change alone, including those only partners may list: asked for by id without a key.
  const partners = await changeFeedPages(keys.panel);
  for (const id of new Set([...json.ids, ...partners.ids])) {
    const answer = await call('GET', `/v1/areas/${AREA}/changes/${id}`);
    checked.push({ name: `change ${id} (${answer.status})`, text: JSON.stringify(answer.body) });
  }
  for (const [index, text] of webhookBodies.entries()) checked.push({ name: `public webhook delivery ${index + 1}`, text });
  for (const [index, text] of (await outboxEmails()).entries()) checked.push({ name: `public email ${index + 1}`, text });
  return checked;
}

/** The outputs that hold the marker, but those asked for it by name (a 404 may say what was asked for). */
const leaking = (checked: Checked[], marker: string) =>
  checked
    .filter((output) => !output.name.includes(marker) && output.text.toLowerCase().includes(marker.toLowerCase()))
    .map((output) => output.name);

let checked: Checked[] = [];

describe('partners-only content', () => {
  it('is visible with a partners key of the area, so the markers are there to leak', async () => {
    const read = (organisationId: string, segment: Segment, id: string) =>
      call('GET', `/v1/areas/${AREA}/organisations/${organisationId}/${segment}/${id}`, { key: keys.panel });
    expect(JSON.stringify((await read('pcc', 'priorities', 'secret-priority')).body)).toContain(TEXT_MARKER);
    expect(JSON.stringify((await read('panel', 'work-programme', 'secret-item')).body)).toContain(TEXT_MARKER);
    expect(JSON.stringify((await read('csp-a', 'priorities', 'narrowed')).body)).toContain(TEXT_MARKER);
    expect((await read('pcc', 'priorities', ID_MARKER)).status).toBe(200);
    expect((await read('csp-a', 'priorities', 'in-a-secret-plan')).body.planId).toBe(PLAN_ID_MARKER);
    const secretPlan = await call('GET', `/v1/areas/${AREA}/organisations/csp-a/plans/${PLAN_ID_MARKER}`, { key: keys.panel });
    expect(JSON.stringify(secretPlan.body)).toContain(TEXT_MARKER);
    const protocol = await call('GET', `/v1/areas/${AREA}/protocols/secret-protocol`, { key: keys.pcc });
    expect(JSON.stringify(protocol.body)).toContain(TEXT_MARKER);
    expect(JSON.stringify((await changeFeedPages(keys.panel)).texts)).toContain(TEXT_MARKER);
    const meeting = await call('GET', `/v1/areas/${AREA}/organisations/panel/meetings/public-meeting`, { key: keys['csp-a'] });
    expect(JSON.stringify(meeting.body)).toContain(TEXT_MARKER);
    const request = await call('GET', `/v1/areas/${AREA}/requests/secret-request`, { key: keys['csp-a'] });
    expect(JSON.stringify(request.body)).toContain(TEXT_MARKER);
    const calendar = await call('GET', `/v1/areas/${AREA}/calendar.ics`, { key: keys['csp-a'] });
    expect(String(calendar.body).replaceAll('\r\n ', '')).toContain(TEXT_MARKER);
    expect(String(calendar.body).replaceAll('\r\n ', '')).toContain(`Closed variation ${TEXT_MARKER}`);
    // The public variation of the plan made partners-only is the partners' alone now, with its plan's title.
    expect(String(calendar.body).replaceAll('\r\n ', '')).toContain(
      `the panel's report on Public variation\\, a variation of Confidential Police and Crime Plan ${TEXT_MARKER}`,
    );
    const publicCalendar = String((await call('GET', `/v1/areas/${AREA}/organisations/panel/calendar.ics`)).body);
    expect(publicCalendar).toContain('BEGIN:VCALENDAR');
    expect(publicCalendar).not.toContain('Public variation');
    const feed = await call('GET', `/v1/areas/${AREA}/feed.json`, { key: keys['csp-a'] });
    expect(JSON.stringify(feed.body)).toContain(`Closed request ${TEXT_MARKER}`);
    const types = (await changeFeedPages(keys.panel)).texts.join('');
    expect(types).toContain('"RequestOverdue"');
  });

  it('shows the public a restricted agenda item as "Restricted item" and its number', async () => {
    const meeting = await call('GET', `/v1/areas/${AREA}/organisations/panel/meetings/public-meeting`);
    expect(meeting.body.agenda[2]).toEqual({ number: '3', title: 'Restricted item', restricted: true });
    const page = await call('GET', `/areas/${AREA}/bodies/panel/meetings/public-meeting`, { headers: { accept: HTML } });
    expect(page.body).toContain('Restricted item');
  });

  it('appears in no public output: JSON, pages, change feed, syndication feeds, calendars, Popolo, OpenAPI, webhooks, emails', async () => {
    checked = await publicTexts();
    console.log(
      `partners-only leak check: ${checked.length} public outputs read:\n${checked.map((output) => `  ${output.name}`).join('\n')}`,
    );
    expect(checked.some((output) => output.name.startsWith('public webhook delivery'))).toBe(true);
    expect(checked.some((output) => output.name.startsWith('public email'))).toBe(true);
    expect(leaking(checked, TEXT_MARKER)).toEqual([]);
  });

  // A public priority's `supports` link to a partners-only priority must not carry that priority's
  // id into any public output: the change feed (JSON, CloudEvents, one change alone), webhook
  // deliveries and history pages show links only to priorities the public may see, as the reads do.
  it('leaves no trace of a partners-only priority that a public one supports: not even its id', async () => {
    if (checked.length === 0) checked = await publicTexts();
    expect(leaking(checked, ID_MARKER)).toEqual([]);
  });

  // A public priority's plan, and a public plan's predecessor, may be partners-only: their ids stay
  // out of every public output too (reads, pages, the change feed, webhooks, emails, history).
  it('leaves no trace of a partners-only plan that public content names: not even its id', async () => {
    if (checked.length === 0) checked = await publicTexts();
    expect(checked.some((output) => output.name.startsWith('plan page') && output.name.endsWith('(200)'))).toBe(true);
    expect(leaking(checked, PLAN_ID_MARKER)).toEqual([]);
  });
});
