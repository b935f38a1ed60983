import pLimit from 'p-limit';
import type { ModernGovClient } from './client.ts';
import { type Committee, toPayload } from './convert.ts';
import { type HubMeeting, hubMeetingId, type MeetingPayload } from './meeting.ts';
import type { SourceMeeting } from './parse.ts';
import {
  cancelGone,
  type Decision,
  decide,
  importedFrom,
  inWindow,
  missingFromList,
  type Outcome,
  type RunWindow,
  runWindow,
} from './plan.ts';
import { londonDate } from './text.ts';

/**
 * Where a run writes a body's meetings: the hub's API for the command line, the meetings store for
 * the hub-side connector. `put` with a version replaces exactly that version (If-Match) and fails
 * when the meeting changed meanwhile; without one it creates.
 */
export interface MeetingWriter {
  /** The body's meetings, as the hub holds them now. */
  list(): Promise<HubMeeting[]>;
  /**
   * `unchanged`: the hub already held exactly this meeting (a list read from a view that had not
   * yet caught up with the last run's writes), so nothing was recorded and it counts as unchanged.
   * `existing`: a create found a meeting under the id that the list did not show, and left it as it
   * is: one the body withdrew (the API's list leaves those out), or a different one written meanwhile.
   */
  put(id: string, payload: MeetingPayload, expectedVersion: number | undefined): Promise<WriteResult>;
}

export type WriteResult = { version: number; unchanged?: boolean } | { existing: 'withdrawn' | 'live' };

/** What a run notes, and prints, of a meeting it did not create because the hub holds one under its id. */
const NOT_CREATED = {
  withdrawn: ['withdrawn on the hub, not re-created', 'not re-created', 'withdrawn on the hub'],
  live: ['written on the hub meanwhile, left for the next run to compare', 'not created', 'written on the hub meanwhile'],
} as const;

export interface ImportOptions {
  client: ModernGovClient;
  writer: MeetingWriter;
  committeeId: string;
  now: Date;
  daysBack?: number;
  daysAhead?: number;
  /** One line per meeting, and one at the start. */
  progress?: (line: string) => void;
  /** Writes at once (default 4). */
  writeConcurrency?: number;
}

export interface ImportReport {
  committee: Committee;
  window: RunWindow;
  meetings: Record<Outcome, number>;
  /** Per meeting that could not be written; the rest were. Empty when the run succeeded. */
  errors: string[];
  /**
   * What the run took otherwise than the council has it, each naming the meeting: text cut to the
   * hub's limits, papers left out, a meeting the body withdrew on the hub and not put back. Not
   * errors: the meetings were written (or left as the body wants them).
   */
  notes: string[];
  decisions: Decision[];
}

/**
 * One run for one committee. Everything is read and parsed first (the list, every listed meeting,
 * and GetMeeting for each hub meeting missing from the list); only then is anything written, so a
 * broken or slow response fails the run with nothing written, and no meeting is ever half-written
 * (each is one conditional PUT of the whole meeting). A second run finds every meeting the same and
 * writes nothing.
 */
export async function importCommittee(options: ImportOptions): Promise<ImportReport> {
  const progress = options.progress ?? (() => {});
  const today = londonDate(options.now);
  const window = runWindow(today, options.daysBack, options.daysAhead);
  const { client, committeeId } = options;
  const [listed, hubMeetings] = await Promise.all([client.meetings(committeeId, window.from, window.to), options.writer.list()]);
  const committee: Committee = { committeeId, title: listed.committeeTitle };
  // Filtered here too: a site has been seen to ignore the dates and answer the whole history.
  const summaries = listed.meetings.filter((meeting) => inWindow(meeting.date, window));
  progress(
    `${summaries.length} meeting${summaries.length === 1 ? '' : 's'} of ${committee.title || `committee ${committeeId}`} from ${window.from} to ${window.to}`,
  );
  const imported = importedFrom(hubMeetings, committeeId);
  const byId = new Map(hubMeetings.map((meeting) => [meeting.id, meeting]));
  const listedIds = new Set(summaries.map((meeting) => meeting.meetingId));
  const missing = missingFromList(imported, listedIds, window);

  const [details, confirmations] = await Promise.all([
    Promise.all(summaries.map((summary) => client.meeting(summary.meetingId))),
    Promise.all(missing.map((meeting) => client.meeting(meeting.origin!.meetingId))),
  ]);
  const decisions: Decision[] = [];
  const notes: string[] = [];
  const notCreated = (id: string, why: keyof typeof NOT_CREATED) => {
    const [note, verb, reason] = NOT_CREATED[why];
    notes.push(`${id}: ${note}`);
    progress(`${verb} ${id}: ${reason}`);
  };
  const fromSource = (meeting: SourceMeeting) => {
    const id = hubMeetingId(committeeId, meeting.meetingId);
    const existing = byId.get(id);
    // Withdrawn by the body on the hub: its decision, which the council's copy does not undo.
    if (existing?.withdrawn) return notCreated(id, 'withdrawn');
    const told: string[] = [];
    decisions.push(decide(id, toPayload(committee, meeting, { today, site: client.site, notes: told }), existing));
    for (const note of told) {
      notes.push(`${id}: ${note}`);
      progress(`note ${id}: ${note}`);
    }
  };
  details.forEach((lookup, index) => {
    if (!lookup.gone) fromSource(lookup.meeting);
    else {
      // Listed, yet GetMeeting no longer shows it: the same as missing from the list.
      const existing = byId.get(hubMeetingId(committeeId, summaries[index]!.meetingId));
      if (existing && !existing.withdrawn) decisions.push(cancelGone(existing));
    }
  });
  confirmations.forEach((lookup, index) => {
    const existing = missing[index]!;
    if (lookup.gone || /^cancel+ed/i.test(lookup.meeting.status)) decisions.push(cancelGone(existing));
    else fromSource(lookup.meeting); // still there (moved out of the window, say): compared like any other
  });

  const counts: Record<Outcome, number> = { created: 0, revised: 0, cancelled: 0, unchanged: 0 };
  const errors: string[] = [];
  const limit = pLimit(options.writeConcurrency ?? 4);
  await Promise.all(
    decisions.map((decision) =>
      limit(async () => {
        const { payload } = decision;
        const line = `${decision.id} ${payload.date}${payload.time ? ` ${payload.time}` : ''} ${payload.status}, ${payload.agenda.length} agenda item${payload.agenda.length === 1 ? '' : 's'}`;
        if (decision.outcome === 'unchanged') {
          counts.unchanged += 1;
          progress(`unchanged ${line}`);
          return;
        }
        try {
          const written = await options.writer.put(decision.id, payload, decision.expectedVersion);
          if ('existing' in written) return notCreated(decision.id, written.existing);
          const outcome = written.unchanged ? 'unchanged' : decision.outcome;
          counts[outcome] += 1;
          progress(`${outcome} ${line}`);
        } catch (error) {
          errors.push(`${decision.id}: ${(error as Error).message}`);
          progress(`failed ${line}: ${(error as Error).message}`);
        }
      }),
    ),
  );
  return { committee, window, meetings: counts, errors, notes, decisions };
}
