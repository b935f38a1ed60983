import { parseHubEvent, type VariationState } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import {
  type AnyStepInput,
  authoriseVariationStep,
  type CommandContext,
  type Decision,
  decideVariationStart,
  decideVariationStep,
  InvalidChangeError,
  NotAuthenticatedError,
  NotPermittedError,
  nextVariationStep,
  type Principal,
  panelDeadlinePassed,
  planVariationNote,
  recommendationRequests,
  recommendationResponses,
  type StreamHead,
  variationRequestId,
} from '../src/index.ts';
import { AREA, contextOf, headAfter, PANEL, PCC, ROTHERHAM_CSP } from './builders.ts';

const target = { areaId: AREA, organisationId: PCC, id: 'variation-1' };
const content = { title: 'Police and Crime Plan 2013 – 17: Refresh', summary: 'Focus shifts in year two.', visibility: 'public' as const };
const key = (organisationId: string): Principal => ({ kind: 'organisation-key', areaId: AREA, organisationId, keyId: 'k1' });

const ON_2_MAY = '2014-05-02T10:00:00.000Z';
const at = (organisationId: string, occurredAt = ON_2_MAY, sequence = 2): CommandContext => contextOf(organisationId, sequence, occurredAt);

function started(): StreamHead<VariationState> {
  return headAfter(
    decideVariationStart(
      undefined,
      content,
      { planId: 'pcp-2013-17', panel: PANEL, visibility: 'public' },
      target,
      at(PCC, '2014-04-10T09:00:00.000Z', 1),
    ),
  );
}

const report: AnyStepInput = {
  step: 'panel-report',
  input: {
    summary: 'The panel supports the refresh.',
    recommendations: [{ title: 'Publish quarterly figures' }, { title: 'Consult victims', detail: 'Widely.' }],
  },
};
const response: AnyStepInput = {
  step: 'pcc-response',
  input: {
    text: 'The PCC thanks the panel.',
    responses: [
      { text: 'Agreed.', outcome: 'accepted' },
      { text: 'In part.', outcome: 'partially-accepted' },
    ],
  },
};

/** Records each step in turn by the body whose step it is, at the given time. */
function through(steps: AnyStepInput[], occurredAt = ON_2_MAY): StreamHead<VariationState> {
  let head = started();
  steps.forEach((step, index) => {
    const by = step.step === 'panel-report' ? PANEL : PCC;
    head = headAfter(decideVariationStep(head, step, by, target, at(by, occurredAt, index + 2)));
  });
  return head;
}

const consulted: AnyStepInput = { step: 'chief-constable-consulted', input: {} };
const sent: AnyStepInput = { step: 'sent-to-panel', input: { responseDueDate: '2014-05-06' } };
const published: AnyStepInput = { step: 'published', input: {} };

const refusal = (run: () => Decision) => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal, the step was recorded');
};

describe('a plan variation', () => {
  it('starts as the PCC content, with the panel that scrutinises it, and events the schema accepts', () => {
    const decision = decideVariationStart(
      undefined,
      content,
      { planId: 'pcp-2013-17', panel: PANEL, visibility: 'public' },
      target,
      at(PCC, '2014-04-10T09:00:00.000Z', 1),
    );
    if (decision.outcome === 'unchanged') throw new Error('expected an event');
    expect(decision.event.detailType).toBe('PlanVariationStarted');
    expect(decision.event.detail.organisationId).toBe(PCC);
    expect(() => parseHubEvent(decision.event.detailType, decision.event.detail)).not.toThrow();
    expect(headAfter<VariationState>(decision).state).toMatchObject({ panel: PANEL, startedOn: '2014-04-10', steps: [] });
    expect(() =>
      decideVariationStart(headAfter(decision), content, { planId: 'pcp-2013-17', panel: PANEL, visibility: 'public' }, target, at(PCC)),
    ).toThrow(InvalidChangeError);
  });

  it('refuses a public variation of a partners-only plan, and starts a partners-only one', () => {
    const of = (visibility: 'public' | 'partners') => ({ planId: 'pcp-2013-17', panel: PANEL, visibility });
    expect(() => decideVariationStart(undefined, content, of('partners'), target, at(PCC))).toThrow(
      /partners only.*"visibility": "partners"/,
    );
    const decision = decideVariationStart(undefined, { ...content, visibility: 'partners' }, of('partners'), target, at(PCC));
    expect(decision.outcome).toBe('created');
    expect(decideVariationStart(undefined, { ...content, visibility: 'partners' }, of('public'), target, at(PCC)).outcome).toBe('created');
  });

  it('takes the steps in order, each naming its day, body and actor', () => {
    const head = through([consulted, sent, report, response, published]);
    expect(head.state.steps.map((step) => [step.step, step.by, step.on])).toEqual([
      ['chief-constable-consulted', PCC, '2014-05-02'],
      ['sent-to-panel', PCC, '2014-05-02'],
      ['panel-report', PANEL, '2014-05-02'],
      ['pcc-response', PCC, '2014-05-02'],
      ['published', PCC, '2014-05-02'],
    ]);
    expect(head.state.steps[2]!.actor).toEqual({ kind: 'key', organisationId: PANEL });
    expect(nextVariationStep(head.state, PCC, '2014-05-02')).toBeUndefined();
  });

  it('refuses a step out of order with a 409 naming the step missing', () => {
    const error = refusal(() => decideVariationStep(started(), sent, PCC, target, at(PCC)));
    expect(error).toBeInstanceOf(InvalidChangeError);
    expect(error.message).toContain('"chief-constable-consulted"');
    expect(refusal(() => decideVariationStep(through([consulted]), report, PANEL, target, at(PANEL))).message).toContain('"sent-to-panel"');
    expect(refusal(() => decideVariationStep(through([consulted, sent]), response, PCC, target, at(PCC))).message).toContain(
      '"panel-report"',
    );
  });

  it('records each step once: the same again records nothing, anything else is refused', () => {
    const head = through([consulted, sent]);
    expect(decideVariationStep(head, sent, PCC, target, at(PCC, ON_2_MAY, 9))).toEqual({ outcome: 'unchanged', version: head.version });
    const error = refusal(() =>
      decideVariationStep(head, { step: 'sent-to-panel', input: { responseDueDate: '2014-06-01' } }, PCC, target, at(PCC)),
    );
    expect(error).toBeInstanceOf(InvalidChangeError);
    expect(error.message).toContain('each step happens once');
  });

  it('publishes only after the report and the response to it', () => {
    const reported = through([consulted, sent, report]);
    expect(refusal(() => decideVariationStep(reported, published, PCC, target, at(PCC))).message).toContain('"pcc-response"');
    // Even after the deadline: a report was made, so it must be answered first.
    expect(refusal(() => decideVariationStep(reported, published, PCC, target, at(PCC, '2014-06-01T09:00:00.000Z'))).message).toContain(
      '"pcc-response"',
    );
  });

  it('publishes with no report only once the response date has ended in London', () => {
    const awaiting = through([consulted, sent]);
    // 23:30 BST on 6 May is still 6 May in London (22:30 UTC): not passed.
    const lateOnTheDay = at(PCC, '2014-05-06T22:30:00.000Z');
    expect(refusal(() => decideVariationStep(awaiting, published, PCC, target, lateOnTheDay)).message).toContain('2014-05-06');
    expect(panelDeadlinePassed(awaiting.state, '2014-05-06')).toBe(false);
    // 00:30 BST on 7 May is 23:30 UTC on 6 May: passed.
    const decision = decideVariationStep(awaiting, published, PCC, target, at(PCC, '2014-05-06T23:30:00.000Z'));
    expect(decision.outcome).toBe('revised');
    expect(panelDeadlinePassed(awaiting.state, '2014-05-07')).toBe(true);
  });

  it('takes no step after publication', () => {
    const done = through([consulted, sent], '2014-05-02T09:00:00.000Z');
    const out = headAfter<VariationState>(decideVariationStep(done, published, PCC, target, at(PCC, '2014-05-08T09:00:00.000Z')));
    expect(refusal(() => decideVariationStep(out, report, PANEL, target, at(PANEL, '2014-05-09T09:00:00.000Z'))).message).toContain(
      'published',
    );
  });

  it('needs a response to each recommendation, in order', () => {
    const reported = through([consulted, sent, report]);
    const short: AnyStepInput = { step: 'pcc-response', input: { text: 'Thanks.', responses: [{ text: 'Agreed.' }] } };
    expect(refusal(() => decideVariationStep(reported, short, PCC, target, at(PCC))).message).toContain('2 recommendation(s)');
  });

  it('dates a step by its effective date, and refuses one dated before the step before it', () => {
    const head = through([consulted], '2014-05-02T09:00:00.000Z');
    const backdated = { ...at(PCC), change: { effectiveDate: '2014-04' } };
    expect(refusal(() => decideVariationStep(head, sent, PCC, target, backdated)).message).toContain('before the previous step');
    const dated = headAfter<VariationState>(
      decideVariationStep(head, sent, PCC, target, { ...at(PCC), change: { effectiveDate: '2014-05-02' } }),
    );
    expect(dated.state.steps[1]!.on).toBe('2014-05-02');
  });

  it('lets only the panel record its report, and only the PCC every other step', () => {
    const state = through([consulted, sent]).state;
    expect(authoriseVariationStep(key(PANEL), state, 'panel-report', target).organisationId).toBe(PANEL);
    const byPcc = refusal(() => authoriseVariationStep(key(PCC), state, 'panel-report', target) as never);
    expect(byPcc).toBeInstanceOf(NotPermittedError);
    expect(byPcc.message).toContain(`Only ${PANEL}, the panel,`);
    for (const step of ['chief-constable-consulted', 'sent-to-panel', 'pcc-response', 'published'] as const) {
      expect(authoriseVariationStep(key(PCC), state, step, target).organisationId).toBe(PCC);
      expect(refusal(() => authoriseVariationStep(key(PANEL), state, step, target) as never)).toBeInstanceOf(NotPermittedError);
      expect(refusal(() => authoriseVariationStep(key(ROTHERHAM_CSP), state, step, target) as never).message).toContain(
        `Only ${PCC}, the PCC,`,
      );
    }
    expect(refusal(() => authoriseVariationStep({ kind: 'anonymous' }, state, 'published', target) as never)).toBeInstanceOf(
      NotAuthenticatedError,
    );
  });

  it('says the next step due, with the deadline for the panel report', () => {
    expect(nextVariationStep(started().state, PCC, '2014-05-01')).toEqual({ step: 'chief-constable-consulted', by: PCC });
    const awaiting = through([consulted, sent]).state;
    expect(nextVariationStep(awaiting, PCC, '2014-05-06')).toEqual({
      step: 'panel-report',
      by: PANEL,
      deadline: '2014-05-06',
      deadlinePassed: false,
    });
    expect(nextVariationStep(awaiting, PCC, '2014-05-07')).toEqual({
      step: 'published',
      by: PCC,
      deadline: '2014-05-06',
      deadlinePassed: true,
    });
    expect(nextVariationStep(through([consulted, sent, report]).state, PCC, '2014-05-03')).toEqual({ step: 'pcc-response', by: PCC });
  });

  it('turns each recommendation into a request from the panel to the PCC, with ids from the variation and the position', () => {
    const head = through([consulted, sent, report, response]);
    const requests = recommendationRequests(head.state, target);
    expect(
      requests.map((request) => [request.id, request.raiser, request.content.to, request.content.title, request.content.kind]),
    ).toEqual([
      [`${PCC}.variation-1.recommendation-1`, PANEL, PCC, 'Publish quarterly figures', 'recommendation'],
      [`${PCC}.variation-1.recommendation-2`, PANEL, PCC, 'Consult victims', 'recommendation'],
    ]);
    expect(requests[1]!.content.detail).toBe('Widely.');
    // The same variation gives the same ids every time: a replay creates nothing twice.
    expect(recommendationRequests(head.state, target).map((request) => request.id)).toEqual(requests.map((request) => request.id));
    expect(variationRequestId(target, 2)).toBe(requests[1]!.id);
    expect(recommendationResponses(head.state, target).map(({ id, answer }) => [id, answer.outcome])).toEqual([
      [requests[0]!.id, 'accepted'],
      [requests[1]!.id, 'partially-accepted'],
    ]);
  });

  it('names the variation on the plan by title only when it is public', () => {
    const state = started().state;
    expect(planVariationNote(state, target)).toEqual({ id: 'variation-1', title: content.title });
    expect(planVariationNote({ ...state, visibility: 'partners' }, target)).toEqual({ id: 'variation-1' });
  });
});
