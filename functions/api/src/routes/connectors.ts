import { authoriseAdministration, NotFoundError, VersionConflictError } from '@partnership-hub/domain';
import { ItemId, once } from '@partnership-hub/events';
import { type ConnectorRecord, type ConnectorRunRecord, ConnectorVersionConflictError } from '@partnership-hub/store';
import * as z from 'zod/mini';
import type { ConnectorServices } from '../connector-ports.ts';
import { durationMinutes, EVERY_PATTERN, nextRunAtFor, queueRun } from '../connector-schedule.ts';
import type { ApiDeps } from '../deps.ts';
import { etagOf, preconditionOf } from '../http.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { AreaParams, Written } from '../schemas.ts';
import { requireArea, requireOrganisationExists } from './directory.ts';

/** ModernGov ids are integers; letters are allowed, nothing that could not be part of a hub id. */
const SourceId = /* @__PURE__ */ once(() =>
  z.string().check(z.regex(/^[A-Za-z0-9]{1,40}$/, 'must be letters and digits, as ModernGov numbers its committees')),
);
/** An ISO 8601 duration of days, hours and minutes ("PT6H", "P1D"): at least 15 minutes, checked below. */
const Every = /* @__PURE__ */ once(() =>
  z.string().check(
    z.regex(EVERY_PATTERN, 'must be an ISO 8601 duration of days, hours and minutes, such as "PT6H" or "P1D"'),
    z.refine((value) => durationMinutes(value) >= 15, 'must be at least 15 minutes (PT15M): a council is asked no more often'),
  ),
);

const ConnectorBody = /* @__PURE__ */ once(() =>
  z.strictObject({
    kind: z.literal('moderngov'),
    baseUrl: z.string().check(
      z.url(),
      z.maxLength(300),
      // The web service's paths are put after it: a query or a fragment would end up in the middle of them.
      z.refine((value) => !/[?#]/.test(value), 'must be the site\'s address alone, with no "?" query or "#" fragment'),
    ),
    committees: z.array(z.strictObject({ committeeId: SourceId(), organisationId: ItemId })).check(z.minLength(1), z.maxLength(50)),
    daysBack: z.optional(z.number().check(z.int(), z.gte(0), z.lte(3660))),
    daysAhead: z.optional(z.number().check(z.int(), z.gte(0), z.lte(3660))),
    every: z.optional(Every()),
    // Sent back unchanged from a GET: not the caller's to set.
    id: z.optional(z.unknown()),
    version: z.optional(z.unknown()),
    updatedAt: z.optional(z.unknown()),
    nextRunAt: z.optional(z.unknown()),
  }),
);

const ConnectorParams = /* @__PURE__ */ once(() => z.extend(AreaParams(), { connectorId: ItemId }));
const RunParams = /* @__PURE__ */ once(() =>
  z.extend(ConnectorParams(), {
    runId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a run id as the hub gave it: 1 to 64 letters, digits, "_" or "-"')),
  }),
);
const Counts = /* @__PURE__ */ once(() =>
  z.object({ created: z.number(), revised: z.number(), cancelled: z.number(), unchanged: z.number() }),
);
const Run = /* @__PURE__ */ once(() =>
  z.object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    trigger: z.optional(z.enum(['schedule', 'manual'])),
    requestedAt: z.string(),
    startedAt: z.optional(z.string()),
    finishedAt: z.optional(z.string()),
    progress: z.string(),
    meetings: Counts(),
    errors: z.array(z.string()),
  }),
);
const Connector = /* @__PURE__ */ once(() =>
  z.object({
    id: z.string(),
    kind: z.literal('moderngov'),
    baseUrl: z.string(),
    committees: z.array(z.object({ committeeId: z.string(), organisationId: z.string() })),
    daysBack: z.number(),
    daysAhead: z.number(),
    every: z.optional(z.string()),
    nextRunAt: z.optional(z.string()),
    version: z.number(),
    updatedAt: z.string(),
  }),
);

const RUNS_LISTED = 20;

const runOf = ({ areaId: _area, connectorId: _connector, version: _version, ...run }: ConnectorRunRecord) => run;
const connectorOf = ({ areaId: _area, ...connector }: ConnectorRecord) => connector;

function conflict(error: unknown): never {
  if (error instanceof ConnectorVersionConflictError) throw new VersionConflictError(error.message, error.currentVersion);
  throw error;
}

/** The area's connectors (administrator only): a council's ModernGov mapped onto its bodies, and their runs. */
export function registerConnectorRoutes(routes: RouteRegistry, services: ConnectorServices, deps: ApiDeps): void {
  const base = '/v1/areas/{areaId}/connectors/{connectorId}';
  const find = async (areaId: string, connectorId: string) => {
    const connector = await services.store.get(areaId, connectorId);
    if (!connector)
      throw new NotFoundError(
        `There is no connector ${connectorId} in ${areaId}. The administrator sets one up with PUT /v1/areas/${areaId}/connectors/${connectorId}.`,
      );
    return connector;
  };

  routes.add(
    {
      method: 'put',
      path: base,
      summary: "Set up a connector (a council's ModernGov mapped onto bodies), or change it",
      description:
        'Each committee of the council is imported into the body it is mapped to, from daysBack (default 90) days ago to daysAhead (default 365) days ahead. `every` (an ISO 8601 duration, at least PT15M) runs it on that schedule, the first time within minutes of setting it; a failed run records ConnectorRunFailed.',
      auth: 'admin',
      params: ConnectorParams,
      body: ConnectorBody,
      responses: { 200: { description: 'Changed', schema: Written }, 201: { description: 'Set up', schema: Written } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId, connectorId } = input.params;
      const precondition = preconditionOf(c);
      const body = input.body;
      await requireArea(deps, areaId);
      // Every body named must be in the area: a run must never find its target missing.
      for (const { organisationId } of body.committees) await requireOrganisationExists(deps, areaId, organisationId);
      try {
        await services.checkBaseUrl(body.baseUrl);
      } catch (error) {
        throw new ProblemError('validation-error', `baseUrl ${(error as Error).message}`, {
          errors: [{ in: 'body', pointer: '#/baseUrl', field: 'baseUrl', detail: (error as Error).message }],
        });
      }
      const record: Omit<ConnectorRecord, 'version'> = {
        areaId,
        id: connectorId,
        kind: 'moderngov',
        baseUrl: body.baseUrl.replace(/\/+$/, ''),
        committees: body.committees,
        daysBack: body.daysBack ?? 90,
        daysAhead: body.daysAhead ?? 365,
        ...(body.every ? { every: body.every } : {}),
        updatedAt: deps.clock().toISOString(),
      };
      // The next run is decided on the schedule read, and written only if no sweep has claimed a run
      // since (moving nextRunAt on without changing the version): otherwise the claimed due time
      // would be put back and the next sweep would run the connector once more. A claim in between
      // leaves the version as it was, so the administrator's If-Match still holds: read again and
      // decide anew (a sweep claims at most once a minute, so a second attempt all but always does).
      for (let attempt = 1; ; attempt++) {
        const current = await services.store.get(areaId, connectorId);
        const nextRunAt = nextRunAtFor(body.every, current, deps.clock());
        const replacement = { ...record, ...(nextRunAt ? { nextRunAt } : {}) };
        if (precondition.kind === 'version' && current?.version !== precondition.version)
          throw new VersionConflictError(
            `Connector ${connectorId} is at version ${current?.version ?? 'none'}, not ${precondition.version}.`,
            current?.version,
          );
        try {
          const version = await services.store.put(replacement, current?.version, current ? { nextRunAt: current.nextRunAt } : undefined);
          c.header('ETag', etagOf(version));
          return c.json({ id: connectorId, version }, current ? 200 : 201);
        } catch (error) {
          const scheduleMoved = error instanceof ConnectorVersionConflictError && current && error.currentVersion === current.version;
          if (!scheduleMoved || attempt === 3) conflict(error);
        }
      }
    },
  );

  routes.add(
    {
      method: 'get',
      path: base,
      summary: 'A connector',
      auth: 'admin',
      params: ConnectorParams,
      responses: { 200: { description: 'The connector', schema: Connector } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const connector = await find(input.params.areaId, input.params.connectorId);
      c.header('ETag', etagOf(connector.version));
      return c.json(connectorOf(connector));
    },
  );

  routes.add(
    {
      method: 'delete',
      path: base,
      summary: 'Remove a connector; the meetings it imported stay',
      auth: 'admin',
      params: ConnectorParams,
      responses: { 204: { description: 'Removed' } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId, connectorId } = input.params;
      const precondition = preconditionOf(c);
      const removed = await services.store
        .delete(areaId, connectorId, precondition.kind === 'version' ? precondition.version : undefined)
        .catch(conflict);
      if (!removed) await find(areaId, connectorId);
      return c.body(null, 204);
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${base}/runs`,
      summary: 'Start a run of a connector now',
      description: 'Answers at once with the run, queued; follow its Location for its progress.',
      auth: 'admin',
      params: ConnectorParams,
      responses: { 202: { description: 'Queued', schema: Run } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId, connectorId } = input.params;
      const run = await queueRun(deps, services, await find(areaId, connectorId), 'manual');
      c.header('Location', `/v1/areas/${areaId}/connectors/${connectorId}/runs/${run.id}`);
      return c.json(runOf(run), 202);
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/runs/{runId}`,
      summary: 'A run of a connector: its status, progress, meetings and errors',
      auth: 'admin',
      params: RunParams,
      responses: { 200: { description: 'The run', schema: Run } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId, connectorId, runId } = input.params;
      const run = await services.store.getRun(areaId, connectorId, runId);
      if (!run) throw new NotFoundError(`Connector ${connectorId} in ${areaId} has no run ${runId}.`);
      return c.json(runOf(run));
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/runs`,
      summary: `A connector's last ${RUNS_LISTED} runs, latest first`,
      auth: 'admin',
      params: ConnectorParams,
      responses: { 200: { description: 'The runs', schema: () => z.object({ runs: z.array(Run()) }) } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId, connectorId } = input.params;
      // A connector that is not there has no runs to list: 404, as for the connector itself.
      await find(areaId, connectorId);
      return c.json({ runs: (await services.store.listRuns(areaId, connectorId, RUNS_LISTED)).map(runOf) });
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/committees`,
      summary: "The council's committees as its ModernGov lists them (expired ones included), to help map them",
      auth: 'admin',
      params: ConnectorParams,
      responses: {
        200: {
          description: 'The committees',
          schema: () =>
            z.object({
              committees: z.array(
                z.object({
                  committeeId: z.string(),
                  title: z.string(),
                  category: z.optional(z.string()),
                  expired: z.boolean(),
                  deleted: z.boolean(),
                }),
              ),
            }),
        },
      },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const connector = await find(input.params.areaId, input.params.connectorId);
      const answer = await services.committees(connector.baseUrl);
      if (!answer.ok) throw new ProblemError('upstream-failed', answer.error);
      return c.json({ committees: answer.committees });
    },
  );
}
