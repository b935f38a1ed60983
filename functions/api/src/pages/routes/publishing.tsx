/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { type ContentTarget, canonicalJson, VersionConflictError } from '@partnership-hub/domain';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { CONTENT_WRITES, type FormSegment, putContent, RESERVED_ITEM_IDS, withdrawContent } from '../../content-writes.ts';
import { type FieldError, ProblemError } from '../../problem.ts';
import { splitChange, withoutReadOnly } from '../../schemas.ts';
import type { Organisation } from '../area-data.ts';
import { NotAllowedPage } from '../components.tsx';
import { itemPath, mayChangeContent, SEGMENT_WORDS } from '../content-item.tsx';
import type { FormErrors, FormValues } from '../form-fields.tsx';
import { type AreaEnv, FormNotSaved, NOTICE_COOKIE, type Notice, type PageKit, SignedOutNotice } from '../kit.tsx';
import { planPath } from '../plans.ts';
import { bodyOf, formErrorsOfIssues, formErrorsOfProblem, keptFieldsOf, valuesOf } from '../publishing-fields.ts';
import { ConflictPage, ContentFormPage, WithdrawPage } from '../publishing-pages.tsx';
import { CSRF_FIELD, csrfToken, csrfTokenMatches } from '../session.ts';

const SEGMENTS = ':segment{priorities|work-programme|plans}';
const SUBJECT_TYPES = { priorities: 'priority', 'work-programme': 'work-programme-item', plans: 'plan' } as const;

/** A form's fields as text (a file field, which these forms do not have, is dropped). */
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
 * The id a new item takes, from its title ("Review of knife crime" → review-of-knife-crime): the
 * first of stem, stem-2, stem-3... that is free in the body's log. Ids the hub's own pages use
 * (new, edit, import) count as taken, so such a title gets new-2 rather than a refusal about an id
 * the form never asked for. An item that already holds exactly this content is the same form sent
 * again (Publish pressed twice, or the page reloaded): its id is answered as a repeat, so that the
 * form publishes once, while a different item of the same title still gets an id of its own.
 */
async function newItemId(
  kit: PageKit,
  target: Omit<ContentTarget, 'id'>,
  segment: FormSegment,
  title: string,
  content: unknown,
): Promise<{ id: string; repeat: boolean }> {
  const stem =
    title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || SEGMENT_WORDS[segment].history;
  const sent = canonicalJson(content);
  // An id ever used (even by a withdrawn item) is left alone: publishing under it would revive the old item's history.
  for (let suffix = 1; ; suffix++) {
    const id = suffix === 1 ? stem : `${stem}-${suffix}`;
    if (RESERVED_ITEM_IDS.includes(id)) continue;
    const head = await kit.deps.eventLog.head({ ...target, subjectType: SUBJECT_TYPES[segment], id });
    if (!head) return { id, repeat: false };
    if (head.detailType !== CONTENT_WRITES[segment].kind.withdrawn && canonicalJson(head.state) === sent) return { id, repeat: true };
  }
}

const noticeCookie = { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 } as const;

/** How often a new item's form chooses another id after losing its id to a simultaneous publish, before it asks the person to send it again. */
const NEW_ID_ATTEMPTS = 3;

/**
 * Publishing in the browser: each body's people publish, edit and withdraw its priorities, work
 * programme items and plans with forms that work without JavaScript. The forms write through the
 * API's own code (content-writes.ts: the same schemas, checks, rules and commit); who may use them
 * is the domain's rule (authoriseContentChange) for the signed-in principal. Mounted at
 * /areas/:areaId/bodies, before the body pages (`plans/new` is a form, not a plan called "new").
 */
export function publishingPages(kit: PageKit) {
  const { deps, secret } = kit;

  const bodyOfPage = (c: Context<AreaEnv>): Organisation | undefined =>
    c.var.area.organisations.find((candidate) => candidate.id === c.req.param('organisationId'));
  const segmentOf = (c: Context<AreaEnv>) => c.req.param('segment') as FormSegment;
  const layout = (c: Context<AreaEnv>, title: string) => ({
    title,
    viewer: c.var.page.viewer,
    area: { id: c.var.area.areaId, name: c.var.area.areaName },
  });
  const pathOf = (areaId: string, organisationId: string, segment: FormSegment, id: string) =>
    segment === 'plans' ? planPath(areaId, organisationId, id) : itemPath(areaId, organisationId, segment, id);
  const planChoices = (c: Context<AreaEnv>, organisationId: string, except?: string) =>
    c.var.area.plans
      .filter((plan) => plan.organisationId === organisationId && plan.id !== except)
      .map((plan) => ({ value: plan.id, label: plan.state.title }));

  const notAllowed = (c: Context<AreaEnv>, message: string) =>
    kit.render(c, 403, layout(c, 'You cannot do this'), <NotAllowedPage message={message} />);

  /** A GET of a form: signed-out people are sent to sign in first; those of another body are refused. */
  const refuseToShow = async (c: Context<AreaEnv>, organisation: Organisation) => {
    const { principal } = c.var.page;
    if (mayChangeContent(principal, { areaId: c.var.area.areaId, organisationId: organisation.id })) return undefined;
    if (principal.kind === 'anonymous' && secret) return c.redirect(`/sign-in?return=${encodeURIComponent(c.req.path)}`, 303);
    return notAllowed(c, `Only the people of ${organisation.state.name} can change its content.`);
  };

  /**
   * A POST: the form's values when its CSRF token holds and the domain's rule allows the sender.
   * Otherwise nothing is written (a forged form changes nothing), and the answer is a 403 that
   * depends on who sent it. Someone whose session ended since the form was shown gets the form back
   * with what they typed and how to sign in again; one of the body's people whose token no longer
   * holds (a form from before they signed in again, in another tab) gets it back to send again;
   * anyone else is refused.
   */
  const acceptPost = async (c: Context<AreaEnv>, organisation: Organisation): Promise<Response | FormValues> => {
    const form = await c.req.parseBody({ all: true });
    const values = formValuesOf(form);
    const { principal, signedOut } = c.var.page;
    const mayChange = mayChangeContent(principal, { areaId: c.var.area.areaId, organisationId: organisation.id });
    const tokenHolds = secret !== undefined && (await csrfTokenMatches(c, secret, form[CSRF_FIELD]));
    if (mayChange && tokenHolds) return values;
    const withdrawing = c.req.path.endsWith('/withdraw');
    if (secret && signedOut && !mayChange) {
      const notice = <SignedOutNotice ended={signedOut} returnTo={c.req.path} {...(withdrawing ? { next: 'withdraw it again' } : {})} />;
      return shownAgain(c, organisation, values, notice);
    }
    // The withdraw confirmation has nothing typed to keep: reloading it is as quick.
    if (mayChange && !withdrawing)
      return shownAgain(
        c,
        organisation,
        values,
        <FormNotSaved heading="The form had expired, so nothing has been saved.">Check what you entered, then send it again.</FormNotSaved>,
      );
    if (!tokenHolds) return notAllowed(c, 'The form had expired or did not come from this hub. Go back, reload the page and try again.');
    return notAllowed(c, `Only the people of ${organisation.state.name} can change its content.`);
  };

  /**
   * The form that was sent, with `notice` above it and what was typed in it; an edit keeps the
   * version it started from, so a change made meanwhile is still caught. Nothing is read from the
   * log: the sender may now see public content only.
   */
  const shownAgain = (c: Context<AreaEnv>, organisation: Organisation, values: FormValues, notice: Child) => {
    if (c.req.path.endsWith('/withdraw')) {
      const heading = `Withdraw ${SEGMENT_WORDS[segmentOf(c)].theOne}`;
      return kit.render(
        c,
        403,
        layout(c, heading),
        <>
          {notice}
          <h1 class="govuk-heading-xl">{heading}</h1>
        </>,
      );
    }
    const id = c.req.param('id');
    const version = Number(values.version);
    const editing =
      id === undefined
        ? undefined
        : {
            id,
            // The title typed, for the back link: the item's own may be partners-only.
            title: typeof values.title === 'string' && values.title.trim() ? values.title : id,
            version: Number.isInteger(version) && version > 0 ? version : 0,
          };
    return formPage(c, 403, organisation, values, {}, editing, notice);
  };

  const formPage = async (
    c: Context<AreaEnv>,
    status: 200 | 400 | 403 | 409,
    organisation: Organisation,
    values: FormValues,
    errors: FormErrors,
    editing?: { id: string; title: string; version: number },
    notice?: Child,
  ) => {
    const segment = segmentOf(c);
    const { areaId } = c.var.area;
    const words = SEGMENT_WORDS[segment];
    const heading = editing ? `Edit ${words.theOne}` : words.publish;
    const path = editing ? pathOf(areaId, organisation.id, segment, editing.id) : undefined;
    return kit.render(
      c,
      status,
      layout(c, Object.keys(errors).length > 0 ? `Error: ${heading}` : heading),
      <>
        {notice}
        <ContentFormPage
          segment={segment}
          content={c.var.area}
          organisation={organisation}
          action={c.req.path}
          csrfToken={await csrfToken(c, secret!)}
          values={values}
          errors={errors}
          plans={planChoices(c, organisation.id, segment === 'plans' ? editing?.id : undefined)}
          {...(editing && path ? { editing: { title: editing.title, version: editing.version, path } } : {})}
        />
      </>,
    );
  };

  /**
   * Validates with the API's schema, then writes through the API's code. Answers the page to
   * show: the form again with its errors, the conflict, or a redirect to the item with a notice.
   * A new item (no `editing`) has its id chosen here, from the title it was sent with.
   */
  const write = async (
    c: Context<AreaEnv>,
    organisation: Organisation,
    values: FormValues,
    editing?: { id: string; title: string; version: number; kept: Record<string, unknown> },
  ) => {
    const segment = segmentOf(c);
    const spec = CONTENT_WRITES[segment];
    const { areaId } = c.var.area;
    const again = (errors: FormErrors) => formPage(c, 400, organisation, values, errors, editing);
    // With each issue's input, so that a field left empty is asked for and one filled in wrongly is
    // told what is wrong (zod leaves the input out of its issues otherwise).
    const parsed = spec.body().safeParse(bodyOf(segment, values, editing?.kept), { reportInput: true });
    if (!parsed.success) return again(formErrorsOfIssues(segment, parsed.error.issues));
    const published = (id: string) => {
      setCookie(c, NOTICE_COOKIE, 'published', noticeCookie);
      return c.redirect(pathOf(areaId, organisation.id, segment, id), 303);
    };
    const id = editing?.id;
    const target = (id: string) => ({ areaId, organisationId: organisation.id, id });
    try {
      if (id === undefined) {
        // A new item is written only where nothing is (If-None-Match: *): an id taken between the
        // choosing and the write (someone else publishing the same title at the same instant) is
        // refused, and the next free one chosen, rather than the other item revised.
        for (let attempt = 1; attempt <= NEW_ID_ATTEMPTS; attempt++) {
          const chosen = await newItemId(
            kit,
            { areaId, organisationId: organisation.id },
            segment,
            (parsed.data as { title: string }).title,
            // The content as the write would record it, to tell the same form sent again from a new item.
            withoutReadOnly(splitChange(parsed.data as object).content),
          );
          if (chosen.repeat) return published(chosen.id);
          try {
            await putContent(deps, spec, c.var.page.principal, target(chosen.id), parsed.data, { kind: 'absent' });
            return published(chosen.id);
          } catch (error) {
            if (!(error instanceof VersionConflictError)) throw error;
          }
        }
        return formPage(c, 409, organisation, values, {
          title: 'Others published items with this title at the same moment, so yours has not been published yet: publish it again',
        });
      }
      const decision = await putContent(deps, spec, c.var.page.principal, target(id), parsed.data, {
        kind: 'version',
        version: editing!.version,
      });
      const notice: Notice = decision.outcome === 'unchanged' ? 'unchanged' : 'saved';
      setCookie(c, NOTICE_COOKIE, notice, noticeCookie);
      return c.redirect(pathOf(areaId, organisation.id, segment, id), 303);
    } catch (error) {
      if (error instanceof ProblemError && error.problem === 'validation-error')
        return again(formErrorsOfProblem(segment, (error.extensions.errors ?? []) as FieldError[]));
      if (error instanceof VersionConflictError && id !== undefined) {
        const head = await deps.eventLog.head<Record<string, unknown>>({ ...target(id), subjectType: SUBJECT_TYPES[segment] });
        const live = head && head.detailType !== spec.kind.withdrawn ? head : undefined;
        // The item already holds exactly what was sent: this is the same form sent again (Save
        // pressed twice, or the page reloaded) after its first sending was saved. The browser shows
        // the answer to the last press, which is then the saved item, not a conflict with itself.
        if (live && canonicalJson(live.state) === canonicalJson(withoutReadOnly(splitChange(parsed.data as object).content))) {
          setCookie(c, NOTICE_COOKIE, 'saved', noticeCookie);
          return c.redirect(pathOf(areaId, organisation.id, segment, id), 303);
        }
        const { version: _version, ...theirs } = values;
        return kit.render(
          c,
          409,
          layout(c, `Someone else changed this ${SEGMENT_WORDS[segment].one}`),
          <ConflictPage
            segment={segment}
            action={c.req.path}
            csrfToken={await csrfToken(c, secret!)}
            theirs={theirs}
            current={live ? valuesOf(segment, live.state) : undefined}
            currentVersion={live?.version}
            path={pathOf(areaId, organisation.id, segment, id)}
          />,
        );
      }
      throw error;
    }
  };

  /** The item as the log holds it now (read consistently: the form edits what is current, not a view that may lag). */
  const liveHead = async (c: Context<AreaEnv>, organisation: Organisation) => {
    const segment = segmentOf(c);
    const head = await deps.eventLog.head<Record<string, unknown>>({
      areaId: c.var.area.areaId,
      organisationId: organisation.id,
      subjectType: SUBJECT_TYPES[segment],
      id: c.req.param('id')!,
    });
    return head && head.detailType !== CONTENT_WRITES[segment].kind.withdrawn ? head : undefined;
  };

  return kit
    .family<AreaEnv>()
    .get(`/:organisationId/${SEGMENTS}/new`, kit.viewer, kit.areaContent, async (c) => {
      const organisation = bodyOfPage(c);
      if (!organisation) return kit.notFound(c);
      const refused = await refuseToShow(c, organisation);
      if (refused) return refused;
      return formPage(
        c,
        200,
        organisation,
        { visibility: 'public', ...(segmentOf(c) === 'plans' ? {} : { status: segmentOf(c) === 'priorities' ? 'active' : 'planned' }) },
        {},
      );
    })
    .post(`/:organisationId/${SEGMENTS}/new`, kit.viewer, kit.areaContent, async (c) => {
      const organisation = bodyOfPage(c);
      if (!organisation) return kit.notFound(c);
      const values = await acceptPost(c, organisation);
      if (values instanceof Response) return values;
      return write(c, organisation, values);
    })
    .get(`/:organisationId/${SEGMENTS}/:id/edit`, kit.viewer, kit.areaContent, async (c) => {
      const organisation = bodyOfPage(c);
      if (!organisation) return kit.notFound(c);
      const refused = await refuseToShow(c, organisation);
      if (refused) return refused;
      const head = await liveHead(c, organisation);
      if (!head) return kit.notFound(c, `There is no ${SEGMENT_WORDS[segmentOf(c)].one} called ${c.req.param('id')} here.`);
      return formPage(
        c,
        200,
        organisation,
        valuesOf(segmentOf(c), head.state),
        {},
        {
          id: c.req.param('id'),
          title: String(head.state.title),
          version: head.version,
        },
      );
    })
    .post(`/:organisationId/${SEGMENTS}/:id/edit`, kit.viewer, kit.areaContent, async (c) => {
      const organisation = bodyOfPage(c);
      if (!organisation) return kit.notFound(c);
      const values = await acceptPost(c, organisation);
      if (values instanceof Response) return values;
      const head = await liveHead(c, organisation);
      if (!head) return kit.notFound(c, `There is no ${SEGMENT_WORDS[segmentOf(c)].one} called ${c.req.param('id')} here.`);
      const version = Number(values.version);
      return write(c, organisation, values, {
        id: c.req.param('id'),
        title: String(head.state.title),
        // A version that is not a number is one nobody was shown: it cannot match, so the conflict page says what is current.
        version: Number.isInteger(version) && version > 0 ? version : 0,
        kept: keptFieldsOf(segmentOf(c), head.state),
      });
    })
    .get(`/:organisationId/${SEGMENTS}/:id/withdraw`, kit.viewer, kit.areaContent, async (c) => {
      const organisation = bodyOfPage(c);
      if (!organisation) return kit.notFound(c);
      const refused = await refuseToShow(c, organisation);
      if (refused) return refused;
      const head = await liveHead(c, organisation);
      if (!head) return kit.notFound(c, `There is no ${SEGMENT_WORDS[segmentOf(c)].one} called ${c.req.param('id')} here.`);
      const title = String(head.state.title);
      return kit.render(
        c,
        200,
        layout(c, `Withdraw “${title}”`),
        <WithdrawPage
          segment={segmentOf(c)}
          title={title}
          path={pathOf(c.var.area.areaId, organisation.id, segmentOf(c), c.req.param('id'))}
          csrfToken={await csrfToken(c, secret!)}
          version={head.version}
        />,
      );
    })
    .post(`/:organisationId/${SEGMENTS}/:id/withdraw`, kit.viewer, kit.areaContent, async (c) => {
      const organisation = bodyOfPage(c);
      if (!organisation) return kit.notFound(c);
      const values = await acceptPost(c, organisation);
      if (values instanceof Response) return values;
      const segment = segmentOf(c);
      const { areaId } = c.var.area;
      const id = c.req.param('id');
      const version = Number(values.version);
      try {
        await withdrawContent(
          deps,
          CONTENT_WRITES[segment],
          c.var.page.principal,
          { areaId, organisationId: organisation.id, id },
          // As on the edit form: a version that is not a number is one nobody was shown, so it cannot match.
          { kind: 'version', version: Number.isInteger(version) && version > 0 ? version : 0 },
        );
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        return kit.render(
          c,
          409,
          layout(c, `Someone else changed this ${SEGMENT_WORDS[segment].one}`),
          <NotAllowedPage
            message={`Someone else changed or withdrew it after you opened the confirmation page, so it has not been withdrawn. Look at it again before you decide.`}
          />,
        );
      }
      setCookie(c, NOTICE_COOKIE, 'withdrawn', noticeCookie);
      return c.redirect(`/areas/${areaId}/bodies/${organisation.id}#${segment === 'plans' ? 'priorities' : segment}`, 303);
    });
}
