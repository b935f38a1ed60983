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

describe('reading the XML itself', () => {
  /** GetMeeting 90001 with its second agenda item's (number 5) title and text as given, the rest as written. */
  const withItem5 = (title: string, text: string) =>
    PANEL.withAgenda90001
      .replace('Police and Crime Commissioner&amp;#39;s Annual Report 2025/26', title)
      .replace(/(<agendaitemid>500002<\/agendaitemid>[\s\S]*?<agendatext>)[\s\S]*?(<\/agendatext>)/, `$1${text}$2`);
  const item5 = (title: string, text: string) => {
    const lookup = parseMeeting(URL, withItem5(title, text));
    if (lookup.gone) throw new Error('gone');
    return lookup.meeting.agenda[1]!;
  };

  it('reads CDATA as text, its markup not parsed as XML and its entities left to the HTML reading', () => {
    const item = item5('<![CDATA[Members&#39; <Questions> & Answers]]>', '<![CDATA[<p>First&nbsp;line</p><p>Second &amp; last</p>]]>');
    expect(item.title).toBe("Members' <Questions> & Answers");
    // plainText makes every run of whitespace, a no-break space among them, one space.
    expect(item.text).toBe('First line\nSecond & last');
  });

  it("decodes XML's entities and character references once, titles then once more", () => {
    const item = item5('Fees &amp;amp; charges &#8211; 2026&#38;#39;s &lt;review&gt;', '&lt;p&gt;Costs &#38;amp; savings&lt;/p&gt;');
    expect(item.title).toBe("Fees & charges – 2026's <review>");
    expect(item.text).toBe('Costs & savings');
    // Named HTML entities are not XML's: they stay as written for the HTML reading to decode.
    expect(item5('Chair&rsquo;s report', '&lt;p&gt;A&amp;nbsp;B&lt;/p&gt;')).toMatchObject({ title: 'Chair’s report', text: 'A B' });
  });

  it('reads a namespaced root, attributes, comments and a doctype as the plain document', () => {
    const committees = MANCHESTER.committees
      .replace(
        '<committees>',
        '<!DOCTYPE committees>\n<committees xmlns="http://moderngov.co.uk/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      )
      .replace('<committeeid>144</committeeid>', '<committeeid xsi:type="string">144</committeeid><!-- the audit committee -->');
    expect(parseCommittees(URL, committees)).toEqual(parseCommittees(URL, MANCHESTER.committees));
    // The attendees carry attributes (name, role, party); the meeting reads the same with or without them.
    const lookup = parseMeeting(URL, PANEL.withAgenda90001);
    const bare = parseMeeting(URL, PANEL.withAgenda90001.replace(/<attendee [^>]*>/g, '<attendee>'));
    expect(lookup).toEqual(bare);
  });

  it('reads self-closing and whitespace-only elements as empty, optional parts as missing', () => {
    const meeting = PANEL.withAgenda90001
      .replace(/<meetinglocation>[^<]*<\/meetinglocation>/, '<meetinglocation/>')
      .replace(/<linkeddocuments>[\s\S]*?<\/linkeddocuments>/, '<linkeddocuments />')
      .replace(/<meetingtime>[^<]*<\/meetingtime>/, '<meetingtime>\n  </meetingtime>');
    const lookup = parseMeeting(URL, meeting);
    if (lookup.gone) throw new Error('gone');
    expect(lookup.meeting).not.toHaveProperty('location');
    expect(lookup.meeting).not.toHaveProperty('time');
    expect(lookup.meeting.agenda[1]!.links).toEqual([]);
    expect(parseMeeting(URL, PANEL.noAgendaYet90003.replace(/<agendaitems>\s*<\/agendaitems>/, '<agendaitems/>'))).toMatchObject({
      gone: false,
      meeting: { agenda: [] },
    });
  });

  it('reads one committee, one agenda item and one paper as lists of one', () => {
    const oneCommittee = MANCHESTER.committees.replace(/<committee>[\s\S]*<committeeid>163[\s\S]*?<\/committee>\s*(?=<committee>)/, '');
    const committees = parseCommittees(URL, oneCommittee.replace(/\s*<committee>\s*<committeeid>312[\s\S]*?<\/committee>/, ''));
    expect(committees.map((committee) => committee.committeeId)).toEqual(['144']);
    const oneItem = PANEL.withAgenda90001.replace(/\s*<agendaitem>\s*<agendaitemid>500001[\s\S]*?<\/agendaitem>/, '');
    const lookup = parseMeeting(URL, oneItem.replace(/\s*<agendaitem>\s*<agendaitemid>500003[\s\S]*?<\/agendaitem>/, ''));
    if (lookup.gone) throw new Error('gone');
    expect(lookup.meeting.agenda.map((item) => item.agendaItemId)).toEqual(['500002']);
    const lookup9 = parseMeeting(URL, PANEL.withAgenda90001);
    if (lookup9.gone) throw new Error('gone');
    expect(lookup9.meeting.agenda[2]!.links).toHaveLength(1);
  });

  it('takes element names as names only, whatever they are', () => {
    const body = MANCHESTER.committees.replace(
      '<committeeid>144</committeeid>',
      '<committeeid>144</committeeid><__proto__><committeeid>1</committeeid></__proto__><constructor/>',
    );
    expect(parseCommittees(URL, body).at(-1)).toMatchObject({ committeeId: '144', title: 'Audit Committee' });
    expect(({} as Record<string, unknown>).committeeid).toBeUndefined();
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

  it.each([
    [
      'a close tag that does not match',
      (body: string) => body.replace('</meetingstatus>', '</meetingstate>'),
      /Expected closing tag 'meetingstatus'/,
    ],
    ['a close tag never opened', (body: string) => `${body}</meeting>`, /'meeting' has not been opened/],
    [
      'a start tag that is not closed',
      (body: string) => body.replace('<meetingstatus>Confirmed</meetingstatus>', 'Confirmed</meetingstatus>'),
      /Expected closing tag 'meeting' .* instead of closing tag 'meetingstatus'/,
    ],
    ['a tag left open', (body: string) => body.replace('</agendaitems>', ''), /Expected closing tag 'agendaitems'/],
    ['a second root element', (body: string) => `${body}\n<meeting></meeting>`, /Multiple possible root nodes/],
    ['text outside the root', (body: string) => `${body}\nMissing parameter: lMeetingId`, /char 'M' is not expected/],
    [
      'a bare ampersand',
      (body: string) => body.replace('Council Chamber, Shire Hall', 'Council Chamber & Shire Hall'),
      /char '&' is not expected/,
    ],
    ['a bare less-than sign', (body: string) => body.replace('<meetingid>90001', '<meetingid>< 90001'), /char '<' is not expected/],
    ['an attribute without quotes', (body: string) => body.replace('membertype="U"', 'membertype=U'), /membertype/],
    [
      'an attribute given twice',
      (body: string) => body.replace('membertype="U"', 'membertype="U" membertype="U"'),
      /'membertype' is repeated/,
    ],
  ])('refuses a document with %s, naming the line', (_what, spoil, why) => {
    const spoilt = spoil(PANEL.withAgenda90001);
    expect(spoilt).not.toBe(PANEL.withAgenda90001);
    const error = failure(() => parseMeeting(URL, spoilt));
    expect(error.reason).toMatch(/^answered text that is not well-formed XML \(line [1-9]\d*: .+\)/);
    expect(error.reason).toMatch(why);
  });

  it('refuses a plain-text error body even when it comes with 200', () => {
    expect(failure(() => parseMeeting(URL, PANEL.missingParameter, 'text/plain')).reason).toMatch(/not well-formed XML|root is/);
  });
});
