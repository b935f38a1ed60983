/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import {
  authoriseRequestClose,
  authoriseRequestResponse,
  authoriseRequestUpdate,
  DomainError,
  decideRequestClose,
  decideRequestResponse,
  decideRequestUpdate,
  londonDate,
  NotPermittedError,
  type Principal,
  trackerRowsAsOf,
} from '@partnership-hub/domain';
import { parse } from '@partnership-hub/events';
import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { decideStep, matchesRequestFilters, type RequestFilters, requestResponse } from '../../routes/requests.ts';
import { RequestQuery, RequestResponseBody, RequestUpdateBody } from '../../schemas.ts';
import { loadTrackerContent, nameOfIn } from '../area-data.ts';
import { TextArea } from '../form-fields.tsx';
import { type AreaEnv, allowed, type PageKit, type SessionEnd, SignedOutNotice, type ViewerEnv } from '../kit.tsx';
import { CSRF_FIELD, csrfToken, csrfTokenMatches } from '../session.ts';
import { type RequestActions, RequestPage, type SentStep, type TrackerError, TrackerPage, trackerPageOf } from '../tracker-pages.tsx';

/** The words for a filter the tracker cannot use, in the filter form's order (`organisation`, which has no control, last). */
const FILTER_ERRORS: Record<keyof RequestFilters, string> = {
  from: 'Choose the body that asked from the list',
  to: 'Choose the body asked from the list',
  kind: 'Choose a kind of request from the list',
  status: 'Choose a status from the list',
  theme: 'Choose a theme from the list',
  organisation: 'Choose a body of the area',
};

/**
 * The tracker's filters from its query string, as the overview reads its own: each filter that
 * cannot be used (not on its list, or a body that is not the area's) is told of and left out, and
 * the others still apply. An empty one is "Any", as the form sends it.
 */
function trackerFiltersOf(
  query: Record<string, string | undefined>,
  bodyIds: string[],
): { filters: RequestFilters; errors: TrackerError[] } {
  const fields = Object.keys(FILTER_ERRORS) as (keyof RequestFilters)[];
  const given = Object.fromEntries(fields.flatMap((field) => (query[field]?.trim() ? [[field, query[field].trim()]] : [])));
  const bad = new Set(
    RequestQuery()
      .safeParse(given)
      .error?.issues.map((issue) => issue.path[0]),
  );
  const filters: RequestFilters = parse(RequestQuery(), Object.fromEntries(Object.entries(given).filter(([field]) => !bad.has(field))));
  for (const field of ['from', 'to', 'organisation'] as const)
    if (filters[field] !== undefined && !bodyIds.includes(filters[field])) {
      bad.add(field);
      delete filters[field];
    }
  return { filters, errors: fields.filter((field) => bad.has(field)).map((field) => ({ field, message: FILTER_ERRORS[field] })) };
}

/**
 * The tracker, mounted at /areas/:areaId/tracker. Filters are plain GET parameters; one that cannot
 * be used is a 400 saying which, with the others applied (trackerFiltersOf). It lists
 * REQUESTS_PER_PAGE at a time (`page`), or every one with `page=all`; a page that is not there is a
 * 400 naming the pages there are, showing the first.
 */
export function trackerPages(kit: PageKit) {
  return kit.family<ViewerEnv>().get('/', kit.viewer, async (c) => {
    const areaId = c.req.param('areaId')!;
    // Only the bodies and the tracker's stored list: the whole area's content would be most of the page's time.
    const content = await loadTrackerContent(kit.deps, areaId, c.var.page.audience);
    if (!content) return kit.notFound(c, `There is no area called ${areaId} on this hub.`);
    const { filters, errors } = trackerFiltersOf(
      c.req.query(),
      content.organisations.map((organisation) => organisation.id),
    );
    const requests = trackerRowsAsOf(content.rows, londonDate(kit.deps.clock())).filter((row) => matchesRequestFilters(row, filters));
    const { page, error } = trackerPageOf(c.req.query('page'), requests.length);
    if (error) errors.push({ field: 'page', message: error });
    return kit.render(
      c,
      errors.length > 0 ? 400 : 200,
      {
        title: `${errors.length > 0 ? 'Error: ' : ''}Requests tracker`,
        viewer: c.var.page.viewer,
        area: { id: content.areaId, name: content.areaName },
      },
      <TrackerPage content={content} requests={requests} filters={filters} nameOf={nameOfIn(content)} page={page} errors={errors} />,
    );
  });
}

/**
 * Each request's page, and the forms its bodies answer and update it with (JavaScript off works:
 * each form posts, the step is recorded, the page is shown again). Mounted at /areas/:areaId/requests.
 */
export function requestPages(kit: PageKit) {
  const show = async (c: Context<AreaEnv>, status: 200 | 400 | 403, error?: string, sent?: SentStep, signedOut?: SessionEnd) => {
    const content = c.var.area;
    const id = c.req.param('requestId') ?? '';
    // As its last accepted write leaves it (see currentIn): each form sends its sender back here the
    // moment their step is recorded, before the projector may have stored it.
    const record = await kit.deps.eventLog.current({ areaId: content.areaId, subjectType: 'request', organisationId: null, id });
    if (!record || (record.state.visibility === 'partners' && content.audience !== 'partners')) {
      // Signed out since, from a request now hidden from them (partners-only): what they wrote, to copy, and nothing of the request's.
      if (signedOut && sent)
        return kit.render(
          c,
          403,
          { title: 'You have been signed out', viewer: c.var.page.viewer, area: { id: content.areaId, name: content.areaName } },
          <>
            <SignedOutNotice ended={signedOut} returnTo={`/areas/${content.areaId}/requests/${id}`} />
            <h1 class="govuk-heading-l">{sent.form === 'update' ? 'Your update' : 'Your response'}</h1>
            <TextArea name="text" id="sent-text" label="What you wrote: copy it if you want to keep it" value={sent.text} />
          </>,
        );
      return kit.notFound(c, `There is no request called ${id} in ${content.areaName}.`);
    }
    const request = requestResponse(record, londonDate(kit.deps.clock()));
    const principal: Principal = c.var.page.principal;
    const token = c.var.page.viewer.csrfToken;
    const actions: RequestActions | undefined = token
      ? {
          csrfToken: token,
          respond: allowed(() => authoriseRequestResponse(principal, content.areaId, record.state, id)),
          update: allowed(() => authoriseRequestUpdate(principal, content.areaId, record.state, id)),
          close: allowed(() => authoriseRequestClose(principal, content.areaId, record.state, id)),
        }
      : // Signed out since the form was shown: that form again, with what they wrote, to send once signed in again.
        signedOut && sent && kit.secret
        ? { csrfToken: await csrfToken(c, kit.secret), respond: sent.form === 'respond', update: sent.form === 'update', close: false }
        : undefined;
    return kit.render(
      c,
      status,
      {
        title: `${error ? 'Error: ' : ''}${request.title}`,
        viewer: c.var.page.viewer,
        area: { id: content.areaId, name: content.areaName },
      },
      <>
        {signedOut ? <SignedOutNotice ended={signedOut} returnTo={`/areas/${content.areaId}/requests/${id}`} /> : null}
        <RequestPage content={content} request={request} nameOf={nameOfIn(content)} actions={actions} error={error} sent={sent} />
      </>,
    );
  };

  /** A form's step: the CSRF token checked, the fields validated, the step decided by the domain's rules for this principal. */
  const step = (kind: 'respond' | 'update' | 'close') => async (c: Context<AreaEnv>) => {
    const form = await c.req.parseBody();
    const text = typeof form.text === 'string' ? form.text : '';
    const choice = (name: string) => (typeof form[name] === 'string' && form[name] !== '' ? form[name] : undefined);
    // A step refused is shown again with what was sent, and the schema's words for what is wrong.
    const sent: SentStep | undefined =
      kind === 'close' ? undefined : { form: kind, text, choice: choice(kind === 'respond' ? 'outcome' : 'status') };
    // Its sender's session ended since the form was shown: nothing is recorded, and they are told why and how to carry on.
    const { signedOut } = c.var.page;
    if (kit.secret && signedOut) return show(c, 403, undefined, sent, signedOut);
    if (!kit.secret || !(await csrfTokenMatches(c, kit.secret, form[CSRF_FIELD])))
      return show(c, 400, 'The form had expired. Send it again', sent);
    const areaId = c.var.area.areaId;
    const id = c.req.param('requestId') ?? '';
    const target = { areaId, id };
    const principal = c.var.page.principal;
    const today = londonDate(kit.deps.clock());
    const refused = (issues: readonly z.core.$ZodIssue[], labels: { text: string; choice: string }, missing: string) => {
      const [issue] = issues;
      const field = issue?.path[0] === 'text' ? 'text' : 'choice';
      return show(c, 400, field === 'text' && text.trim() === '' ? missing : `${labels[field]} ${issue?.message ?? ''}`, sent);
    };
    try {
      if (kind === 'close') {
        await decideStep(
          kit.deps,
          target,
          principal,
          (state) => authoriseRequestClose(principal, areaId, state, id),
          (head, by, context) => decideRequestClose(head, {}, by, target, context, today),
        );
      } else if (kind === 'respond') {
        const body = RequestResponseBody().safeParse({ text, ...(choice('outcome') ? { outcome: choice('outcome') } : {}) });
        if (!body.success) return refused(body.error.issues, { text: 'Your response', choice: 'Outcome' }, 'Enter your response');
        await decideStep(
          kit.deps,
          target,
          principal,
          (state) => {
            if (body.data.outcome && state.kind !== 'recommendation') throw new DomainError('Only recommendations take an outcome');
            return authoriseRequestResponse(principal, areaId, state, id);
          },
          (head, by, context) => decideRequestResponse(head, body.data, by, target, context, today),
        );
      } else {
        const body = RequestUpdateBody().safeParse({ text, ...(choice('status') ? { status: choice('status') } : {}) });
        if (!body.success) return refused(body.error.issues, { text: 'Progress', choice: 'Status' }, 'Enter the progress to report');
        await decideStep(
          kit.deps,
          target,
          principal,
          (state) => authoriseRequestUpdate(principal, areaId, state, id),
          (head, by, context) => decideRequestUpdate(head, body.data, by, target, context, today),
        );
      }
    } catch (error) {
      // Not theirs to take (another body's request): 403, as the API answers; other refusals are the form's.
      if (error instanceof NotPermittedError) return show(c, 403, error.message, sent);
      if (error instanceof DomainError) return show(c, 400, error.message, sent);
      throw error;
    }
    return c.redirect(`/areas/${areaId}/requests/${id}`, 303);
  };

  return kit
    .family<AreaEnv>()
    .get('/:requestId', kit.viewer, kit.areaContent, (c) => show(c, 200))
    .post('/:requestId/respond', kit.viewer, kit.areaContent, step('respond'))
    .post('/:requestId/update', kit.viewer, kit.areaContent, step('update'))
    .post('/:requestId/close', kit.viewer, kit.areaContent, step('close'));
}
