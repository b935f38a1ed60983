import type { EmailMessage } from '@partnership-hub/subscriptions';
import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import type { PeopleServices } from '../src/deps.ts';
import { inMemoryApp, inMemoryPeople } from './in-memory-app.ts';

const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const BODY = 'csp-a';
const membersPath = `/v1/areas/${AREA}/organisations/${BODY}/members`;

describe("a body's members, through the API", () => {
  let app: ReturnType<typeof createApp>;
  let people: PeopleServices;
  let sent: EmailMessage[];
  let bodyKey: string;

  const send = (method: string, path: string, key: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeEach(async () => {
    sent = [];
    people = inMemoryPeople((message) => sent.push(message));
    ({ app } = inMemoryApp(ADMIN_KEY, { people, project: true }));
    expect((await send('PUT', `/v1/areas/${AREA}`, ADMIN_KEY, { name: 'Test Area' })).status).toBe(201);
    expect(
      (
        await send('PUT', `/v1/areas/${AREA}/organisations/${BODY}`, ADMIN_KEY, {
          name: 'Safer Alpha Partnership',
          kind: 'csp',
        })
      ).status,
    ).toBe(201);
    bodyKey = ((await (await send('POST', `/v1/areas/${AREA}/organisations/${BODY}/api-keys`, ADMIN_KEY)).json()) as { key: string }).key;
  });

  it('lets the administrator add a lead, who is emailed an invitation, and lists them', async () => {
    const added = await send('PUT', `${membersPath}/Lead@Alpha.Example`, ADMIN_KEY, { role: 'lead', name: 'Lee Lead' });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({
      email: 'lead@alpha.example',
      role: 'lead',
      name: 'Lee Lead',
      addedAt: '2026-03-01T09:00:00.000Z',
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: 'lead@alpha.example',
      subject: 'You have been added to Safer Alpha Partnership on Partnership Hub',
    });
    expect(sent[0]!.text).toContain('http://localhost/sign-in');

    const again = await send('PUT', `${membersPath}/lead@alpha.example`, ADMIN_KEY, { role: 'lead' });
    expect(again.status).toBe(200);
    expect(sent).toHaveLength(1);

    const listed = await send('GET', membersPath, ADMIN_KEY);
    expect(listed.headers.get('cache-control')).toBe('private, no-store');
    expect(await listed.json()).toEqual({
      members: [{ email: 'lead@alpha.example', role: 'lead', name: 'Lee Lead', addedAt: '2026-03-01T09:00:00.000Z' }],
    });
    expect(await people.memberships.bodiesOf('lead@alpha.example')).toEqual([{ areaId: AREA, organisationId: BODY, role: 'lead' }]);
  });

  it('pages a large body as the change feed pages, by address, following the cursor until there is none', async () => {
    const body = await people.memberships.members(AREA, BODY);
    const members = Array.from({ length: 250 }, (_, index) => ({
      email: `person-${String(index).padStart(3, '0')}@alpha.example`,
      role: 'viewer' as const,
      addedAt: '2026-01-01T00:00:00.000Z',
    }));
    expect(await people.memberships.replace({ ...body, members, revision: body.revision + 1 }, body.revision)).toBe(true);
    const list = async (query = '') => {
      const answer = await send('GET', `${membersPath}${query}`, ADMIN_KEY);
      expect(answer.status, query).toBe(200);
      return (await answer.json()) as { members: { email: string }[]; cursor?: string };
    };

    const first = await list();
    expect(first.members.map((member) => member.email)).toEqual(members.slice(0, 100).map((member) => member.email));
    expect(first.cursor).toEqual(expect.any(String));
    const seen = [...first.members];
    for (let page = first; page.cursor !== undefined; ) {
      page = await list(`?after=${page.cursor}&limit=70`);
      seen.push(...page.members);
    }
    expect(seen.map((member) => member.email)).toEqual(members.map((member) => member.email));
    expect((await list('?limit=1000')).members).toHaveLength(250);
    expect(await list('?limit=1000')).not.toHaveProperty('cursor');

    for (const query of ['?after=nonsense', '?limit=0', '?limit=1001']) {
      const refused = await send('GET', `${membersPath}${query}`, ADMIN_KEY);
      expect(refused.status, query).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it("refuses a body's key, anonymous callers and invalid bodies, with problems", async () => {
    expect((await send('GET', membersPath, bodyKey)).status).toBe(403);
    expect((await send('PUT', `${membersPath}/a@alpha.example`, bodyKey, { role: 'editor' })).status).toBe(403);
    expect((await app.request(membersPath)).status).toBe(401);
    const invalid = await send('PUT', `${membersPath}/not-an-address`, ADMIN_KEY, { role: 'owner' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a name holding control or bidirectional formatting characters, as any text the hub shows', async () => {
    for (const name of ['Bidi \u202egnp.exe', 'Bell \u0007', 'Two\nlines']) {
      const answer = await send('PUT', `${membersPath}/a@alpha.example`, ADMIN_KEY, { role: 'viewer', name });
      expect(answer.status, name).toBe(400);
      expect(
        ((await answer.json()) as { errors: { field: string }[] }).errors.map((error) => error.field),
        name,
      ).toEqual(['name']);
    }
    expect((await send('GET', membersPath, ADMIN_KEY)).status).toBe(200);
    expect(sent).toEqual([]);
  });

  it('keeps a lead: the last one can be neither removed nor demoted (409); removing a member ends their sessions', async () => {
    await send('PUT', `${membersPath}/lead@alpha.example`, ADMIN_KEY, { role: 'lead' });
    await send('PUT', `${membersPath}/editor@alpha.example`, ADMIN_KEY, { role: 'editor' });
    expect((await send('DELETE', `${membersPath}/lead@alpha.example`, ADMIN_KEY)).status).toBe(409);
    expect((await send('PUT', `${membersPath}/lead@alpha.example`, ADMIN_KEY, { role: 'viewer' })).status).toBe(409);

    await people.sessions.start({
      sessionHash: 'a'.repeat(64),
      personId: 'person-2',
      email: 'editor@alpha.example',
      name: 'Ed',
      areaId: AREA,
      organisationId: BODY,
      createdAt: '2026-03-01T09:00:00.000Z',
      lastSeenAt: '2026-03-01T09:00:00.000Z',
      endsAt: '2026-03-01T17:00:00.000Z',
    });
    expect((await send('DELETE', `${membersPath}/editor@alpha.example`, ADMIN_KEY)).status).toBe(204);
    expect(await people.sessions.find('a'.repeat(64))).toBeUndefined();
    expect(await people.memberships.bodiesOf('editor@alpha.example')).toEqual([]);
    expect(
      ((await (await send('GET', membersPath, ADMIN_KEY)).json()) as { members: { email: string }[] }).members.map(
        (member: { email: string }) => member.email,
      ),
    ).toEqual(['lead@alpha.example']);
  });

  it('answers 204 for removing someone who is no member of the body, and leaves their sessions for other bodies alone', async () => {
    await send('PUT', `/v1/areas/${AREA}/organisations/csp-b`, ADMIN_KEY, { name: 'Safer Beta Partnership', kind: 'csp' });
    await send('PUT', `/v1/areas/${AREA}/organisations/csp-b/members/sam@beta.example`, ADMIN_KEY, { role: 'editor' });
    await people.sessions.start({
      sessionHash: 'b'.repeat(64),
      personId: 'person-1',
      email: 'sam@beta.example',
      name: 'Sam',
      areaId: AREA,
      organisationId: 'csp-b',
      createdAt: '2026-03-01T09:00:00.000Z',
      lastSeenAt: '2026-03-01T09:00:00.000Z',
      endsAt: '2026-03-01T17:00:00.000Z',
    });
    expect((await send('DELETE', `${membersPath}/sam@beta.example`, ADMIN_KEY)).status).toBe(204);
    expect(await people.sessions.find('b'.repeat(64))).toMatchObject({ email: 'sam@beta.example', organisationId: 'csp-b' });
  });
});
