import { Hono } from 'hono/tiny';
import type { ApiDeps } from '../../deps.ts';
import { stylesheets } from '../assets.ts';

/** The pages' stylesheets. Mounted at /assets. */
export function assetRoutes(deps: ApiDeps) {
  const stylesheet = stylesheets(deps.assetsDir, deps.logger);
  return new Hono().get('/:name', async (c) => {
    const sheet = await stylesheet(c.req.param('name'));
    if (!sheet) return c.text('Not found', 404);
    return c.body(sheet.body, 200, { 'Content-Type': sheet.contentType, 'Cache-Control': 'public, max-age=3600' });
  });
}
