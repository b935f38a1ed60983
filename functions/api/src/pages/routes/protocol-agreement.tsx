/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { InvalidChangeError, NotAuthenticatedError, NotFoundError, NotPermittedError } from '@partnership-hub/domain';
import { setCookie } from 'hono/cookie';
import { agreeToProtocol } from '../../protocol-writes.ts';
import { type AreaEnv, NOTICE_COOKIE, type PageKit } from '../kit.tsx';
import { NotAllowedPage } from '../publishing-pages.tsx';
import { CSRF_FIELD, csrfTokenMatches } from '../session.ts';

/**
 * The protocol page's button: a party records its agreement to the current version, through the
 * API's own code (protocol-writes.ts). Mounted at /areas/:areaId/protocols, with the publishing
 * forms (it writes).
 */
export function protocolAgreementPages(kit: PageKit) {
  const { deps, secret } = kit;
  return kit.family<AreaEnv>().post('/:protocolId/agree', kit.viewer, kit.areaContent, async (c) => {
    const content = c.var.area;
    const layout = (title: string) => ({ title, viewer: c.var.page.viewer, area: { id: content.areaId, name: content.areaName } });
    const form = await c.req.parseBody();
    if (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD])))
      return kit.render(
        c,
        403,
        layout('You cannot do this'),
        <NotAllowedPage message="The form had expired or did not come from this hub. Go back, reload the page and try again." />,
      );
    const path = `/areas/${content.areaId}/protocols/${c.req.param('protocolId')}`;
    try {
      await agreeToProtocol(deps, c.var.page.principal, { areaId: content.areaId, id: c.req.param('protocolId') }, Number(form.version));
    } catch (error) {
      if (error instanceof NotAuthenticatedError || error instanceof NotPermittedError)
        return kit.render(c, 403, layout('You cannot do this'), <NotAllowedPage message="Only a party to this protocol can agree it." />);
      if (error instanceof NotFoundError) return kit.notFound(c, error.message);
      if (error instanceof InvalidChangeError)
        return kit.render(
          c,
          409,
          layout('A new version was proposed'),
          <NotAllowedPage message="A new version of the protocol was proposed after you opened its page, so nothing was recorded. Read the new version before you agree it." />,
        );
      throw error;
    }
    setCookie(c, NOTICE_COOKIE, 'agreed', { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 });
    return c.redirect(path, 303);
  });
}
