import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '../deps.ts';
import { HUB_CSS, PRINT_CSS } from './stylesheets.ts';

/** The file govuk-frontend publishes, compiled and minified. The stack copies it beside the Lambda bundle. */
export const GOVUK_CSS_FILE = 'govuk-frontend.min.css';

/**
 * Where govuk-frontend's compiled CSS is in node_modules: the local run's `assetsDir`. Lambda is
 * given its own (the copy beside its bundle) through HUB_ASSETS_DIR instead.
 */
export function localAssetsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
}

const SYSTEM_FONTS = 'system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif';

/**
 * GOV.UK Frontend's CSS without what belongs to GOV.UK alone: the Transport typeface is licensed
 * for GOV.UK only, so its @font-face rules go and the system font stack stands in for it, and
 * the crest image is never referenced. Everything else (layout, components, focus styles) stays.
 */
export function withoutGovukBrand(css: string): string {
  return css
    .replace(/@font-face\{[^}]*\}/g, '')
    .replaceAll('font-family:GDS Transport,arial,sans-serif', `font-family:${SYSTEM_FONTS}`)
    .replaceAll('font-family:GDS Transport', `font-family:${SYSTEM_FONTS}`)
    .replaceAll('url(/assets/images/govuk-crest.svg)', 'none');
}

export interface Stylesheet {
  body: string;
  contentType: string;
}

/**
 * The pages' stylesheets. GOV.UK Frontend's (136 KB) is read from `assetsDir` on first use, not
 * bundled into the handler: the Lambda bundle budget is 300 KB. Read once per process.
 */
export function stylesheets(assetsDir: string | undefined, logger: Logger): (name: string) => Promise<Stylesheet | undefined> {
  let govuk: Promise<string | undefined> | undefined;
  const loadGovuk = () =>
    (govuk ??= assetsDir
      ? readFile(join(assetsDir, GOVUK_CSS_FILE), 'utf8').then(withoutGovukBrand, (error: unknown) => {
          logger.error('the GOV.UK Frontend stylesheet could not be read: pages are served unstyled', { assetsDir, error: String(error) });
          govuk = undefined;
          return undefined;
        })
      : Promise.resolve(undefined));
  return async (name) => {
    const contentType = 'text/css; charset=utf-8';
    if (name === 'hub.css') return { body: HUB_CSS, contentType };
    if (name === 'print.css') return { body: PRINT_CSS, contentType };
    if (name === 'govuk-frontend.css') {
      const body = await loadGovuk();
      return body === undefined ? undefined : { body, contentType };
    }
    return undefined;
  };
}
