import type { AreaState, HubEvent, OrganisationState } from '@partnership-hub/events';
import { canonicalJson } from './canonical.ts';
import type { Decision } from './content.ts';
import type { CommandContext, StreamHead } from './context.ts';

/** Registers an area, or renames it. The same name again records nothing. */
export function decideAreaPut(
  head: StreamHead<AreaState> | undefined,
  input: AreaState,
  areaId: string,
  context: CommandContext,
): Decision {
  if (head && canonicalJson(head.state) === canonicalJson(input)) return { outcome: 'unchanged', version: head.version };
  const version = (head?.version ?? 0) + 1;
  const event = {
    detailType: 'AreaRegistered',
    detail: {
      ...envelope(context, areaId, null, { type: 'area', id: areaId, version }),
      data: { ...input, ...(head ? { previous: head.state } : {}) },
    },
  } as HubEvent;
  return { outcome: head ? 'revised' : 'created', version, event };
}

/** Registers an organisation in an area, or changes its name or kind. */
export function decideOrganisationPut(
  head: StreamHead<OrganisationState> | undefined,
  input: OrganisationState,
  target: { areaId: string; organisationId: string },
  context: CommandContext,
): Decision {
  if (head && canonicalJson(head.state) === canonicalJson(input)) return { outcome: 'unchanged', version: head.version };
  const version = (head?.version ?? 0) + 1;
  const event = {
    detailType: 'OrganisationRegistered',
    detail: {
      ...envelope(context, target.areaId, target.organisationId, { type: 'organisation', id: target.organisationId, version }),
      data: { ...input, ...(head ? { previous: head.state } : {}) },
    },
  } as HubEvent;
  return { outcome: head ? 'revised' : 'created', version, event };
}

function envelope(
  context: CommandContext,
  areaId: string,
  organisationId: string | null,
  subject: { type: string; id: string; version: number },
) {
  return {
    eventId: context.eventId,
    schemaVersion: 1,
    occurredAt: context.occurredAt,
    areaId,
    organisationId,
    subject,
    actor: context.actor,
    // Who is in an area is public knowledge: the bodies publish it themselves.
    visibility: 'public' as const,
  };
}
