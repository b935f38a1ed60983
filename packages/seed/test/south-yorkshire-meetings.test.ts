import { ChangeSource, EffectiveDate, ItemId, MeetingState } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import { SEED_FILES, seedMeetings, southYorkshire, southYorkshireMeetings } from '../src/index.ts';

const panel = southYorkshire.organisations.find((organisation) => organisation.kind === 'panel')!;

describe('South Yorkshire seed: meetings', () => {
  it.each(southYorkshireMeetings.map((meeting) => [meeting.id, meeting] as const))(
    'meeting %s parses and names its source',
    (id, seeded) => {
      expect(ItemId.parse(id)).toBe(id);
      expect(() => MeetingState().parse(seeded.meeting)).not.toThrow();
      expect(EffectiveDate().parse(seeded.effectiveDate)).toBe(seeded.meeting.date);
      expect(() => ChangeSource().parse(seeded.source)).not.toThrow();
      expect(Object.values(SEED_FILES)).toContain(seeded.source.document);
      expect(seeded.organisationId).toBe(panel.id);
    },
  );

  it('has the meetings the documents date, each once, with the agenda of 2 May 2014 as it lists it', () => {
    const dates = southYorkshireMeetings.map((meeting) => meeting.meeting.date);
    expect(dates).toEqual(['2014-01-31', '2014-03-31', '2014-05-02', '2014-07-30', '2014-09-11', '2021-12-13', '2022-02-04']);
    expect(new Set(southYorkshireMeetings.map((meeting) => meeting.id)).size).toBe(dates.length);
    const may = southYorkshireMeetings.find((meeting) => meeting.id === 'pcp-2014-05-02')!.meeting;
    expect([may.time, may.agenda?.map((item) => item.number)]).toEqual(['13:30', ['1', '2', '3', '4', '5', '6', '7', '8', '9']]);
    expect(seedMeetings['south-yorkshire']).toBe(southYorkshireMeetings);
  });
});
