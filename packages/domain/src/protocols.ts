import { buildEvent, type EnvelopeParts, type ProtocolState } from '@partnership-hub/events';
import { requireOwnName } from './authorisation.ts';
import { canonicalJson } from './canonical.ts';
import type { Decision } from './content.ts';
import type { CommandContext, Precondition, StreamHead } from './context.ts';
import { InvalidChangeError, NotFoundError, NotPermittedError } from './errors.ts';
import { checkPrecondition } from './preconditions.ts';

export interface ProtocolDraft {
  title: string;
  parties: string[];
  summary: string;
  reviewDate?: string | undefined;
  visibility: 'public' | 'partners';
}

export interface ProtocolTarget {
  areaId: string;
  protocolId: string;
}

const draftFields = (state: ProtocolDraft): ProtocolDraft => ({
  title: state.title,
  parties: state.parties,
  summary: state.summary,
  reviewDate: state.reviewDate,
  visibility: state.visibility,
});

/** Agreed once every party has agreed the current version; any new version starts again at draft. */
export function protocolStatus(state: Pick<ProtocolState, 'parties' | 'agreements' | 'version'>): ProtocolState['status'] {
  const agreed = new Set(
    state.agreements.filter((agreement) => agreement.version === state.version).map((agreement) => agreement.organisationId),
  );
  return state.parties.every((party) => agreed.has(party)) ? 'agreed' : 'draft';
}

/**
 * A party drafts a protocol or proposes a new version of it. Only a party of the current
 * version may propose a change; whoever drafts a new protocol must be among its parties. `sent`
 * holds the fields naming the acting body that the PUT sent, if it did: a body proposes in its
 * own name only (requireOwnName), but the `proposedBy` a GET answered may come back as it was.
 */
export function decideProtocolProposal(
  head: StreamHead<ProtocolState> | undefined,
  draft: ProtocolDraft,
  proposer: string,
  precondition: Precondition,
  target: ProtocolTarget,
  context: CommandContext,
  sent: { proposedBy?: unknown; organisationId?: unknown } = {},
): Decision & { documentVersion: number } {
  checkPrecondition(precondition, head?.state.version, `Protocol ${target.protocolId}`);
  if (head && !head.state.parties.includes(proposer)) {
    throw new NotPermittedError(`${proposer} is not a party to protocol ${target.protocolId}, so it cannot propose a new version`);
  }
  if (!head && !draft.parties.includes(proposer)) {
    throw new NotPermittedError(`${proposer} must be one of the parties of the protocol it drafts`);
  }
  // Another party's name as the current version's proposer is what the GET answered, sent back
  // unchanged (the new version is the caller's): read-only, as the other fields a GET answers are.
  const { proposedBy, organisationId } = sent;
  requireOwnName(
    { proposedBy: proposedBy === head?.state.proposedBy ? undefined : proposedBy, organisationId },
    proposer,
    'proposes protocol versions',
  );
  if (head && canonicalJson(draftFields(head.state)) === canonicalJson(draftFields(draft))) {
    return { outcome: 'unchanged', version: head.version, documentVersion: head.state.version };
  }
  const documentVersion = (head?.state.version ?? 0) + 1;
  const state: ProtocolState = {
    ...draftFields(draft),
    version: documentVersion,
    proposedBy: proposer,
    agreements: head?.state.agreements ?? [],
    status: 'draft',
  };
  const version = (head?.version ?? 0) + 1;
  return {
    outcome: head ? 'revised' : 'created',
    version,
    documentVersion,
    event: buildEvent('ProtocolVersionProposed', { ...envelope(target, proposer, version, state, context), data: state }),
  };
}

/** A party records its agreement to the current version. Agreeing twice records nothing. */
export function decideProtocolAgreement(
  head: StreamHead<ProtocolState> | undefined,
  documentVersion: number,
  party: string,
  target: ProtocolTarget,
  context: CommandContext,
): Decision & { documentVersion: number } {
  if (!head) throw new NotFoundError(`Protocol ${target.protocolId} does not exist in ${target.areaId}`);
  if (!head.state.parties.includes(party)) {
    throw new NotPermittedError(`${party} is not a party to protocol ${target.protocolId}`);
  }
  if (documentVersion !== head.state.version) {
    throw new InvalidChangeError(
      `Version ${documentVersion} is not the current version of protocol ${target.protocolId}; the current version is ${head.state.version}`,
    );
  }
  const already = head.state.agreements.some((agreement) => agreement.organisationId === party && agreement.version === documentVersion);
  if (already) return { outcome: 'unchanged', version: head.version, documentVersion };

  const agreements = [...head.state.agreements, { organisationId: party, version: documentVersion, agreedAt: context.occurredAt }];
  const state: ProtocolState = { ...head.state, agreements, status: protocolStatus({ ...head.state, agreements }) };
  const version = head.version + 1;
  return {
    outcome: 'revised',
    version,
    documentVersion,
    event: buildEvent('ProtocolAgreed', { ...envelope(target, party, version, state, context), data: { ...state, agreedBy: party } }),
  };
}

/**
 * A protocol belongs to the area (see its events' scope); its events name the party acting in
 * `organisationId`, so a feed or subscription can say who proposed or agreed.
 */
function envelope(
  target: ProtocolTarget,
  actingParty: string,
  version: number,
  state: ProtocolState,
  context: CommandContext,
): EnvelopeParts {
  return {
    context,
    areaId: target.areaId,
    organisationId: actingParty,
    subject: { id: target.protocolId, version },
    visibility: state.visibility,
  };
}
