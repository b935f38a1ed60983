import {
  type Audience,
  audienceFor,
  authoriseMembership,
  authoriseRequestClose,
  authoriseRequestRaise,
  authoriseRequestResponse,
  authoriseRequestUpdate,
  type BodyPrincipal,
  type CommandContext,
  checkPrecondition,
  compareTrackerRows,
  type Decision,
  decideRequestClose,
  decideRequestPut,
  decideRequestResponse,
  decideRequestUpdate,
  isVariationRequestId,
  isVisibleTo,
  londonDate,
  type Precondition,
  type Principal,
  type RecordOf,
  type RequestTarget,
  recordedActor,
  requestRef,
  requestStatus,
  requireRequest,
  type StreamHead,
  type TrackerRow,
} from '@partnership-hub/domain';
import { ancestorsOf, once, type RequestKind, type RequestState } from '@partnership-hub/events';
import * as z from 'zod/mini';
import { decideAndCommit } from '../commit.ts';
import type { ApiDeps } from '../deps.ts';
import { etagOf, preconditionOf } from '../http.ts';
import { ProblemError, validationProblem } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import {
  AreaParams,
  IfMatchHeaders,
  RequestBody,
  RequestCloseBody,
  RequestParams,
  RequestQuery,
  RequestResponseBody,
  RequestUpdateBody,
  splitChange,
  Written,
  withoutReadOnly,
} from '../schemas.ts';
import { requireArea, requireOrganisationExists } from './directory.ts';

const written = { schema: Written };
const WrittenWithStatus = /* @__PURE__ */ once(() => z.extend(Written(), { status: z.string() }));

/** A request's kind in a sentence: "request r1 is an information request". */
const KIND_IN_WORDS: Record<RequestKind, string> = {
  recommendation: 'a recommendation',
  'information-request': 'an information request',
  action: 'an action',
  undertaking: 'an undertaking',
};
/**
 * Tracked requests: a body raises one (PUT, its own key), the body asked responds, either side
 * adds updates, the raiser closes it. Every step is an event appended through the same
 * conditional commit as all content; each read answers the status derived as at today.
 */
export function registerRequestRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  const itemPath = '/v1/areas/{areaId}/requests/{id}';

  routes.add(
    {
      method: 'put',
      path: itemPath,
      summary: "Raise or change a tracked request (the raising body's key)",
      auth: 'member',
      params: RequestParams,
      headers: IfMatchHeaders,
      body: RequestBody,
      responses: {
        200: { description: 'Changed, or unchanged when the same content is sent again', ...written },
        201: { description: 'Raised', ...written },
      },
    },
    async (c, input) => {
      const { areaId, id } = input.params;
      const caller = authoriseRequestRaise(c.get('caller'), areaId);
      // What a GET answered may come back unchanged: its identity and version are not content; `from` and `organisationId` name the raiser.
      const { from, ...body } = withoutReadOnly(input.body);
      const { content, change } = splitChange(body);
      await requireBodies(deps, areaId, content.to, content.meeting?.organisationId);
      const precondition = preconditionOf(c);
      const target = { areaId, id };
      // The ids a variation's recommendations take are raised by the panel's report alone (its raiser may still change them).
      if (isVariationRequestId(id) && !(await deps.eventLog.head<RequestState>(requestRef(target))))
        throw validationProblem([
          {
            in: 'path',
            pointer: '#/id',
            field: 'id',
            detail:
              'is of the form the recommendations of a plan variation take ({body}.variation-{n}.recommendation-{m}): choose another id',
          },
        ]);
      const decision: Decision = await decideAndCommit(deps, recordedActor(caller), precondition, async (recorded) =>
        decideRequestPut(
          await deps.eventLog.head<RequestState>(requestRef(target)),
          content,
          caller.organisationId,
          precondition,
          target,
          { ...recorded, change },
          { from, organisationId: input.body.organisationId },
        ),
      );
      c.header('ETag', etagOf(decision.version));
      c.header('Location', c.req.path);
      return c.json({ id, version: decision.version }, decision.outcome === 'created' ? 201 : 200);
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${itemPath}/responses`,
      summary: 'Respond to a request (the key of the body asked); an outcome for recommendations only',
      auth: 'member',
      params: RequestParams,
      headers: IfMatchHeaders,
      body: RequestResponseBody,
      responses: {
        200: {
          description: "The same response again (the thread's last entry, the same day): nothing new is recorded",
          schema: WrittenWithStatus,
        },
        201: { description: 'The response is added to the thread', schema: WrittenWithStatus },
      },
    },
    async (c, input) => {
      const { areaId, id } = input.params;
      const target = { areaId, id };
      const { content, change } = splitChange(input.body);
      const decision = await decideStep(
        deps,
        target,
        c.get('caller'),
        (state) => {
          const caller = authoriseRequestResponse(c.get('caller'), areaId, state, id);
          if (content.outcome !== undefined && state.kind !== 'recommendation')
            throw validationProblem([
              {
                in: 'body',
                pointer: '#/outcome',
                field: 'outcome',
                detail: `is only for recommendations: request ${id} is ${KIND_IN_WORDS[state.kind]}, so respond with text alone`,
              },
            ]);
          return caller;
        },
        (head, by, recorded) => decideRequestResponse(head, content, by, target, { ...recorded, change }, today(deps)),
        preconditionOf(c),
      );
      const { recorded, ...written } = decision;
      return c.json(written, recorded ? 201 : 200);
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${itemPath}/updates`,
      summary: 'Add a progress update to a request (the key of the raiser or of the body asked)',
      auth: 'member',
      params: RequestParams,
      headers: IfMatchHeaders,
      body: RequestUpdateBody,
      responses: {
        200: {
          description: "The same update again (the thread's last entry, the same day): nothing new is recorded",
          schema: WrittenWithStatus,
        },
        201: { description: 'The update is added to the thread', schema: WrittenWithStatus },
      },
    },
    async (c, input) => {
      const { areaId, id } = input.params;
      const target = { areaId, id };
      const { content, change } = splitChange(input.body);
      const decision = await decideStep(
        deps,
        target,
        c.get('caller'),
        (state) => authoriseRequestUpdate(c.get('caller'), areaId, state, id),
        (head, by, recorded) => decideRequestUpdate(head, content, by, target, { ...recorded, change }, today(deps)),
        preconditionOf(c),
      );
      const { recorded, ...written } = decision;
      return c.json(written, recorded ? 201 : 200);
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${itemPath}/close`,
      summary: "Close a request (the raiser's key); closing it again changes nothing",
      auth: 'member',
      params: RequestParams,
      headers: IfMatchHeaders,
      body: RequestCloseBody,
      responses: { 200: { description: 'Closed', schema: WrittenWithStatus } },
    },
    async (c, input) => {
      const { areaId, id } = input.params;
      const target = { areaId, id };
      const { content, change } = splitChange(input.body);
      const decision = await decideStep(
        deps,
        target,
        c.get('caller'),
        (state) => authoriseRequestClose(c.get('caller'), areaId, state, id),
        (head, by, recorded) => decideRequestClose(head, content, by, target, { ...recorded, change }, today(deps)),
        preconditionOf(c),
      );
      const { recorded: _recorded, ...written } = decision;
      return c.json(written, 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: itemPath,
      summary: 'Read a tracked request with its thread and its status today',
      params: RequestParams,
      responses: { 200: { description: 'The request' } },
    },
    async (c, input) => {
      const { areaId, id } = input.params;
      // The accepted write, as an item's read answers it (routes/content.ts), not its projection.
      const record = await deps.eventLog.current({ areaId, subjectType: 'request', organisationId: null, id });
      if (!record || !isVisibleTo(audienceFor(c.get('caller'), areaId), record.state.visibility))
        throw new ProblemError('not-found', `There is no request ${id} in ${areaId} that you can see.`);
      c.header('ETag', etagOf(record.version));
      return c.json(requestResponse(record, today(deps)), 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/requests',
      summary: "The area's tracked requests, filtered by raiser, recipient, either, kind, status or theme; overdue first",
      params: AreaParams,
      query: RequestQuery,
      responses: { 200: { description: 'The requests', schema: () => z.object({ requests: z.array(z.record(z.string(), z.unknown())) }) } },
    },
    async (c, input) => {
      const { areaId } = input.params;
      await requireArea(deps, areaId);
      const audience = audienceFor(c.get('caller'), areaId);
      return c.json({ requests: await trackedRequests(deps, areaId, audience, input.query) }, 200);
    },
  );
}

export type RequestFilters = z.infer<ReturnType<typeof RequestQuery>>;

/** Today in Europe/London: the day a status is derived for. */
const today = (deps: ApiDeps) => londonDate(deps.clock());

/** A request as every read answers it: its state, and its status as at `asOf`. */
export function requestResponse(record: RecordOf<'request'>, asOf: string) {
  const { dueSoonFor: _soon, overdueFor: _over, ...state } = record.state;
  return {
    id: record.id,
    areaId: record.areaId,
    version: record.version,
    updatedAt: record.updatedAt,
    ...state,
    status: requestStatus(record.state, asOf),
  };
}

/**
 * The area's requests an audience may see, with the filters applied, overdue first, then by due
 * date (soonest first; none last), then most recently raised. `theme` matches a theme or its family.
 */
async function trackedRequests(deps: ApiDeps, areaId: string, audience: Audience, filters: RequestFilters) {
  return filterRequests(await deps.views.list(areaId, { subjectType: 'request' }), audience, filters, today(deps));
}

/** The tracker's rows from request records, as at `asOf`: what the list route answers and the tracker page shows. */
export function filterRequests(records: RecordOf<'request'>[], audience: Audience, filters: RequestFilters, asOf: string) {
  return records
    .filter((record) => isVisibleTo(audience, record.state.visibility))
    .map((record) => requestResponse(record, asOf))
    .filter((request) => matchesRequestFilters(request, filters))
    .sort(compareTrackerRows);
}

/** Whether a request (or the tracker's row of one, its status as at today) is one the filters ask for. */
export function matchesRequestFilters(request: TrackerRow, filters: RequestFilters): boolean {
  return (
    (filters.from === undefined || request.from === filters.from) &&
    (filters.to === undefined || request.to === filters.to) &&
    (filters.organisation === undefined || request.from === filters.organisation || request.to === filters.organisation) &&
    (filters.kind === undefined || request.kind === filters.kind) &&
    (filters.status === undefined || request.status === filters.status) &&
    (filters.theme === undefined ||
      request.themes.some((theme) => theme === filters.theme || ancestorsOf(theme).includes(filters.theme as never)))
  );
}
export type TrackedRequest = ReturnType<typeof requestResponse>;

/** The body asked and the meeting's body must be registered in the area: a request to nobody would wait for ever. */
async function requireBodies(deps: ApiDeps, areaId: string, to: string, meetingBody: string | undefined) {
  for (const [field, organisationId] of [
    ['to', to],
    ['meeting.organisationId', meetingBody],
  ] as const) {
    if (organisationId === undefined) continue;
    try {
      await requireOrganisationExists(deps, areaId, organisationId);
    } catch {
      throw validationProblem([
        {
          in: 'body',
          pointer: `#/${field.replace('.', '/')}`,
          field,
          detail: `names ${organisationId}, which is not an organisation registered in ${areaId}`,
        },
      ]);
    }
  }
}

/**
 * A step on an existing request (a response, an update, a close): the caller is authorised
 * against the request as it stands (who raised it, whom it asks), then the step is decided on
 * the head and appended conditionally, deciding again on a newer head if a race is lost. Answers
 * the new version and the status.
 */
export async function decideStep(
  deps: ApiDeps,
  target: RequestTarget,
  principal: Principal,
  authorise: (state: RequestState) => BodyPrincipal,
  decide: (head: StreamHead<RequestState>, by: string, context: CommandContext) => Decision,
  precondition: Precondition = { kind: 'none' },
) {
  // Whether the caller may act in the area comes before the request is read: otherwise a stranger
  // could tell a partners-only request that exists (401, 403) from one that does not (404).
  authoriseMembership(principal, target.areaId);
  const caller = authorise(requireRequest(await readHead(deps, target), target).state);
  let state: RequestState | undefined;
  const decision = await decideAndCommit(deps, recordedActor(caller), precondition, async (context) => {
    const head = requireRequest(await readHead(deps, target), target);
    // If-Match: a step on a request someone changed since it was read is refused (412), never added to a thread its sender has not seen.
    checkPrecondition(precondition, head.version, `Request ${target.id}`);
    const decision = decide(head, caller.organisationId, context);
    state = decision.outcome === 'unchanged' ? head.state : (decision.event.detail.data as RequestState);
    return decision;
  });
  return {
    id: target.id,
    version: decision.version,
    status: requestStatus(state!, today(deps)),
    recorded: decision.outcome !== 'unchanged',
  };
}

const readHead = (deps: ApiDeps, target: RequestTarget) => deps.eventLog.head<RequestState>(requestRef(target));
