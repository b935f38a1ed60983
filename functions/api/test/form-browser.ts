import type { Hono } from 'hono';
import { expect } from 'vitest';

const HTML = { accept: 'text/html,application/xhtml+xml' };
const FORM = { ...HTML, 'content-type': 'application/x-www-form-urlencoded' };

/** What a page answered, as a browser sees it. */
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
