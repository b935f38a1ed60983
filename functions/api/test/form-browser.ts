import type { Hono } from 'hono';
import { expect } from 'vitest';

const HTML = { accept: 'text/html,application/xhtml+xml' };
const FORM = { ...HTML, 'content-type': 'application/x-www-form-urlencoded' };

/** An attribute value or text as the page wrote it, unescaped as a browser reads it (the pages escape these five). */
const unescapeHtml = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const attributesOf = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((match) => [match[1]!, unescapeHtml(match[2]!)]));

/**
 * The form of `html` that posts to `action`: its hidden fields, in order, and whether it is sent as
 * multipart. Read with regular expressions rather than an HTML parser: the markup is the pages' own
 * (hono/jsx writes every attribute quoted, and forms never nest), and the functions' dependencies
 * stay free of a parser only the tests would use.
 */
function formOf(html: string, action: string): { hidden: [string, string][]; multipart: boolean } | undefined {
  for (const [, tag, inside] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const form = attributesOf(tag!);
    if (form.action !== action) continue;
    const hidden = [...inside!.matchAll(/<input\b([^>]*)>/g)]
      .map((input) => attributesOf(input[1]!))
      .filter((input) => input.type === 'hidden' && input.name !== undefined)
      .map((input): [string, string] => [input.name!, input.value ?? '']);
    return { hidden, multipart: form.enctype === 'multipart/form-data' };
  }
  return undefined;
}

/** What a page answered, as a browser sees it. */
/** Every in-page link of a page (href="#id") leads to something on it: an error summary links only to what is shown. */
export function expectFragmentLinksOnPage(html: string): void {
  for (const [, target] of html.matchAll(/href="#([\w-]+)"/g)) expect(html, `the link to #${target}`).toContain(`id="${target}"`);
}

export interface PageAnswer {
  status: number;
  html: string;
  location: string | null;
}

/**
 * A browser for the pages' tests, through `app.request`: it keeps the cookies the pages set (and
 * drops those they expire) and sends the CSRF token of the last page it saw with each form, as a
 * person's browser would with the page's hidden field.
 */
export function formBrowser(app: Pick<Hono<any>, 'request'>) {
  const jar: Record<string, string> = {};
  let lastHtml = '';
  const cookie = () =>
    Object.entries(jar)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  const answer = async (response: Response): Promise<PageAnswer> => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      if (/Max-Age=0/i.test(header)) delete jar[name!];
      else jar[name!] = value.join('=');
    }
    lastHtml = await response.text();
    return { status: response.status, html: lastHtml, location: response.headers.get('location') };
  };
  const csrfTokenOfLastPage = () => /name="csrfToken" value="([^"]+)"/.exec(lastHtml)?.[1] ?? '';
  return {
    get html() {
      return lastHtml;
    },
    get: async (path: string) => answer(await app.request(path, { headers: { ...HTML, cookie: cookie() } })),
    /** Posts the fields, with the CSRF token of the last page seen unless `csrfToken` says otherwise. */
    async post(path: string, fields: [string, string][] | Record<string, string> = [], csrfToken?: string) {
      const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
      const body = new URLSearchParams([['csrfToken', csrfToken ?? csrfTokenOfLastPage()], ...pairs]).toString();
      return answer(await app.request(path, { method: 'POST', headers: { ...FORM, cookie: cookie() }, body }));
    },
    /** The hidden fields of the last page's form that posts to `action` (none when there is no such form), as the browser would send them back. */
    hiddenFields: (action: string): [string, string][] => formOf(lastHtml, action)?.hidden ?? [],
    /**
     * Sends the last page's form that posts to `path`, as a browser does: its hidden fields (its
     * CSRF token among them), then `fields`, a field given replacing a hidden one of the same name;
     * as multipart when the form says `enctype="multipart/form-data"`, a file is sent, or
     * `multipart` says so, else urlencoded. With no such form on the last page (a forged post),
     * only `fields` go, with the last page's CSRF token unless they carry one; `csrfToken` replaces
     * whatever token would be sent.
     */
    async send(
      path: string,
      fields: [string, string | File][] | Record<string, string | File> = [],
      options: { csrfToken?: string; multipart?: boolean } = {},
    ) {
      const given = Array.isArray(fields) ? fields : Object.entries(fields);
      const form = formOf(lastHtml, path);
      const names = new Set(given.map(([name]) => name));
      const hidden = form?.hidden ?? [['csrfToken', csrfTokenOfLastPage()]];
      const sent = [...hidden.filter(([name]) => !names.has(name)), ...given]
        .filter(([name]) => options.csrfToken === undefined || name !== 'csrfToken')
        .concat(options.csrfToken === undefined ? [] : [['csrfToken', options.csrfToken]]);
      const multipart = options.multipart ?? (form?.multipart || sent.some(([, value]) => typeof value !== 'string'));
      const multipartBody = new FormData();
      for (const [name, value] of sent) multipartBody.append(name, value);
      const body = multipart ? multipartBody : new URLSearchParams(sent as [string, string][]).toString();
      // FormData sets its own content type, with the boundary.
      return answer(await app.request(path, { method: 'POST', headers: { ...(multipart ? HTML : FORM), cookie: cookie() }, body }));
    },
    /** Signs in with an organisation's API key through the sign-in form. */
    async signIn(key: string) {
      await this.get('/sign-in');
      const signedIn = await this.post('/sign-in', [
        ['accessKey', key],
        ['return', '/'],
      ]);
      expect(signedIn.status).toBe(303);
    },
  };
}
