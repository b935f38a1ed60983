import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { HubMeeting, MeetingPayload } from './meeting.ts';
import type { MeetingWriter, WriteResult } from './run.ts';

/** A write the store refused because the meeting is not at the version the writer read. */
export class StaleMeetingError extends Error {
  override name = 'StaleMeetingError';
}

/**
 * A body's meetings in memory, with the hub's version rules: a put with a version replaces exactly
 * that version, a put without one only creates (a meeting there, withdrawn or not, is answered
 * `existing`). For tests and the bench, and behind the fake hub.
 */
export class MemoryMeetings implements MeetingWriter {
  readonly meetings = new Map<string, HubMeeting>();
  readonly writes: { id: string; payload: MeetingPayload; expectedVersion: number | undefined }[] = [];

  async list(): Promise<HubMeeting[]> {
    return [...this.meetings.values()].map((meeting) => structuredClone(meeting));
  }

  async put(id: string, payload: MeetingPayload, expectedVersion: number | undefined): Promise<WriteResult> {
    const current = this.meetings.get(id);
    if (expectedVersion === undefined && current) return { existing: current.withdrawn ? 'withdrawn' : 'live' };
    if (expectedVersion !== undefined && current?.version !== expectedVersion)
      throw new StaleMeetingError(`${id} is at version ${current?.version ?? 'none'}, not ${expectedVersion}`);
    const version = (current?.version ?? 0) + 1;
    this.meetings.set(id, { ...structuredClone(payload), id, version });
    this.writes.push({ id, payload, expectedVersion });
    return { version };
  }
}

export interface FakeHub {
  url: string;
  /** Each body's meetings, by "area/organisation". */
  bodies: Map<string, MemoryMeetings>;
  stop(): Promise<void>;
}

/**
 * A stand-in for the hub's meetings API (the list, a meeting, and the conditional PUT) on loopback:
 * the body's key as a bearer token, `{meetings}` on GET without the withdrawn ones (as the API
 * lists), a withdrawn meeting not found, and on PUT the hub's precondition rules (If-Match
 * "version" must be current: 412; If-None-Match: * with a meeting there, withdrawn or not: 412; an
 * existing meeting replaced without If-Match: 428; a withdrawn one put without either is
 * published again, as the hub does).
 */
export async function startFakeHub(options: { key: string }): Promise<FakeHub> {
  const bodies = new Map<string, MemoryMeetings>();
  const bodyOf = (area: string, organisation: string) => {
    const key = `${area}/${organisation}`;
    if (!bodies.has(key)) bodies.set(key, new MemoryMeetings());
    return bodies.get(key)!;
  };
  const app = new Hono();
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.header('authorization') !== `Bearer ${options.key}`) return c.json({ title: 'Unauthorized' }, 401);
    await next();
  });
  app.get('/v1/areas/:area/organisations/:organisation/meetings', async (c) => {
    const meetings = await bodyOf(c.req.param('area'), c.req.param('organisation')).list();
    return c.json({ meetings: meetings.filter((meeting) => !meeting.withdrawn) });
  });
  app.get('/v1/areas/:area/organisations/:organisation/meetings/:id', async (c) => {
    const meeting = bodyOf(c.req.param('area'), c.req.param('organisation')).meetings.get(c.req.param('id'));
    return meeting && !meeting.withdrawn ? c.json(meeting) : c.json({ title: 'Not found', status: 404 }, 404);
  });
  app.put('/v1/areas/:area/organisations/:organisation/meetings/:id', async (c) => {
    const meetings = bodyOf(c.req.param('area'), c.req.param('organisation'));
    const id = c.req.param('id');
    const ifMatch = c.req.header('if-match');
    const expected = ifMatch === undefined ? undefined : Number(/^"?(\d+)"?$/.exec(ifMatch)?.[1] ?? Number.NaN);
    const problem = (status: 412 | 428, title: string) =>
      c.body(JSON.stringify({ type: 'about:blank', title, status }), status, { 'content-type': 'application/problem+json' });
    const current = meetings.meetings.get(id);
    const onlyCreate = c.req.header('if-none-match') === '*';
    if (expected === undefined && current && !current.withdrawn && !onlyCreate)
      return problem(428, 'If-Match is required to replace a meeting');
    try {
      const created = !current || current.withdrawn === true;
      const revived = expected === undefined && current?.withdrawn && !onlyCreate ? current.version : expected;
      const written = await meetings.put(id, (await c.req.json()) as MeetingPayload, revived);
      if ('existing' in written) return problem(412, `${id} already exists, so If-None-Match: * cannot hold`);
      return c.json({ id, version: written.version }, created ? 201 : 200, { etag: `"${written.version}"` });
    } catch (error) {
      if (error instanceof StaleMeetingError) return problem(412, error.message);
      throw error;
    }
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
