import type { ConnectorPrincipal, Precondition } from '@partnership-hub/domain';
import { type MeetingState, plainMessages } from '@partnership-hub/events';
import type { HubMeeting, MeetingWriter } from '@partnership-hub/moderngov';
import type { ConnectorRecord, ConnectorStore } from '@partnership-hub/store';
import { monotonicFactory } from 'ulid';
import { recordConnectorRunFailed } from './connector-schedule.ts';
import { type ConnectorServicesOptions, connectorRunPerformer, inProcessConnectorServices } from './connector-services.ts';
import { CONTENT_WRITES, putContent } from './content-writes.ts';
import type { ApiDeps } from './deps.ts';
import { fieldErrors, validationProblem } from './problem.ts';
import { MeetingBody } from './schemas.ts';

/**
 * A body's meetings as a connector writes them: through the same rules, checks and conditional
 * commit as the meetings API (content-writes.ts), never around them. The connector acts as the
 * system ("ModernGov connector <id>"), scoped by the domain's rules to the bodies its mapping
 * names, so the body's history says its meetings came "by the ModernGov connector", and it can
 * change nothing of any other body's.
 */
export function connectorMeetingWriter(
  deps: ApiDeps,
  connector: Pick<ConnectorRecord, 'areaId' | 'id' | 'committees'>,
  organisationId: string,
): MeetingWriter {
  const { areaId } = connector;
  const principal: ConnectorPrincipal = {
    kind: 'connector',
    areaId,
    connectorId: connector.id,
    name: `ModernGov connector ${connector.id}`,
    organisationIds: connector.committees.map((committee) => committee.organisationId),
  };
  return {
    async list() {
      // Partners-only meetings kept (the connector acts for the body), and withdrawn ones marked:
      // a meeting the body withdrew is the body's decision, which a run must not undo by putting it back.
      const records = await deps.views.list(areaId, { subjectType: 'meeting', organisationId });
      return records.map(
        (record) =>
          ({
            id: record.id,
            version: record.version,
            ...(record.state as MeetingState),
            ...(record.withdrawn ? { withdrawn: true } : {}),
          }) as HubMeeting,
      );
    },
    async put(id, payload, expectedVersion) {
      const precondition: Precondition = expectedVersion === undefined ? { kind: 'none' } : { kind: 'version', version: expectedVersion };
      // Held to the schema a PUT of the meeting is, in the API's words ("agenda[3].title must be 500
      // characters or fewer"): what the connector stores, the body can send back unchanged.
      const parsed = MeetingBody().safeParse(payload, { reportInput: true, error: plainMessages });
      if (!parsed.success) throw validationProblem(fieldErrors(parsed.error, 'body'));
      const decision = await putContent(
        deps,
        CONTENT_WRITES.meetings,
        principal,
        { areaId, organisationId, id },
        parsed.data,
        precondition,
        'meetingId',
      );
      return { version: decision.version, ...(decision.outcome === 'unchanged' ? { unchanged: true } : {}) };
    },
  };
}

/**
 * Connectors whose runs happen in this process (the local run): their store, meetings written
 * through `connectorMeetingWriter` and failures recorded as ConnectorRunFailed on the hub's own deps (read when a run starts, so the wiring
 * can hand over the deps it finishes with).
 */
export function wireInProcessConnectors(
  deps: () => ApiDeps,
  options: Omit<ConnectorServicesOptions, 'writerFor' | 'clock' | 'newRunId' | 'onRunFailed'>,
): ReturnType<typeof inProcessConnectorServices> {
  return inProcessConnectorServices({
    ...options,
    writerFor: (connector, organisationId) => connectorMeetingWriter(deps(), connector, organisationId),
    onRunFailed: (connector, run, state, finishedAt) => recordConnectorRunFailed(deps(), connector, run, state, finishedAt),
    clock: () => new Date(),
    newRunId: monotonicFactory(),
  });
}

/**
 * Performs runs in this process to their end, for a function that does nothing else (the connector
 * runner on AWS, lambda-connector-run.ts): meetings written and failures recorded as the local
 * run's are.
 */
export function wireConnectorRunner(deps: ApiDeps, options: { store: ConnectorStore; allowLoopback: boolean }) {
  return connectorRunPerformer({
    ...options,
    writerFor: (connector, organisationId) => connectorMeetingWriter(deps, connector, organisationId),
    onRunFailed: (connector, run, state, finishedAt) => recordConnectorRunFailed(deps, connector, run, state, finishedAt),
    clock: deps.clock,
    newRunId: monotonicFactory(),
    logger: deps.logger,
  });
}
