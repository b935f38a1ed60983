import { createOverdueCheck } from '@partnership-hub/api';
import { southYorkshire, southYorkshireRequestPartners, southYorkshireRequests } from '@partnership-hub/seed';
import { describe, expect, it } from 'vitest';
import { loadSeedArea } from '../src/local/seed-loader.ts';
import { seedApp } from './support/seed-app.ts';

/**
 * South Yorkshire's tracked requests through the hub's own API, over in-memory stores: every
 * request and step the seed documents record is accepted, and as of today none is open with a
 * passed due date, so a fresh start gives the overdue check nothing to say.
 */
describe("South Yorkshire's seeded requests", () => {
  it('load through the API with their steps, and leave the overdue check nothing to record', async () => {
    const { adminKey, deps, fetch } = seedApp();
    const seed = { ...southYorkshire, priorities: [], workProgramme: [], protocols: [] };
    const keys = await loadSeedArea(fetch, adminKey, seed);
    const afterFirst = deps.eventLog.appended;
    // A second start brings the folder in line with the same seed: it reuses the keys and writes nothing.
    const again = await loadSeedArea(fetch, adminKey, seed, () => {}, { keys });

    expect(deps.eventLog.appended).toBe(afterFirst);
    expect([...again.keys()].sort()).toEqual([...keys.keys()].sort());
    for (const partner of southYorkshireRequestPartners) expect(keys.get(partner.id)).toMatch(/^phk_/);
    const listed = (await (await fetch(`/v1/areas/${southYorkshire.id}/requests`)).json()) as {
      requests: { id: string; status: string; from: string; to: string }[];
    };
    expect(listed.requests).toHaveLength(southYorkshireRequests.requests.length);
    const statuses = Object.fromEntries(listed.requests.map((request) => [request.id, request.status]));
    expect(statuses['hmic-2013-cse-recommendation-1']).toBe('closed');
    expect(statuses['sypcp-2022-02-grants-and-vru-funding']).toBe('responded');
    expect(listed.requests.filter((request) => request.status === 'overdue' || request.status === 'open')).toEqual([]);
    const area = (await (await fetch(`/v1/areas/${southYorkshire.id}`)).json()) as { organisations: { id: string; kind: string }[] };
    expect(
      area.organisations
        .filter((organisation) => organisation.kind === 'partner')
        .map((organisation) => organisation.id)
        .sort(),
    ).toEqual(southYorkshireRequestPartners.map((partner) => partner.id).sort());
    expect(await createOverdueCheck(deps)()).toEqual({ notices: 0 });
  });
});
