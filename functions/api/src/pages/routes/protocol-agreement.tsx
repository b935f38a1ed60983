/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { InvalidChangeError, NotAuthenticatedError, NotFoundError, NotPermittedError, VersionConflictError } from '@partnership-hub/domain';
import type { ProtocolState } from '@partnership-hub/events';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { type FieldError, ProblemError } from '../../problem.ts';
import { agreeToProtocol, proposeProtocolVersion } from '../../protocol-writes.ts';
import { ProtocolBody } from '../../schemas.ts';
import { NotAllowedPage } from '../components.tsx';
import type { FormErrors, FormValues } from '../form-fields.tsx';
import { type AreaEnv, NOTICE_COOKIE, type PageKit } from '../kit.tsx';
import {
  ProtocolProposalPage,
  protocolBodyOf,
  protocolErrorsOfIssues,
  protocolErrorsOfProblem,
  protocolValuesOf,
} from '../protocol-form.tsx';
import { partyActingFor } from '../protocol-parties.ts';
import { CSRF_FIELD, csrfToken, csrfTokenMatches } from '../session.ts';

const noticeCookie = { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 } as const;
const EXPIRED = 'The form had expired or did not come from this hub. Go back, reload the page and try again.';

/** A form's text fields (the proposal's parties as a list). */
function formValuesOf(form: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [name, value] of Object.entries(form)) {
    if (name === CSRF_FIELD) continue;
    if (Array.isArray(value)) values[name] = value.filter((one): one is string => typeof one === 'string');
    else if (typeof value === 'string') values[name] = value;
  }
  return values;
}

/**
 * The protocol page's writes, through the API's own code (protocol-writes.ts): a party's lead
 * records its agreement to the current version with a button, and a party's editor (or lead)
 * proposes a new version with a form. Mounted at /areas/:areaId/protocols, with the publishing
 * forms (they write).
 */
export function protocolAgreementPages(kit: PageKit) {
  const { deps, secret } = kit;
  const layout = (c: Context<AreaEnv>, title: string) => ({
    title,
    viewer: c.var.page.viewer,
    area: { id: c.var.area.areaId, name: c.var.area.areaName },
  });
  const notAllowed = (c: Context<AreaEnv>, message: string) =>
    kit.render(c, 403, layout(c, 'You cannot do this'), <NotAllowedPage message={message} />);
  const protocolOf = (c: Context<AreaEnv>) => c.var.area.protocols.find((candidate) => candidate.id === c.req.param('protocolId'));
  const pathOf = (c: Context<AreaEnv>) => `/areas/${c.var.area.areaId}/protocols/${c.req.param('protocolId')}`;
  /** The protocol as the log holds it now: the form proposes against what is current, not a view that may lag. */
  const headOf = (c: Context<AreaEnv>) =>
    deps.eventLog.head<ProtocolState>({
      areaId: c.var.area.areaId,
      subjectType: 'protocol',
      organisationId: null,
      id: c.req.param('protocolId')!,
    });
  const bodiesOf = (c: Context<AreaEnv>) =>
    c.var.area.organisations
      .map((organisation) => ({ value: organisation.id, label: organisation.state.name }))
      .sort((a, b) => a.label.localeCompare(b.label));

  const proposalPage = async (
    c: Context<AreaEnv>,
    status: 200 | 400,
    title: string,
    version: number,
    values: FormValues,
    errors: FormErrors,
  ) =>
    kit.render(
      c,
      status,
      layout(c, `${Object.keys(errors).length > 0 ? 'Error: ' : ''}Propose a new version of ${title}`),
      <ProtocolProposalPage
        protocolTitle={title}
        path={pathOf(c)}
        csrfToken={await csrfToken(c, secret!)}
        version={version}
        values={values}
        errors={errors}
        bodies={bodiesOf(c)}
      />,
    );

  return kit
    .family<AreaEnv>()
    .post('/:protocolId/agree', kit.viewer, kit.areaContent, async (c) => {
      const content = c.var.area;
      const form = await c.req.parseBody();
      if (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD]))) return notAllowed(c, EXPIRED);
      try {
        await agreeToProtocol(deps, c.var.page.principal, { areaId: content.areaId, id: c.req.param('protocolId') }, Number(form.version));
      } catch (error) {
        if (error instanceof NotAuthenticatedError || error instanceof NotPermittedError)
          return notAllowed(c, 'Only a lead of a party to this protocol can agree it.');
        if (error instanceof NotFoundError) return kit.notFound(c, error.message);
        if (error instanceof InvalidChangeError)
          return kit.render(
            c,
            409,
            layout(c, 'A new version was proposed'),
            <NotAllowedPage message="A new version of the protocol was proposed after you opened its page, so nothing was recorded. Read the new version before you agree it." />,
          );
        throw error;
      }
      setCookie(c, NOTICE_COOKIE, 'agreed', noticeCookie);
      return c.redirect(pathOf(c), 303);
    })
    .get('/:protocolId/propose', kit.viewer, kit.areaContent, async (c) => {
      const protocol = protocolOf(c);
      if (!protocol) return kit.notFound(c, `There is no protocol called ${c.req.param('protocolId')} in ${c.var.area.areaName}.`);
      const { principal } = c.var.page;
      if (!partyActingFor(principal, c.var.area.areaId, protocol.state.parties, 'propose')) {
        if (principal.kind === 'anonymous' && secret) return c.redirect(`/sign-in?return=${encodeURIComponent(c.req.path)}`, 303);
        return notAllowed(c, 'Only an editor or lead of a party to this protocol can propose a new version of it.');
      }
      const head = await headOf(c);
      const state = head?.state ?? protocol.state;
      return proposalPage(c, 200, state.title, state.version, protocolValuesOf(state), {});
    })
    .post('/:protocolId/propose', kit.viewer, kit.areaContent, async (c) => {
      const protocol = protocolOf(c);
      if (!protocol) return kit.notFound(c, `There is no protocol called ${c.req.param('protocolId')} in ${c.var.area.areaName}.`);
      const form = await c.req.parseBody({ all: true });
      if (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD]))) return notAllowed(c, EXPIRED);
      const { principal } = c.var.page;
      if (!partyActingFor(principal, c.var.area.areaId, protocol.state.parties, 'propose'))
        return notAllowed(c, 'Only an editor or lead of a party to this protocol can propose a new version of it.');
      const values = formValuesOf(form);
      const startedFrom = Number(values.version);
      // A version that is not a number is one nobody was shown: it cannot match, so the write is refused as a conflict.
      const version = Number.isInteger(startedFrom) && startedFrom > 0 ? startedFrom : 0;
      const title = protocol.state.title;
      const body = protocolBodyOf(values);
      const parsed = ProtocolBody.safeParse(body);
      if (!parsed.success) return proposalPage(c, 400, title, version, values, protocolErrorsOfIssues(body, parsed.error.issues));
      const { title: newTitle, parties, summary, reviewDate, visibility } = parsed.data;
      try {
        const decision = await proposeProtocolVersion(
          deps,
          principal,
          { areaId: c.var.area.areaId, id: protocol.id },
          { title: newTitle, parties, summary, reviewDate, visibility },
          { kind: 'version', version },
        );
        setCookie(c, NOTICE_COOKIE, decision.outcome === 'unchanged' ? 'unchanged' : 'proposed', noticeCookie);
        return c.redirect(pathOf(c), 303);
      } catch (error) {
        if (error instanceof ProblemError && error.problem === 'validation-error')
          return proposalPage(c, 400, title, version, values, protocolErrorsOfProblem((error.extensions.errors ?? []) as FieldError[]));
        if (error instanceof NotAuthenticatedError || error instanceof NotPermittedError)
          return notAllowed(c, 'Only an editor or lead of a party to this protocol can propose a new version of it.');
        if (error instanceof VersionConflictError)
          return kit.render(
            c,
            409,
            layout(c, 'Another version was proposed'),
            <NotAllowedPage message="Someone proposed another version of this protocol after you opened the form, so yours has not been recorded. Read the current version, then propose your changes to it." />,
          );
        throw error;
      }
    });
}
