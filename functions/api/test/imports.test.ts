import { toViewRecord } from '@partnership-hub/domain';
import type { InMemoryEventLog, InMemoryViewStore } from '@partnership-hub/store';
import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * Bulk import on in-memory stores: a dry run answers, row by row, exactly what the commit then
 * records, whatever state the views are in (current, behind, missing), because both decide on the
 * event log.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const MINE = 'csp-a';
const THEIRS = 'csp-b';
const itemPath = (organisationId: string, id = '') =>
  `/v1/areas/${AREA}/organisations/${organisationId}/work-programme${id ? `/${id}` : ''}`;
const importPath = (dryRun: boolean) => `${itemPath(MINE)}/import${dryRun ? '?dryRun=true' : ''}`;
const HEADER = 'id,title,themes,kind,date,quarter,status,description,priorities,visibility';

const item = (title: string, status = 'planned') => ({
  title,
  themes: ['burglary'],
  kind: 'report',
  quarter: '2027-Q1',
  status,
  visibility: 'public',
});
const csvRow = (id: string, title: string, status = 'planned') => `${id},${title},burglary,report,,2027-Q1,${status},,,public`;

describe('bulk import', () => {
  let app: ReturnType<typeof createApp>;
  let eventLog: InMemoryEventLog;
  let views: InMemoryViewStore;
  const keys: Record<string, string> = {};

  const send = (method: string, path: string, key: string, body?: string, type = 'application/json') =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      ...(body === undefined ? {} : { body }),
    });
  const importCsv = async (csv: string, dryRun: boolean) => {
    const answer = await send('POST', importPath(dryRun), keys[MINE]!, csv, 'text/csv');
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };
  const streamOf = (organisationId: string, id: string) =>
    eventLog.stream({ areaId: AREA, subjectType: 'work-programme-item', organisationId, id });
  /** Projects every event of these subjects into the views, as the projector would, up to a version if given. */
  const project = async (organisationId: string, ids: string[], upTo = Number.POSITIVE_INFINITY) => {
    for (const id of ids)
      for (const event of await streamOf(organisationId, id))
        if (event.detail.subject.version <= upTo) await views.put(toViewRecord(event));
  };
  /** Every stream the test touches, as stored. */
  const snapshot = async () =>
    Promise.all(
      [...['same', 'changed', 'gone', 'behind', 'stale', 'unprojected', 'theirs', 'fresh'].map((id) => [MINE, id]), [THEIRS, 'theirs']].map(
        async ([organisationId, id]) => streamOf(organisationId!, id!),
      ),
    );

  beforeEach(async () => {
    ({ app, eventLog, views } = inMemoryApp(ADMIN_KEY));
    await send('PUT', `/v1/areas/${AREA}`, ADMIN_KEY, JSON.stringify({ name: 'Test Area' }));
    for (const organisationId of [MINE, THEIRS]) {
      await send(
        'PUT',
        `/v1/areas/${AREA}/organisations/${organisationId}`,
        ADMIN_KEY,
        JSON.stringify({ name: organisationId, kind: 'csp' }),
      );
      const answer = await send('POST', `/v1/areas/${AREA}/organisations/${organisationId}/api-keys`, ADMIN_KEY);
      keys[organisationId] = ((await answer.json()) as { key: string }).key;
    }
    const put = async (organisationId: string, id: string, body: object) =>
      expect((await send('PUT', itemPath(organisationId, id), keys[organisationId]!, JSON.stringify(body))).status).toBeLessThan(300);
    // Mine: one that stays the same, one the file changes, one withdrawn, one whose view is
    // behind the log (v2 in the log, v1 in the view) and one never projected.
    await put(MINE, 'same', item('Same'));
    await put(MINE, 'changed', item('Changed'));
    await put(MINE, 'gone', item('Gone'));
    expect((await send('DELETE', itemPath(MINE, 'gone'), keys[MINE]!)).status).toBe(200);
    await put(MINE, 'behind', item('Behind'));
    await put(MINE, 'behind', item('Behind', 'in-progress'));
    await put(MINE, 'stale', item('Stale'));
    await put(MINE, 'stale', item('Stale', 'completed'));
    await put(MINE, 'unprojected', item('Unprojected'));
    // Another body holds an item with an id and content the file also has.
    await put(THEIRS, 'theirs', item('Theirs'));
    await project(MINE, ['same', 'changed', 'gone']);
    await project(MINE, ['behind', 'stale'], 1);
    await project(THEIRS, ['theirs']);
  });

  const mixed = [
    HEADER,
    csvRow('same', 'Same'),
    csvRow('changed', 'Changed again'),
    csvRow('gone', 'Gone'),
    csvRow('behind', 'Behind', 'in-progress'),
    csvRow('stale', 'Stale'),
    csvRow('unprojected', 'Unprojected'),
    csvRow('theirs', 'Theirs'),
    csvRow('fresh', 'New'),
  ].join('\n');

  it('answers each row of a dry run exactly as the commit then records it, deciding on the log whatever the views hold', async () => {
    const before = await snapshot();

    const dryRun = await importCsv(mixed, true);

    expect(dryRun.status).toBe(200);
    expect(await snapshot()).toEqual(before);
    const expected = [
      { id: 'same', line: 2, outcome: 'unchanged', version: 1 },
      { id: 'changed', line: 3, outcome: 'revised', version: 2 },
      // Withdrawn: the import adds it back as the next version.
      { id: 'gone', line: 4, outcome: 'created', version: 3 },
      // The view says version 1 ("planned"); the log's head is version 2, the file's content.
      { id: 'behind', line: 5, outcome: 'unchanged', version: 2 },
      // The view (version 1) holds the file's content, but the log has moved on to "completed".
      { id: 'stale', line: 6, outcome: 'revised', version: 3 },
      { id: 'unprojected', line: 7, outcome: 'unchanged', version: 1 },
      // The same id and content as another body's item: a new item of this body's own.
      { id: 'theirs', line: 8, outcome: 'created', version: 1 },
      { id: 'fresh', line: 9, outcome: 'created', version: 1 },
    ];
    expect(dryRun.body).toEqual({ dryRun: true, created: 3, revised: 2, unchanged: 3, items: expected });

    const commit = await importCsv(mixed, false);

    expect(commit.status).toBe(200);
    expect(commit.body).toEqual({ ...dryRun.body, dryRun: false });
    for (const { id, version } of expected) expect((await streamOf(MINE, id)).at(-1)?.detail.subject.version).toBe(version);
    expect((await streamOf(MINE, 'changed')).at(-1)).toMatchObject({
      detailType: 'WorkProgrammeItemRevised',
      detail: { data: { title: 'Changed again', changedFields: ['title'] } },
    });
    expect((await streamOf(MINE, 'gone')).at(-1)?.detailType).toBe('WorkProgrammeItemScheduled');
    // The other body's item is untouched.
    expect(await streamOf(THEIRS, 'theirs')).toEqual(before[8]);

    // The same file again: nothing left to change, in a dry run or a commit.
    const again = await importCsv(mixed, true);
    expect(again.body).toMatchObject({ created: 0, revised: 0, unchanged: 8 });
    expect((await importCsv(mixed, false)).body).toEqual({ ...again.body, dryRun: false });
  });

  it('refuses a file with invalid rows whole, with the same errors on a dry run and a commit, recording nothing', async () => {
    const invalid = [mixed, 'bad id,No kind,burglary,,,2027-Q1,planned,,,public', csvRow('late', 'Late', 'someday')].join('\n');
    const before = await snapshot();

    const dryRun = await importCsv(invalid, true);
    const commit = await importCsv(invalid, false);

    expect(dryRun.status).toBe(400);
    expect(commit).toEqual(dryRun);
    expect((dryRun.body.errors as { line: number; field: string }[]).map(({ line, field }) => [line, field])).toEqual([
      [10, 'id'],
      [10, 'kind'],
      [11, 'status'],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('names each required column missing from the header row, and a required cell left empty, as a PUT would', async () => {
    const noColumns = await importCsv('id,title,kind,quarter\nreview,A review,report,2027-Q1', true);
    expect(noColumns.status).toBe(400);
    expect(noColumns.body.errors).toEqual(
      ['themes', 'status', 'visibility'].map((field) => ({
        in: 'body',
        line: 1,
        column: 5,
        field,
        detail: 'is a required column and is missing from the header row',
      })),
    );

    const emptyCell = await importCsv(`${HEADER}\nreview,A review,burglary,report,,2027-Q1,planned,,,`, true);
    expect(emptyCell.status).toBe(400);
    expect(emptyCell.body.errors).toEqual([
      { in: 'body', line: 2, column: 10, field: 'visibility', detail: 'is required (one of public, partners)' },
    ]);
  });

  it('refuses ids that name pages of the hub, as a PUT does, and rows naming another body or area', async () => {
    const reserved = await importCsv(
      [HEADER, csvRow('fine', 'Fine'), csvRow('new', 'A'), csvRow('edit', 'B'), csvRow('import', 'C')].join('\n'),
      false,
    );
    expect(reserved.status).toBe(400);
    expect(reserved.body.errors).toEqual([
      expect.objectContaining({ line: 3, field: 'id', detail: expect.stringContaining('is reserved for a page of the hub') }),
      expect.objectContaining({ line: 4, field: 'id' }),
      expect.objectContaining({ line: 5, field: 'id' }),
    ]);

    const rows = [
      { id: 'ours', ...item('Ours'), organisationId: MINE, areaId: AREA },
      { id: 'cross', ...item('Cross'), organisationId: THEIRS },
      { id: 'elsewhere', ...item('Elsewhere'), areaId: 'staffordshire' },
    ];
    const before = await snapshot();
    // One item a line, so that each error names its item's line.
    const answer = await send('POST', importPath(false), keys[MINE]!, `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]`);
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { errors: { line: number; field: string; detail: string }[] };
    expect(body.errors.map(({ line, field }) => [line, field])).toEqual([
      [3, 'organisationId'],
      [4, 'areaId'],
    ]);
    expect(body.errors[0]!.detail).toContain(`but the address it was sent to is ${MINE}'s`);
    expect(await snapshot()).toEqual(before);
    expect(await streamOf(MINE, 'ours')).toEqual([]);
  });

  it("points an error in a source cell at that cell's column", async () => {
    const answer = await importCsv(`${HEADER},source,sourceUrl\n${csvRow('sourced', 'Sourced')},Minutes,javascript:alert(1)\n`, true);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ line: 2, column: HEADER.split(',').length + 2, field: 'source.url' })]);
  });

  it('refuses a JSON file whose item gives a field twice, naming where, rather than reading it as its last value', async () => {
    const before = await snapshot();
    // As a PUT body this is refused; read by JSON.parse alone, the second visibility would win and publish it.
    const file = `[\n${JSON.stringify({ id: 'twice', ...item('Twice') }).slice(0, -1)},"visibility":"partners","visibility":"public"}\n]`;
    for (const dryRun of [true, false]) {
      const answer = await send('POST', importPath(dryRun), keys[MINE]!, file);
      expect(answer.status).toBe(400);
      const { errors } = (await answer.json()) as { errors: { line: number; column: number; field: string; detail: string }[] };
      // Where the field is given again: its second "visibility" on the item's line.
      const itemLine = file.split('\n')[1]!;
      const again = itemLine.indexOf('"visibility"', itemLine.indexOf('"visibility"') + 1);
      expect(errors).toEqual([
        expect.objectContaining({
          line: 2,
          column: again + 1,
          field: '(file)',
          detail: expect.stringContaining('"visibility" more than once'),
        }),
      ]);
    }
    expect(await snapshot()).toEqual(before);
    expect(await streamOf(MINE, 'twice')).toEqual([]);
  });

  it('refuses a PUT whose body names another item, body or area than its address, and takes one that sends back its own', async () => {
    const mine = itemPath(MINE, 'echoed');
    const own = await send(
      'PUT',
      mine,
      keys[MINE]!,
      JSON.stringify({ ...item('Echoed'), id: 'echoed', organisationId: MINE, areaId: AREA }),
    );
    expect(own.status).toBe(201);
    for (const [field, value] of [
      ['organisationId', THEIRS],
      ['areaId', 'staffordshire'],
      ['id', 'another'],
    ] as const) {
      const answer = await send('PUT', mine, keys[MINE]!, JSON.stringify({ ...item('Echoed again'), [field]: value }));
      expect(answer.status, field).toBe(400);
      expect(
        ((await answer.json()) as { errors: { field: string }[] }).errors.map((error) => error.field),
        field,
      ).toEqual([field]);
    }
    expect(await streamOf(MINE, 'echoed')).toHaveLength(1);
  });

  it('decides a row again on the current head when its append loses a race, answering what was recorded', async () => {
    const append = eventLog.append.bind(eventLog);
    let raced = false;
    eventLog.append = async (event) => {
      if (!raced && event.detail.subject.id === 'changed') {
        raced = true;
        // Someone revises the item between the import's read and its append.
        await send('PUT', itemPath(MINE, 'changed'), keys[MINE]!, JSON.stringify(item('Changed elsewhere')));
      }
      return append(event);
    };

    const commit = await importCsv([HEADER, csvRow('changed', 'Changed again'), csvRow('fresh', 'New')].join('\n'), false);

    expect(commit.body.items).toEqual([
      { id: 'changed', line: 2, outcome: 'revised', version: 3 },
      { id: 'fresh', line: 3, outcome: 'created', version: 1 },
    ]);
    const stream = await streamOf(MINE, 'changed');
    expect(stream.map((event) => (event.detail.data as { title: string }).title)).toEqual([
      'Changed',
      'Changed elsewhere',
      'Changed again',
    ]);
  });
});
