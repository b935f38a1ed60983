import {
  type AnyStepInput,
  type Audience,
  audienceFor,
  authoriseMembership,
  authoriseRequestResponse,
  authoriseVariationStart,
  authoriseVariationStep,
  decidePlanVariationPublished,
  decideRequestPut,
  decideRequestResponse,
  decideVariationStart,
  decideVariationStep,
  describeActor,
  isVisibleTo,
  londonDate,
  nextVariationStep,
  type Principal,
  type RecordOf,
  recommendationRequests,
  recommendationResponses,
  recordedActor,
  requestRef,
  requireVariation,
  type VariationTarget,
  variationRef,
  variationRequestId,
} from '@partnership-hub/domain';
import {
  changeFields,
  ItemId,
  type OrganisationState,
  once,
  type PlanState,
  type RequestState,
  VARIATION_STEPS,
  VariationContent,
  type VariationState,
  type VariationStep,
  VariationStepInputs,
} from '@partnership-hub/events';
import * as z from 'zod/mini';
import { decideAndCommit } from '../commit.ts';
import type { ApiDeps } from '../deps.ts';
import { etagOf } from '../http.ts';
import { PLAN_KIND_NAMES } from '../pages/format.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { PlanParams, splitChange } from '../schemas.ts';
import { decideStep } from './requests.ts';

const VariationParams = /* @__PURE__ */ once(() => z.extend(PlanParams(), { variationId: ItemId }));
const VariationBody = /* @__PURE__ */ once(() =>
  z.strictObject({ ...VariationContent().shape, ...changeFields() }).register(z.globalRegistry, { id: 'VariationBody' }),
);
const stepBody = (step: VariationStep) => z.strictObject({ ...VariationStepInputs()[step].shape, ...changeFields() });
const VariationWritten = /* @__PURE__ */ once(() =>
  z.object({ id: z.string(), version: z.number().check(z.int()), url: z.string() }).register(z.globalRegistry, { id: 'VariationWritten' }),
);

/** Who may record each step, in words for the reference. */
const STEP_SUMMARIES: Record<VariationStep, string> = {
  'chief-constable-consulted': 'Record that the PCC consulted the chief constable on the draft (the PCC)',
  'sent-to-panel': "Record that the draft went to the panel, with the date its report is due by (the PCC's key or editors)",
  'panel-report': "Record the panel's report and its recommendations, each becoming a tracked request to the PCC (the panel only)",
  'pcc-response': "Record the PCC's response to the report, one for each recommendation, threaded into its request (the PCC)",
  published:
    "Record publication (the PCC): after the report and the response, or once the panel's date has passed with no report; revises the plan",
};

/**
 * The statutory steps for varying a Police and Crime Plan. The PCC starts a variation of one of
 * its plans; each step is then its own POST, checked by the domain's rules (order, each once, who)
 * and appended through the same conditional commit as all content. The panel's recommendations
 * become tracked requests and the PCC's responses thread into them through the requests' own
 * decisions; publishing revises the plan. Each follow-on write is idempotent, so replaying a step
 * completes whatever a failure left undone and creates nothing twice.
 */
export function registerPlanVariationRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  const listPath = '/v1/areas/{areaId}/organisations/{organisationId}/plans/{planId}/variations';
  const itemPath = `${listPath}/{variationId}`;

  routes.add(
    {
      method: 'post',
      path: listPath,
      summary: "Start a variation of a Police and Crime Plan (the PCC's key or editors); answers its id and URL",
      auth: 'member',
      params: PlanParams,
      body: VariationBody,
      responses: { 201: { description: 'Started', schema: VariationWritten } },
    },
    async (c, input) => {
      const { areaId, organisationId, planId } = input.params;
      const caller = authoriseVariationStart(c.get('caller'), { areaId, organisationId });
      const { content, change } = splitChange(input.body);
      const plan = await deps.eventLog.head<PlanState>({ areaId, subjectType: 'plan', organisationId, id: planId });
      if (!plan || plan.detailType === 'PlanWithdrawn')
        throw new ProblemError('not-found', `Plan ${planId} of ${organisationId} does not exist or has been withdrawn.`);
      if (plan.state.kind !== 'police-and-crime-plan')
        throw new ProblemError(
          'conflict',
          `Plan ${planId} is a ${PLAN_KIND_NAMES[plan.state.kind].toLowerCase()}: the statutory variation steps are for a Police and Crime Plan.`,
        );
      const panel = await areaPanel(deps, areaId);
      let id = '';
      const decision = await decideAndCommit(deps, recordedActor(caller), { kind: 'none' }, async (recorded) => {
        // The next free number among the PCC's variations: a lost race appends nothing and decides again.
        id = await nextVariationId(deps, areaId, organisationId);
        const target = { areaId, organisationId, id };
        return decideVariationStart(
          await deps.eventLog.head(variationRef(target)),
          content,
          { planId, panel, visibility: plan.state.visibility },
          target,
          {
            ...recorded,
            change,
          },
        );
      });
      const url = `${c.req.path.replace(/\/$/, '')}/${id}`;
      c.header('Location', url);
      c.header('ETag', etagOf(decision.version));
      return c.json({ id, version: decision.version, url }, 201);
    },
  );

  for (const step of VARIATION_STEPS) {
    const empty = step === 'chief-constable-consulted' || step === 'published';
    routes.add(
      {
        method: 'post',
        path: `${itemPath}/steps/${step}`,
        summary: STEP_SUMMARIES[step],
        auth: 'member',
        params: VariationParams,
        body: () => stepBody(step),
        ...(empty ? { bodyOptional: true } : {}),
        responses: {
          200: { description: 'The same step again: nothing new is recorded', schema: VariationWritten },
          201: { description: 'Recorded', schema: VariationWritten },
        },
      },
      async (c, input) => {
        const { areaId, organisationId, planId, variationId } = input.params;
        const { content, change } = splitChange(input.body as Record<string, unknown>);
        const target = { areaId, organisationId, id: variationId };
        const written = await recordVariationStep(
          deps,
          c.get('caller'),
          target,
          planId,
          {
            step,
            input: content,
          } as AnyStepInput,
          change,
        );
        c.header('ETag', etagOf(written.version));
        return c.json(
          { id: variationId, version: written.version, url: c.req.path.replace(/\/steps\/[^/]+$/, '') },
          written.created ? 201 : 200,
        );
      },
    );
  }

  routes.add(
    {
      method: 'get',
      path: itemPath,
      summary: 'Read a plan variation: the steps done (dates and who), the next step due and the panel report deadline',
      params: VariationParams,
      responses: { 200: { description: 'The variation' } },
    },
    async (c, input) => {
      const { areaId, organisationId, planId, variationId } = input.params;
      const audience = audienceFor(c.get('caller'), areaId);
      // The heads of their streams, not their views, as every item's read: a step (or the plan made
      // partners-only) reads back the moment it is answered, not once the projector has stored it.
      const [record, plan] = await Promise.all([
        deps.eventLog.current({ areaId, subjectType: 'plan-variation', organisationId, id: variationId }),
        deps.eventLog.current({ areaId, subjectType: 'plan', organisationId, id: planId }),
      ]);
      if (!record || record.state.planId !== planId || !variationVisibleTo(audience, record, plan))
        throw new ProblemError('not-found', `Plan ${planId} of ${organisationId} has no variation ${variationId} that you can see.`);
      c.header('ETag', etagOf(record.version));
      return c.json(
        variationResponse(record, audience === 'partners' ? 'partners' : 'public', await namesOf(deps, areaId), today(deps)),
        200,
      );
    },
  );

  routes.add(
    {
      method: 'get',
      path: listPath,
      summary: "A plan's variations, earliest started first",
      params: PlanParams,
      responses: {
        200: { description: 'The variations', schema: () => z.object({ variations: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
    async (c, input) => {
      const { areaId, organisationId, planId } = input.params;
      const audience = audienceFor(c.get('caller'), areaId);
      const [records, plan, names] = await Promise.all([
        planVariations(deps, areaId, organisationId, planId),
        // From the log, as the plan's own read: a plan just published has its (empty) list at once.
        deps.eventLog.current({ areaId, subjectType: 'plan', organisationId, id: planId }),
        namesOf(deps, areaId),
      ]);
      // A plan that is not there (or not the reader's to see) has no list, as it has no page: 404, not an empty list.
      if (!plan || plan.withdrawn || !isVisibleTo(audience, plan.state.visibility))
        throw new ProblemError(
          'not-found',
          `Plan ${planId} of ${organisationId} does not exist, has been withdrawn, or is for partners only.`,
        );
      const visible = records.filter((record) => variationVisibleTo(audience, record, plan));
      return c.json({ variations: visible.map((record) => variationResponse(record, audience, names, today(deps))) }, 200);
    },
  );
}

const today = (deps: ApiDeps) => londonDate(deps.clock());

/**
 * A variation is the reader's to see while it and its plan both are: a plan made partners-only
 * after its variation started takes the variation from the public with it.
 */
const variationVisibleTo = (
  audience: Audience,
  variation: RecordOf<'plan-variation'>,
  plan: { state: { visibility: RecordOf<'plan'>['state']['visibility'] } } | undefined,
) => isVisibleTo(audience, variation.state.visibility) && (!plan || isVisibleTo(audience, plan.state.visibility));

/** A plan's variations as the views hold them, earliest started first. */
async function planVariations(
  deps: ApiDeps,
  areaId: string,
  organisationId: string,
  planId: string,
): Promise<RecordOf<'plan-variation'>[]> {
  const records = await deps.views.list(areaId, { subjectType: 'plan-variation', organisationId });
  return records
    .filter((record) => record.state.planId === planId)
    .sort((a, b) => a.state.startedOn.localeCompare(b.state.startedOn) || a.id.localeCompare(b.id));
}

/** Every body of the area by id, for saying who did what. */
export async function namesOf(deps: ApiDeps, areaId: string): Promise<(id: string) => string> {
  const bodies = await deps.views.list(areaId, { subjectType: 'organisation' });
  const names = new Map(bodies.map((body) => [body.id, (body.state as OrganisationState).name]));
  return (id) => names.get(id) ?? id;
}

/** A variation as the API answers it: its steps with who recorded each in the audience's words, and the next step due. */
export function variationResponse(
  record: RecordOf<'plan-variation'>,
  audience: 'public' | 'partners',
  nameOf: (id: string) => string,
  asOf: string,
) {
  const { steps, ...state } = record.state;
  const target = { areaId: record.areaId, organisationId: record.organisationId, id: record.id };
  const next = nextVariationStep(record.state, record.organisationId, asOf);
  return {
    id: record.id,
    areaId: record.areaId,
    organisationId: record.organisationId,
    version: record.version,
    updatedAt: record.updatedAt,
    ...state,
    steps: steps.map(({ actor, recordedAt, ...step }) => ({ ...step, recordedAt, recordedBy: describeActor(actor, audience, nameOf) })),
    ...(next ? { nextStep: next } : {}),
    requests: recommendationRequests(record.state, target).map((request) => request.id),
    asOf,
  };
}

/** The area's police and crime panel: the body that reports on a variation. */
async function areaPanel(deps: ApiDeps, areaId: string): Promise<string> {
  const bodies = await deps.views.list(areaId, { subjectType: 'organisation' });
  const panels = bodies.filter((body) => (body.state as OrganisationState).kind === 'panel');
  if (panels.length !== 1)
    throw new ProblemError(
      'conflict',
      panels.length === 0
        ? `${areaId} has no police and crime panel registered (an organisation of kind "panel"): the variation steps need the panel that reports on it.`
        : `${areaId} has ${panels.length} organisations of kind "panel" (${panels.map((body) => body.id).join(', ')}): the variation steps need exactly one.`,
    );
  return panels[0]!.id;
}

async function nextVariationId(deps: ApiDeps, areaId: string, organisationId: string): Promise<string> {
  const known = await deps.views.list(areaId, { subjectType: 'plan-variation', organisationId });
  for (let number = known.length + 1; ; number++) {
    const id = `variation-${number}`;
    if (!(await deps.eventLog.head({ areaId, subjectType: 'plan-variation', organisationId, id }))) return id;
  }
}

/**
 * One step: authorised against the variation as it stands (whose step it is), decided and
 * appended; then what follows from it, each idempotent: the report's recommendations raised as
 * requests, the response's answers threaded into them, the plan revised on publication.
 */
export async function recordVariationStep(
  deps: ApiDeps,
  principal: Principal,
  target: VariationTarget,
  planId: string,
  sent: AnyStepInput,
  change: ReturnType<typeof splitChange>['change'],
): Promise<{ version: number; created: boolean }> {
  // Whether the caller may act in the area comes first: otherwise a stranger could tell a
  // partners-only variation that exists (401, 403) from one that does not (404).
  authoriseMembership(principal, target.areaId);
  const readHead = async () => {
    const head = requireVariation(await deps.eventLog.head<VariationState>(variationRef(target)), target);
    if (head.state.planId !== planId)
      throw new ProblemError('not-found', `Plan ${planId} of ${target.organisationId} has no variation ${target.id}.`);
    return head;
  };
  const before = (await readHead()).state;
  const caller = authoriseVariationStep(principal, before, sent.step, target);
  await refuseWhatCannotFollow(deps, before, sent, target);
  let state: VariationState | undefined;
  const decision = await decideAndCommit(deps, recordedActor(caller), { kind: 'none' }, async (recorded) => {
    const head = await readHead();
    const decision = decideVariationStep(head, sent, caller.organisationId, target, { ...recorded, change });
    state = decision.outcome === 'unchanged' ? head.state : (decision.event.detail.data as VariationState);
    return decision;
  });
  await followOn(deps, principal, caller, state!, sent.step, target);
  return { version: decision.version, created: decision.outcome !== 'unchanged' };
}

async function followOn(
  deps: ApiDeps,
  principal: Principal,
  caller: ReturnType<typeof authoriseVariationStep>,
  state: VariationState,
  step: VariationStep,
  target: VariationTarget,
) {
  const actor = recordedActor(caller);
  const stepRecord = state.steps.find((recorded) => recorded.step === step);
  const dated = stepRecord ? { effectiveDate: stepRecord.on } : undefined;
  if (step === 'panel-report') {
    const plan = await deps.eventLog.head<PlanState>(planRefOf(target, state.planId));
    for (const request of recommendationRequests(state, target, plan?.state.visibility)) {
      const requestTarget = { areaId: target.areaId, id: request.id };
      await decideAndCommit(deps, actor, { kind: 'none' }, async (recorded) =>
        decideRequestPut(
          await deps.eventLog.head<RequestState>(requestRef(requestTarget)),
          request.content,
          request.raiser,
          { kind: 'none' },
          requestTarget,
          { ...recorded, change: dated },
        ),
      );
    }
  }
  if (step === 'pcc-response') {
    for (const { id, answer } of recommendationResponses(state, target)) {
      const requestTarget = { areaId: target.areaId, id };
      const head = await deps.eventLog.head<RequestState>(requestRef(requestTarget));
      // A replay: this answer is already in the request's thread.
      if (head?.state.responses.some((response) => response.by === target.organisationId && response.text === answer.text)) continue;
      await decideStep(
        deps,
        requestTarget,
        principal,
        (requestState) => authoriseRequestResponse(principal, target.areaId, requestState, id),
        (requestHead, by, recorded) =>
          decideRequestResponse(requestHead, answer, by, requestTarget, { ...recorded, change: dated }, today(deps)),
      );
    }
  }
  if (step === 'published') {
    const planRef = planRefOf(target, state.planId);
    await decideAndCommit(deps, actor, { kind: 'none' }, async (recorded) => {
      const history = await deps.eventLog.stream(planRef);
      const already = history.some(
        (event) => event.detailType === 'PlanRevised' && (event.detail.data as { variation?: { id: string } }).variation?.id === target.id,
      );
      return decidePlanVariationPublished(await deps.eventLog.head<PlanState>(planRef), already, state, target, {
        ...recorded,
        change: dated,
      });
    });
  }
}

const planRefOf = (target: VariationTarget, planId: string) =>
  ({ areaId: target.areaId, subjectType: 'plan', organisationId: target.organisationId, id: planId }) as const;

/**
 * Refuses, before anything is recorded, a report or response whose requests could not follow: a
 * request already under a recommendation's id that is not the panel's recommendation (raised by
 * hand before such ids were kept for the reports), or a response to a recommendation with no
 * request. Recording the step and then failing on its requests would leave the step recorded and
 * answer an error.
 */
async function refuseWhatCannotFollow(deps: ApiDeps, state: VariationState, sent: AnyStepInput, target: VariationTarget) {
  const count =
    sent.step === 'panel-report' ? sent.input.recommendations.length : sent.step === 'pcc-response' ? sent.input.responses.length : 0;
  for (let position = 1; position <= count; position++) {
    const id = variationRequestId(target, position);
    const request = (await deps.eventLog.head<RequestState>(requestRef({ areaId: target.areaId, id })))?.state;
    const recommendation = request?.from === state.panel && request.kind === 'recommendation' && request.to === target.organisationId;
    if (request && !recommendation)
      throw new ProblemError(
        'conflict',
        `Request ${id}, which recommendation ${position} would be, is ${request.from}'s ${request.kind}, not the panel's recommendation, so nothing was recorded: a request raised by hand holds the id the report's recommendation needs.`,
      );
    if (!request && sent.step === 'pcc-response')
      throw new ProblemError('conflict', `Recommendation ${position} has no request (${id}) to answer: nothing was recorded.`);
  }
}
