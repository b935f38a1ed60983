import { type ProtocolState, parseHubEvent } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import {
  type Decision,
  decideProtocolAgreement,
  decideProtocolProposal,
  InvalidChangeError,
  NotFoundError,
  NotPermittedError,
  noPrecondition,
  type ProtocolDraft,
  protocolStatus,
  type StreamHead,
  VersionConflictError,
} from '../src/index.ts';
import { AREA, contextOf, headAfter, PANEL, PCC, ROTHERHAM_CSP, ROTHERHAM_SCRUTINY } from './builders.ts';

const target = { areaId: AREA, protocolId: 'joint-working-protocol' };

const draft: ProtocolDraft = {
  title: 'Joint working protocol',
  parties: [PANEL, ROTHERHAM_SCRUTINY],
  summary: 'Clear roles, regular exchange of information, co-ordinated work programmes.',
  reviewDate: '2027-03-31',
  visibility: 'public',
};

function dataOf(decision: Decision): ProtocolState & { agreedBy?: string } {
  if (decision.outcome === 'unchanged') throw new Error('expected an event, the decision was unchanged');
  return decision.event.detail.data as ProtocolState & { agreedBy?: string };
}

/** Version 1 drafted by the panel: stream version 1, document version 1. */
function drafted(): StreamHead<ProtocolState> {
  return headAfter(decideProtocolProposal(undefined, draft, PANEL, noPrecondition, target, contextOf(PANEL, 1)));
}

function agreedBy(head: StreamHead<ProtocolState>, ...parties: string[]): StreamHead<ProtocolState> {
  return parties.reduce(
    (current, party, index) =>
      headAfter(decideProtocolAgreement(current, current.state.version, party, target, contextOf(party, 10 + index))),
    head,
  );
}

describe('proposing a protocol', () => {
  it('drafts a protocol at document version 1, as a draft with no agreements yet', () => {
    const context = contextOf(PANEL);

    const decision = decideProtocolProposal(undefined, draft, PANEL, noPrecondition, target, context);

    expect(decision.outcome).toBe('created');
    expect(decision.version).toBe(1);
    expect(decision.documentVersion).toBe(1);
    if (decision.outcome === 'unchanged') throw new Error('unreachable');
    expect(decision.event.detailType).toBe('ProtocolVersionProposed');
    expect(decision.event.detail).toMatchObject({
      areaId: AREA,
      organisationId: PANEL,
      subject: { type: 'protocol', id: 'joint-working-protocol', version: 1 },
    });
    expect(decision.event.detail.data).toEqual({ ...draft, version: 1, proposedBy: PANEL, agreements: [], status: 'draft' });
    expect(() => parseHubEvent(decision.event.detailType, decision.event.detail)).not.toThrow();
  });

  it('refuses a draft whose drafter is not one of its parties', () => {
    const act = () => decideProtocolProposal(undefined, draft, PCC, noPrecondition, target, contextOf(PCC));

    expect(act).toThrow(NotPermittedError);
  });

  it('refuses a new version proposed by a body that is not a party', () => {
    const head = drafted();

    const act = () =>
      decideProtocolProposal(head, { ...draft, parties: [PANEL, ROTHERHAM_SCRUTINY, PCC] }, PCC, noPrecondition, target, contextOf(PCC));

    expect(act).toThrow(NotPermittedError);
  });

  it("refuses a proposedBy or organisationId naming another body, and takes the caller's own or the proposer its GET answered", () => {
    const head = drafted();
    const revised = { ...draft, summary: 'A revised summary.' };
    const propose = (state: StreamHead<ProtocolState> | undefined, sent: { proposedBy?: unknown; organisationId?: unknown }) =>
      decideProtocolProposal(state, revised, ROTHERHAM_SCRUTINY, noPrecondition, target, contextOf(ROTHERHAM_SCRUTINY, 2), sent);

    expect(() => propose(undefined, { proposedBy: PANEL })).toThrow(
      new NotPermittedError(
        `"proposedBy" is "${PANEL}", but this key is ${ROTHERHAM_SCRUTINY}'s: a body proposes protocol versions only in its own name. Send "proposedBy": "${ROTHERHAM_SCRUTINY}", or leave it out.`,
      ),
    );
    expect(() => propose(head, { proposedBy: PCC })).toThrow(NotPermittedError);
    expect(() => propose(head, { organisationId: PANEL })).toThrow(`"organisationId" is "${PANEL}"`);
    expect(() => propose(head, { proposedBy: PANEL, organisationId: PANEL })).toThrow(`"organisationId" is "${PANEL}"`);
    // The version proposed is the caller's whichever of these it sent.
    for (const sent of [{}, { proposedBy: ROTHERHAM_SCRUTINY, organisationId: ROTHERHAM_SCRUTINY }, { proposedBy: PANEL }])
      expect(dataOf(propose(head, sent)).proposedBy).toBe(ROTHERHAM_SCRUTINY);
  });

  it('records nothing when a party proposes the same text again', () => {
    const head = drafted();

    const decision = decideProtocolProposal(
      head,
      { ...draft },
      ROTHERHAM_SCRUTINY,
      noPrecondition,
      target,
      contextOf(ROTHERHAM_SCRUTINY, 2),
    );

    expect(decision).toEqual({ outcome: 'unchanged', version: 1, documentVersion: 1 });
  });

  it('proposes a new document version at the next stream version', () => {
    const head = agreedBy(drafted(), PANEL);

    const decision = decideProtocolProposal(
      head,
      { ...draft, summary: 'A revised summary.' },
      ROTHERHAM_SCRUTINY,
      noPrecondition,
      target,
      contextOf(ROTHERHAM_SCRUTINY, 3),
    );

    expect(decision.outcome).toBe('revised');
    expect(decision.version).toBe(3);
    expect(decision.documentVersion).toBe(2);
    expect(dataOf(decision)).toMatchObject({ version: 2, proposedBy: ROTHERHAM_SCRUTINY, summary: 'A revised summary.' });
  });

  it('resets an agreed protocol to draft on a new version, keeping earlier agreements as history', () => {
    const agreed = agreedBy(drafted(), PANEL, ROTHERHAM_SCRUTINY);
    expect(agreed.state.status).toBe('agreed');

    const decision = decideProtocolProposal(
      agreed,
      { ...draft, reviewDate: '2028-03-31' },
      PANEL,
      noPrecondition,
      target,
      contextOf(PANEL, 4),
    );

    const data = dataOf(decision);
    expect(data.status).toBe('draft');
    expect(data.agreements).toEqual(agreed.state.agreements);
    expect(data.agreements.map((agreement) => agreement.version)).toEqual([1, 1]);
    expect(protocolStatus(data)).toBe('draft');
  });

  it('rejects a proposal whose If-Match names an older document version', () => {
    const head = headAfter<ProtocolState>(
      decideProtocolProposal(drafted(), { ...draft, summary: 'Second version.' }, PANEL, noPrecondition, target, contextOf(PANEL, 2)),
    );

    const act = () =>
      decideProtocolProposal(
        head,
        { ...draft, summary: 'Third version.' },
        PANEL,
        { kind: 'version', version: 1 },
        target,
        contextOf(PANEL, 3),
      );

    expect(act).toThrow(VersionConflictError);
  });

  it('rejects If-Match * for a protocol not yet drafted', () => {
    const act = () => decideProtocolProposal(undefined, draft, PANEL, { kind: 'any' }, target, contextOf(PANEL));

    expect(act).toThrow(VersionConflictError);
  });
});

describe('agreeing a protocol', () => {
  it("records a party's agreement to the current version, with the time it agreed", () => {
    const head = drafted();
    const context = contextOf(PANEL, 2, '2026-02-01T10:00:00.000Z');

    const decision = decideProtocolAgreement(head, 1, PANEL, target, context);

    expect(decision.outcome).toBe('revised');
    expect(decision.version).toBe(2);
    expect(decision.documentVersion).toBe(1);
    if (decision.outcome === 'unchanged') throw new Error('unreachable');
    expect(decision.event.detailType).toBe('ProtocolAgreed');
    expect(decision.event.detail.organisationId).toBe(PANEL);
    expect(dataOf(decision)).toMatchObject({
      agreedBy: PANEL,
      agreements: [{ organisationId: PANEL, version: 1, agreedAt: '2026-02-01T10:00:00.000Z' }],
      status: 'draft',
    });
    expect(() => parseHubEvent(decision.event.detailType, decision.event.detail)).not.toThrow();
  });

  it('becomes agreed only when every party has agreed the current version', () => {
    const head = agreedBy(drafted(), PANEL);
    expect(head.state.status).toBe('draft');

    const decision = decideProtocolAgreement(head, 1, ROTHERHAM_SCRUTINY, target, contextOf(ROTHERHAM_SCRUTINY, 3));

    expect(dataOf(decision).status).toBe('agreed');
  });

  it('refuses agreement to a version that is not the current one', () => {
    const head = headAfter<ProtocolState>(
      decideProtocolProposal(drafted(), { ...draft, summary: 'Second version.' }, PANEL, noPrecondition, target, contextOf(PANEL, 2)),
    );

    const act = () => decideProtocolAgreement(head, 1, ROTHERHAM_SCRUTINY, target, contextOf(ROTHERHAM_SCRUTINY, 3));

    expect(act).toThrow(InvalidChangeError);
  });

  it('records nothing when a party agrees the same version twice', () => {
    const head = agreedBy(drafted(), PANEL);

    const decision = decideProtocolAgreement(head, 1, PANEL, target, contextOf(PANEL, 3));

    expect(decision).toEqual({ outcome: 'unchanged', version: 2, documentVersion: 1 });
  });

  it('lets a party agree a new version after agreeing an earlier one', () => {
    const secondVersion = headAfter<ProtocolState>(
      decideProtocolProposal(
        agreedBy(drafted(), PANEL),
        { ...draft, summary: 'Second version.' },
        PANEL,
        noPrecondition,
        target,
        contextOf(PANEL, 3),
      ),
    );

    const decision = decideProtocolAgreement(secondVersion, 2, PANEL, target, contextOf(PANEL, 4));

    expect(decision.outcome).toBe('revised');
    expect(dataOf(decision).agreements.map(({ version }) => version)).toEqual([1, 2]);
  });

  it('refuses agreement from a body that is not a party', () => {
    const act = () => decideProtocolAgreement(drafted(), 1, PCC, target, contextOf(PCC, 2));

    expect(act).toThrow(NotPermittedError);
  });

  it('refuses agreement to a protocol that does not exist', () => {
    const act = () => decideProtocolAgreement(undefined, 1, PANEL, target, contextOf(PANEL));

    expect(act).toThrow(NotFoundError);
  });
});

describe('protocolStatus', () => {
  const parties = [PANEL, ROTHERHAM_CSP];
  const agreement = (organisationId: string, version: number) => ({ organisationId, version, agreedAt: '2026-01-01T00:00:00.000Z' });

  it('is agreed when every party has agreed the current version', () => {
    expect(protocolStatus({ parties, version: 2, agreements: [agreement(PANEL, 2), agreement(ROTHERHAM_CSP, 2)] })).toBe('agreed');
  });

  it('is draft while a party has agreed only an earlier version', () => {
    expect(protocolStatus({ parties, version: 2, agreements: [agreement(PANEL, 2), agreement(ROTHERHAM_CSP, 1)] })).toBe('draft');
  });

  it('is draft with no agreements', () => {
    expect(protocolStatus({ parties, version: 1, agreements: [] })).toBe('draft');
  });

  it('does not count agreements from bodies that are not parties', () => {
    expect(protocolStatus({ parties, version: 1, agreements: [agreement(PANEL, 1), agreement(PCC, 1)] })).toBe('draft');
  });
});
