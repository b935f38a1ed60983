import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { formBrowser } from './form-browser.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * A plan variation's page through the app's own request path over in-memory stores: the steps as
 * a timeline with dates and who, the panel's deadline, the link from the plan's page, and the
 * plain-HTML form the right body records the next step with (CSRF-checked, JavaScript off).
 */
const ADMIN_KEY = 'test-admin-key';
const SECRET = 'test-session-secret-of-enough-length';
const AREA = 'test-area';
const PCC = 'pcc';
const PANEL = 'panel';
const PLAN = 'pcp-2026';
const api = `/v1/areas/${AREA}/organisations/${PCC}/plans/${PLAN}`;
const pagePath = `/areas/${AREA}/bodies/${PCC}/plans/${PLAN}/variations/variation-1`;
const STEP = `${pagePath}/steps/sent-to-panel`;

let app: ReturnType<typeof createApp>;
const keys: Record<string, string> = {};

async function send(method: string, path: string, body: unknown, key: string) {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return response.json() as Promise<{ key?: string }>;
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  ({ app } = inMemoryApp(ADMIN_KEY, { project: true, sessionSecret: SECRET, clock: () => new Date('2026-03-10T09:00:00.000Z') }));
  await send('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' }, ADMIN_KEY);
  for (const [id, name, kind] of [
    [PCC, 'Test Commissioner', 'pcc'],
    [PANEL, 'Test Police and Crime Panel', 'panel'],
  ] as const) {
    await send('PUT', `/v1/areas/${AREA}/organisations/${id}`, { name, kind }, ADMIN_KEY);
    keys[id] = (await send('POST', `/v1/areas/${AREA}/organisations/${id}/api-keys`, {}, ADMIN_KEY)).key!;
  }
  await send(
    'PUT',
    api,
    { title: 'Police and Crime Plan 2026', kind: 'police-and-crime-plan', startDate: '2026-01-01', visibility: 'public' },
    keys[PCC]!,
  );
  await send('POST', `${api}/variations`, { title: 'Year two refresh', summary: 'Focus shifts.', visibility: 'public' }, keys[PCC]!);
  await send('POST', `${api}/variations/variation-1/steps/chief-constable-consulted`, { effectiveDate: '2026-03-02' }, keys[PCC]!);
});

describe("a variation's page", () => {
  it("is linked from the plan's page and shows each step with its date and who, and the deadline", async () => {
    const visitor = formBrowser(app);
    const plan = await visitor.get(`/areas/${AREA}/bodies/${PCC}/plans/${PLAN}`);
    expect(plan.html).toContain(`href="${pagePath}"`);
    const shown = await visitor.get(pagePath);
    expect(shown.status).toBe(200);
    const words = text(shown.html);
    expect(words).toContain('Year two refresh');
    expect(words).toContain('The chief constable consulted');
    expect(words).toContain('2 March 2026, recorded by Test Commissioner');
    expect(words).toContain('Not yet sent to the panel');
    expect(shown.html).not.toContain('name="csrfToken"');
    expect((await visitor.get(`/areas/${AREA}/bodies/${PCC}/plans/${PLAN}/variations/variation-9`)).status).toBe(404);
  });

  it('gives the form for the next step to its body alone, and records it from the form with JavaScript off', async () => {
    const panel = formBrowser(app);
    await panel.signIn(keys[PANEL]!);
    expect((await panel.get(pagePath)).html).not.toContain('/steps/sent-to-panel');
    const pcc = formBrowser(app);
    await pcc.signIn(keys[PCC]!);
    expect((await pcc.get(pagePath)).html).toContain(`action="${STEP}"`);
    expect((await pcc.send(STEP, { responseDueDate: '2026-03-20' }, { csrfToken: 'forged' })).status).toBe(400);
    const bad = await pcc.send(STEP, { responseDueDate: 'soon' });
    expect(bad.status).toBe(400);
    // Named by its label, linked to its field, and shown again as it was sent.
    expect(bad.html).toContain('href="#field-responseDueDate">The panel&#39;s report due date must be');
    expect(bad.html).toContain('value="soon"');
    expect(bad.html).toContain('govuk-form-group--error');
    // The panel's editors, sending the PCC's step with their own session's token: refused as the API refuses it, and nothing recorded.
    const refused = await panel.send(STEP, { responseDueDate: '2026-03-20' });
    expect(refused.status).toBe(403);
    expect(text(refused.html)).toContain(`Only ${PCC}, the PCC, records`);
    expect(text((await formBrowser(app).get(pagePath)).html)).toContain('Not yet sent to the panel');
    const done = await pcc.send(STEP, { responseDueDate: '2026-03-20' });
    expect(done.status).toBe(303);
    expect(done.location).toBe(pagePath);
    const after = text((await formBrowser(app).get(pagePath)).html);
    expect(after).toContain('By the end of 20 March 2026');
    expect(after).toContain("The panel's report, by Test Police and Crime Panel (due by the end of 20 March 2026)");
    expect((await panel.get(pagePath)).html).toContain(`action="${pagePath}/steps/panel-report"`);

    // A report the hub refuses comes back with both boxes as they were sent, the problem named by its label.
    const report = await panel.send(`${pagePath}/steps/panel-report`, {
      summary: 'We support it \u202e mostly',
      recommendations: 'Publish the figures\nMeet quarterly',
    });
    expect(report.status).toBe(400);
    expect(report.html).toContain('href="#field-summary">The panel&#39;s report contains a bidirectional formatting character (U+202E)');
    expect(report.html).toContain('We support it \u202e mostly</textarea>');
    expect(report.html).toContain('Publish the figures\nMeet quarterly</textarea>');
  });

  it('keeps what was typed when the form had expired, and links its error to the form', async () => {
    const panel = formBrowser(app);
    await panel.signIn(keys[PANEL]!);
    await panel.get(pagePath);
    const expired = await panel.send(
      `${pagePath}/steps/panel-report`,
      { summary: 'We support the variation.', recommendations: 'Publish the figures' },
      { csrfToken: 'from-an-old-page' },
    );
    expect(expired.status).toBe(400);
    expect(expired.html).toContain('href="#step-form">The form had expired. Send it again');
    expect(expired.html).toContain('id="step-form"');
    expect(expired.html).toContain('We support the variation.</textarea>');
    expect(expired.html).toContain('Publish the figures</textarea>');
    expect(text((await formBrowser(app).get(pagePath)).html)).not.toContain('We support the variation.');
  });
});
