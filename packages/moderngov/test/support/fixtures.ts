import { readFileSync } from 'node:fs';

/**
 * The reference responses, copied from ../shared/moderngov (CI has no ../shared): real recordings
 * from Manchester (DemocracyClub/LGSF test fixtures, MIT) and reconstructed Police and Crime Panel
 * examples. See fixtures/README.md for the quirks they show.
 */
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

export const MANCHESTER = {
  committees: fixture('democracyclub-lgsf-manchester-GetCommittees.xml'),
  meetings: fixture('democracyclub-lgsf-manchester-GetMeetings.xml'),
  cancelled4966: fixture('democracyclub-lgsf-manchester-GetMeeting-4966-no-minutes.xml'),
  held4967: fixture('democracyclub-lgsf-manchester-GetMeeting-4967-with-minutes.xml'),
};

export const PANEL = {
  meetings: fixture('GetMeetings.PCP.reconstructed.xml'),
  emptyRange: fixture('GetMeetings.empty-range.reconstructed.xml'),
  withAgenda90001: fixture('GetMeeting.PCP.reconstructed.xml'),
  noAgendaYet90003: fixture('GetMeeting.no-agenda-yet.reconstructed.xml'),
  /** Built here: meeting 90000, cancelled, from the no-agenda one (the recordings' cancelled meeting has no agenda either). */
  cancelled90000: fixture('GetMeeting.no-agenda-yet.reconstructed.xml')
    .replace('<meetingid>90003</meetingid>', '<meetingid>90000</meetingid>')
    .replace('<meetingdate>02/02/2027</meetingdate>', '<meetingdate>30/06/2026</meetingdate>')
    .replace('<meetingstatus>Confirmed; Precept Meeting</meetingstatus>', '<meetingstatus>Cancelled</meetingstatus>'),
  missingParameter: fixture('http500-missing-parameter.reconstructed.txt'),
  methodNotValid: fixture('http500-method-name-not-valid.reconstructed.txt'),
};

/** A page some councils serve with 200 in place of the XML (built here, in the shape of an ASP.NET error page). */
export const HTML_PAGE = `<!DOCTYPE html>
<html lang="en"><head><title>Service unavailable</title><meta charset="utf-8"></head>
<body><h1>Sorry, the democracy pages are being updated</h1><p>Please try again later.</p></body></html>`;
