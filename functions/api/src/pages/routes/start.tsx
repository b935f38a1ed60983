/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { SlugId } from '@partnership-hub/events';
import type { Context } from 'hono';
import { except } from 'hono/combine';
import type { PageKit, ViewerEnv } from '../kit.tsx';
import { StartPage } from '../simple-pages.tsx';

/** A search matches an area whose name (or identifier) has every word of it, whatever the case: "south york" finds South Yorkshire. */
function matches(area: { areaId: string; name: string }, search: string): boolean {
  const text = `${area.name} ${area.areaId}`.toLocaleLowerCase('en-GB');
  return search
    .toLocaleLowerCase('en-GB')
    .split(/\s+/)
    .every((word) => text.includes(word));
}

const wantsHtml = (c: Context) => (c.req.header('accept') ?? '').includes('text/html');

/** The start page (the areas, with a search by name), and its form that goes to an area by its identifier. */
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
          const search = (c.req.query('search') ?? '').trim().slice(0, 100);
          const areas = await kit.deps.views.areas();
          return kit.render(
            c,
            200,
            { title: search ? `Areas matching “${search}”` : 'Home', viewer },
            <StartPage
              areas={search ? areas.filter((area) => matches(area, search)) : areas}
              total={areas.length}
              {...(search ? { search } : {})}
              {...(signedIn ? { signedInArea: signedIn } : {})}
            />,
          );
        },
      )
      .get('/areas', kit.viewer, async (c) => {
        const area = (c.req.query('area') ?? '').trim().toLowerCase();
        if (SlugId.safeParse(area).success) return c.redirect(`/areas/${area}`, 303);
        const areas = await kit.deps.views.areas();
        return kit.render(
          c,
          400,
          { title: 'Error: Home', viewer: c.var.page.viewer },
          <StartPage
            areas={areas}
            total={areas.length}
            error={area ? 'Enter an area identifier using lower-case letters, digits and hyphens' : 'Enter an area identifier'}
          />,
        );
      })
  );
}
