import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
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
const HTML = { accept: 'text/html' };

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

function cookiesOf(response: Response, existing: Record<string, string> = {}): Record<string, string> {
  const jar = { ...existing };
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, ...value] = pair!.split('=');
    jar[name!] = value.join('=');
  }
  return jar;
}
const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
const csrfFrom = (html: string) => /name="csrfToken" value="([^"]+)"/.exec(html)?.[1];

async function signedIn(key: string) {
  const form = await app.request('/sign-in', { headers: HTML });
  const jar = cookiesOf(form);
  const response = await app.request('/sign-in', {
    method: 'POST',
    headers: { ...HTML, cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken: csrfFrom(await form.text())!, accessKey: key, return: '/' }).toString(),
  });
  return cookiesOf(response, jar);
}

async function page(path: string, jar: Record<string, string> = {}) {
  const response = await app.request(path, { headers: { ...HTML, cookie: cookieHeader(jar) } });
  return { status: response.status, html: await response.text() };
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
    const plan = await page(`/areas/${AREA}/bodies/${PCC}/plans/${PLAN}`);
    expect(plan.html).toContain(`href="${pagePath}"`);
    const shown = await page(pagePath);
    expect(shown.status).toBe(200);
    const words = text(shown.html);
    expect(words).toContain('Year two refresh');
    expect(words).toContain('The chief constable consulted');
    expect(words).toContain('2 March 2026, recorded by Test Commissioner');
    expect(words).toContain('Not yet sent to the panel');
    expect(shown.html).not.toContain('name="csrfToken"');
    expect((await page(`/areas/${AREA}/bodies/${PCC}/plans/${PLAN}/variations/variation-9`)).status).toBe(404);
  });

  it('gives the form for the next step to its body alone, and records it from the form with JavaScript off', async () => {
    const panelJar = await signedIn(keys[PANEL]!);
    expect((await page(pagePath, panelJar)).html).not.toContain('/steps/sent-to-panel');
    const pccJar = await signedIn(keys[PCC]!);
    const form = await page(pagePath, pccJar);
    expect(form.html).toContain(`action="${pagePath}/steps/sent-to-panel"`);
    const post = (body: Record<string, string>, jar = pccJar) =>
      app.request(`${pagePath}/steps/sent-to-panel`, {
        method: 'POST',
        headers: { ...HTML, cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    expect((await post({ csrfToken: 'forged', responseDueDate: '2026-03-20' })).status).toBe(400);
    const bad = await post({ csrfToken: csrfFrom(form.html)!, responseDueDate: 'soon' });
    expect(bad.status).toBe(400);
    expect(text(await bad.text())).toContain('responseDueDate');
    const done = await post({ csrfToken: csrfFrom(form.html)!, responseDueDate: '2026-03-20' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(pagePath);
    const after = text((await page(pagePath)).html);
    expect(after).toContain('By the end of 20 March 2026');
    expect(after).toContain("The panel's report, by Test Police and Crime Panel (due by the end of 20 March 2026)");
    expect((await page(pagePath, panelJar)).html).toContain(`action="${pagePath}/steps/panel-report"`);
  });
});
