import { authoriseAgreement, decideProtocolAgreement, type Principal, recordedActor } from '@partnership-hub/domain';
import type { Change, ProtocolState } from '@partnership-hub/events';
import { decideAndCommit } from './commit.ts';
import type { ApiDeps } from './deps.ts';

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
): Promise<ProtocolState['status']> {
  const { areaId, id } = target;
  // Agreeing for a body is a lead's (or a write key's): an editor may propose, not agree.
  const caller = authoriseAgreement(principal, areaId);
  let status: ProtocolState['status'] = 'draft';
  await decideAndCommit(deps, recordedActor(caller), { kind: 'none' }, async (recorded) => {
    const head = await deps.eventLog.head<ProtocolState>(protocolRef(areaId, id));
    const decision = decideProtocolAgreement(head, version, caller.organisationId, { areaId, protocolId: id }, { ...recorded, change });
    status = decision.outcome === 'unchanged' ? head!.state.status : (decision.event.detail.data as ProtocolState).status;
    return decision;
  });
  return status;
}
