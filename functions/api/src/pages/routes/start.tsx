/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { SlugId } from '@partnership-hub/events';
import type { Context } from 'hono';
import { except } from 'hono/combine';
import type { PageKit, ViewerEnv } from '../kit.tsx';
import { StartPage } from '../simple-pages.tsx';

const wantsHtml = (c: Context) => (c.req.header('accept') ?? '').includes('text/html');

/** The start page, and its form that goes to an area. */
export function startPages(kit: PageKit) {
  return (
    kit
      .family<ViewerEnv>()
      // Browsers get the start page; API clients (Accept: application/json, or no preference) go on to the JSON index.
      .get(
        '/',
        except((c) => !wantsHtml(c), kit.viewer),
        async (c, next) => {
          if (!wantsHtml(c)) return next();
          const { viewer } = c.var.page;
          const signedIn = viewer.signedInAs ? { id: viewer.signedInAs.areaId, name: viewer.signedInAs.areaName } : undefined;
          return kit.render(c, 200, { title: 'Home', viewer }, <StartPage {...(signedIn ? { signedInArea: signedIn } : {})} />);
        },
      )
      .get('/areas', kit.viewer, async (c) => {
        const area = (c.req.query('area') ?? '').trim().toLowerCase();
        if (SlugId.safeParse(area).success) return c.redirect(`/areas/${area}`, 303);
        return kit.render(
          c,
          400,
          { title: 'Error: Home', viewer: c.var.page.viewer },
          <StartPage error={area ? 'Enter an area identifier using lower-case letters, digits and hyphens' : 'Enter an area identifier'} />,
        );
      })
  );
}
