import {
  buildEvent,
  effectiveFrom,
  type PlanState,
  type RecordedVariationStep,
  type RequestContent,
  type VariationContent,
  type VariationState,
  type VariationStep,
  type VariationStepInput,
} from '@partnership-hub/events';
import { authoriseContentChange, type BodyPrincipal, type ConnectorPrincipal, type Principal } from './authorisation.ts';
import { canonicalJson } from './canonical.ts';
import type { Decision } from './content.ts';
import type { CommandContext, StreamHead } from './context.ts';
import { InvalidChangeError, NotFoundError, NotPermittedError } from './errors.ts';
import { londonDate } from './in-force.ts';

/**
 * Varying a Police and Crime Plan: the PCC starts a variation of one of its plans, then the
 * statutory steps are recorded in order, each once. Pure: the clock is the command context's,
 * and nothing here reads or writes anything.
 */

export interface VariationTarget {
  areaId: string;
  /** The PCC whose plan it varies: the variation is its content. */
  organisationId: string;
  id: string;
}

/** The stream a variation's events are in: the PCC's. */
export const variationRef = (target: VariationTarget) => ({
  areaId: target.areaId,
  subjectType: 'plan-variation' as const,
  organisationId: target.organisationId,
  id: target.id,
});

/** What a step says, as sent (its date and source travel in the command context). */
export type AnyStepInput = { [S in VariationStep]: { step: S; input: VariationStepInput<S> } }[VariationStep];

/** The steps each step needs first. `published` has its own rule (see `publishedProblem`). */
const NEEDS: Record<Exclude<VariationStep, 'published'>, VariationStep | undefined> = {
  'chief-constable-consulted': undefined,
  'sent-to-panel': 'chief-constable-consulted',
  'panel-report': 'sent-to-panel',
  'pcc-response': 'panel-report',
};

/** A step in words, for problems and pages. */
export const STEP_WORDS: Record<VariationStep, string> = {
  'chief-constable-consulted': 'the chief constable consulted',
  'sent-to-panel': 'sent to the panel',
  'panel-report': "the panel's report",
  'pcc-response': "the PCC's response to the panel's report",
  published: 'published',
};

/** The body whose step it is: the panel reports; every other step is the PCC's. */
export const stepOwner = (state: Pick<VariationState, 'panel'>, step: VariationStep, pcc: string): string =>
  step === 'panel-report' ? state.panel : pcc;

/** Starting a variation: the PCC's key or its editors, as for any of its content. */
export function authoriseVariationStart(principal: Principal, target: Omit<VariationTarget, 'id'>): BodyPrincipal {
  return notAConnector(authoriseContentChange(principal, target));
}

/** A connector may write its mapped bodies' meetings; the statutory steps are never an import's. */
function notAConnector(caller: BodyPrincipal | ConnectorPrincipal): BodyPrincipal {
  if (caller.kind === 'connector')
    throw new NotPermittedError(`The ${caller.name} imports meetings; it takes no step of a plan variation.`);
  return caller;
}

/** Recording a step: only the body whose step it is (the panel for its report, the PCC for the rest), by its key or its editors. */
export function authoriseVariationStep(
  principal: Principal,
  state: VariationState,
  step: VariationStep,
  target: VariationTarget,
): BodyPrincipal {
  const owner = stepOwner(state, step, target.organisationId);
  try {
    return notAConnector(authoriseContentChange(principal, { areaId: target.areaId, organisationId: owner }));
  } catch (error) {
    if (!(error instanceof NotPermittedError)) throw error;
    const who = owner === state.panel ? `${owner}, the panel,` : `${owner}, the PCC,`;
    throw new NotPermittedError(`Only ${who} records "${step}" (${STEP_WORDS[step]}) on variation ${target.id}. ${error.message}`);
  }
}

export function requireVariation(head: StreamHead<VariationState> | undefined, target: VariationTarget): StreamHead<VariationState> {
  if (!head) throw new NotFoundError(`Variation ${target.id} of ${target.organisationId} does not exist in ${target.areaId}.`);
  return head;
}

/** The day a step happened: the effective date the writer gave (a year or month counts from its first day), else the command's day in London. */
const stepDay = (context: CommandContext) =>
  context.change?.effectiveDate !== undefined ? effectiveFrom(context.change.effectiveDate) : londonDate(new Date(context.occurredAt));

/**
 * Starts a variation of `planId`, scrutinised by `panel`. A start with an id already taken is
 * refused (ids are the hub's to give), and so is a public variation of a partners-only plan: the
 * public would see a variation (in calendars, feeds and alerts) of a plan they cannot see.
 */
export function decideVariationStart(
  head: StreamHead<VariationState> | undefined,
  content: VariationContent,
  plan: { planId: string; panel: string; visibility: PlanState['visibility'] },
  target: VariationTarget,
  context: CommandContext,
): Decision {
  if (head) throw new InvalidChangeError(`Variation ${target.id} of ${target.organisationId} already exists.`);
  if (plan.visibility === 'partners' && content.visibility === 'public')
    throw new InvalidChangeError(
      `Plan ${plan.planId} of ${target.organisationId} is shared with partners only, so a variation of it must be too: send "visibility": "partners".`,
    );
  const state: VariationState = { ...content, planId: plan.planId, panel: plan.panel, startedOn: stepDay(context), steps: [] };
  return {
    outcome: 'created',
    version: 1,
    event: buildEvent('PlanVariationStarted', {
      context,
      areaId: target.areaId,
      organisationId: target.organisationId,
      subject: { id: target.id, version: 1 },
      visibility: content.visibility,
      data: state,
    }),
  };
}

const stepOf = <S extends VariationStep>(state: VariationState, step: S) =>
  state.steps.find((recorded): recorded is Extract<RecordedVariationStep, { step: S }> => recorded.step === step);

/** Whether the panel's response date has passed (the end of that day, Europe/London) on `today`. */
export function panelDeadlinePassed(state: VariationState, today: string): boolean {
  const sent = stepOf(state, 'sent-to-panel');
  return sent !== undefined && today > sent.responseDueDate;
}

/**
 * Why `published` cannot be recorded yet, or undefined when it can: it needs the panel's report
 * and the PCC's response to it, or the response date to have passed with no report.
 */
function publishedProblem(state: VariationState, today: string): string | undefined {
  const sent = stepOf(state, 'sent-to-panel');
  if (!sent)
    return `it has not been sent to the panel yet (record "${state.steps.length === 0 ? 'chief-constable-consulted' : 'sent-to-panel'}" first)`;
  if (stepOf(state, 'panel-report')) {
    return stepOf(state, 'pcc-response') ? undefined : 'the PCC has not yet responded to the panel\'s report (record "pcc-response" first)';
  }
  if (today > sent.responseDueDate) return undefined;
  return `the panel has not reported and its response date (${sent.responseDueDate}) has not passed: record "panel-report", or publish after ${sent.responseDueDate}`;
}

/**
 * Records one step by `by` (already authorised): in order, each once. The same step again with the
 * same content records nothing (a replay); with other content, or out of order, it is refused
 * (409) with a problem naming what is missing. `today` comes from the command's clock.
 */
export function decideVariationStep(
  head: StreamHead<VariationState>,
  sent: AnyStepInput,
  by: string,
  target: VariationTarget,
  context: CommandContext,
): Decision {
  const { state } = head;
  const { step } = sent;
  const today = londonDate(new Date(context.occurredAt));
  const done = stepOf(state, step);
  if (done) {
    const { step: _s, on: _on, recordedAt: _at, by: _by, actor: _actor, ...said } = done;
    if (canonicalJson(said) === canonicalJson(sent.input)) return { outcome: 'unchanged', version: head.version };
    throw new InvalidChangeError(
      `Variation ${target.id} already has "${step}" (${STEP_WORDS[step]}), recorded for ${done.on}; each step happens once.`,
    );
  }
  const published = stepOf(state, 'published');
  if (published) throw new InvalidChangeError(`Variation ${target.id} was published on ${published.on}; it takes no more steps.`);
  const refusal = (why: string) => new InvalidChangeError(`"${step}" cannot be recorded on variation ${target.id} yet: ${why}.`);
  if (step === 'published') {
    const problem = publishedProblem(state, today);
    if (problem) throw refusal(problem);
  } else {
    const needed = NEEDS[step];
    if (needed && !stepOf(state, needed)) throw refusal(`it needs "${needed}" (${STEP_WORDS[needed]}) first`);
  }
  if (sent.step === 'pcc-response') {
    const report = stepOf(state, 'panel-report')!;
    if (sent.input.responses.length !== report.recommendations.length)
      throw refusal(
        `the panel's report made ${report.recommendations.length} recommendation(s), so "responses" needs one for each, in order (got ${sent.input.responses.length})`,
      );
  }
  const on = stepDay(context);
  const last = state.steps.at(-1);
  if (last && on < last.on) throw refusal(`its date (${on}) is before the previous step's ("${last.step}", ${last.on})`);
  // A due date already past would leave the panel no time to report, and let the variation be published at once.
  if (sent.step === 'sent-to-panel' && sent.input.responseDueDate < on)
    throw new InvalidChangeError(
      `The panel's report cannot be due (${sent.input.responseDueDate}) before the day the variation is sent to it (${on}).`,
    );
  const recorded = { ...sent.input, step, on, recordedAt: context.occurredAt, by, actor: context.actor } as RecordedVariationStep;
  const version = head.version + 1;
  return {
    outcome: 'revised',
    version,
    event: buildEvent('PlanVariationStepRecorded', {
      context,
      areaId: target.areaId,
      organisationId: target.organisationId,
      subject: { id: target.id, version },
      visibility: state.visibility,
      data: { ...state, steps: [...state.steps, recorded] },
    }),
  };
}

/** The next step due on `today`, who records it, and, while the panel's report is awaited, its deadline. Undefined once published. */
export function nextVariationStep(
  state: VariationState,
  pcc: string,
  today: string,
): { step: VariationStep; by: string; deadline?: string; deadlinePassed?: boolean } | undefined {
  if (stepOf(state, 'published')) return undefined;
  const due = (step: VariationStep) => ({ step, by: stepOwner(state, step, pcc) });
  if (!stepOf(state, 'chief-constable-consulted')) return due('chief-constable-consulted');
  const sent = stepOf(state, 'sent-to-panel');
  if (!sent) return due('sent-to-panel');
  if (!stepOf(state, 'panel-report')) {
    const passed = today > sent.responseDueDate;
    // Once the date has passed with no report, the PCC may publish; the panel may still report.
    return passed
      ? { ...due('published'), deadline: sent.responseDueDate, deadlinePassed: true }
      : { ...due('panel-report'), deadline: sent.responseDueDate, deadlinePassed: false };
  }
  if (!stepOf(state, 'pcc-response')) return due('pcc-response');
  return due('published');
}

/**
 * The tracked request each recommendation of the panel's report becomes: from the panel to the
 * PCC, its id derived from the variation and the recommendation's position, so recording (or
 * replaying) the report never creates one twice.
 */
export function variationRequestId(target: Pick<VariationTarget, 'organisationId' | 'id'>, position: number): string {
  return `${target.organisationId}.${target.id}.recommendation-${position}`;
}

/**
 * Whether a request id is of the form the recommendations of a variation take: no body raises a
 * request under it by hand, so that none can take the id before the panel's report does and have
 * the PCC's answer written into its own request.
 */
export const isVariationRequestId = (id: string): boolean => /^[^.]+\.variation-\d+\.recommendation-\d+$/.test(id);

/**
 * The requests the panel's report raises: as public as the variation and its plan both are now (a
 * plan made partners-only takes its variation, and what follows from it, with it).
 */
export function recommendationRequests(
  state: VariationState,
  target: VariationTarget,
  planVisibility: VariationState['visibility'] = state.visibility,
): { id: string; content: RequestContent; raiser: string }[] {
  const report = stepOf(state, 'panel-report');
  if (!report) return [];
  return report.recommendations.map((recommendation, index) => ({
    id: variationRequestId(target, index + 1),
    raiser: state.panel,
    content: {
      kind: 'recommendation',
      to: target.organisationId,
      title: recommendation.title,
      ...(recommendation.detail !== undefined ? { detail: recommendation.detail } : {}),
      raisedOn: report.on,
      themes: [],
      visibility: state.visibility === 'public' && planVisibility === 'public' ? 'public' : 'partners',
    },
  }));
}

/** The PCC's response to each recommendation, by the request it threads into. */
export function recommendationResponses(state: VariationState, target: VariationTarget) {
  const response = stepOf(state, 'pcc-response');
  if (!response) return [];
  return response.responses.map((answer, index) => ({ id: variationRequestId(target, index + 1), answer, on: response.on }));
}

/** What a published variation's plan revision records: the variation, by title only when it is public. */
export function planVariationNote(state: VariationState, target: VariationTarget): { id: string; title?: string } {
  return { id: target.id, ...(state.visibility === 'public' ? { title: state.title } : {}) };
}

/**
 * Publishing a variation revises its plan: a PlanRevised that names the variation (by title only
 * when the variation is public) and changes no field of the plan, dated by the publication.
 * Nothing when the plan is gone (withdrawn) or this revision is already in its history (a replay).
 */
export function decidePlanVariationPublished(
  planHead: StreamHead<PlanState> | undefined,
  alreadyRevised: boolean,
  state: VariationState,
  target: VariationTarget,
  context: CommandContext,
): Decision {
  if (!planHead || planHead.detailType === 'PlanWithdrawn' || alreadyRevised)
    return { outcome: 'unchanged', version: planHead?.version ?? 0 };
  const version = planHead.version + 1;
  return {
    outcome: 'revised',
    version,
    event: buildEvent('PlanRevised', {
      context,
      areaId: target.areaId,
      organisationId: target.organisationId,
      subject: { id: state.planId, version },
      visibility: planHead.state.visibility,
      data: { ...planHead.state, changedFields: [], variation: planVariationNote(state, target) },
    }),
  };
}
