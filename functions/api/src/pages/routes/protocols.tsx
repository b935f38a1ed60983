/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { authoriseMembership, NotAuthenticatedError, NotPermittedError, type Principal } from '@partnership-hub/domain';
import { nameOfIn, visibleHistory } from '../area-data.ts';
import type { AreaEnv, PageKit } from '../kit.tsx';
import { ProtocolPage, ProtocolRegisterPage } from '../protocol-pages.tsx';
import { csrfToken } from '../session.ts';

/**
 * The party to a protocol the principal acts for, by the domain's rule for acting as a member of
 * the area (authoriseMembership), or undefined: the protocol page offers that party's agreement.
 */
function partyActingFor(principal: Principal, areaId: string, parties: string[]): string | undefined {
  try {
    const { organisationId } = authoriseMembership(principal, areaId);
    return parties.includes(organisationId) ? organisationId : undefined;
  } catch (error) {
    if (error instanceof NotAuthenticatedError || error instanceof NotPermittedError) return undefined;
    throw error;
  }
}

/** The protocol register and each protocol. Mounted at /areas/:areaId/protocols. */
export function protocolPages(kit: PageKit) {
  return kit
    .family<AreaEnv>()
    .get('/', kit.viewer, kit.areaContent, async (c) => {
      const content = c.var.area;
      return kit.render(
        c,
        200,
        {
          title: 'Protocol register',
          viewer: c.var.page.viewer,
          area: { id: content.areaId, name: content.areaName },
          current: 'protocols',
        },
        <ProtocolRegisterPage content={content} />,
      );
    })
    .get('/:protocolId', kit.viewer, kit.areaContent, async (c) => {
      const content = c.var.area;
      const protocol = content.protocols.find((candidate) => candidate.id === c.req.param('protocolId'));
      if (!protocol) return kit.notFound(c, `There is no protocol called ${c.req.param('protocolId')} in ${content.areaName}.`);
      const party = partyActingFor(c.var.page.principal, content.areaId, protocol.state.parties);
      const events = await visibleHistory(
        kit.deps,
        { areaId: content.areaId, subjectType: 'protocol', organisationId: null, id: protocol.id },
        c.var.page.audience,
        content.records,
      );
      return kit.render(
        c,
        200,
        {
          title: protocol.state.title,
          viewer: c.var.page.viewer,
          area: { id: content.areaId, name: content.areaName },
          current: 'protocols',
        },
        <ProtocolPage
          content={content}
          protocol={protocol}
          events={events}
          nameOf={nameOfIn(content)}
          audience={c.var.page.audience}
          {...(party &&
          kit.secret &&
          !protocol.state.agreements.some((agreement) => agreement.organisationId === party && agreement.version === protocol.state.version)
            ? { agreeAs: { organisationId: party, csrfToken: await csrfToken(c, kit.secret) } }
            : {})}
        />,
      );
    });
}
