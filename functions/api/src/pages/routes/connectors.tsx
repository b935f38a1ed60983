/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { authoriseConnectorOperation, NotAuthenticatedError, NotPermittedError, type Principal } from '@partnership-hub/domain';
import type { ConnectorRecord } from '@partnership-hub/store';
import { setCookie } from 'hono/cookie';
import { queueRun } from '../../connector-schedule.ts';
import { nameOfIn } from '../area-data.ts';
import { NotAllowedPage } from '../components.tsx';
import { ConnectorListPage, ConnectorPage } from '../connector-pages.tsx';
import { type AreaEnv, NOTICE_COOKIE, type PageKit } from '../kit.tsx';
import { CSRF_FIELD, csrfToken, csrfTokenMatches } from '../session.ts';

const RUNS_SHOWN = 10;

/** Whether this reader may see the connector (and run it): the domain's rule, as a yes or no. */
function mayOperate(principal: Principal, connector: ConnectorRecord): boolean {
  try {
    authoriseConnectorOperation(principal, {
      areaId: connector.areaId,
      organisationIds: connector.committees.map((committee) => committee.organisationId),
    });
    return true;
  } catch (error) {
    if (error instanceof NotAuthenticatedError || error instanceof NotPermittedError) return false;
    throw error;
  }
}

/**
 * The area's connectors, for the editors and leads (and write keys) of the bodies each is mapped
 * onto: the list, and each connector's mapping, schedule, next run and last runs. Anyone else,
 * the public included, is answered page-not-found, so they learn nothing of them. Mounted at
 * /areas/:areaId/connectors where the hub runs connectors.
 */
export function connectorPages(kit: PageKit) {
  const { deps } = kit;
  return kit
    .family<AreaEnv>()
    .get('/', kit.viewer, kit.areaContent, async (c) => {
      const content = c.var.area;
      const connectors = deps.connectors
        ? (await deps.connectors.store.list(content.areaId)).filter((connector) => mayOperate(c.var.page.principal, connector))
        : [];
      if (connectors.length === 0) return kit.notFound(c);
      return kit.render(
        c,
        200,
        { title: 'Connectors', viewer: c.var.page.viewer, area: { id: content.areaId, name: content.areaName } },
        <ConnectorListPage areaId={content.areaId} connectors={connectors} nameOf={nameOfIn(content)} />,
      );
    })
    .get('/:connectorId', kit.viewer, kit.areaContent, async (c) => {
      const content = c.var.area;
      const connector = await deps.connectors?.store.get(content.areaId, c.req.param('connectorId'));
      if (!deps.connectors || !connector || !mayOperate(c.var.page.principal, connector)) return kit.notFound(c);
      const runs = await deps.connectors.store.listRuns(content.areaId, connector.id, RUNS_SHOWN);
      return kit.render(
        c,
        200,
        { title: `Connector ${connector.id}`, viewer: c.var.page.viewer, area: { id: content.areaId, name: content.areaName } },
        <ConnectorPage
          areaId={content.areaId}
          connector={connector}
          runs={runs}
          nameOf={nameOfIn(content)}
          csrfToken={kit.secret ? await csrfToken(c, kit.secret) : undefined}
        />,
      );
    });
}

/** The connector page's "Run now": a form POST with the CSRF token, as the publishing forms are. Mounted with them (it writes). */
export function connectorRunPages(kit: PageKit) {
  const { deps, secret } = kit;
  return kit.family<AreaEnv>().post('/:connectorId/runs', kit.viewer, kit.areaContent, async (c) => {
    const content = c.var.area;
    const layout = { title: 'You cannot do this', viewer: c.var.page.viewer, area: { id: content.areaId, name: content.areaName } };
    const form = await c.req.parseBody();
    if (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD])))
      return kit.render(
        c,
        403,
        layout,
        <NotAllowedPage message="The form had expired or did not come from this hub. Go back, reload the page and try again." />,
      );
    const connector = await deps.connectors?.store.get(content.areaId, c.req.param('connectorId'));
    if (!deps.connectors || !connector || !mayOperate(c.var.page.principal, connector)) return kit.notFound(c);
    await queueRun(deps, deps.connectors, connector, 'manual');
    setCookie(c, NOTICE_COOKIE, 'run-started', { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 });
    return c.redirect(`/areas/${content.areaId}/connectors/${connector.id}`, 303);
  });
}
