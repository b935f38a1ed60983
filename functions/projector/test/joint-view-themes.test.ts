import { buildJointView, toViewRecord } from '@partnership-hub/domain';
import { THEMES } from '@partnership-hub/events';
import { InMemoryViewStore } from '@partnership-hub/store';
import {
  AREA,
  delivery,
  organisationRegistered,
  PANEL,
  priorityPublished,
  priorityRevised,
  priorityWithdrawn,
  workProgrammeItemRevised,
  workProgrammeItemScheduled,
} from '@partnership-hub/testing';
import { describe, expect, it } from 'vitest';
import { createProjector, jointViewBody, jointViewInput } from '../src/projector.ts';

const NOW = new Date('2026-06-01T09:00:00.000Z');
const TODAY = '2026-06-01';
const PCC = 'south-yorkshire-pcc';
const SCRUTINY = 'a-scrutiny-committee';
const [first, second, third] = THEMES.map(({ slug }) => slug);

describe('joint views rebuilt only in the themes a change touches', () => {
  it('are, after every change, byte for byte what the area records make built whole', async () => {
    const views = new InMemoryViewStore();
    const project = createProjector({ views, clock: () => NOW });
    const changes = [
      organisationRegistered(),
      organisationRegistered({ organisationId: PANEL, name: 'Police and Crime Panel', kind: 'panel' }),
      organisationRegistered({ organisationId: PCC, name: 'Police and Crime Commissioner', kind: 'pcc' }),
      priorityPublished({ organisationId: PCC, id: 'plan-theme', state: { themes: [first!] } }),
      priorityPublished({ id: 'a', state: { themes: [first!] } }),
      priorityPublished({ id: 'b', state: { themes: [second!] } }),
      // Moves from one theme to another: both entries change.
      priorityRevised({ id: 'a', state: { themes: [third!] } }),
      workProgrammeItemScheduled({ organisationId: PANEL, id: 'w', state: { themes: [second!], quarter: '2026/27-Q2' } }),
      organisationRegistered({ organisationId: SCRUTINY, name: 'Scrutiny Committee', kind: 'scrutiny-committee' }),
      // The panel's and the committee's work on one theme in one quarter: an overlap, then moved out of it.
      workProgrammeItemScheduled({ organisationId: SCRUTINY, id: 'v', state: { themes: [second!], quarter: '2026/27-Q2' } }),
      workProgrammeItemRevised({ organisationId: SCRUTINY, id: 'v', state: { themes: [third!], quarter: '2026/27-Q2' } }),
      priorityPublished({ id: 'c', state: { themes: [first!], visibility: 'partners' } }),
      priorityWithdrawn({ id: 'b' }),
      // The PCC's priority moves the Police and Crime Plan's themes: every entry's flag.
      priorityRevised({ organisationId: PCC, id: 'plan-theme', state: { themes: [second!, third!] } }),
      organisationRegistered({ organisationId: 'another-csp', name: 'Another Partnership', kind: 'csp' }),
      priorityPublished({ organisationId: 'another-csp', id: 'd', state: { themes: [third!] } }),
    ];
    let overlapsSeen = 0;
    for (const change of changes) {
      await project(delivery(change));
      const records = await views.list(AREA);
      for (const audience of ['public', 'partners'] as const) {
        const whole = buildJointView(AREA, records, audience, TODAY);
        expect((await views.jointView(AREA, audience))?.body).toBe(JSON.stringify(whole));
        overlapsSeen += whole.overlaps.length;
      }
    }
    // The sequence reaches an overlap, so that joining overlaps is checked too.
    expect(overlapsSeen).toBeGreaterThan(0);
  });

  it('join the entries of untouched themes as they were built before', () => {
    const records = [organisationRegistered(), priorityPublished({ id: 'a', state: { themes: [first!] } })].map((event) =>
      jointViewInput(toViewRecord(event)),
    );
    const entries = new Map([[second!, '{"theme":"held before"}']]);
    const overlaps = new Map([[second!, '{"theme":"overlap held before"}']]);

    const { body, parts } = jointViewBody(AREA, records, 'public', TODAY, { touched: new Set([first!]), parts: { entries, overlaps } });

    const view = JSON.parse(body) as { themes: { theme: string }[]; overlaps: { theme: string }[] };
    expect(view.themes.map((entry) => entry.theme)).toEqual([first, 'held before']);
    expect(view.overlaps.map((overlap) => overlap.theme)).toEqual(['overlap held before']);
    expect(parts.entries.get(second!)).toBe('{"theme":"held before"}');
  });
});
