/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { InvalidChangeError, NotAuthenticatedError, NotFoundError, NotPermittedError, VersionConflictError } from '@partnership-hub/domain';
import type { ProtocolState } from '@partnership-hub/events';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { type FieldError, ProblemError } from '../../problem.ts';
import { agreeToProtocol, proposeProtocolVersion } from '../../protocol-writes.ts';
import { ProtocolBody } from '../../schemas.ts';
import { NotAllowedPage } from '../components.tsx';
import type { FormErrors, FormValues } from '../form-fields.tsx';
import { type AreaEnv, FormNotSaved, NOTICE_COOKIE, type PageKit, SignedOutNotice } from '../kit.tsx';
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
    status: 200 | 400 | 403,
    title: string,
    version: number,
    values: FormValues,
    errors: FormErrors,
    notice?: Child,
  ) =>
    kit.render(
      c,
      status,
      layout(c, `${Object.keys(errors).length > 0 ? 'Error: ' : ''}Propose a new version of ${title}`),
      <>
        {notice}
        <ProtocolProposalPage
          protocolTitle={title}
          path={pathOf(c)}
          csrfToken={await csrfToken(c, secret!)}
          version={version}
          values={values}
          errors={errors}
          bodies={bodiesOf(c)}
        />
      </>,
    );

  return kit
    .family<AreaEnv>()
    .post('/:protocolId/agree', kit.viewer, kit.areaContent, async (c) => {
      const content = c.var.area;
      const form = await c.req.parseBody();
      // A lead whose session ended since the page was shown: told so, not that only a lead may agree.
      const { signedOut } = c.var.page;
      if (secret && signedOut)
        return kit.render(
          c,
          403,
          layout(c, 'You have been signed out'),
          <>
            <SignedOutNotice ended={signedOut} returnTo={pathOf(c)} next="record your agreement again" />
            <h1 class="govuk-heading-xl">{protocolOf(c)?.state.title ?? 'Agree the protocol'}</h1>
          </>,
        );
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
      const form = await c.req.parseBody({ all: true });
      const values = formValuesOf(form);
      const startedFrom = Number(values.version);
      // A version that is not a number is one nobody was shown: it cannot match, so the write is refused as a conflict.
      const version = Number.isInteger(startedFrom) && startedFrom > 0 ? startedFrom : 0;
      const { principal, signedOut } = c.var.page;
      // Sent by someone whose session ended since the form was shown: the form again, with what they
      // typed and how to sign in again, and nothing recorded. Before looking for the protocol, which
      // may be partners-only and so hidden from them now (the title is then the one they typed).
      if (secret && signedOut) {
        const title = protocol?.state.title ?? (typeof values.title === 'string' && values.title ? values.title : 'the protocol');
        return proposalPage(c, 403, title, version, values, {}, <SignedOutNotice ended={signedOut} returnTo={c.req.path} />);
      }
      if (!protocol) return kit.notFound(c, `There is no protocol called ${c.req.param('protocolId')} in ${c.var.area.areaName}.`);
      const mayPropose = partyActingFor(principal, c.var.area.areaId, protocol.state.parties, 'propose');
      if (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD]))) {
        // A party's editor whose form is from before they signed in again (in another tab): the form again, to send again.
        if (!mayPropose || !secret) return notAllowed(c, EXPIRED);
        const expired = (
          <FormNotSaved heading="The form had expired, so nothing has been saved.">
            Check what you entered, then send it again.
          </FormNotSaved>
        );
        return proposalPage(c, 403, protocol.state.title, version, values, {}, expired);
      }
      if (!mayPropose) return notAllowed(c, 'Only an editor or lead of a party to this protocol can propose a new version of it.');
      const title = protocol.state.title;
      const body = protocolBodyOf(values);
      const parsed = ProtocolBody().safeParse(body);
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
