/**
 * ModernGov connector bench: a 200-meeting committee imported end to end through the real local
 * hub (startLocalHub: dynalite, the hub's own write path and projector) by the hub-side connector,
 * as the administrator starts it (`POST /v1/areas/{a}/connectors/{id}/runs`, then the run read
 * until it has finished): the address checks, GetMeetings, 200 GetMeeting calls at most 4 at once,
 * parsing, planning, and one conditional commit per meeting, as the system "ModernGov connector".
 *
 * Beside it, the fake council's own response time: the same 201 requests fetched at the same
 * concurrency with nothing done to the answers, the floor any import from this council could
 * reach. Then the re-run (every meeting unchanged, nothing written) and a run where 20 changed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalHub } from '@partnership-hub/infra/local';
import { type FakeMeeting, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import pLimit from 'p-limit';
import { exchange } from '../lib/load.ts';
import { round } from '../lib/stats.ts';

const MEETINGS = 200;
const CHANGED = 20;
/** The connector's own bound on requests in flight to one council. */
const CONCURRENCY = 4;
const ADMIN = 'bench-moderngov-admin';
const AREA = 'bench';
const BODY = 'bench-panel';

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
  const dataDir = await mkdtemp(join(tmpdir(), 'partnership-hub-bench-moderngov-'));
  const hub = await startLocalHub({ dataDir, port: 0, adminKey: ADMIN, seed: false, notifications: { allowLoopbackWebhooks: true } });
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
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

    await admin('PUT', `/v1/areas/${AREA}`, { name: 'Bench' });
    await admin('PUT', `/v1/areas/${AREA}/organisations/${BODY}`, { name: 'Bench Police and Crime Panel', kind: 'panel' });
    await admin('PUT', `/v1/areas/${AREA}/connectors/council`, {
      kind: 'moderngov',
      baseUrl: council.url,
      committees: [{ committeeId: '650', organisationId: BODY }],
    });

    // A run as the administrator starts it: from the POST to the run read back finished (read every 10 ms).
    const run = async (): Promise<{ ms: number; summary: string }> => {
      const started = performance.now();
      const queued = await admin('POST', `/v1/areas/${AREA}/connectors/council/runs`);
      for (;;) {
        const state = await admin('GET', `/v1/areas/${AREA}/connectors/council/runs/${queued.id}`);
        if (state.status === 'succeeded') return { ms: performance.now() - started, summary: String(state.progress) };
        if (state.status === 'failed') throw new Error(`the run failed: ${JSON.stringify(state.errors)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    const first = await run();
    log(`first import: ${first.summary} in ${round(first.ms)} ms`);
    // Untimed: the projector catches up with the run's writes (scheduled runs are hours apart).
    await hub.idle();
    const rerun = await run();
    log(`re-run: ${rerun.summary} in ${round(rerun.ms)} ms`);
    documents = render(committee(1));
    await hub.idle();
    const changed = await run();
    log(`${CHANGED} changed: ${changed.summary} in ${round(changed.ms)} ms`);
    const floorMs = Math.min(...floors);
    return {
      meetings: MEETINGS,
      requests: urls.length,
      responseBytes: bytes,
      concurrency: CONCURRENCY,
      through: 'the local hub (startLocalHub), the connector API as the administrator starts a run',
      fakeAlone: { ms: round(floorMs), attemptsMs: floors.map((ms) => round(ms)) },
      firstImport: { ms: round(first.ms), outcome: first.summary, timesFakeAlone: round(first.ms / floorMs) },
      rerunUnchanged: { ms: round(rerun.ms), outcome: rerun.summary, timesFakeAlone: round(rerun.ms / floorMs) },
      changedRun: { ms: round(changed.ms), outcome: changed.summary },
    };
  } finally {
    await council.stop();
    await hub.stop();
    if (!process.env.KEEP_BENCH_DATA) await rm(dataDir, { recursive: true, force: true });
  }
}

function render(meetings: FakeMeeting[]): { list: string; meetings: Map<string, string>; bytes: number } {
  const list = meetingsXml({ id: 650, title: 'Bench Police and Crime Panel' }, meetings);
  const rendered = new Map(meetings.map((meeting) => [String(meeting.id), meetingXml(meeting)]));
  return { list, meetings: rendered, bytes: [list, ...rendered.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0) };
}
