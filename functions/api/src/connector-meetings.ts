import { type OrganisationKey, type Precondition, visibleRecords } from '@partnership-hub/domain';
import type { MeetingState } from '@partnership-hub/events';
import type { HubMeeting, MeetingWriter } from '@partnership-hub/moderngov';
import { monotonicFactory } from 'ulid';
import { type ConnectorServicesOptions, inProcessConnectorServices } from './connector-services.ts';
import { CONTENT_WRITES, putContent } from './content-writes.ts';
import type { ApiDeps } from './deps.ts';

/**
 * A body's meetings as a connector writes them: through the same rules, checks and conditional
 * commit as the meetings API (content-writes.ts), never around them. The connector acts for the
 * body as a write key of its own (`connector:moderngov`, labelled "ModernGov connector"), so the
 * body's history says its meetings came from its council's committee system, and it can change
 * nothing of any other body's.
 */
function connectorMeetingWriter(deps: ApiDeps, areaId: string, organisationId: string): MeetingWriter {
  const principal: OrganisationKey = {
    kind: 'organisation-key',
    areaId,
    organisationId,
    keyId: 'connector:moderngov',
    label: 'ModernGov connector',
    scope: 'write',
  };
  return {
    async list() {
      // Withdrawn meetings left out, partners-only ones kept: the connector acts for the body.
      const records = visibleRecords(await deps.views.list(areaId, { subjectType: 'meeting', organisationId }), 'partners');
      return records.map((record) => ({ id: record.id, version: record.version, ...(record.state as MeetingState) }) as HubMeeting);
    },
    async put(id, payload, expectedVersion) {
      const precondition: Precondition = expectedVersion === undefined ? { kind: 'none' } : { kind: 'version', version: expectedVersion };
      const decision = await putContent(
        deps,
        CONTENT_WRITES.meetings,
        principal,
        { areaId, organisationId, id },
        payload,
        precondition,
        'meetingId',
      );
      return { version: decision.version };
    },
  };
}

/**
 * Connectors whose runs happen in this process (the local run): their store, and meetings written
 * through `connectorMeetingWriter` on the hub's own deps (read when a run starts, so the wiring
 * can hand over the deps it finishes with).
 */
export function wireInProcessConnectors(
  deps: () => ApiDeps,
  options: Omit<ConnectorServicesOptions, 'writerFor' | 'clock' | 'newRunId'>,
): ReturnType<typeof inProcessConnectorServices> {
  return inProcessConnectorServices({
    ...options,
    writerFor: (areaId, organisationId) => connectorMeetingWriter(deps(), areaId, organisationId),
    clock: () => new Date(),
    newRunId: monotonicFactory(),
  });
}
