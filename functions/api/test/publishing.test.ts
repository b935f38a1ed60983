import { toViewRecord } from '@partnership-hub/domain';
import { describe, expect, it, vi } from 'vitest';
import { expectFragmentLinksOnPage, formBrowser } from './form-browser.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { api, twoPartnerships } from './two-partnerships.ts';

/**
 * Publishing in the browser: the forms for a body's priorities, work programme items and plans,
 * through the app's own request path over in-memory stores (projected at once, so the pages see
 * each write). The same forms in a real browser, with axe, are in infra/test/browser.
 */
const ADMIN_KEY = 'phk_admin-key-for-publishing-tests';
const SECRET = 'publishing-test-session-secret-long-enough';
const AREA = 'test-area';
const BODY = `/areas/${AREA}/bodies/csp-a`;

const hub = () => twoPartnerships({ adminKey: ADMIN_KEY, sessionSecret: SECRET, areaId: AREA });

const workItem: [string, string][] = [
  ['title', 'Review of knife crime'],
  ['themes', 'serious-violence'],
  ['themes', 'violent-crime'],
  ['kind', 'scrutiny-review'],
  ['status', 'planned'],
  ['date', '2026-06-10'],
  ['quarter', ''],
  ['description', 'A review of the work on knife crime.'],
  ['visibility', 'public'],
  ['effectiveDate', ''],
  ['source-document', 'Minutes of 1 March 2026'],
  ['source-section', ''],
  ['source-url', ''],
];

describe('publishing a work programme item with the form', () => {
  it('publishes through the API’s own write: the item is on its page and on the body’s page, and the API reads it', async () => {
    const { app, keys } = await hub();
    const person = formBrowser(app);
    await person.signIn(keys['csp-a']!);
    const form = await person.get(`${BODY}/work-programme/new`);
    expect(form.status).toBe(200);
    for (const label of [
      'Title',
      'Themes',
      'Kind',
      'Status',
      'Date (optional)',
      'Quarter (optional)',
      'Visibility',
      'Description (optional)',
    ])
      expect(form.html).toContain(`>${label}<`);
    expect(form.html).toContain('>Partners only<');
    expect(form.html).toContain('>Publish<');

    const published = await person.post(`${BODY}/work-programme/new`, workItem);
    expect(published.status).toBe(303);
    expect(published.location).toBe(`${BODY}/work-programme/review-of-knife-crime`);
    const itemPage = await person.get(published.location!);
    expect(itemPage.html).toContain('It has been published.');
    expect(itemPage.html).toContain('<h1 class="govuk-heading-xl">Review of knife crime');
    expect(itemPage.html).toContain('10 June 2026');
    expect(itemPage.html).toContain('Scrutiny review');
    expect(itemPage.html).toContain(`href="${BODY}/work-programme/review-of-knife-crime/edit"`);

    const read = await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`);
    expect(await read.json()).toMatchObject({
      version: 1,
      title: 'Review of knife crime',
      themes: ['serious-violence', 'violent-crime'],
      kind: 'scrutiny-review',
      date: '2026-06-10',
      description: 'A review of the work on knife crime.',
      visibility: 'public',
    });

    // Signed out, the item is on the body's page and has its own page, with no links to change it.
    const visitor = formBrowser(app);
    const bodyPage = await visitor.get(BODY);
    expect(bodyPage.html).toContain('Review of knife crime');
    expect(bodyPage.html).not.toContain('/work-programme/new');
    const publicItem = await visitor.get(`${BODY}/work-programme/review-of-knife-crime`);
    expect(publicItem.status).toBe(200);
    expect(publicItem.html).not.toContain('/edit"');
  });

  it('shows the schema’s complaints in an error summary headed "There is a problem", linking to each field, and inline; records nothing', async () => {
    const { app, keys } = await hub();
    const person = formBrowser(app);
    await person.signIn(keys['csp-a']!);
    await person.get(`${BODY}/work-programme/new`);
    const answer = await person.post(`${BODY}/work-programme/new`, [
      ['title', ''],
      ['kind', 'scrutiny-review'],
      ['status', 'planned'],
      ['date', '2026-02-30'],
      ['quarter', '2026/27-Q3'],
      ['visibility', 'public'],
    ]);
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('<title>Error: Add a work programme item');
    expect(answer.html).toContain('<h2 class="govuk-error-summary__title">There is a problem</h2>');
    expect(answer.html).toContain('<a href="#field-title">Enter a title</a>');
    expect(answer.html).toContain('<a href="#field-themes">Select at least one theme</a>');
    expect(answer.html).toContain('<a href="#field-date">Date must be a calendar date written YYYY-MM-DD</a>');
    expect(answer.html).toMatch(
      /id="field-title-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span> Enter a title/,
    );
    expect(answer.html).toContain('id="field-themes"');
    // What was typed is kept.
    expect(answer.html).toContain('value="2026/27-Q3"');
    // A limit is said in words, as on the API.
    const long = await person.post(`${BODY}/work-programme/new`, [
      ...workItem.filter(([name]) => name !== 'title'),
      ['title', 'x'.repeat(201)],
    ]);
    expect(long.status).toBe(400);
    expect(long.html).toContain('<a href="#field-title">Title must be 200 characters or fewer</a>');
    const list = await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme`);
    expect(((await list.json()) as { workProgramme: unknown[] }).workProgramme).toEqual([]);
  });

  it('refuses a forged POST (no token, or a wrong one) with 403, and records nothing', async () => {
    const { app, keys } = await hub();
    const person = formBrowser(app);
    await person.signIn(keys['csp-a']!);
    await person.get(`${BODY}/work-programme/new`);
    expect((await person.post(`${BODY}/work-programme/new`, workItem, '')).status).toBe(403);
    expect((await person.post(`${BODY}/work-programme/new`, workItem, 'not-the-token')).status).toBe(403);
    const list = await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme`);
    expect(((await list.json()) as { workProgramme: unknown[] }).workProgramme).toEqual([]);
  });

  it('refuses a POST to another body’s form with 403 (the domain’s rule), and shows no links to change another body’s content', async () => {
    const { app, keys } = await hub();
    const person = formBrowser(app);
    await person.signIn(keys['csp-b']!);
    const otherBody = await person.get(BODY);
    expect(otherBody.html).not.toContain('/work-programme/new');
    const ownBody = await person.get(`/areas/${AREA}/bodies/csp-b`);
    expect(ownBody.html).toContain(`href="/areas/${AREA}/bodies/csp-b/work-programme/new"`);
    expect((await person.get(`${BODY}/work-programme/new`)).status).toBe(403);
    const answer = await person.post(`${BODY}/work-programme/new`, workItem);
    expect(answer.status).toBe(403);
    expect(answer.html).toContain('Only the people of Safer Alpha Partnership can change its content.');
    const list = await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme`);
    expect(((await list.json()) as { workProgramme: unknown[] }).workProgramme).toEqual([]);
  });

  it('sends someone signed out to sign in before the form, and refuses their POST with 403', async () => {
    const { app } = await hub();
    const visitor = formBrowser(app);
    const form = await visitor.get(`${BODY}/work-programme/new`);
    expect(form.status).toBe(303);
    expect(form.location).toBe(`/sign-in?return=${encodeURIComponent(`${BODY}/work-programme/new`)}`);
    await visitor.get('/sign-in');
    expect((await visitor.post(`${BODY}/work-programme/new`, workItem)).status).toBe(403);
  });
});

describe('editing and withdrawing', () => {
  async function published() {
    const setup = await hub();
    const person = formBrowser(setup.app);
    await person.signIn(setup.keys['csp-a']!);
    await person.get(`${BODY}/work-programme/new`);
    await person.post(`${BODY}/work-programme/new`, workItem);
    return { ...setup, person, path: `${BODY}/work-programme/review-of-knife-crime` };
  }

  it('fills the edit form from the item, saves changes as a revision, and keeps what the form does not show', async () => {
    const { app, keys, person, path } = await published();
    // A link to a priority, which the form does not show, put in through the API.
    await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a/priorities/knives`, keys['csp-a']!, {
      title: 'Knife crime',
      themes: ['serious-violence'],
      visibility: 'public',
    });
    await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`, keys['csp-a']!, {
      title: 'Review of knife crime',
      themes: ['serious-violence', 'violent-crime'],
      kind: 'scrutiny-review',
      date: '2026-06-10',
      status: 'planned',
      description: 'A review of the work on knife crime.',
      priorities: [{ organisationId: 'csp-a', priorityId: 'knives' }],
      visibility: 'public',
    });
    const form = await person.get(`${path}/edit`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="Review of knife crime"');
    expect(form.html).toContain('name="version" value="2"');
    expect(form.html).toContain('>Save changes<');
    const saved = await person.post(`${path}/edit`, [
      ...workItem.map(([name, value]): [string, string] => [name, name === 'status' ? 'in-progress' : value]),
      ['version', '2'],
    ]);
    expect(saved.status).toBe(303);
    expect((await person.get(path)).html).toContain('Your changes have been saved.');
    const read = (await (await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`)).json()) as Record<
      string,
      unknown
    >;
    expect(read).toMatchObject({ version: 3, status: 'in-progress', priorities: [{ organisationId: 'csp-a', priorityId: 'knives' }] });
  });

  it('shows both versions side by side when someone else changed the item meanwhile, and saves theirs over the new version when they keep it', async () => {
    const { app, keys, person, path } = await published();
    await person.get(`${path}/edit`);
    // Someone else changes it after the form was opened.
    await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`, keys['csp-a']!, {
      title: 'Review of knife crime and county lines',
      themes: ['serious-violence'],
      kind: 'scrutiny-review',
      status: 'planned',
      visibility: 'public',
    });
    const mine = workItem.map(([name, value]): [string, string] => [name, name === 'status' ? 'deferred' : value]);
    const conflict = await person.post(`${path}/edit`, [...mine, ['version', '1']]);
    expect(conflict.status).toBe(409);
    expect(conflict.html).toContain('Someone else changed this work programme item while you were editing it');
    expect(conflict.html).toContain('The current version (version 2)');
    expect(conflict.html).toContain('Review of knife crime and county lines');
    expect(conflict.html).toContain('Deferred');
    expect(conflict.html).toContain('name="version" value="2"');
    expect(conflict.html).toContain(`href="${path}"`);
    // Nothing of theirs was saved yet.
    const before = (await (await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`)).json()) as {
      status: string;
    };
    expect(before.status).toBe('planned');
    // Keeping theirs sends the conflict page's form: their values against the current version.
    const fields = [...conflict.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)]
      .map(([, name, value]): [string, string] => [name!, value!.replaceAll('&amp;', '&')])
      .filter(([name]) => name !== 'csrfToken');
    const kept = await person.post(`${path}/edit`, fields);
    expect(kept.status).toBe(303);
    const after = (await (
      await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`)
    ).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ version: 3, status: 'deferred', title: 'Review of knife crime' });
  });

  it('saves an edit once when Save changes is pressed twice, and leads the second press to the item, not to a conflict with itself', async () => {
    const { app, eventLog, person, path } = await published();
    await person.get(`${path}/edit`);
    const token = /name="csrfToken" value="([^"]+)"/.exec(person.html)![1]!;
    const mine: [string, string][] = [
      ...workItem.map(([name, value]): [string, string] => [name, name === 'status' ? 'in-progress' : value]),
      ['version', '1'],
    ];
    const first = await person.post(`${path}/edit`, mine, token);
    const second = await person.post(`${path}/edit`, mine, token);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.location).toBe(path);
    expect((await person.get(path)).html).toContain('Your changes have been saved.');
    expect(
      await eventLog.stream({ areaId: AREA, subjectType: 'work-programme-item', organisationId: 'csp-a', id: 'review-of-knife-crime' }),
    ).toHaveLength(2);
    // A different change sent from the same stale form is still a conflict, shown side by side.
    const other = await person.post(
      `${path}/edit`,
      mine.map(([name, value]): [string, string] => [name, name === 'status' ? 'deferred' : value]),
      token,
    );
    expect(other.status).toBe(409);
    expect(other.html).toContain('Someone else changed this work programme item while you were editing it');
    const read = (await (await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`)).json()) as {
      status: string;
    };
    expect(read.status).toBe('in-progress');
  });

  it('withdraws only after the confirmation page, with the token and the version it showed', async () => {
    const { app, person, path } = await published();
    const confirm = await person.get(`${path}/withdraw`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('Are you sure you want to withdraw “Review of knife crime”?');
    expect((await person.post(`${path}/withdraw`, [['version', '1']], 'forged')).status).toBe(403);
    // A version missing or not a number is none the page showed: nothing is withdrawn.
    for (const version of [[], [['version', '']], [['version', 'latest']]] as [string, string][][]) {
      const refused = await person.post(`${path}/withdraw`, version);
      expect(refused.status).toBe(409);
      expect(refused.html).toContain('Someone else changed or withdrew it after you opened the confirmation page');
    }
    expect((await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`)).status).toBe(200);
    const withdrawn = await person.post(`${path}/withdraw`, [['version', '1']]);
    expect(withdrawn.status).toBe(303);
    expect((await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`)).status).toBe(404);
    expect((await person.get(path)).status).toBe(404);
    // The button pressed again (or in another tab opened before): a page that says why, not a fault of the service's.
    for (const version of ['1', '']) {
      const again = await person.post(`${path}/withdraw`, [['version', version]]);
      expect(again.status).toBe(404);
      expect(again.html).toContain('<h1 class="govuk-heading-xl">Not found</h1>');
      expect(again.html).toContain('does not exist or has already been withdrawn');
      expect(again.html).not.toContain('Sorry, there is a problem with the service');
    }
  });
});

describe('priorities and plans with the form', () => {
  it('publishes a plan, then a priority in it, with the plan chosen from the body’s plans; a plan ending before it starts is refused', async () => {
    const { app, keys } = await hub();
    const person = formBrowser(app);
    await person.signIn(keys['csp-a']!);
    await person.get(`${BODY}/plans/new`);
    const wrong = await person.post(`${BODY}/plans/new`, [
      ['title', 'Community Safety Plan 2026-29'],
      ['kind', 'community-safety-plan'],
      ['startDate', '2026-04-01'],
      ['endDate', '2025-03-31'],
      ['visibility', 'public'],
    ]);
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('<a href="#field-endDate">End date must not be before the start date</a>');
    // A choice left empty is asked for, as is a source's document when only its section is given.
    const empty = await person.post(`${BODY}/plans/new`, [
      ['title', 'Community Safety Plan 2026-29'],
      ['startDate', '2026-04-01'],
      ['visibility', 'public'],
      ['source-section', 'page 3'],
    ]);
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('<a href="#field-kind">Select a kind of plan</a>');
    expect(empty.html).toContain('<a href="#field-source-document">Enter the document, to give a section or web address of it</a>');
    const plan = await person.post(`${BODY}/plans/new`, [
      ['title', 'Community Safety Plan 2026-29'],
      ['kind', 'community-safety-plan'],
      ['startDate', '2026-04-01'],
      ['endDate', '2029-03-31'],
      ['visibility', 'public'],
    ]);
    expect(plan.status).toBe(303);
    expect(plan.location).toBe(`${BODY}/plans/community-safety-plan-2026-29`);
    const form = await person.get(`${BODY}/priorities/new`);
    expect(form.html).toContain('<option value="community-safety-plan-2026-29">Community Safety Plan 2026-29</option>');
    const priority = await person.post(`${BODY}/priorities/new`, [
      ['title', 'Tackle knife crime'],
      ['themes', 'serious-violence'],
      ['status', 'active'],
      ['planId', 'community-safety-plan-2026-29'],
      ['outcomes', 'Fewer stabbings\r\n\r\nFewer young people carrying knives'],
      ['visibility', 'partners'],
    ]);
    expect(priority.status).toBe(303);
    const read = (await (
      await app.request(`/v1/areas/${AREA}/organisations/csp-a/priorities/tackle-knife-crime`, {
        headers: { authorization: `Bearer ${keys['csp-a']}` },
      })
    ).json()) as Record<string, unknown>;
    expect(read).toMatchObject({
      planId: 'community-safety-plan-2026-29',
      outcomes: ['Fewer stabbings', 'Fewer young people carrying knives'],
      visibility: 'partners',
    });
    // A partners-only priority's page is not there for the public.
    expect((await formBrowser(app).get(`${BODY}/priorities/tackle-knife-crime`)).status).toBe(404);
  });

  it('gives a second item of the same title an id of its own rather than revising the first', async () => {
    const { app, keys } = await hub();
    const person = formBrowser(app);
    await person.signIn(keys['csp-a']!);
    await person.get(`${BODY}/work-programme/new`);
    await person.post(`${BODY}/work-programme/new`, workItem);
    await person.get(`${BODY}/work-programme/new`);
    const second = await person.post(
      `${BODY}/work-programme/new`,
      workItem.map(([name, value]): [string, string] => [name, name === 'date' ? '2026-09-16' : value]),
    );
    expect(second.location).toBe(`${BODY}/work-programme/review-of-knife-crime-2`);
    const first = await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`);
    expect(await first.json()).toMatchObject({ version: 1, date: '2026-06-10' });
  });

  /**
   * Someone else publishes under each id the form finds free, in the instant between its finding
   * it and its write: the form's own read of the log is where that instant is.
   */
  const othersTakeEachFreeId = (hubOf: Awaited<ReturnType<typeof hub>>, times: number) => {
    const { app, keys, eventLog } = hubOf;
    const head = eventLog.head.bind(eventLog);
    let taken = 0;
    vi.spyOn(eventLog, 'head').mockImplementation(async (ref) => {
      const found = await head(ref);
      if (found || taken >= times || ref.subjectType !== 'work-programme-item') return found;
      taken += 1;
      const other = { title: 'Review of knife crime', themes: ['burglary'], kind: 'report', status: 'planned', visibility: 'public' };
      const answer = await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a/work-programme/${ref.id}`, keys['csp-a']!, other);
      expect(answer.status).toBe(201);
      return found;
    });
  };

  it('gives an item an id of its own when someone else publishes the same title in the same instant, leaving theirs as it was', async () => {
    const hubOf = await hub();
    const { app, keys, eventLog } = hubOf;
    const person = formBrowser(app);
    await person.signIn(keys['csp-a']!);
    await person.get(`${BODY}/work-programme/new`);
    othersTakeEachFreeId(hubOf, 1);
    const posted = await person.post(`${BODY}/work-programme/new`, workItem);
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`${BODY}/work-programme/review-of-knife-crime-2`);
    const ref = { areaId: AREA, subjectType: 'work-programme-item' as const, organisationId: 'csp-a' };
    const theirs = await eventLog.stream({ ...ref, id: 'review-of-knife-crime' });
    expect(theirs.map((event) => event.detailType)).toEqual(['WorkProgrammeItemScheduled']);
    expect(theirs[0]!.detail.data).toMatchObject({ themes: ['burglary'], kind: 'report' });
    expect((await eventLog.head({ ...ref, id: 'review-of-knife-crime-2' }))?.state).toMatchObject({ kind: 'scrutiny-review' });
  });

  it('comes back with what was typed and says so when every id it chooses is taken in the instant', async () => {
    const hubOf = await hub();
    const { app, keys, eventLog } = hubOf;
    const person = formBrowser(app);
    await person.signIn(keys['csp-a']!);
    await person.get(`${BODY}/work-programme/new`);
    othersTakeEachFreeId(hubOf, 10);
    const posted = await person.post(`${BODY}/work-programme/new`, workItem);
    expect(posted.status).toBe(409);
    expect(posted.html).toContain('There is a problem');
    expect(posted.html).toContain('Others published items with this title at the same moment');
    expect(posted.html).toContain('value="Review of knife crime"');
    expect(posted.html).toContain('A review of the work on knife crime.');
    expectFragmentLinksOnPage(posted.html);
    const ref = { areaId: AREA, subjectType: 'work-programme-item' as const, organisationId: 'csp-a' };
    for (const id of ['review-of-knife-crime', 'review-of-knife-crime-2', 'review-of-knife-crime-3'])
      expect(await eventLog.stream({ ...ref, id }), id).toHaveLength(1);
  });

  it.each([
    ['work-programme', 'work-programme-item', workItem, 'review-of-knife-crime'],
    [
      'priorities',
      'priority',
      [
        ['title', 'Reduce burglary'],
        ['themes', 'burglary'],
        ['status', 'active'],
        ['visibility', 'public'],
      ],
      'reduce-burglary',
    ],
    [
      'plans',
      'plan',
      [
        ['title', 'Community Safety Plan 2026-29'],
        ['kind', 'community-safety-plan'],
        ['startDate', '2026-04-01'],
        ['visibility', 'public'],
      ],
      'community-safety-plan-2026-29',
    ],
  ] as const)(
    'publishes %s once when the same form is sent twice (Publish pressed again), and leads both presses to it',
    async (segment, subjectType, fields, id) => {
      const { app, keys, eventLog } = await hub();
      const person = formBrowser(app);
      await person.signIn(keys['csp-a']!);
      await person.get(`${BODY}/${segment}/new`);
      const token = /name="csrfToken" value="([^"]+)"/.exec(person.html)![1]!;
      const form = fields.map(([name, value]): [string, string] => [name, value]);
      const first = await person.post(`${BODY}/${segment}/new`, form, token);
      const second = await person.post(`${BODY}/${segment}/new`, form, token);
      expect(first.status).toBe(303);
      expect(first.location).toBe(`${BODY}/${segment}/${id}`);
      expect(second.status).toBe(303);
      expect(second.location).toBe(first.location);
      expect((await person.get(second.location!)).html).toContain('It has been published.');
      expect(await eventLog.head({ areaId: AREA, subjectType, organisationId: 'csp-a', id: `${id}-2` })).toBeUndefined();
      expect(await eventLog.stream({ areaId: AREA, subjectType, organisationId: 'csp-a', id })).toHaveLength(1);
    },
  );

  it.each(['New', 'Edit', 'Import'])('publishes an item titled “%s”, under an id the hub’s own pages do not use', async (title) => {
    const { app, keys } = await hub();
    const person = formBrowser(app);
    await person.signIn(keys['csp-a']!);
    await person.get(`${BODY}/work-programme/new`);
    const published = await person.post(
      `${BODY}/work-programme/new`,
      workItem.map(([name, value]): [string, string] => [name, name === 'title' ? title : value]),
    );
    expect(published.status).toBe(303);
    expect(published.location).toBe(`${BODY}/work-programme/${title.toLowerCase()}-2`);
    const itemPage = await person.get(published.location!);
    expect(itemPage.status).toBe(200);
    expect(itemPage.html).toContain(`<h1 class="govuk-heading-xl">${title}`);
  });
});

describe('signed in with a key', () => {
  const issueKey = async (app: Parameters<typeof api>[0], body: Record<string, string>) =>
    (await api(app, 'POST', `/v1/areas/${AREA}/organisations/csp-a/api-keys`, ADMIN_KEY, body)).body.key as string;

  it('with a read key, sees partners-only content but is offered no change, and a form posted anyway changes nothing', async () => {
    const { app, keys } = await hub();
    await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a/priorities/knife-crime`, keys['csp-a']!, {
      title: 'Tackle knife crime',
      themes: ['serious-violence'],
      visibility: 'partners',
    });
    const reader = formBrowser(app);
    await reader.signIn(await issueKey(app, { label: 'Panel papers', scope: 'read' }));

    const bodyPage = await reader.get(BODY);
    expect(bodyPage.html).toContain('Tackle knife crime');
    expect(bodyPage.html).not.toContain(`href="${BODY}/priorities/new"`);
    expect(bodyPage.html).not.toContain(`href="${BODY}/priorities/knife-crime/edit"`);
    expect((await reader.get(`${BODY}/priorities/new`)).status).toBe(403);

    const posted = await reader.post(`${BODY}/priorities/new`, [
      ['title', 'Published with a read key'],
      ['themes', 'burglary'],
      ['status', 'active'],
      ['visibility', 'public'],
    ]);
    expect(posted.status).toBe(403);
    const withdrawn = await reader.post(`${BODY}/priorities/knife-crime/withdraw`, [['version', '1']]);
    expect(withdrawn.status).toBe(403);
    const list = await api(app, 'GET', `/v1/areas/${AREA}/organisations/csp-a/priorities`, keys['csp-a']!);
    expect((list.body.priorities as { id: string }[]).map((priority) => priority.id)).toEqual(['knife-crime']);
  });

  it('records a form’s change as made with the key it signed in with, label and all, as the API records it', async () => {
    const { app, eventLog } = await hub();
    const editor = formBrowser(app);
    await editor.signIn(await issueKey(app, { label: 'Committee clerk' }));
    await editor.get(`${BODY}/work-programme/new`);
    const posted = await editor.post(`${BODY}/work-programme/new`, workItem);
    expect(posted.status).toBe(303);
    const [published] = await eventLog.stream({
      areaId: AREA,
      subjectType: 'work-programme-item',
      organisationId: 'csp-a',
      id: 'review-of-knife-crime',
    });
    expect(published?.detail.actor).toMatchObject({ kind: 'key', label: 'Committee clerk' });
  });
});

describe('reserved ids', () => {
  it.each(['new', 'edit', 'import'])('refuses a PUT of an item called %s with 400, naming the id', async (id) => {
    const { app, keys } = await hub();
    for (const [segment, body] of [
      ['work-programme', { title: 'x', themes: ['burglary'], kind: 'report', status: 'planned', visibility: 'public' }],
      ['priorities', { title: 'x', themes: ['burglary'], visibility: 'public' }],
      ['plans', { title: 'x', kind: 'strategy', startDate: '2026-04-01', visibility: 'public' }],
    ] as const) {
      const answer = await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a/${segment}/${id}`, keys['csp-a']!, body);
      expect(answer.status, segment).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ in: 'path', field: segment === 'plans' ? 'planId' : 'id' })]);
    }
  });
});

describe('the start page', () => {
  it('lists every area as a link, and finds areas by a search on their name that works as a plain GET form', async () => {
    const { app } = await hub();
    await api(app, 'PUT', '/v1/areas/west-yorkshire', ADMIN_KEY, { name: 'West Yorkshire' });
    await api(app, 'PUT', '/v1/areas/south-yorkshire', ADMIN_KEY, { name: 'South Yorkshire' });
    const visitor = formBrowser(app);
    const start = await visitor.get('/');
    expect(start.html).toContain('<form method="get" action="/"');
    const links = [...start.html.matchAll(/<a class="govuk-link govuk-!-font-size-24" href="([^"]+)">([^<]+)<\/a>/g)].map(
      ([, href, name]) => [href, name],
    );
    expect(links).toEqual([
      ['/areas/south-yorkshire', 'South Yorkshire'],
      ['/areas/test-area', 'Test Area'],
      ['/areas/west-yorkshire', 'West Yorkshire'],
    ]);
    const found = await visitor.get('/?search=south+YORK');
    expect(found.status).toBe(200);
    expect(found.html).toContain('1 of the 3 areas has “south YORK” in its name.');
    expect(found.html).toContain('href="/areas/south-yorkshire"');
    expect(found.html).not.toContain('href="/areas/west-yorkshire"');
    expect(found.html).toContain('value="south YORK"');
    const none = await visitor.get('/?search=kent');
    expect(none.html).toContain('No area’s name has “kent” in it.');
  });
});

describe('agreeing a protocol on its page', () => {
  it('offers a party the button, records its agreement through the API’s code, and refuses a forged POST and a body that is no party', async () => {
    const { app, keys } = await hub();
    await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-c`, ADMIN_KEY, { name: 'Safer Gamma Partnership', kind: 'csp' });
    const gammaKey = (await api(app, 'POST', `/v1/areas/${AREA}/organisations/csp-c/api-keys`, ADMIN_KEY)).body.key as string;
    await api(app, 'PUT', `/v1/areas/${AREA}/protocols/joint-working`, keys['csp-a']!, {
      title: 'Joint working protocol',
      parties: ['csp-a', 'csp-b'],
      summary: 'How the partnerships work together.',
      visibility: 'public',
    });
    const path = `/areas/${AREA}/protocols/joint-working`;
    const party = formBrowser(app);
    await party.signIn(keys['csp-b']!);
    const page = await party.get(path);
    expect(page.html).toContain('Record Safer Beta Partnership&#39;s agreement to version 1');
    expect((await party.post(`${path}/agree`, [['version', '1']], 'forged')).status).toBe(403);
    const agreed = await party.post(`${path}/agree`, [['version', '1']]);
    expect(agreed.status).toBe(303);
    const after = await party.get(path);
    expect(after.html).toContain('Your body’s agreement has been recorded.');
    expect(after.html).not.toContain('agreement to version 1</button>');
    const read = (await (await app.request(`/v1/areas/${AREA}/protocols/joint-working`)).json()) as {
      agreements: { organisationId: string }[];
    };
    expect(read.agreements.map((agreement) => agreement.organisationId)).toEqual(['csp-b']);

    const outsider = formBrowser(app);
    await outsider.signIn(gammaKey);
    expect((await outsider.get(path)).html).not.toContain('agreement to version');
    expect((await outsider.post(`${path}/agree`, [['version', '1']])).status).toBe(403);
  });
});

describe('right after publishing', () => {
  it('shows the item on its own page from the log while the views have not caught up, and only to those who may see it', async () => {
    // No projection: the views hold only what is put in them below (the area and its body), as when the projector lags.
    const { app, eventLog, views } = inMemoryApp(ADMIN_KEY, { sessionSecret: SECRET });
    await api(app, 'PUT', `/v1/areas/${AREA}`, ADMIN_KEY, { name: 'Test Area' });
    await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a`, ADMIN_KEY, { name: 'Safer Alpha Partnership', kind: 'csp' });
    const key = (await api(app, 'POST', `/v1/areas/${AREA}/organisations/csp-a/api-keys`, ADMIN_KEY)).body.key as string;
    for await (const page of eventLog.areaEvents(AREA)) for (const event of page) await views.put(toViewRecord(event));
    const item = { themes: ['burglary'], kind: 'report', status: 'planned', visibility: 'public' };
    await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a/work-programme/just-published`, key, { ...item, title: 'Just published' });
    await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a/work-programme/for-partners`, key, {
      ...item,
      title: 'For partners',
      visibility: 'partners',
    });
    const visitor = formBrowser(app);
    const shown = await visitor.get(`${BODY}/work-programme/just-published`);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('<h1 class="govuk-heading-xl">Just published');
    expect((await visitor.get(`${BODY}/work-programme/for-partners`)).status).toBe(404);
    const partner = formBrowser(app);
    await partner.signIn(key);
    expect((await partner.get(`${BODY}/work-programme/for-partners`)).status).toBe(200);
  });
});

describe('a form over the body limit', () => {
  it('is answered with a page saying so, and nothing is saved; the API still answers a problem', async () => {
    const { app, keys } = await hub();
    const person = formBrowser(app);
    await person.signIn(keys['csp-a']!);
    await person.get(`${BODY}/work-programme/new`);
    const tooLong = workItem.map(([name, value]): [string, string] => [name, name === 'description' ? 'x'.repeat(65 * 1024) : value]);

    const refused = await person.post(`${BODY}/work-programme/new`, tooLong);

    expect(refused.status).toBe(413);
    expect(refused.html).toContain('<h1 class="govuk-heading-xl">The form is too large</h1>');
    expect(refused.html).toContain('over 64 KB, the most a form can hold, so nothing was saved');
    // Still signed in: the page's header shows the person, as every page does.
    expect(refused.html).toContain('Sign out');
    expect((await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`)).status).toBe(404);

    // A client of the API gets the API's problem, as before.
    const api = await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/review-of-knife-crime`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys['csp-a']}`, 'content-type': 'application/json', accept: 'text/html' },
      body: JSON.stringify({ title: 'x'.repeat(65 * 1024) }),
    });
    expect(api.status).toBe(413);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });
});
