import { describe, expect, it } from 'vitest';
import { ModernGovError, parseCommittees, parseMeeting, parseMeetings } from '../src/index.ts';
import { HTML_PAGE, MANCHESTER, PANEL } from './support/fixtures.ts';

const URL = 'https://democracy.example.gov.uk/mgWebService.asmx/GetMeeting?lMeetingId=1';

function failure(parse: () => unknown): ModernGovError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ModernGovError);
    return error as ModernGovError;
  }
  throw new Error('parsed without complaint');
}

describe('parsing GetCommittees', () => {
  it('reads every committee with its True/False flags, expired ones included', () => {
    const committees = parseCommittees(URL, MANCHESTER.committees);
    expect(committees).toEqual([
      expect.objectContaining({
        committeeId: '312',
        title: 'Appointment Sub Committee for Director of Adult Social Services',
        expired: true,
        deleted: false,
      }),
      expect.objectContaining({ committeeId: '163', title: 'Art Galleries Committee', expired: false }),
      {
        committeeId: '144',
        title: 'Audit Committee',
        category: 'Governance and Decision Making Committees',
        deleted: false,
        expired: false,
      },
    ]);
  });

  it('leaves out a category that is missing', () => {
    const without = MANCHESTER.committees.replace(/<committeecategory>[^<]*<\/committeecategory>/g, '');
    expect(parseCommittees(URL, without)[0]).not.toHaveProperty('category');
  });
});

describe('parsing GetMeetings', () => {
  it('reads the meetings with dd/mm/yyyy dates, "10.00 am" times and statuses as written', () => {
    expect(parseMeetings(URL, PANEL.meetings)).toEqual({
      committeeId: '650',
      committeeTitle: 'Example Police and Crime Panel',
      meetings: [
        { meetingId: '90000', date: '2026-06-30', status: 'Cancelled', time: '10:00' },
        { meetingId: '90001', date: '2026-10-06', status: 'Confirmed', time: '10:00' },
        { meetingId: '90003', date: '2027-02-02', status: 'Confirmed; Precept Meeting', time: '10:00' },
      ],
    });
  });

  it('reads an empty range (whitespace between the tags) as no meetings', () => {
    expect(parseMeetings(URL, PANEL.emptyRange).meetings).toEqual([]);
  });

  it('reads a single meeting as a list of one', () => {
    expect(parseMeetings(URL, MANCHESTER.meetings.replace(/<meeting>\s*<meetingid>4966[\s\S]*?<\/meeting>/, '')).meetings).toHaveLength(1);
  });

  it('names the URL and the meeting when a date is not dd/mm/yyyy', () => {
    const error = failure(() => parseMeetings(URL, MANCHESTER.meetings.replace('13/01/2026', '13th January')));
    expect(error.message).toBe(`${URL}: meeting 4966 has the date "13th January", which is not dd/mm/yyyy`);
  });
});

describe('parsing GetMeeting', () => {
  it('reads the agenda: printed numbers, titles escaped twice, restricted items and papers', () => {
    const lookup = parseMeeting(URL, PANEL.withAgenda90001);
    if (lookup.gone) throw new Error('gone');
    expect(lookup.meeting).toMatchObject({
      meetingId: '90001',
      date: '2026-10-06',
      time: '10:00',
      location: 'Council Chamber, Shire Hall, Example Town, EX1 1AA',
    });
    expect(lookup.meeting.agenda.map(({ number, title, restricted }) => ({ number, title, restricted }))).toEqual([
      { number: '1', title: 'Apologies', restricted: false },
      { number: '5', title: "Police and Crime Commissioner's Annual Report 2025/26", restricted: false },
      { number: '9', title: 'Exempt Item - Complaint against the Commissioner', restricted: true },
    ]);
    expect(lookup.meeting.agenda[1]!.text).toBe('To review the Commissioner’s Annual Report and make recommendations.');
    expect(lookup.meeting.agenda[1]!.links.map((link) => link.title)).toEqual([
      'PCC Annual Report 2025-26',
      'Appendix A - Performance & Finance Summary',
    ]);
    expect(lookup.meeting.agenda[2]!.links).toEqual([
      { title: 'Exempt report', url: 'https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=700003', restricted: true },
    ]);
  });

  it('reads a recorded meeting whose numbering is not contiguous and whose optional elements come and go', () => {
    const lookup = parseMeeting(URL, MANCHESTER.held4967);
    if (lookup.gone) throw new Error('gone');
    expect(lookup.meeting.agenda.map((item) => [item.number, item.title])).toEqual([
      ['1', 'Minutes'],
      ['9', 'Work Programme'],
    ]);
  });

  it('reads a cancelled meeting and one whose agenda is not out yet as meetings without agenda', () => {
    for (const [body, status] of [
      [MANCHESTER.cancelled4966, 'Cancelled'],
      [PANEL.noAgendaYet90003, 'Confirmed; Precept Meeting'],
    ] as const) {
      const lookup = parseMeeting(URL, body);
      if (lookup.gone) throw new Error('gone');
      expect(lookup.meeting).toMatchObject({ status, agenda: [] });
    }
  });

  it('answers gone for an empty meeting, or one the council no longer displays', () => {
    expect(parseMeeting(URL, '<?xml version="1.0"?><meeting>\n  <meetingid>\n  </meetingid>\n</meeting>').gone).toBe(true);
    expect(
      parseMeeting(
        URL,
        PANEL.withAgenda90001.replace('<isdisplayallowed>True</isdisplayallowed>', '<isdisplayallowed>False</isdisplayallowed>'),
      ).gone,
    ).toBe(true);
  });
});

describe('responses that are not the expected XML', () => {
  it('refuses an HTML page served with 200, naming the URL', () => {
    expect(failure(() => parseMeeting(URL, HTML_PAGE, 'text/html; charset=utf-8')).message).toBe(
      `${URL}: answered with an HTML page (text/html; charset=utf-8), not the <meeting> XML document expected`,
    );
    expect(failure(() => parseMeeting(URL, HTML_PAGE, 'text/xml')).reason).toMatch(/HTML page/);
  });

  it('refuses text that is not well-formed XML', () => {
    const error = failure(() => parseMeetings(URL, PANEL.meetings.slice(0, 400)));
    expect(error.url).toBe(URL);
    expect(error.reason).toMatch(/^answered text that is not well-formed XML \(line \d+: .+\)/);
  });

  it('reads a document with a byte order mark, and refuses an empty answer', () => {
    expect(parseMeetings(URL, `\uFEFF${PANEL.meetings}`).meetings).toHaveLength(3);
    expect(failure(() => parseMeetings(URL, ' \n')).reason).toBe(
      'answered nothing (an empty body), not the <getmeetings> XML document expected',
    );
  });

  it('refuses XML for another operation', () => {
    expect(failure(() => parseMeeting(URL, PANEL.meetings)).reason).toBe(
      'answered XML whose root is <getmeetings>, not the <meeting> expected',
    );
  });

  it('refuses a plain-text error body even when it comes with 200', () => {
    expect(failure(() => parseMeeting(URL, PANEL.missingParameter, 'text/plain')).reason).toMatch(/not well-formed XML|root is/);
  });
});
