/**
 * ModernGov connector bench: a 200-meeting committee imported end to end through the command's
 * own code path (`partnership-hub moderngov`: the address checks, GetMeetings, 200 GetMeeting
 * calls at most 4 at once, parsing, planning, and one conditional PUT per meeting) from a fake
 * council into a fake of the hub's meetings API, both on 127.0.0.1.
 *
 * Beside it, the fake's own response time: the same 201 requests fetched at the same concurrency
 * with nothing done to the answers, the floor any import from this council could reach. Then the
 * re-run (every meeting unchanged, nothing written) and a run where 20 meetings changed.
 */
import { performance } from 'node:perf_hooks';
import { type FakeMeeting, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import { startFakeHub } from '@partnership-hub/moderngov/fake-hub';
import { main } from '@partnership-hub/sync-client';
import pLimit from 'p-limit';
import { exchange } from '../lib/load.ts';
import { round } from '../lib/stats.ts';

const MEETINGS = 200;
const CHANGED = 20;
/** The connector's own bound on requests in flight to one council. */
const CONCURRENCY = 4;
const KEY = 'bench-moderngov-key';

const log = (message: string) => process.stderr.write(`[bench:moderngov] ${message}\n`);

const ddmmyyyy = (offsetDays: number) => {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
};

/** 200 meetings across the default window (80 days back to 300 ahead), each with an agenda of 8 items, 2 with papers. */
function committee(revision: number): FakeMeeting[] {
  return Array.from({ length: MEETINGS }, (_, index) => ({
    id: 10_000 + index,
    date: ddmmyyyy(-80 + Math.floor((index * 380) / MEETINGS)),
    status: index % 25 === 0 ? 'Cancelled' : 'Confirmed',
    time: index < CHANGED && revision > 0 ? '2.00 pm' : '6.00 pm',
    location: 'Council Chamber, Shire Hall',
    agenda: Array.from({ length: 8 }, (_, item) => ({
      id: index * 100 + item,
      number: String(item + 1),
      title: `Item ${item + 1}: the Commissioner's report on theme ${item} & its actions`,
      restricted: item === 7,
      ...(item % 4 === 1 ? { papers: [{ id: index * 100 + item, title: `Report ${item} & appendix` }] } : {}),
    })),
  }));
}

export async function moderngov(): Promise<Record<string, unknown>> {
  let documents = render(committee(0));
  const council = await startFakeModernGov((operation, query) => {
    if (operation === 'GetMeetings') return xml(documents.list);
    const id = query.get('lMeetingId');
    return operation === 'GetMeeting' && id && documents.meetings.has(id) ? xml(documents.meetings.get(id)!) : undefined;
  });
  const hub = await startFakeHub({ key: KEY });
  try {
    const urls = [
      `${council.url}/mgWebService.asmx/GetMeetings?lCommitteeId=650`,
      ...[...documents.meetings.keys()].map((id) => `${council.url}/mgWebService.asmx/GetMeeting?lMeetingId=${id}`),
    ];
    // The floor: the fake's answers alone, fetched at the connector's concurrency, three times (the best kept).
    const floors: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const limit = pLimit(CONCURRENCY);
      const started = performance.now();
      const answers = await Promise.all(urls.map((url) => limit(() => exchange({ url }, { readText: true }))));
      floors.push(performance.now() - started);
      if (answers.some((answer) => answer.status !== 200)) throw new Error('the fake did not answer every request with 200');
    }
    const bytes = documents.bytes;

    const cli = async (): Promise<{ ms: number; cpuMs: number; summary: string }> => {
      const lines: string[] = [];
      const cpu = process.cpuUsage();
      const started = performance.now();
      const code = await main(
        [
          'moderngov',
          '--base-url',
          council.url,
          '--committee',
          '650',
          '--organisation',
          'bench-panel',
          '--area',
          'bench',
          '--hub',
          hub.url,
        ],
        { stderr: (line) => lines.push(line), env: { HUB_KEY: KEY, HUB_ALLOW_LOOPBACK_WEBHOOKS: '1' } },
      );
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (code !== 0) throw new Error(`partnership-hub moderngov exited ${code}: ${lines.slice(-3).join(' | ')}`);
      return { ms, cpuMs: (used.user + used.system) / 1000, summary: lines.at(-1)!.replace('partnership-hub moderngov: ', '') };
    };

    const first = await cli();
    log(`first import: ${first.summary} in ${round(first.ms)} ms`);
    const rerun = await cli();
    log(`re-run: ${rerun.summary} in ${round(rerun.ms)} ms`);
    documents = render(committee(1));
    const changed = await cli();
    log(`${CHANGED} changed: ${changed.summary} in ${round(changed.ms)} ms`);
    const floorMs = Math.min(...floors);
    return {
      meetings: MEETINGS,
      requests: urls.length,
      responseBytes: bytes,
      concurrency: CONCURRENCY,
      fakeAlone: { ms: round(floorMs), attemptsMs: floors.map((ms) => round(ms)) },
      firstImport: { ms: round(first.ms), cpuMs: round(first.cpuMs), outcome: first.summary, timesFakeAlone: round(first.ms / floorMs) },
      rerunUnchanged: { ms: round(rerun.ms), cpuMs: round(rerun.cpuMs), outcome: rerun.summary, timesFakeAlone: round(rerun.ms / floorMs) },
      changedRun: { ms: round(changed.ms), cpuMs: round(changed.cpuMs), outcome: changed.summary },
    };
  } finally {
    await council.stop();
    await hub.stop();
  }
}

function render(meetings: FakeMeeting[]): { list: string; meetings: Map<string, string>; bytes: number } {
  const list = meetingsXml({ id: 650, title: 'Bench Police and Crime Panel' }, meetings);
  const rendered = new Map(meetings.map((meeting) => [String(meeting.id), meetingXml(meeting)]));
  return { list, meetings: rendered, bytes: [list, ...rendered.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0) };
}
