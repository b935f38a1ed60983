import { describe, expect, it } from 'vitest';
import { clockTime, isoDate, londonDate, MAX_AGENDA_MARKUP, plainText, sourceDate, unescapeTitle } from '../src/index.ts';

describe('ModernGov values', () => {
  it('reads dd/mm/yyyy dates and refuses dates that do not exist', () => {
    expect(isoDate('06/10/2026')).toBe('2026-10-06');
    expect(isoDate(' 6/1/2027 ')).toBe('2027-01-06');
    expect(isoDate('31/02/2026')).toBeUndefined();
    expect(isoDate('2026-10-06')).toBe('2026-10-06');
    expect(isoDate('\n  ')).toBeUndefined();
    expect(sourceDate('2026-10-06')).toBe('06/10/2026');
  });

  it('reads "6.00 pm" style times as HH:MM and leaves out what is not a time', () => {
    expect(clockTime('6.00 pm')).toBe('18:00');
    expect(clockTime('10.00 am')).toBe('10:00');
    expect(clockTime('12.30 pm')).toBe('12:30');
    expect(clockTime('12.15 am')).toBe('00:15');
    expect(clockTime('6.30pm')).toBe('18:30');
    expect(clockTime('2 p.m.')).toBe('14:00');
    expect(clockTime('18:45')).toBe('18:45');
    expect(clockTime('12 noon')).toBe('12:00');
    expect(clockTime('\n   ')).toBeUndefined();
    expect(clockTime('13.00 pm')).toBeUndefined();
    expect(clockTime('TBC')).toBeUndefined();
  });

  it('unescapes titles once more after the XML parser, and collapses their whitespace', () => {
    expect(unescapeTitle('Members&#39; Code')).toBe("Members' Code");
    expect(unescapeTitle('  Performance &amp; Finance\n  Summary ')).toBe('Performance & Finance Summary');
    // Only text, ever: a `<` in a title is not the start of markup.
    expect(unescapeTitle('Budget &lt; 5% &amp; <b>Members</b>&rsquo; a<b')).toBe('Budget < 5% & <b>Members</b>’ a<b');
  });

  it("turns agendatext's Word HTML into plain text, never markup", () => {
    const html =
      '<div class="WordSection1">\n<p class="MsoNormal"><span style="">To review the Commissioner&rsquo;s report\nand make</span> recommendations.</p><p>Second &lt;b&gt; paragraph<br>line</p>\n</div>';
    expect(plainText(html)).toBe('To review the Commissioner’s report and make recommendations.\nSecond <b> paragraph\nline');
    expect(plainText('  \n ')).toBe('');
  });

  it('reads only the first 32,000 characters of an agenda item’s markup, so that a hostile answer of tags left open cannot hold the runner for minutes', () => {
    const opening = '<p>To note the report.</p>';
    const filler = '<p><b>'.repeat((MAX_AGENDA_MARKUP - opening.length) / 6 + 10_000);
    expect(plainText(`${opening}${filler}<p>Never read</p>`)).toBe('To note the report.');
  });

  it("takes today's date in Europe/London, not UTC", () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});
