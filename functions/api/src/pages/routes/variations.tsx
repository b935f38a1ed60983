/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import {
  type AnyStepInput,
  authoriseVariationStep,
  DomainError,
  londonDate,
  NotAuthenticatedError,
  NotPermittedError,
  type Principal,
} from '@partnership-hub/domain';
import { VARIATION_STEPS, type VariationStep, VariationStepInputs } from '@partnership-hub/events';
import type { Context } from 'hono';
import * as z from 'zod/mini';
import { namesOf, recordVariationStep, variationResponse } from '../../routes/plan-variations.ts';
import { splitChange } from '../../schemas.ts';
import { currentIn } from '../area-data.ts';
import { type AreaEnv, allowed, type PageKit, type SessionEnd, SignedOutNotice } from '../kit.tsx';
import { CSRF_FIELD, csrfToken, csrfTokenMatches } from '../session.ts';
import { SentStepForm, VariationPage, variationPath } from '../variation-page.tsx';

/** The fields of a step's form as the step's own schema reads them; undefined where the form says nothing. */
function stepFields(step: VariationStep, form: Record<string, unknown>): Record<string, unknown> {
  const text = (name: string) => (typeof form[name] === 'string' && form[name] !== '' ? String(form[name]) : undefined);
  const effectiveDate = text('effectiveDate');
  const dated = effectiveDate ? { effectiveDate } : {};
  switch (step) {
    case 'sent-to-panel':
      return { responseDueDate: text('responseDueDate'), ...dated };
    case 'panel-report':
      return {
        summary: text('summary'),
        recommendations: (text('recommendations') ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '')
          .map((title) => ({ title })),
        ...dated,
      };
    case 'pcc-response': {
      const responses = [];
      for (let position = 1; text(`response-${position}`) !== undefined || text(`outcome-${position}`) !== undefined; position++) {
        const outcome = text(`outcome-${position}`);
        responses.push({ text: text(`response-${position}`), ...(outcome ? { outcome } : {}) });
      }
      return { text: text('text'), responses, ...dated };
    }
    default:
      return dated;
  }
}

/** The step form's field a schema's issue is about: `responses[0].text` is the form's `response-1`. */
function fieldOf(path: readonly PropertyKey[]): string {
  const [first, index, inner] = path.map(String);
  if (first === 'responses' && index !== undefined) return `${inner === 'outcome' ? 'outcome' : 'response'}-${Number(index) + 1}`;
  return first ?? '';
}

/** The words a problem with each of the step form's fields starts with. */
const FIELD_WORDS: Record<string, string> = {
  responseDueDate: "The panel's report due date",
  summary: "The panel's report",
  recommendations: 'Recommendations',
  text: 'The response to the report',
  response: 'The response to a recommendation',
  outcome: 'The outcome of a recommendation',
  effectiveDate: 'When it happened',
};

/**
 * A plan variation's page, and the form its bodies record the next step with. Mounted at
 * /areas/:areaId/bodies/:organisationId/plans/:planId/variations.
 */
export function variationPages(kit: PageKit) {
  const show = async (
    c: Context<AreaEnv>,
    status: 200 | 400 | 403,
    error?: string,
    refused?: { values: Record<string, string>; field: string },
    /** Its sender's session ended since the form was shown: how it ended, and the step they sent. */
    signedOut?: { ended: SessionEnd; step: VariationStep },
  ) => {
    const content = c.var.area;
    const organisationId = c.req.param('organisationId') ?? '';
    const planId = c.req.param('planId') ?? '';
    const id = c.req.param('variationId') ?? '';
    // The variation and its plan as their last accepted writes leave them (currentIn): a step's form
    // sends its sender here the moment the step is recorded, before the projector may have stored it.
    const [record, plan] = await Promise.all([
      kit.deps.eventLog.current({ areaId: content.areaId, subjectType: 'plan-variation', organisationId, id }),
      currentIn(kit.deps, content, { subjectType: 'plan', organisationId, id: planId }),
    ]);
    if (!record || !plan || record.state.planId !== planId || (record.state.visibility === 'partners' && content.audience !== 'partners')) {
      // Signed out since, from a variation now hidden from them (partners-only): the step's form as they
      // typed it, and nothing of the variation's, so that the answer is the same as where there is none.
      if (signedOut && kit.secret) {
        const path = variationPath(content.areaId, organisationId, planId, id);
        return kit.render(
          c,
          403,
          { title: 'You have been signed out', viewer: c.var.page.viewer, area: { id: content.areaId, name: content.areaName } },
          <>
            <SignedOutNotice ended={signedOut.ended} returnTo={path} />
            <SentStepForm base={path} step={signedOut.step} csrfToken={await csrfToken(c, kit.secret)} values={refused?.values ?? {}} />
          </>,
        );
      }
      return kit.notFound(c, `There is no variation called ${id} of this plan.`);
    }
    const variation = variationResponse(record, content.audience, await namesOf(kit.deps, content.areaId), londonDate(kit.deps.clock()));
    const principal: Principal = c.var.page.principal;
    const token = c.var.page.viewer.csrfToken;
    const target = { areaId: content.areaId, organisationId, id };
    const next = variation.nextStep;
    // The next step; and once the panel's date has passed with no report, the panel may still report.
    const candidates: VariationStep[] = next ? [next.step, ...(next.deadlinePassed ? (['panel-report'] as const) : [])] : [];
    const steps = candidates.filter((step) => allowed(() => authoriseVariationStep(principal, record.state, step, target)));
    // Signed out since: the step's form again, with what they typed, to send once signed in again.
    const forms =
      token && steps.length > 0
        ? { csrfToken: token, steps }
        : signedOut && kit.secret && candidates.includes(signedOut.step)
          ? { csrfToken: await csrfToken(c, kit.secret), steps: [signedOut.step] }
          : undefined;
    return kit.render(
      c,
      status,
      {
        title: `${error ? 'Error: ' : ''}${variation.title}`,
        viewer: c.var.page.viewer,
        area: { id: content.areaId, name: content.areaName },
      },
      <>
        {signedOut ? (
          <SignedOutNotice ended={signedOut.ended} returnTo={variationPath(content.areaId, organisationId, planId, id)} />
        ) : null}
        <VariationPage
          content={content}
          variation={variation}
          planTitle={plan.state.title}
          nameOf={(body) => content.organisations.find((organisation) => organisation.id === body)?.state.name ?? body}
          forms={forms}
          error={error}
          refused={refused}
        />
      </>,
    );
  };

  const record = async (c: Context<AreaEnv>) => {
    const step = c.req.param('step') as VariationStep;
    if (!VARIATION_STEPS.includes(step)) return kit.notFound(c, `There is no step called ${step}.`);
    const form = await c.req.parseBody();
    // Shown again as sent when it is refused, with the first problem named by its field's label and linked to it.
    const values = Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    // Its sender's session ended since the form was shown: nothing is recorded, and they are told why and how to carry on.
    const { signedOut } = c.var.page;
    if (kit.secret && signedOut) return show(c, 403, undefined, { values, field: '' }, { ended: signedOut, step });
    if (!kit.secret || !(await csrfTokenMatches(c, kit.secret, form[CSRF_FIELD])))
      return show(c, 400, 'The form had expired. Send it again', { values, field: '' });
    const areaId = c.var.area.areaId;
    const organisationId = c.req.param('organisationId') ?? '';
    const planId = c.req.param('planId') ?? '';
    const id = c.req.param('variationId') ?? '';
    const parsed = z
      .extend(VariationStepInputs()[step], { effectiveDate: z.optional(VariationStepInputs()['sent-to-panel'].shape.responseDueDate) })
      .safeParse(stepFields(step, form));
    if (!parsed.success) {
      const field = fieldOf(parsed.error.issues[0]?.path ?? []);
      return show(c, 400, `${FIELD_WORDS[field.replace(/-\d+$/, '')] ?? 'The form'} ${parsed.error.issues[0]?.message ?? ''}`, {
        values,
        field,
      });
    }
    const { content, change } = splitChange(parsed.data);
    try {
      await recordVariationStep(
        kit.deps,
        c.var.page.principal,
        { areaId, organisationId, id },
        planId,
        { step, input: content } as AnyStepInput,
        change,
      );
    } catch (error) {
      // The wrong body (or nobody) is refused as the API refuses it: 403, the page saying who may record the step.
      if (error instanceof NotAuthenticatedError || error instanceof NotPermittedError) return show(c, 403, error.message);
      if (error instanceof DomainError) return show(c, 400, error.message, { values, field: '' });
      throw error;
    }
    return c.redirect(variationPath(areaId, organisationId, planId, id), 303);
  };

  return kit
    .family<AreaEnv>()
    .get('/:variationId', kit.viewer, kit.areaContent, (c) => show(c, 200))
    .post('/:variationId/steps/:step', kit.viewer, kit.areaContent, record);
}
