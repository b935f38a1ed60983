import { type AreaState, buildEvent, type OrganisationState } from '@partnership-hub/events';
import { canonicalJson } from './canonical.ts';
import type { Decision } from './content.ts';
import type { CommandContext, Precondition, StreamHead } from './context.ts';
import { checkPrecondition } from './preconditions.ts';

// Who is in an area is public knowledge: the bodies publish it themselves.
const visibility = 'public';

/** Registers an area, or renames it. The same name again records nothing. */
export function decideAreaPut(
  head: StreamHead<AreaState> | undefined,
  input: AreaState,
  areaId: string,
  context: CommandContext,
  precondition: Precondition = { kind: 'none' },
): Decision {
  checkPrecondition(precondition, head?.version, `Area ${areaId}`);
  if (head && canonicalJson(head.state) === canonicalJson(input)) return { outcome: 'unchanged', version: head.version };
  const version = (head?.version ?? 0) + 1;
  const event = buildEvent('AreaRegistered', {
    context,
    areaId,
    organisationId: null,
    subject: { id: areaId, version },
    visibility,
    data: { ...input, ...(head ? { previous: head.state } : {}) },
  });
  return { outcome: head ? 'revised' : 'created', version, event };
}

/** Registers an organisation in an area, or changes its name or kind. */
export function decideOrganisationPut(
  head: StreamHead<OrganisationState> | undefined,
  input: OrganisationState,
  target: { areaId: string; organisationId: string },
  context: CommandContext,
  precondition: Precondition = { kind: 'none' },
): Decision {
  checkPrecondition(precondition, head?.version, `Organisation ${target.organisationId}`);
  if (head && canonicalJson(head.state) === canonicalJson(input)) return { outcome: 'unchanged', version: head.version };
  const version = (head?.version ?? 0) + 1;
  const event = buildEvent('OrganisationRegistered', {
    context,
    areaId: target.areaId,
    organisationId: target.organisationId,
    subject: { id: target.organisationId, version },
    visibility,
    data: { ...input, ...(head ? { previous: head.state } : {}) },
  });
  return { outcome: head ? 'revised' : 'created', version, event };
}
