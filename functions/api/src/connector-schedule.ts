import { buildEvent } from '@partnership-hub/events';
import type { RunState } from '@partnership-hub/moderngov';
import type { ConnectorRecord, ConnectorRunRecord } from '@partnership-hub/store';
import { decideAndCommit } from './commit.ts';
import type { ConnectorServices } from './connector-ports.ts';
import type { ApiDeps } from './deps.ts';

/**
 * The schedule of connectors that run by themselves (`every`), and what a failed run tells
 * subscribers. The same code runs locally (the hub's timer) and on AWS (a rate schedule): it keeps
 * no state of its own, only the connector's `nextRunAt` in the table.
 */

/** "P1DT6H" → minutes. The pattern the connector routes accept (days, hours, minutes), nothing else. */
export const EVERY_PATTERN = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

export function durationMinutes(value: string): number {
  const [, days, hours, minutes] = EVERY_PATTERN.exec(value) ?? [];
  return Number(days ?? 0) * 1440 + Number(hours ?? 0) * 60 + Number(minutes ?? 0);
}

const addMinutes = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();

/**
 * A run still `queued` or `running` after this long was left by a process that stopped (a restart,
 * a Lambda that timed out): it no longer holds the schedule back. Well past the runs' own limits.
 */
const ABANDONED_AFTER_MINUTES = 60;

/** The first error of a run, cut to what an event may carry (the run's page has them all). */
const shortError = (errors: readonly string[]) => {
  const first = errors[0] ?? 'the run failed';
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
};

/**
 * Records ConnectorRunFailed for a run that failed, once: the connector's stream is read first,
 * and a head naming the same run means it is recorded already (a retried report, two processes).
 * Partners only; the actor is the connector, as for its meetings.
 */
export async function recordConnectorRunFailed(
  deps: ApiDeps,
  connector: Pick<ConnectorRecord, 'areaId' | 'id' | 'kind' | 'committees'>,
  run: Pick<ConnectorRunRecord, 'id' | 'requestedAt' | 'trigger'>,
  state: Pick<RunState, 'meetings' | 'errors'>,
  finishedAt: string,
): Promise<void> {
  const ref = { areaId: connector.areaId, subjectType: 'connector' as const, organisationId: null, id: connector.id };
  await decideAndCommit(deps, { kind: 'system', job: `ModernGov connector ${connector.id}` }, { kind: 'none' }, async (context) => {
    const head = await deps.eventLog.head<{ runId: string }>(ref);
    if (head?.state.runId === run.id) return { outcome: 'unchanged' as const, version: head.version };
    const version = (head?.version ?? 0) + 1;
    const event = buildEvent('ConnectorRunFailed', {
      context,
      areaId: connector.areaId,
      organisationId: null,
      subject: { id: connector.id, version },
      visibility: 'partners',
      data: {
        connectorId: connector.id,
        kind: connector.kind,
        runId: run.id,
        trigger: run.trigger ?? 'manual',
        requestedAt: run.requestedAt,
        finishedAt,
        organisationIds: [...new Set(connector.committees.map((committee) => committee.organisationId))],
        meetings: state.meetings,
        errorCount: Math.max(1, state.errors.length),
        error: shortError(state.errors),
      },
    });
    return { outcome: 'created' as const, version, event };
  });
}

/** What starting a run needs of the connector services: the store, run ids, and where a run is handed over. */
type RunStarter = Pick<ConnectorServices, 'store' | 'newRunId' | 'start'>;

/**
 * Records a queued run and starts it: the one way a run begins, by hand (POST .../runs, "Run now")
 * or by the schedule. Answers the run as recorded.
 */
export async function queueRun(
  deps: ApiDeps,
  services: RunStarter,
  connector: ConnectorRecord,
  trigger: 'schedule' | 'manual',
): Promise<ConnectorRunRecord> {
  const run: Omit<ConnectorRunRecord, 'version'> = {
    areaId: connector.areaId,
    connectorId: connector.id,
    id: services.newRunId(),
    status: 'queued',
    trigger,
    requestedAt: deps.clock().toISOString(),
    progress: 'queued',
    meetings: { created: 0, revised: 0, cancelled: 0, unchanged: 0 },
    errors: [],
  };
  const version = await services.store.putRun(run, undefined);
  await services.start({ ...run, version }, connector);
  return { ...run, version };
}

/**
 * When a connector set up (or changed) now should next run: a new or changed schedule at once (the
 * next sweep), an unchanged one when it was due anyway, none without `every`.
 */
export function nextRunAtFor(every: string | undefined, current: ConnectorRecord | undefined, now: Date): string | undefined {
  if (!every) return undefined;
  if (current?.every === every && current.nextRunAt) return current.nextRunAt;
  return now.toISOString();
}

/**
 * One sweep of the schedule: every connector of every area whose `nextRunAt` has come is claimed
 * (its `nextRunAt` moved on by `every` from now, a conditional write on the time read, so two
 * sweeps at once, or a sweep after a restart, start it once) and a run started, unless one is
 * already queued or running. A stop between the claim and the start loses that one run; the next
 * comes `every` later. A connector that was due while the hub was stopped runs once, not once
 * for each time it missed.
 */
export function createConnectorSweep(deps: ApiDeps, services: RunStarter) {
  return async function sweepConnectors(): Promise<{ started: number }> {
    const now = deps.clock();
    let started = 0;
    for (const areaId of await deps.eventLog.areas()) {
      for (const connector of await services.store.list(areaId)) {
        if (!connector.every || !connector.nextRunAt || connector.nextRunAt > now.toISOString()) continue;
        const next = addMinutes(now, durationMinutes(connector.every));
        if (!(await services.store.claimScheduledRun(areaId, connector.id, connector.nextRunAt, next, connector.version))) continue;
        const [latest] = await services.store.listRuns(areaId, connector.id, 1);
        const underWay =
          latest &&
          (latest.status === 'queued' || latest.status === 'running') &&
          now.getTime() - Date.parse(latest.requestedAt) < ABANDONED_AFTER_MINUTES * 60_000;
        if (underWay) {
          deps.logger.info('a scheduled connector run was not started: a run is under way', {
            areaId,
            connectorId: connector.id,
            runId: latest.id,
          });
          continue;
        }
        await queueRun(deps, services, { ...connector, nextRunAt: next }, 'schedule');
        started++;
      }
    }
    return { started };
  };
}
