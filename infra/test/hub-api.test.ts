import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../src/local/hub.ts';
import { type Answer, client, eventually, temporaryDirectory } from './support/client.ts';

/**
 * The hub core's contract, exercised over HTTP against the embedded stack (dynalite, the
 * local bus and the projector), exactly as a council's system or the acceptance checks use it.
 */
const ADMIN = 'test-admin-key';
const AREA = 'test-area';
let hub: LocalHub;
let call: ReturnType<typeof client>;
let removeData: () => Promise<void>;
const keys: Record<string, string> = {};

const priority = (overrides: Record<string, unknown> = {}) => ({
  title: 'Tackle domestic abuse',
  themes: ['domestic-abuse'],
  lead: 'Head of Community Safety',
  outcomes: ['Fewer repeat victims'],
  indicators: ['Repeat referrals to MARAC'],
  period: '2026-2029',
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

const itemPath = (organisationId: string, id: string, segment = 'priorities') =>
  `/v1/areas/${AREA}/organisations/${organisationId}/${segment}/${id}`;

function expectProblem(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({
    status,
    type: expect.stringMatching(/^\/problems\//),
    title: expect.any(String),
    detail: expect.any(String),
  });
}

beforeAll(async () => {
  const data = await temporaryDirectory();
  removeData = data.remove;
  hub = await startLocalHub({ dataDir: data.path, port: 0, adminKey: ADMIN, seed: false, relay: { pollEveryMs: 60_000 } });
  call = client(hub.url);
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN, body: { name: 'Test Area' } });
  await call('PUT', '/v1/areas/other-area', { key: ADMIN, body: { name: 'Other Area' } });
  const organisations: [string, string, string][] = [
    [AREA, 'test-pcc', 'pcc'],
    [AREA, 'test-panel', 'panel'],
    [AREA, 'csp-a', 'csp'],
    [AREA, 'csp-b', 'csp'],
    [AREA, 'scrutiny-a', 'scrutiny-committee'],
    [AREA, 'scrutiny-b', 'scrutiny-committee'],
    ['other-area', 'other-csp', 'csp'],
  ];
  for (const [areaId, organisationId, kind] of organisations) {
    await call('PUT', `/v1/areas/${areaId}/organisations/${organisationId}`, {
      key: ADMIN,
      body: { name: `Organisation ${organisationId}`, kind },
    });
    const issued = await call('POST', `/v1/areas/${areaId}/organisations/${organisationId}/api-keys`, { key: ADMIN });
    keys[organisationId] = issued.body.key;
  }
});

afterAll(async () => {
  await hub?.stop();
  await removeData?.();
});

describe('administration', () => {
  it('registers an area with 201 and answers 200 when the same area is put again', async () => {
    const created = await call('PUT', '/v1/areas/new-area', { key: ADMIN, body: { name: 'New Area' } });
    const again = await call('PUT', '/v1/areas/new-area', { key: ADMIN, body: { name: 'New Area' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'new-area', version: 1 });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
  });

  it('refuses administration without a key (401) and with an organisation key (403)', async () => {
    expectProblem(await call('PUT', '/v1/areas/sneaky', { body: { name: 'Sneaky' } }), 401);
    expectProblem(await call('PUT', '/v1/areas/sneaky', { key: keys['csp-a'], body: { name: 'Sneaky' } }), 403);
    expectProblem(await call('POST', `/v1/areas/${AREA}/organisations/csp-b/api-keys`, { key: keys['csp-a'] }), 403);
  });

  it('refuses an organisation of an unknown kind, naming the field', async () => {
    const answer = await call('PUT', `/v1/areas/${AREA}/organisations/odd`, { key: ADMIN, body: { name: 'Odd', kind: 'club' } });
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ in: 'body', field: 'kind', pointer: '#/kind' })]);
  });

  it('answers 404 for an organisation in an area that does not exist, and for keys of an unknown organisation', async () => {
    expectProblem(
      await call('PUT', '/v1/areas/nowhere/organisations/someone', { key: ADMIN, body: { name: 'Someone', kind: 'csp' } }),
      404,
    );
    expectProblem(await call('POST', `/v1/areas/${AREA}/organisations/nobody/api-keys`, { key: ADMIN }), 404);
  });

  it('issues keys that work once and are never shown again', async () => {
    const issued = await call('POST', `/v1/areas/${AREA}/organisations/csp-b/api-keys`, { key: ADMIN });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^phk_/);
    const written = await call('PUT', itemPath('csp-b', 'key-check'), { key: issued.body.key, body: priority() });
    expect(written.status).toBe(201);
  });

  it("lists an organisation's keys and revokes one: it stops working at once, the others keep working, and revoking again changes nothing", async () => {
    const first = await call('POST', `/v1/areas/${AREA}/organisations/scrutiny-b/api-keys`, { key: ADMIN });
    const second = await call('POST', `/v1/areas/${AREA}/organisations/scrutiny-b/api-keys`, { key: ADMIN });
    const keysPath = `/v1/areas/${AREA}/organisations/scrutiny-b/api-keys`;

    const listed = await call('GET', keysPath, { key: ADMIN });
    expect(listed.status).toBe(200);
    expect(listed.body.keys.map((key: { keyId: string }) => key.keyId)).toEqual(
      expect.arrayContaining([first.body.keyId, second.body.keyId]),
    );
    expect(JSON.stringify(listed.body)).not.toContain(first.body.key);
    expect(listed.body.keys.every((key: Record<string, unknown>) => !('keyHash' in key) && !('revokedAt' in key))).toBe(true);

    const revoked = await call('DELETE', `${keysPath}/${first.body.keyId}`, { key: ADMIN });
    expect(revoked.status).toBe(204);
    expectProblem(
      await call('PUT', itemPath('scrutiny-b', 'after-revoke', 'work-programme'), { key: first.body.key, body: workItem() }),
      401,
    );
    expect(
      (await call('PUT', itemPath('scrutiny-b', 'after-revoke', 'work-programme'), { key: second.body.key, body: workItem() })).status,
    ).toBe(201);

    expect((await call('DELETE', `${keysPath}/${first.body.keyId}`, { key: ADMIN })).status).toBe(204);
    const after = await call('GET', keysPath, { key: ADMIN });
    expect(after.body.keys.find((key: { keyId: string }) => key.keyId === first.body.keyId)).toEqual({
      keyId: first.body.keyId,
      areaId: AREA,
      organisationId: 'scrutiny-b',
      createdAt: expect.any(String),
      scope: 'write',
      revokedAt: expect.any(String),
    });
  });

  it('lets only the administrator list or revoke keys, and names a key id that is not one', async () => {
    const keysPath = `/v1/areas/${AREA}/organisations/csp-a/api-keys`;
    expectProblem(await call('GET', keysPath, { key: keys['csp-a'] }), 403);
    expectProblem(await call('DELETE', `${keysPath}/0123456789ab`, { key: keys['csp-a'] }), 403);
    expectProblem(await call('GET', keysPath), 401);
    expectProblem(await call('DELETE', `${keysPath}/0123456789ab`, { key: ADMIN }), 404);
    const malformed = await call('DELETE', `${keysPath}/not-a-key-id`, { key: ADMIN });
    expectProblem(malformed, 400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'keyId' })]);
    expectProblem(await call('GET', `/v1/areas/${AREA}/organisations/nobody/api-keys`, { key: ADMIN }), 404);
    // Another organisation's key id under this organisation is not found: ids are looked up within the organisation.
    const other = await call('POST', `/v1/areas/${AREA}/organisations/csp-b/api-keys`, { key: ADMIN });
    expectProblem(await call('DELETE', `${keysPath}/${other.body.keyId}`, { key: ADMIN }), 404);
    expect((await call('PUT', itemPath('csp-b', 'still-works'), { key: other.body.key, body: priority() })).status).toBe(201);
  });

  it('lists the area and its organisations', async () => {
    const answer = await call('GET', `/v1/areas/${AREA}`);
    await eventually(async () => {
      const latest = await call('GET', `/v1/areas/${AREA}`);
      expect(latest.body.organisations.map((organisation: { id: string }) => organisation.id)).toEqual(
        expect.arrayContaining(['test-pcc', 'test-panel', 'csp-a', 'csp-b', 'scrutiny-a', 'scrutiny-b']),
      );
    });
    expect(answer.status).toBe(200);
  });
});

describe('publishing and revising priorities', () => {
  it('creates with 201 and an ETag, revises with 200 and the next version, and records nothing for the same content', async () => {
    const created = await call('PUT', itemPath('csp-a', 'da-1'), { key: keys['csp-a'], body: priority() });
    const revised = await call('PUT', itemPath('csp-a', 'da-1'), {
      key: keys['csp-a'],
      body: priority({ title: 'Tackle domestic abuse together' }),
    });
    const repeated = await call('PUT', itemPath('csp-a', 'da-1'), {
      key: keys['csp-a'],
      body: priority({ title: 'Tackle domestic abuse together' }),
    });

    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'da-1', version: 1 });
    expect(created.headers.get('etag')).toBe('"1"');
    expect(revised.status).toBe(200);
    expect(revised.body).toEqual({ id: 'da-1', version: 2 });
    expect(repeated.status).toBe(200);
    expect(repeated.body.version).toBe(2);
  });

  it('shows a change in the reads within 2 seconds', async () => {
    await call('PUT', itemPath('csp-a', 'visible-1'), { key: keys['csp-a'], body: priority({ title: 'Visible soon' }) });
    await eventually(async () => {
      const read = await call('GET', itemPath('csp-a', 'visible-1'));
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: 'visible-1', version: 1, title: 'Visible soon', themes: ['domestic-abuse'] });
      expect(read.headers.get('etag')).toBe('"1"');
      const list = await call('GET', `/v1/areas/${AREA}/organisations/csp-a/priorities`);
      expect(list.body.priorities.map((item: { id: string }) => item.id)).toContain('visible-1');
    });
  });

  it('rejects a revision based on a stale version with 412, and accepts the current one as a bare version or an ETag', async () => {
    await call('PUT', itemPath('csp-a', 'stale-1'), { key: keys['csp-a'], body: priority() });
    await call('PUT', itemPath('csp-a', 'stale-1'), { key: keys['csp-a'], body: priority({ status: 'closed' }) });

    const stale = await call('PUT', itemPath('csp-a', 'stale-1'), {
      key: keys['csp-a'],
      body: priority({ title: 'Late' }),
      headers: { 'if-match': '1' },
    });
    const bare = await call('PUT', itemPath('csp-a', 'stale-1'), {
      key: keys['csp-a'],
      body: priority({ title: 'On time' }),
      headers: { 'if-match': '2' },
    });
    const etag = await call('PUT', itemPath('csp-a', 'stale-1'), {
      key: keys['csp-a'],
      body: priority({ title: 'Also on time' }),
      headers: { 'if-match': '"3"' },
    });

    expectProblem(stale, 412);
    expect(bare.body.version).toBe(3);
    expect(etag.body.version).toBe(4);
  });

  it('answers 412 to If-Match on something that does not exist, and 400 to an unreadable If-Match', async () => {
    expectProblem(
      await call('PUT', itemPath('csp-a', 'never-was'), { key: keys['csp-a'], body: priority(), headers: { 'if-match': '1' } }),
      412,
    );
    const unreadable = await call('PUT', itemPath('csp-a', 'never-was'), {
      key: keys['csp-a'],
      body: priority(),
      headers: { 'if-match': 'yesterday' },
    });
    expectProblem(unreadable, 400);
    expect(unreadable.body.errors[0]).toMatchObject({ in: 'header', field: 'If-Match' });
  });

  it("never lets one body's key change another body's content", async () => {
    await call('PUT', itemPath('csp-b', 'owned'), { key: keys['csp-b'], body: priority({ title: 'Owned by B' }) });

    const byOther = await call('PUT', itemPath('csp-b', 'owned'), { key: keys['csp-a'], body: priority({ title: 'Taken over by A' }) });
    const byOtherArea = await call('PUT', itemPath('csp-b', 'owned'), { key: keys['other-csp'], body: priority({ title: 'Taken over' }) });
    const deleteByOther = await call('DELETE', itemPath('csp-b', 'owned'), { key: keys['csp-a'] });
    const byAdmin = await call('PUT', itemPath('csp-b', 'owned'), { key: ADMIN, body: priority({ title: 'Admin edit' }) });

    for (const answer of [byOther, byOtherArea, deleteByOther, byAdmin]) expectProblem(answer, 403);
    await eventually(async () => expect((await call('GET', itemPath('csp-b', 'owned'))).body.title).toBe('Owned by B'));
  });

  it('answers 401 without a key and with a key the hub does not know', async () => {
    expectProblem(await call('PUT', itemPath('csp-a', 'anon'), { body: priority() }), 401);
    expectProblem(await call('PUT', itemPath('csp-a', 'anon'), { key: 'phk_not-a-real-key', body: priority() }), 401);
    expectProblem(await call('GET', `/v1/areas/${AREA}/joint-priorities`, { key: 'phk_not-a-real-key' }), 401);
  });

  it('withdraws with DELETE: the item leaves the reads and the joint view, and can be published again', async () => {
    await call('PUT', itemPath('csp-a', 'withdraw-me'), { key: keys['csp-a'], body: priority({ themes: ['cyber-crime'] }) });
    await eventually(async () => expect(themeOrganisations(await jointView(), 'cyber-crime')).toContain('csp-a'));

    const withdrawn = await call('DELETE', itemPath('csp-a', 'withdraw-me'), { key: keys['csp-a'] });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({ id: 'withdraw-me', version: 2, withdrawn: true });
    await eventually(async () => {
      expectProblem(await call('GET', itemPath('csp-a', 'withdraw-me')), 404);
      expect(themeOrganisations(await jointView(), 'cyber-crime')).not.toContain('csp-a');
    });

    expectProblem(await call('DELETE', itemPath('csp-a', 'withdraw-me'), { key: keys['csp-a'] }), 404);
    const republished = await call('PUT', itemPath('csp-a', 'withdraw-me'), {
      key: keys['csp-a'],
      body: priority({ themes: ['cyber-crime'] }),
    });
    expect(republished.status).toBe(201);
    expect(republished.body.version).toBe(3);
  });
});

describe('work programmes', () => {
  it('schedules, revises and withdraws items', async () => {
    const path = itemPath('scrutiny-a', 'wp-1', 'work-programme');
    expect((await call('PUT', path, { key: keys['scrutiny-a'], body: workItem() })).status).toBe(201);
    expect((await call('PUT', path, { key: keys['scrutiny-a'], body: workItem({ status: 'in-progress' }) })).body.version).toBe(2);
    await eventually(async () => {
      const list = await call('GET', `/v1/areas/${AREA}/organisations/scrutiny-a/work-programme`);
      expect(list.body.workProgramme).toEqual([expect.objectContaining({ id: 'wp-1', status: 'in-progress', version: 2 })]);
    });
    expect((await call('DELETE', path, { key: keys['scrutiny-a'] })).body.withdrawn).toBe(true);
    await eventually(async () =>
      expect((await call('GET', `/v1/areas/${AREA}/organisations/scrutiny-a/work-programme`)).body.workProgramme).toEqual([]),
    );
  });

  it('names each bad field: kind, status, date and a quarter the date is not in', async () => {
    const answer = await call('PUT', itemPath('scrutiny-a', 'bad', 'work-programme'), {
      key: keys['scrutiny-a'],
      body: workItem({ kind: 'chat', status: 'maybe', date: '2026-13-40' }),
    });
    expectProblem(answer, 400);
    expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['date', 'kind', 'status']);

    const mismatch = await call('PUT', itemPath('scrutiny-a', 'bad', 'work-programme'), {
      key: keys['scrutiny-a'],
      body: workItem({ date: '2026-01-15', quarter: '2026-Q3' }),
    });
    expectProblem(mismatch, 400);
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ field: 'quarter' })]);
  });
});

describe('visibility', () => {
  it('keeps partners-only content from everyone without a key of the area', async () => {
    await call('PUT', itemPath('csp-a', 'restricted-1'), {
      key: keys['csp-a'],
      body: priority({ title: 'Restricted', themes: ['modern-slavery'], visibility: 'partners' }),
    });

    await eventually(async () => {
      const asPartner = await call('GET', itemPath('csp-a', 'restricted-1'), { key: keys['csp-b'] });
      expect(asPartner.status).toBe(200);
      expect(themeOrganisations(await jointView(keys['test-pcc']), 'modern-slavery')).toContain('csp-a');
    });

    expectProblem(await call('GET', itemPath('csp-a', 'restricted-1')), 404);
    expectProblem(await call('GET', itemPath('csp-a', 'restricted-1'), { key: keys['other-csp'] }), 404);
    const publicList = await call('GET', `/v1/areas/${AREA}/organisations/csp-a/priorities`);
    expect(publicList.body.priorities.map((item: { id: string }) => item.id)).not.toContain('restricted-1');
    const publicView = await jointView();
    expect(JSON.stringify(publicView)).not.toContain('Restricted');
    expect(themeOrganisations(publicView, 'modern-slavery')).not.toContain('csp-a');
  });

  it('drops an item from public reads when it is revised to partners-only', async () => {
    await call('PUT', itemPath('csp-b', 'turns-private'), {
      key: keys['csp-b'],
      body: priority({ title: 'Soon private', themes: ['hate-crime'] }),
    });
    await eventually(async () => expect((await call('GET', itemPath('csp-b', 'turns-private'))).status).toBe(200));
    await call('PUT', itemPath('csp-b', 'turns-private'), {
      key: keys['csp-b'],
      body: priority({ title: 'Soon private', themes: ['hate-crime'], visibility: 'partners' }),
    });
    await eventually(async () => {
      expect((await call('GET', itemPath('csp-b', 'turns-private'))).status).toBe(404);
      expect(themeOrganisations(await jointView(), 'hate-crime')).not.toContain('csp-b');
    });
  });
});

describe('the joint view', () => {
  it('shows per theme which bodies hold a priority or have work planned', async () => {
    await call('PUT', itemPath('test-pcc', 'plan-asb'), {
      key: keys['test-pcc'],
      body: priority({ title: 'Reduce ASB', themes: ['anti-social-behaviour'] }),
    });
    await call('PUT', itemPath('scrutiny-b', 'asb-review', 'work-programme'), {
      key: keys['scrutiny-b'],
      body: workItem({ title: 'ASB review', themes: ['anti-social-behaviour'] }),
    });
    await eventually(async () => {
      const view = await jointView();
      const theme = view.themes.find((entry: { theme: string }) => entry.theme === 'anti-social-behaviour');
      expect(theme.organisations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            organisationId: 'test-pcc',
            kind: 'pcc',
            priorities: [expect.objectContaining({ id: 'plan-asb', title: 'Reduce ASB', version: 1 })],
            workProgramme: [],
          }),
          expect.objectContaining({
            organisationId: 'scrutiny-b',
            kind: 'scrutiny-committee',
            priorities: [],
            workProgramme: [expect.objectContaining({ id: 'asb-review', title: 'ASB review' })],
          }),
        ]),
      );
    });
  });

  it('lists a Police and Crime Plan theme that a CSP covers in neither priorities nor work programme as a gap', async () => {
    await call('PUT', itemPath('test-pcc', 'plan-vawg'), {
      key: keys['test-pcc'],
      body: priority({ title: 'Tackle VAWG', themes: ['violence-against-women-and-girls'] }),
    });
    await call('PUT', itemPath('csp-b', 'vawg-work', 'work-programme'), {
      key: keys['csp-b'],
      body: workItem({ title: 'VAWG action plan', themes: ['violence-against-women-and-girls'], kind: 'report' }),
    });
    await eventually(async () => {
      const gap = (await jointView()).gaps.find((entry: { theme: string }) => entry.theme === 'violence-against-women-and-girls');
      // csp-a's earlier priorities name domestic abuse, a theme within VAWG: it covers VAWG partly, so it
      // is not missing, and it is not counted as covering it either.
      expect(gap).toMatchObject({
        theme: 'violence-against-women-and-girls',
        coveredBy: ['csp-b'],
        partlyCoveredBy: ['csp-a'],
        partly: [{ organisationId: 'csp-a', through: ['domestic-abuse'] }],
        missingFrom: [],
      });
    });
  });

  it('calls out two scrutinising bodies working on the same theme in the same quarter as an overlap', async () => {
    await call('PUT', itemPath('scrutiny-a', 'burglary-q4', 'work-programme'), {
      key: keys['scrutiny-a'],
      body: workItem({ title: 'Burglary review A', themes: ['burglary'], quarter: '2026-Q4' }),
    });
    await call('PUT', itemPath('scrutiny-b', 'burglary-q4', 'work-programme'), {
      key: keys['scrutiny-b'],
      body: workItem({ title: 'Burglary review B', themes: ['burglary'], date: '2026-11-05', quarter: undefined }),
    });
    await eventually(async () => {
      const overlap = (await jointView()).overlaps.find((entry: { theme: string }) => entry.theme === 'burglary');
      expect(overlap).toMatchObject({ quarter: '2026-Q4' });
      expect(overlap.items.map((item: { organisationId: string }) => item.organisationId).sort()).toEqual(['scrutiny-a', 'scrutiny-b']);
    });
  });

  it('answers 404 for an area that does not exist', async () => {
    expectProblem(await call('GET', '/v1/areas/atlantis/joint-priorities'), 404);
  });

  it('sends the joint view gzipped to clients that accept gzip, and plain to those that do not', async () => {
    const zipped = await call('GET', `/v1/areas/${AREA}/joint-priorities`, { headers: { 'accept-encoding': 'gzip' } });
    const plain = await call('GET', `/v1/areas/${AREA}/joint-priorities`, { headers: { 'accept-encoding': 'identity' } });

    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.body).toEqual(zipped.body);
    expect(plain.body.areaId).toBe(AREA);
  });
});

describe('protocols', () => {
  const protocolPath = `/v1/areas/${AREA}/protocols/joint-working`;
  const draft = {
    title: 'Joint working protocol',
    parties: ['test-panel', 'scrutiny-a', 'scrutiny-b'],
    summary: 'Clear roles and regular exchange of information.',
    visibility: 'public',
  };

  it('is drafted by a party, agreed by each party in turn, and starts again at draft with a new version', async () => {
    const drafted = await call('PUT', protocolPath, { key: keys['test-panel'], body: draft });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toEqual({ id: 'joint-working', version: 1 });

    for (const party of ['test-panel', 'scrutiny-a']) {
      expect((await call('POST', `${protocolPath}/agreements`, { key: keys[party], body: { version: 1 } })).status).toBe(201);
    }
    await eventually(async () => expect((await call('GET', protocolPath)).body).toMatchObject({ version: 1, status: 'draft' }));

    const last = await call('POST', `${protocolPath}/agreements`, { key: keys['scrutiny-b'], body: { version: 1 } });
    expect(last.body.status).toBe('agreed');
    await eventually(async () => {
      const read = await call('GET', protocolPath);
      expect(read.body).toMatchObject({
        id: 'joint-working',
        title: 'Joint working protocol',
        parties: draft.parties,
        version: 1,
        status: 'agreed',
      });
      expect(read.body.agreements.map((agreement: { organisationId: string }) => agreement.organisationId).sort()).toEqual([
        'scrutiny-a',
        'scrutiny-b',
        'test-panel',
      ]);
    });

    const revised = await call('PUT', protocolPath, {
      key: keys['scrutiny-a'],
      body: { ...draft, summary: 'Clear roles, shared work programmes.' },
    });
    expect(revised.body).toEqual({ id: 'joint-working', version: 2 });
    await eventually(async () => {
      const read = await call('GET', protocolPath);
      expect(read.body).toMatchObject({ version: 2, status: 'draft', agreements: [] });
    });
    expectProblem(await call('POST', `${protocolPath}/agreements`, { key: keys['test-panel'], body: { version: 1 } }), 409);
    // If-Match holds the document's version, as the protocol's ETag does: a stale one is 412.
    const stale = await call('POST', `${protocolPath}/agreements`, {
      key: keys['test-panel'],
      body: { version: 2 },
      headers: { 'if-match': '"1"' },
    });
    expectProblem(stale, 412);
    const current = await call('POST', `${protocolPath}/agreements`, {
      key: keys['test-panel'],
      body: { version: 2 },
      headers: { 'if-match': '"2"' },
    });
    expect(current.status).toBe(201);
  });

  it('refuses agreement and new versions from a body that is not a party (403)', async () => {
    await call('PUT', `/v1/areas/${AREA}/protocols/mou`, {
      key: keys['test-panel'],
      body: { ...draft, title: 'MoU', parties: ['test-panel', 'test-pcc'] },
    });
    expectProblem(await call('POST', `/v1/areas/${AREA}/protocols/mou/agreements`, { key: keys['csp-a'], body: { version: 1 } }), 403);
    expectProblem(
      await call('PUT', `/v1/areas/${AREA}/protocols/mou`, {
        key: keys['csp-a'],
        body: { ...draft, title: 'MoU', parties: ['test-panel', 'test-pcc', 'csp-a'] },
      }),
      403,
    );
    expectProblem(await call('PUT', `/v1/areas/${AREA}/protocols/not-mine`, { key: keys['csp-a'], body: draft }), 403);
  });

  it('refuses parties that are not organisations of the area, naming each', async () => {
    const answer = await call('PUT', `/v1/areas/${AREA}/protocols/odd`, {
      key: keys['test-panel'],
      body: { ...draft, parties: ['test-panel', 'ghost', 'other-csp'] },
    });
    expectProblem(answer, 400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual(['parties[1]', 'parties[2]']);
  });
});

describe('bad input', () => {
  it('answers malformed JSON with a 400 problem and stores nothing', async () => {
    await hub.idle();
    const acceptedBefore = hub.bus.stats().accepted;
    const answer = await call('PUT', itemPath('csp-a', 'malformed'), {
      key: keys['csp-a'],
      rawBody: '{"title": "half',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(answer, 400);
    await hub.idle();
    expect(hub.bus.stats().accepted).toBe(acceptedBefore);
    expectProblem(await call('GET', itemPath('csp-a', 'malformed'), { key: keys['csp-a'] }), 404);
  });

  it('answers a body over 64 KB with 413', async () => {
    const answer = await call('PUT', itemPath('csp-a', 'huge'), {
      key: keys['csp-a'],
      body: priority({ outcomes: ['x'.repeat(70 * 1024)] }),
    });
    expectProblem(answer, 413);
  });

  it('bounds strings and arrays, naming each bad field, and never stores the rejected item', async () => {
    const answer = await call('PUT', itemPath('csp-a', 'bounded'), {
      key: keys['csp-a'],
      body: priority({ title: 'x'.repeat(201), themes: [], outcomes: Array(51).fill('o'), visibility: 'secret', colour: 'red' }),
    });
    expectProblem(answer, 400);
    expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      '(body)',
      'outcomes',
      'themes',
      'title',
      'visibility',
    ]);
    expectProblem(await call('GET', itemPath('csp-a', 'bounded'), { key: keys['csp-a'] }), 404);
  });

  it('rejects ids that cannot be used in a URL or a key, and unknown themes', async () => {
    const badId = await call('PUT', `/v1/areas/${AREA}/organisations/csp-a/priorities/${encodeURIComponent('has#hash')}`, {
      key: keys['csp-a'],
      body: priority(),
    });
    expectProblem(badId, 400);
    expect(badId.body.errors[0]).toMatchObject({ in: 'path', field: 'id' });
    const badTheme = await call('PUT', itemPath('csp-a', 'theme'), {
      key: keys['csp-a'],
      body: priority({ themes: ['domestic-abuse', 'knitting'] }),
    });
    expect(badTheme.body.errors).toEqual([expect.objectContaining({ field: 'themes[1]' })]);
  });

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await call('GET', '/v2/nothing'), 404);
  });

  it('answers a non-JSON content type with 415 and reads a body sent without one as JSON', async () => {
    expectProblem(
      await call('PUT', itemPath('csp-a', 'xml'), {
        key: keys['csp-a'],
        rawBody: '<priority/>',
        headers: { 'content-type': 'application/xml' },
      }),
      415,
    );
    const plain = await call('PUT', itemPath('csp-a', 'plain'), { key: keys['csp-a'], rawBody: JSON.stringify(priority()) });
    expect(plain.status).toBe(201);
  });
});

describe('never losing an accepted change', () => {
  /** The titles of the organisation's priorities as projected (the list reads the views; an item's own read answers the log). */
  const projectedTitles = async (organisationId: string) =>
    ((await call('GET', `/v1/areas/${AREA}/organisations/${organisationId}/priorities`)).body.priorities as { title: string }[]).map(
      (priority) => priority.title,
    );

  it('answers a write the bus refused, keeps the change in the outbox, and the relay delivers it once the bus takes it', async () => {
    // Nothing of the earlier tests is still on its way to the bus, to meet the fault instead.
    await hub.idle();
    // Every attempt the relay's publisher makes fails, as if EventBridge were down.
    hub.bus.injectFaults({ failNextPutEntries: 3 });
    const accepted = await call('PUT', itemPath('csp-a', 'outboxed'), {
      key: keys['csp-a'],
      body: priority({ title: 'Survives an outage' }),
    });
    expect(accepted.status).toBe(201);
    // The relay ran on the append and was refused; whatever the bus did take has been delivered:
    // "not projected" is a fact, not a race. The item's own read answers the accepted write at
    // once; the organisation's list is projected, so it shows the change only once delivered.
    await hub.idle();
    expect((await call('GET', itemPath('csp-a', 'outboxed'))).body.title).toBe('Survives an outage');
    expect(await projectedTitles('csp-a')).not.toContain('Survives an outage');

    const run = await hub.relayNow();

    expect(run).toMatchObject({ published: 1, failed: 0 });
    await eventually(async () => expect(await projectedTitles('csp-a')).toContain('Survives an outage'));
    expect((await hub.relayNow()).found).toBe(0);
  });

  it('holds the relay while the bench asks: an append waits in the outbox, and is delivered once released', async () => {
    await hub.idle();
    const acceptedBefore = hub.bus.stats().accepted;
    const release = hub.holdRelay();
    const written = await call('PUT', itemPath('csp-a', 'held-back'), { key: keys['csp-a'], body: priority({ title: 'Held back' }) });
    expect(written.status).toBe(201);
    await hub.idle();
    expect(hub.bus.stats().accepted).toBe(acceptedBefore);
    expect(await projectedTitles('csp-a')).not.toContain('Held back');

    release();
    await hub.idle();

    expect(hub.bus.stats().accepted).toBeGreaterThan(acceptedBefore);
    expect(await projectedTitles('csp-a')).toContain('Held back');
  });
});

describe('themes', () => {
  it('lists the controlled themes by slug', async () => {
    const answer = await call('GET', '/v1/themes');
    expect(answer.status).toBe(200);
    // The 24 themes of the first list and the five the seed documents use (four within VAWG, one within reoffending).
    expect(answer.body.themes).toHaveLength(29);
    expect(answer.body.themes).toContainEqual({ slug: 'violence-against-women-and-girls', name: 'Violence against women and girls' });
    expect(answer.body.themes).toContainEqual({
      slug: 'domestic-abuse',
      name: 'Domestic abuse',
      parent: 'violence-against-women-and-girls',
    });
  });
});

async function jointView(key?: string) {
  const answer = await call('GET', `/v1/areas/${AREA}/joint-priorities`, key ? { key } : {});
  expect(answer.status).toBe(200);
  return answer.body;
}

function themeOrganisations(view: { themes: { theme: string; organisations: { organisationId: string }[] }[] }, theme: string): string[] {
  return view.themes.find((entry) => entry.theme === theme)?.organisations.map((organisation) => organisation.organisationId) ?? [];
}
