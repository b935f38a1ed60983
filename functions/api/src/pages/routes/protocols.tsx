/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { currentIn, nameOfIn, visibleHistory } from '../area-data.ts';
import type { AreaEnv, PageKit } from '../kit.tsx';
import { ProtocolPage, ProtocolRegisterPage } from '../protocol-pages.tsx';
import { partyActingFor } from '../protocol-parties.ts';
import { csrfToken } from '../session.ts';

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
      const protocol = await currentIn(kit.deps, content, { subjectType: 'protocol', organisationId: null, id: c.req.param('protocolId') });
      if (!protocol) return kit.notFound(c, `There is no protocol called ${c.req.param('protocolId')} in ${content.areaName}.`);
      const party = partyActingFor(c.var.page.principal, content.areaId, protocol.state.parties, 'agree');
      const proposer = partyActingFor(c.var.page.principal, content.areaId, protocol.state.parties, 'propose');
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
          {...(proposer && kit.secret ? { proposeHref: `/areas/${content.areaId}/protocols/${protocol.id}/propose` } : {})}
          {...(party &&
          kit.secret &&
          !protocol.state.agreements.some((agreement) => agreement.organisationId === party && agreement.version === protocol.state.version)
            ? { agreeAs: { organisationId: party, csrfToken: await csrfToken(c, kit.secret) } }
            : {})}
        />,
      );
    });
}
