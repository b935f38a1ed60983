import { matchesEventPattern } from '@partnership-hub/event-pattern';
import { EVENT_SOURCE } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import { candidatePartitions, compileFilter, indexKeysFor, SubscriptionFilter } from '../src/index.ts';

const AREA = 'south-yorkshire';

function busEvent(
  overrides: { detailType?: string; organisationId?: string | null; themes?: string[]; parties?: string[]; areaId?: string } = {},
) {
  const data: Record<string, unknown> = { title: 'A priority' };
  if (overrides.themes) data.themes = overrides.themes;
  if (overrides.parties) data.parties = overrides.parties;
  return {
    source: EVENT_SOURCE,
    'detail-type': overrides.detailType ?? 'PriorityRevised',
    detail: {
      areaId: overrides.areaId ?? AREA,
      organisationId: overrides.organisationId === undefined ? 'safer-rotherham' : overrides.organisationId,
      data,
    },
  };
}

const matches = (filter: SubscriptionFilter, event: unknown) => matchesEventPattern(compileFilter(AREA, filter), event);

describe('compiling a filter to an EventBridge pattern', () => {
  it('matches everything in the area when the filter is empty, and nothing in another area', () => {
    expect(matches({}, busEvent())).toBe(true);
    expect(matches({}, busEvent({ areaId: 'staffordshire' }))).toBe(false);
  });

  it('narrows by organisation, including a party to a protocol', () => {
    const filter = { organisations: ['safer-rotherham'] };
    expect(matches(filter, busEvent())).toBe(true);
    expect(matches(filter, busEvent({ organisationId: 'safer-sheffield' }))).toBe(false);
    expect(
      matches(filter, busEvent({ detailType: 'ProtocolAgreed', organisationId: 'panel', parties: ['panel', 'safer-rotherham'] })),
    ).toBe(true);
  });

  it("narrows by theme: any of the event's themes in the filter matches", () => {
    const filter = { themes: ['domestic-abuse' as const] };
    expect(matches(filter, busEvent({ themes: ['burglary', 'domestic-abuse'] }))).toBe(true);
    expect(matches(filter, busEvent({ themes: ['burglary'] }))).toBe(false);
    expect(matches(filter, busEvent())).toBe(false);
  });

  it('takes in the themes within a theme: a subscription to VAWG hears about domestic abuse, not the other way round', () => {
    const vawg = { themes: ['violence-against-women-and-girls' as const] };
    const domesticAbuse = { themes: ['domestic-abuse' as const] };

    expect(matches(vawg, busEvent({ themes: ['violence-against-women-and-girls'] }))).toBe(true);
    expect(matches(vawg, busEvent({ themes: ['domestic-abuse'] }))).toBe(true);
    expect(matches(vawg, busEvent({ themes: ['burglary', 'forced-marriage'] }))).toBe(true);
    expect(matches(vawg, busEvent({ themes: ['child-sexual-exploitation'] }))).toBe(false);
    expect(matches(domesticAbuse, busEvent({ themes: ['violence-against-women-and-girls'] }))).toBe(false);
    expect(matches({ themes: ['reoffending'] }, busEvent({ themes: ['female-offenders'] }))).toBe(true);
  });

  it('lists each theme once in the pattern when a filter names a theme and one within it', () => {
    const pattern = compileFilter(AREA, { themes: ['domestic-abuse', 'violence-against-women-and-girls'] }) as {
      detail: { data: { themes: string[] } };
    };

    expect(pattern.detail.data.themes).toHaveLength(new Set(pattern.detail.data.themes).size);
    expect(pattern.detail.data.themes).toEqual(
      expect.arrayContaining(['domestic-abuse', 'violence-against-women-and-girls', 'forced-marriage']),
    );
  });

  it('narrows by change type, and combines every narrowing with AND', () => {
    const filter = { organisations: ['safer-rotherham'], themes: ['burglary' as const], changeTypes: ['PriorityPublished'] };
    expect(matches(filter, busEvent({ detailType: 'PriorityPublished', themes: ['burglary'] }))).toBe(true);
    expect(matches(filter, busEvent({ detailType: 'PriorityRevised', themes: ['burglary'] }))).toBe(false);
    expect(matches(filter, busEvent({ detailType: 'PriorityPublished', themes: ['road-safety'] }))).toBe(false);
  });

  it("takes a failed connector run by its change type: the area's, with no organisation", () => {
    const filter = SubscriptionFilter().parse({ changeTypes: ['ConnectorRunFailed'] });
    expect(matches(filter, busEvent({ detailType: 'ConnectorRunFailed', organisationId: null }))).toBe(true);
    expect(matches(filter, busEvent({ detailType: 'MeetingCancelled' }))).toBe(false);
    expect(indexKeysFor(AREA, filter)).toEqual([expect.stringContaining('TYPE#ConnectorRunFailed')]);
  });

  it('uses a raw pattern as written', () => {
    const filter = { pattern: { detail: { data: { title: [{ prefix: 'A pri' }] } } } };
    expect(matches(filter, busEvent())).toBe(true);
    expect(matches({ pattern: { detail: { data: { title: [{ prefix: 'Other' }] } } } }, busEvent())).toBe(false);
  });
});

describe('the filter schema', () => {
  it('reports a malformed raw pattern on filter.pattern with the problem EventBridge would name', () => {
    const result = SubscriptionFilter().safeParse({ pattern: { detail: { themes: 'burglary' } } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['pattern'], message: expect.stringContaining('detail.themes') });
  });

  it('refuses a raw pattern combined with field filters, unknown themes and unknown change types', () => {
    expect(SubscriptionFilter().safeParse({ pattern: { source: ['x'] }, themes: ['burglary'] }).success).toBe(false);
    expect(SubscriptionFilter().safeParse({ themes: ['not-a-theme'] }).success).toBe(false);
    expect(SubscriptionFilter().safeParse({ changeTypes: ['SomethingHappened'] }).success).toBe(false);
    expect(SubscriptionFilter().safeParse({ colour: ['red'] }).success).toBe(false);
  });

  it('refuses a raw pattern using a name JavaScript objects already have as a field, naming where', () => {
    for (const [raw, where] of [
      ['{"pattern": {"constructor": ["x"]}}', 'constructor'],
      ['{"pattern": {"detail": {"constructor": ["x"]}}}', 'detail.constructor'],
      ['{"pattern": {"__proto__": {"x": ["y"]}}}', '__proto__'],
      ['{"pattern": {"detail": {"__proto__": ["x"]}}}', 'detail.__proto__'],
      ['{"pattern": {"$or": [{"source": ["a"]}, {"toString": ["x"]}]}}', '$or.1.toString'],
    ] as const) {
      const result = SubscriptionFilter().safeParse(JSON.parse(raw));
      expect(result.success, raw).toBe(false);
      expect(result.error!.issues[0], raw).toMatchObject({ path: ['pattern'], message: expect.stringContaining(`"${where}"`) });
    }
  });
});

describe('a deeply nested pattern', () => {
  const nested = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}["x"]${'}'.repeat(depth)}`) as Record<string, unknown>;

  it('is refused on filter.pattern, however deep, without running out of stack', () => {
    for (const depth of [16, 4_000, 100_000]) {
      const result = SubscriptionFilter().safeParse({ pattern: nested(depth) });
      expect(result.success, String(depth)).toBe(false);
      expect(result.error!.issues[0], String(depth)).toMatchObject({
        path: ['pattern'],
        message: expect.stringContaining('more than 16 deep'),
      });
    }
  });

  it('is accepted up to the limit, deeper than any hub event', () => {
    expect(SubscriptionFilter().safeParse({ pattern: nested(15) }).success).toBe(true);
  });
});

describe('the candidate index', () => {
  it('indexes a subscription by the more selective of its organisation and theme keys', () => {
    expect(indexKeysFor(AREA, { organisations: ['a'], themes: ['burglary', 'road-safety'] })).toEqual([`SUBS#${AREA}#ORG#a`]);
    expect(indexKeysFor(AREA, { organisations: ['a', 'b', 'c'], themes: ['burglary'] })).toEqual([`SUBS#${AREA}#THEME#burglary`]);
    expect(indexKeysFor(AREA, { changeTypes: ['PriorityRevised'] })).toEqual([`SUBS#${AREA}#TYPE#PriorityRevised`]);
    expect(indexKeysFor(AREA, {})).toEqual([`SUBS#${AREA}#ALL`]);
    expect(indexKeysFor(AREA, { pattern: { source: ['x'] } })).toEqual([`SUBS#${AREA}#PATTERN`]);
  });

  it('reads, for an event, every partition a matching subscription could be indexed under', () => {
    const filters: SubscriptionFilter[] = [
      {},
      { organisations: ['safer-rotherham'] },
      { themes: ['burglary'] },
      { organisations: ['panel', 'x', 'y'], themes: ['burglary'] },
      { changeTypes: ['ProtocolAgreed'] },
      { pattern: { source: [EVENT_SOURCE] } },
    ];
    const event = {
      detailType: 'ProtocolAgreed',
      areaId: AREA,
      organisationId: 'panel',
      themes: ['burglary'],
      parties: ['panel', 'safer-rotherham'],
    };
    const read = new Set(candidatePartitions(event));
    for (const filter of filters)
      expect(
        indexKeysFor(AREA, filter).some((key) => read.has(key)),
        JSON.stringify(filter),
      ).toBe(true);
  });

  it("reads, for an event on a theme within another, the wider theme's partition, where its subscribers are indexed", () => {
    const subscription = indexKeysFor(AREA, { themes: ['violence-against-women-and-girls'] });
    const read = new Set(
      candidatePartitions({ detailType: 'PriorityRevised', areaId: AREA, organisationId: 'x', themes: ['domestic-abuse'] }),
    );

    expect(subscription.some((key) => read.has(key))).toBe(true);
    // Not the other way: an event on the wider theme does not read the partitions of the themes within it.
    expect(
      candidatePartitions({
        detailType: 'PriorityRevised',
        areaId: AREA,
        organisationId: 'x',
        themes: ['violence-against-women-and-girls'],
      }),
    ).not.toContain(`SUBS#${AREA}#THEME#domestic-abuse`);
  });

  it('does not read the partitions of other bodies, themes or areas', () => {
    const read = candidatePartitions({
      detailType: 'PriorityRevised',
      areaId: AREA,
      organisationId: 'safer-rotherham',
      themes: ['burglary'],
    });
    expect(read).not.toContain(`SUBS#${AREA}#ORG#safer-sheffield`);
    expect(read).not.toContain(`SUBS#${AREA}#THEME#road-safety`);
    expect(read.every((key) => key.startsWith(`SUBS#${AREA}#`))).toBe(true);
  });
});
