/** How many pages `count` things make at `perPage` a page: at least one, so an empty list still has its page 1. */
export const pagesOf = (count: number, perPage: number) => Math.max(1, Math.ceil(count / perPage));

/**
 * The page a `page` parameter asks for, read the same way on every paged page (the overview, the
 * tracker, a body's members): nothing is page 1; `all` is every one on one page where the page
 * offers it; a page number there is is that page. Anything else (`abc`, `-1`, `1e9`, past the
 * last page) is the first page with an error naming the pages there are, in the page's own word
 * for what it pages (`bodies`, `requests`, `members`), so the page answers 400 rather than
 * silently showing another page than the one asked for.
 */
export function pageOf(parameter: string | undefined, pages: number, things: string, all: true): { page: number | 'all'; error?: string };
export function pageOf(parameter: string | undefined, pages: number, things: string): { page: number; error?: string };
export function pageOf(
  parameter: string | undefined,
  pages: number,
  things: string,
  all?: boolean,
): { page: number | 'all'; error?: string } {
  const text = (parameter ?? '').trim().toLowerCase();
  if (all && text === 'all') return { page: 'all' };
  const asked = /^\d{1,6}$/.test(text) ? Number(text) : 0;
  if (text === '' || (asked >= 1 && asked <= pages)) return { page: asked || 1 };
  return { page: 1, error: pages === 1 ? `There is only one page of ${things}` : `Choose a page of ${things} from 1 to ${pages}` };
}
