import { describe, expect, it } from 'vitest';
import { formBrowser } from './form-browser.ts';
import { api, twoPartnerships } from './two-partnerships.ts';

/**
 * The upload page: a body's editors upload a CSV or JSON file, check the dry run as tables, and
 * confirm; through the app's own request path over in-memory stores (projected at once). The same
 * journey in a real browser with JavaScript off, with axe, is in infra/test/browser/upload.test.ts.
 */
const ADMIN_KEY = 'phk_admin-key-for-upload-tests';
const SECRET = 'upload-test-session-secret-long-enough-to-sign';
const AREA = 'test-area';
const BODY = `/areas/${AREA}/bodies/csp-a`;
const UPLOAD = `${BODY}/import`;
const CONFIRM = `${UPLOAD}/confirm`;

const hub = () => twoPartnerships({ adminKey: ADMIN_KEY, sessionSecret: SECRET, areaId: AREA });

/** The upload form, sent with the kind and the file chosen (each left out when not given), as a browser sends it. */
const upload = (editor: ReturnType<typeof formBrowser>, kind: string | undefined, file: File | undefined, csrfToken?: string) =>
  editor.send(UPLOAD, [...(kind ? [['kind', kind] as [string, string]] : []), ...(file ? [['file', file] as [string, File]] : [])], {
    ...(csrfToken === undefined ? {} : { csrfToken }),
  });

const csv = (name: string, text: string, type = 'text/csv') => new File([text], name, { type });
const HEADER = 'id,title,themes,kind,date,quarter,status,description,priorities,visibility';
const TWO_ITEMS = `${HEADER}
knife-crime-review,Review of knife crime,serious-violence,scrutiny-review,2026-06-10,,planned,A review of the work on knife crime.,,public
vawg-report,VAWG action plan report,violence-against-women-and-girls,report,,2026/27-Q3,planned,,,public
`;

describe('the upload page', () => {
  it('checks a file, shows what it adds, changes and leaves, and publishes exactly that on "Confirm and publish"', async () => {
    const { app, keys } = await hub();
    const editor = formBrowser(app);
    await editor.signIn(keys['csp-a']!);
    expect((await editor.get(BODY)).html).toContain(`href="${UPLOAD}">Upload a file</a>`);
    const form = await editor.get(UPLOAD);
    expect(form.status).toBe(200);
    expect(form.html).toContain('enctype="multipart/form-data"');
    expect(form.html).toContain('type="file"');
    expect(form.html).toContain(`${HEADER}`.split(',').join(', '));
    expect(form.html).toContain(`href="${UPLOAD}/work-programme.csv"`);

    const checked = await upload(editor, 'work-programme', csv('work.csv', TWO_ITEMS));
    expect(checked.status).toBe(200);
    expect(checked.html).toContain('Check what the file will change');
    expect(checked.html).toContain('2 work programme items to add');
    expect(checked.html).toContain('Review of knife crime');
    expect(checked.html).toContain('>Confirm and publish<');
    // Checking records nothing.
    expect((await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/knife-crime-review`)).status).toBe(404);

    const published = await editor.send(CONFIRM);
    expect(published.status).toBe(200);
    expect(published.html).toContain('The file has been published');
    expect(published.html).toContain('2 work programme items added, 0 changed, 0 unchanged');
    expect(published.html).toContain(`href="${BODY}/work-programme/knife-crime-review"`);
    const read = await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/knife-crime-review`);
    expect(await read.json()).toMatchObject({ version: 1, title: 'Review of knife crime', date: '2026-06-10' });

    // The same file with one row changed: one change, shown field by field, and one left as it is.
    await editor.get(UPLOAD);
    const again = await upload(editor, 'work-programme', csv('work.csv', TWO_ITEMS.replace('2026-06-10,,planned', '2026-07-01,,planned')));
    expect(again.html).toContain('1 work programme item to change');
    expect(again.html).toContain('What changes in Review of knife crime');
    expect(again.html).toContain('10 June 2026');
    expect(again.html).toContain('1 July 2026');
    expect(again.html).toMatch(/1 work programme item in the file is already published/);
    const second = await editor.send(CONFIRM);
    expect(second.html).toContain('0 work programme items added, 1 changed, 1 unchanged');
    const revised = (await (await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/knife-crime-review`)).json()) as Record<
      string,
      unknown
    >;
    expect(revised).toMatchObject({ version: 2, date: '2026-07-01' });
  });

  it('serves templates that upload as they are, as CSV and as JSON', async () => {
    const { app, keys } = await hub();
    const editor = formBrowser(app);
    await editor.signIn(keys['csp-a']!);
    for (const kind of ['work-programme', 'priorities']) {
      const template = await app.request(`${UPLOAD}/${kind}.csv`);
      expect(template.headers.get('content-type')).toContain('text/csv');
      await editor.get(UPLOAD);
      const checked = await upload(editor, kind, csv(`${kind}.csv`, await template.text()));
      expect(checked.status).toBe(200);
      expect(checked.html).toContain(kind === 'priorities' ? '1 priority to add' : '1 work programme item to add');
    }
    await editor.get(UPLOAD);
    const json = JSON.stringify([
      { id: 'json-item', title: 'From JSON', themes: ['domestic-abuse'], kind: 'report', status: 'planned', visibility: 'public' },
    ]);
    const checked = await upload(editor, 'work-programme', csv('items.json', json, 'application/json'));
    expect(checked.html).toContain('1 work programme item to add');
    expect((await editor.send(CONFIRM)).html).toContain('The file has been published');
  });

  it('answers a missing, empty, unknown or too large file with the error summary, and a file with bad rows with its refused rows', async () => {
    const { app, keys } = await hub();
    const editor = formBrowser(app);
    await editor.signIn(keys['csp-a']!);
    const cases: [string | undefined, File | undefined, string][] = [
      ['work-programme', undefined, 'Select a file'],
      [undefined, csv('work.csv', TWO_ITEMS), 'Select what the file holds'],
      ['work-programme', csv('work.txt', TWO_ITEMS, 'text/plain'), 'The selected file must be a CSV or JSON file'],
      ['work-programme', csv('work.csv', ''), 'The selected file is empty'],
      ['work-programme', csv('work.csv', 'x'.repeat(1024 * 1024 + 1)), 'The selected file must be smaller than 1 MB'],
    ];
    for (const [kind, file, message] of cases) {
      await editor.get(UPLOAD);
      const answer = await upload(editor, kind, file);
      expect(answer.status).toBe(400);
      expect(answer.html).toContain('There is a problem');
      expect(answer.html).toContain(`>${message}</a>`);
      expect(answer.html).toContain('<title>Error: Upload a file');
    }

    await editor.get(UPLOAD);
    const bad = await upload(
      editor,
      'work-programme',
      csv(
        'work.csv',
        `${HEADER}\nok-item,Fine,domestic-abuse,report,,,planned,,,public\nbad-item,Bad,domestic-abuse,report,,2016/18-Q1,planned,,,public\n`,
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('The file cannot be published yet');
    expect(bad.html).toContain('Line 3, column 6');
    // GOV.UK's error summary, as on any refused form, linking to the rows to correct.
    expect(bad.html).toContain('<h2 class="govuk-error-summary__title">There is a problem</h2>');
    expect(bad.html).toContain('<a href="#refused-rows">1 row of the file was refused: correct it and upload the whole file again</a>');
    expect(bad.html).toContain('<table class="govuk-table" id="refused-rows">');
    // Uploading the corrected file starts with what the file holds already chosen.
    expect(bad.html).toContain(`<a class="govuk-link" href="${UPLOAD}?kind=work-programme">Upload a corrected file</a>`);
    const again = await editor.get(`${UPLOAD}?kind=work-programme`);
    expect(again.html).toMatch(/value="work-programme" checked/);
    expect((await editor.get(`${UPLOAD}?kind=nonsense`)).html).not.toMatch(/checked/);
    expect(bad.html).toContain('quarter');
    expect(bad.html).not.toContain('>Confirm and publish<');
    expect((await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/ok-item`)).status).toBe(404);
  });

  it('refuses a forged form, a changed file, another body’s people, and asks a visitor to sign in', async () => {
    const { app, keys } = await hub();
    const editor = formBrowser(app);
    await editor.signIn(keys['csp-a']!);
    await editor.get(UPLOAD);
    expect((await upload(editor, 'work-programme', csv('work.csv', TWO_ITEMS), 'forged')).status).toBe(403);

    await editor.get(UPLOAD);
    await upload(editor, 'work-programme', csv('work.csv', TWO_ITEMS));
    const fields = editor.hiddenFields(CONFIRM);
    expect(fields.map(([name]) => name)).toEqual(expect.arrayContaining(['csrfToken', 'content']));
    const swapped = fields.map(([name, value]): [string, string] =>
      name === 'content'
        ? [name, Buffer.from(TWO_ITEMS.replace('Review of knife crime', 'Something else'), 'utf8').toString('base64')]
        : [name, value],
    );
    expect((await editor.send(CONFIRM, swapped)).status).toBe(403);
    expect((await editor.send(CONFIRM, fields, { csrfToken: 'forged' })).status).toBe(403);
    expect((await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/knife-crime-review`)).status).toBe(404);

    const other = formBrowser(app);
    await other.signIn(keys['csp-b']!);
    expect((await other.get(BODY)).html).not.toContain(`href="${UPLOAD}"`);
    expect((await other.get(UPLOAD)).status).toBe(403);
    await other.get(`/areas/${AREA}/bodies/csp-b/import`);
    expect((await upload(other, 'work-programme', csv('work.csv', TWO_ITEMS))).status).toBe(403);
    // The checked file's proof is bound to the browser and person that checked it.
    expect((await other.send(CONFIRM, fields, { multipart: true })).status).toBe(403);
    expect((await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/knife-crime-review`)).status).toBe(404);

    const visitor = formBrowser(app);
    const signedOut = await visitor.get(UPLOAD);
    expect(signedOut.status).toBe(303);
    expect(signedOut.location).toBe(`/sign-in?return=${encodeURIComponent(UPLOAD)}`);
  });

  it('says the file is already published when "Confirm and publish" is pressed again after it published, and records nothing more', async () => {
    const { app, keys, eventLog } = await hub();
    const editor = formBrowser(app);
    await editor.signIn(keys['csp-a']!);
    await editor.get(UPLOAD);
    await upload(editor, 'work-programme', csv('work.csv', TWO_ITEMS));
    const fields = editor.hiddenFields(CONFIRM);
    expect((await editor.send(CONFIRM, fields)).html).toContain('The file has been published');
    const again = await editor.send(CONFIRM, fields);
    expect(again.status).toBe(200);
    expect(again.html).toContain('The file is already published');
    expect(again.html).toContain(
      '2 work programme items in the file are already published as the file has them, so nothing new was recorded',
    );
    expect(again.html).toContain(`href="${BODY}/work-programme/knife-crime-review">Review of knife crime</a>`);
    expect(again.html).not.toContain('after you checked the file');
    const ref = { areaId: AREA, subjectType: 'work-programme-item', organisationId: 'csp-a' } as const;
    expect(await eventLog.stream({ ...ref, id: 'knife-crime-review' })).toHaveLength(1);
    expect(await eventLog.stream({ ...ref, id: 'vawg-report' })).toHaveLength(1);
  });

  it('publishes nothing when the body’s content changed after the file was checked, and shows the new dry run', async () => {
    const { app, keys } = await hub();
    const editor = formBrowser(app);
    await editor.signIn(keys['csp-a']!);
    await editor.get(UPLOAD);
    await upload(editor, 'work-programme', csv('work.csv', TWO_ITEMS));
    const fields = editor.hiddenFields(CONFIRM);
    const meanwhile = await api(app, 'PUT', `/v1/areas/${AREA}/organisations/csp-a/work-programme/vawg-report`, keys['csp-a']!, {
      title: 'VAWG action plan report',
      themes: ['violence-against-women-and-girls'],
      kind: 'report',
      status: 'planned',
      visibility: 'public',
    });
    expect(meanwhile.status).toBe(201);
    const late = await editor.send(CONFIRM, fields);
    expect(late.status).toBe(409);
    expect(late.html).toContain('after you checked the file, so nothing has been published');
    expect(late.html).toContain('1 work programme item to add');
    expect((await app.request(`/v1/areas/${AREA}/organisations/csp-a/work-programme/knife-crime-review`)).status).toBe(404);
  });
});
