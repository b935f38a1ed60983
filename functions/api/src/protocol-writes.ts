import {
  authoriseAgreement,
  authoriseMembership,
  checkPrecondition,
  type Decision,
  decideProtocolAgreement,
  decideProtocolProposal,
  type Precondition,
  type Principal,
  type ProtocolDraft,
  recordedActor,
} from '@partnership-hub/domain';
import type { Change, ProtocolState } from '@partnership-hub/events';
import { decideAndCommit } from './commit.ts';
import type { ApiDeps } from './deps.ts';
import { validationProblem } from './problem.ts';
import { requireArea } from './routes/directory.ts';

const protocolRef = (areaId: string, id: string) => ({ areaId, subjectType: 'protocol' as const, organisationId: null, id });

/**
 * Records a party's agreement to a protocol's current version, once, for every edge that records
 * it: the JSON API (routes/protocols.ts) and the button on the protocol's page
 * (pages/routes/protocol-agreement.tsx). Answers the protocol's status after it.
 */
export async function agreeToProtocol(
  deps: ApiDeps,
  principal: Principal,
  target: { areaId: string; id: string },
  version: number,
  change?: Change,
  precondition: Precondition = { kind: 'none' },
): Promise<ProtocolState['status']> {
  const { areaId, id } = target;
  // Agreeing for a body is a lead's (or a write key's): an editor may propose, not agree.
  const caller = authoriseAgreement(principal, areaId);
  let status: ProtocolState['status'] = 'draft';
  await decideAndCommit(deps, recordedActor(caller), precondition, async (recorded) => {
    const head = await deps.eventLog.head<ProtocolState>(protocolRef(areaId, id));
    // If-Match holds the document's version, as the protocol's ETag does.
    checkPrecondition(precondition, head?.state.version, `Protocol ${id}`);
    const decision = decideProtocolAgreement(head, version, caller.organisationId, { areaId, protocolId: id }, { ...recorded, change });
    status = decision.outcome === 'unchanged' ? head!.state.status : (decision.event.detail.data as ProtocolState).status;
    return decision;
  });
  return status;
}

/**
 * Drafts a protocol or proposes a new version of it, for every edge that proposes: the JSON API's
 * PUT (routes/protocols.ts) and the protocol page's form (pages/routes/protocol-agreement.tsx).
 * Proposing is an editor's (or a write key's) of a party; every party named must be a body of the area.
 */
export async function proposeProtocolVersion(
  deps: ApiDeps,
  principal: Principal,
  target: { areaId: string; id: string },
  draft: ProtocolDraft,
  precondition: Precondition,
  change?: Change,
  sent?: { proposedBy?: unknown; organisationId?: unknown },
): Promise<Decision & { documentVersion: number }> {
  const { areaId, id } = target;
  const caller = authoriseMembership(principal, areaId);
  await requireParties(deps, areaId, draft.parties);
  return decideAndCommit(deps, recordedActor(caller), precondition, async (recorded) =>
    decideProtocolProposal(
      await deps.eventLog.head<ProtocolState>(protocolRef(areaId, id)),
      draft,
      caller.organisationId,
      precondition,
      { areaId, protocolId: id },
      { ...recorded, change },
      sent,
    ),
  );
}

/** Every party must be an organisation registered in the area. */
async function requireParties(deps: ApiDeps, areaId: string, parties: string[]): Promise<void> {
  await requireArea(deps, areaId);
  const heads = await Promise.all(
    parties.map((party) => deps.eventLog.head({ areaId, subjectType: 'organisation', organisationId: party, id: party })),
  );
  const errors = parties.flatMap((_party, index) =>
    heads[index]
      ? []
      : [
          {
            in: 'body' as const,
            pointer: `#/parties/${index}`,
            field: `parties[${index}]`,
            detail: `is not an organisation registered in ${areaId}`,
          },
        ],
  );
  if (errors.length > 0) throw validationProblem(errors);
}
