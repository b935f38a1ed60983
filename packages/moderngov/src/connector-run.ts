import type { ModernGovClient } from './client.ts';
import type { Outcome } from './plan.ts';
import { importCommittee, type MeetingWriter } from './run.ts';

/** What a hub-side run reads: the connector's settings. */
export interface ConnectorJob {
  baseUrl: string;
  committees: { committeeId: string; organisationId: string }[];
  daysBack: number;
  daysAhead: number;
}

export interface RunState {
  status: 'running' | 'succeeded' | 'failed';
  progress: string;
  meetings: Record<Outcome, number>;
  errors: string[];
}

export interface ConnectorRunPorts {
  /** One client per run: its limiter keeps this council's requests few at a time across every committee. */
  client: ModernGovClient;
  /** Where each body's meetings are written (the meetings store behind the hub's rules). */
  writerFor(organisationId: string): MeetingWriter;
  /** Records the run's state as it moves (after each committee, and at the end). */
  report(state: RunState): Promise<void>;
  now: Date;
}

/**
 * A connector's run: each mapped committee imported in turn into its body. A committee whose
 * answers are broken fails with nothing of it written, and the run goes on to the next one (they
 * are independent); the run fails if any committee or any meeting did, naming each.
 */
export async function runConnector(job: ConnectorJob, ports: ConnectorRunPorts): Promise<RunState> {
  const state: RunState = {
    status: 'running',
    progress: 'starting',
    meetings: { created: 0, revised: 0, cancelled: 0, unchanged: 0 },
    errors: [],
  };
  const notes: string[] = [];
  for (const [index, { committeeId, organisationId }] of job.committees.entries()) {
    state.progress = `committee ${committeeId} into ${organisationId} (${index + 1} of ${job.committees.length})`;
    await ports.report(structuredClone(state));
    try {
      const report = await importCommittee({
        client: ports.client,
        writer: ports.writerFor(organisationId),
        committeeId,
        now: ports.now,
        daysBack: job.daysBack,
        daysAhead: job.daysAhead,
      });
      for (const outcome of Object.keys(state.meetings) as Outcome[]) state.meetings[outcome] += report.meetings[outcome];
      state.errors.push(...report.errors.map((error) => `committee ${committeeId}: ${error}`));
      notes.push(...report.notes);
    } catch (error) {
      state.errors.push(`committee ${committeeId}: ${(error as Error).message}`);
    }
  }
  state.status = state.errors.length > 0 ? 'failed' : 'succeeded';
  const { created, revised, cancelled, unchanged } = state.meetings;
  state.progress = `${job.committees.length} committee${job.committees.length === 1 ? '' : 's'} done: ${created} created, ${revised} revised, ${cancelled} cancelled, ${unchanged} unchanged${notesInWords(notes)}`;
  await ports.report(structuredClone(state));
  return state;
}

/** How many notes the run's progress tells in full; the rest are counted. */
const NOTES_TOLD = 10;

/**
 * The run's notes (text cut to fit, papers left out, meetings the body withdrew), told after its
 * counts: they are not errors, so the run still succeeds, but whoever reads it should know.
 */
function notesInWords(notes: string[]): string {
  if (notes.length === 0) return '';
  const more = notes.length - NOTES_TOLD;
  return `; ${notes.slice(0, NOTES_TOLD).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
