import { createHash } from 'node:crypto';
import { type SeedArea, type SeedRevision, seedChange, seedMeetings, seedRequests, southYorkshireVariations } from '@partnership-hub/seed';

const NO_REQUESTS = { partners: [], requests: [] } as const;

/**
 * A seed's edition: a digest of everything it says. A data folder records the edition it was last
 * seeded or brought in line with, so a start with the same seed reads and writes nothing, and any
 * change to the seed brings the folder in line once.
 */
export const seedEdition = (area: SeedArea): string =>
  createHash('sha256')
    .update(
      JSON.stringify({
        area,
        meetings: seedMeetings[area.id] ?? [],
        requests: seedRequests[area.id] ?? NO_REQUESTS,
        variations: southYorkshireVariations.areaId === area.id ? southYorkshireVariations : [],
      }),
    )
    .digest('hex')
    .slice(0, 16);

/**
 * Every body a seed registers: the area's own, then the partner bodies its tracked requests
 * involve (registered with kind `partner`, each with its own key like the others).
 */
export const seededBodies = (area: SeedArea): readonly { id: string; name: string }[] => [
  ...area.organisations,
  ...(seedRequests[area.id] ?? NO_REQUESTS).partners,
];

/** The key each seeded body is issued: a write key its history names. */
const SEED_KEY = { label: 'Seed loader', scope: 'write' } as const;

type Fetch = (path: string, init?: RequestInit) => Response | Promise<Response>;

export type SeedProgress = (message: string) => void;

/**
 * Seeding an area that is already there: one an earlier start did not finish, or one seeded by an
 * earlier version of the seed. The keys already written down are reused. What the seed lists as
 * withdrawn is withdrawn; what is missing is put in with its whole dated history; an item still at
 * the version a seed wrote first (version 1) is brought to the seed's versions, conditionally, so
 * a write made meanwhile wins; anything someone has revised since is left as it is.
 */
export interface SeedResume {
  keys: Map<string, string>;
}

/**
 * Loads an area's published material through the hub's own API, as its bodies would: the
 * administrator registers the area and its organisations and issues each a key, then each
 * organisation publishes its own content with its own key: its plans, then its priorities and
 * work programme items, each version a separate change carrying its effective date and source,
 * and each body raises and answers the tracked requests the documents record (the partner bodies
 * they involve registered and keyed like the area's own). Every item is therefore an event in the
 * log, exactly like content shared later. Answers the organisations' keys. Loading the same seed again writes nothing: the same content records
 * nothing, and items already past their first version are not touched.
 */
export async function loadSeedArea(
  fetch: Fetch,
  adminKey: string,
  area: SeedArea,
  progress: SeedProgress = () => {},
  resume?: SeedResume,
): Promise<Map<string, string>> {
  const request = async (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const call = async (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await request(method, path, key, body, headers);
    if (!response.ok) throw new Error(`Seeding failed at ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  /** When resuming: what is already there (undefined when it is not). A first seed reads nothing. */
  const existing = async (path: string, key: string): Promise<Record<string, unknown> | undefined> => {
    if (!resume) return undefined;
    const response = await request('GET', path, key);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`Seeding failed at GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const areaPath = `/v1/areas/${area.id}`;

  const { partners, requests } = seedRequests[area.id] ?? NO_REQUESTS;
  progress(
    `${resume ? 'completing' : 'registering'} ${area.name} and its ${area.organisations.length} organisations, and ${partners.length} partner bodies`,
  );
  const registered = await existing(areaPath, adminKey);
  if (!registered) await call('PUT', areaPath, adminKey, { name: area.name });
  const registeredIds = new Set(((registered?.organisations ?? []) as { id: string }[]).map((organisation) => organisation.id));
  const keys = new Map<string, string>();
  for (const organisation of [...area.organisations, ...partners]) {
    const path = `${areaPath}/organisations/${organisation.id}`;
    if (!registeredIds.has(organisation.id)) await call('PUT', path, adminKey, { name: organisation.name, kind: organisation.kind });
    // Labelled, so that the history of every seeded change says it was the seed loader, with the body's own key.
    const issued = async () => String((await call('POST', `${path}/api-keys`, adminKey, SEED_KEY)).key);
    keys.set(organisation.id, resume?.keys.get(organisation.id) ?? (await issued()));
  }
  const keyOf = (organisationId: string) => {
    const key = keys.get(organisationId);
    if (!key) throw new Error(`Seed data names ${organisationId}, which is not among the seeded organisations`);
    return key;
  };

  if (resume && area.withdrawn.length > 0) {
    progress(`withdrawing what the documents do not say, where an earlier seed published it`);
    for (const { subject, organisationId, id } of area.withdrawn) {
      const path = `${areaPath}/organisations/${organisationId}/${subject}/${id}`;
      const there = await existing(path, keyOf(organisationId));
      if (there) await call('DELETE', path, keyOf(organisationId), undefined, { 'if-match': `"${String(there.version)}"` });
    }
  }

  /**
   * One item with its dated history: its first version, then each later change on top of the
   * one before. Each is a PUT with If-Match on the version before, so nothing written meanwhile
   * is overwritten; the same content again records nothing.
   */
  const publish = async <TState extends object>(
    path: string,
    key: string,
    first: TState,
    effectiveDate: string,
    source: string,
    later: readonly SeedRevision<TState>[] = [],
  ) => {
    const there = await existing(path, key);
    // Revised since a seed first wrote it: someone's own change, left alone.
    if (there && Number(there.version) > 1) return;
    let version = there ? Number(there.version) : undefined;
    let state: TState = first;
    for (const step of [{ set: {}, effectiveDate, source }, ...later]) {
      state = { ...state, ...step.set };
      const written = await call(
        'PUT',
        path,
        key,
        { ...state, ...seedChange(step.effectiveDate, step.source) },
        version === undefined ? {} : { 'if-match': `"${version}"` },
      );
      version = Number(written.version);
    }
  };

  progress(
    `publishing ${area.plans.length} plans, ${area.priorities.length} priorities and ${area.workProgramme.length} work programme items`,
  );
  for (const { id, organisationId, plan, effectiveDate, source } of area.plans)
    await publish(`${areaPath}/organisations/${organisationId}/plans/${id}`, keyOf(organisationId), plan, effectiveDate, source);
  for (const { id, organisationId, priority, effectiveDate, source, later } of area.priorities)
    await publish(
      `${areaPath}/organisations/${organisationId}/priorities/${id}`,
      keyOf(organisationId),
      priority,
      effectiveDate,
      source,
      later,
    );
  for (const { id, organisationId, item, effectiveDate, source, later } of area.workProgramme)
    await publish(
      `${areaPath}/organisations/${organisationId}/work-programme/${id}`,
      keyOf(organisationId),
      item,
      effectiveDate,
      source,
      later,
    );

  progress(`drafting ${area.protocols.length} protocols`);
  for (const { id, proposedBy, protocol, agreedBy, effectiveDate, source } of area.protocols) {
    const path = `${areaPath}/protocols/${id}`;
    const drafted = await existing(path, keyOf(proposedBy));
    // A protocol someone has taken past the seed's first version is theirs now: its agreements are left alone.
    if (drafted && drafted.version !== 1) continue;
    const { version } = drafted ?? (await call('PUT', path, keyOf(proposedBy), { ...protocol, ...seedChange(effectiveDate, source) }));
    for (const party of agreedBy) {
      // Agreeing again to the same version records nothing, so a resumed seed simply repeats it.
      await call('POST', `${path}/agreements`, keyOf(party), { version });
    }
  }
  const meetings = seedMeetings[area.id] ?? [];
  progress(`putting ${meetings.length} meetings on the hub`);
  for (const { id, organisationId, meeting, effectiveDate, source } of meetings) {
    const path = `${areaPath}/organisations/${organisationId}/meetings/${id}`;
    if (!(await existing(path, keyOf(organisationId))))
      await call('PUT', path, keyOf(organisationId), { ...meeting, effectiveDate, source });
  }

  // Each request raised with its raiser's key, then the steps its documents give, each with the
  // key of the body that took it. A request already there is left alone: its thread is its own.
  progress(`tracking ${requests.length} requests`);
  for (const { id, from, request, source, steps } of requests) {
    const path = `${areaPath}/requests/${id}`;
    if (await existing(path, keyOf(from))) continue;
    await call('PUT', path, keyOf(from), { ...request, ...seedChange(request.raisedOn, source) });
    for (const { step, by, effectiveDate, source: stepSource, ...fields } of steps) {
      const stepPath = step === 'response' ? 'responses' : step === 'update' ? 'updates' : 'close';
      await call('POST', `${path}/${stepPath}`, keyOf(by), { ...fields, ...seedChange(effectiveDate, stepSource) });
    }
  }

  // The statutory variation steps its documents record, once the PCC's plans are there.
  await loadSeedVariations(fetch, keys, area.id);

  return keys;
}

/**
 * Loads the plan variations the seed documents record (the 2014 refresh) through the API, each
 * step with its date and source, with the PCC's key from `keys`. A variation already there (the
 * plan has one of the same title) is left alone, so a second call adds nothing. Answers how many
 * it started. loadSeedArea calls it last; an area the variations seed is not about gets none.
 */
export async function loadSeedVariations(fetch: Fetch, keys: ReadonlyMap<string, string>, areaId: string): Promise<number> {
  if (southYorkshireVariations.areaId !== areaId) return 0;
  // Starting a variation names the area's panel, which the API finds in the area's directory: a view,
  // which follows the writes that registered the bodies (at once, or once a burst of them pauses).
  await panelListed(fetch, areaId);
  let started = 0;
  for (const { organisationId, planId, variation, effectiveDate, source, steps } of southYorkshireVariations.variations) {
    const key = keys.get(organisationId);
    if (!key) throw new Error(`Seed variations name ${organisationId}, which is not among the seeded organisations`);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(path, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`Seeding failed at ${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const planPath = `/v1/areas/${southYorkshireVariations.areaId}/organisations/${organisationId}/plans/${planId}`;
    // The variations' list is of views, which follow the writes: wait until the body's plans (a view too) show the plan.
    await viewShows(
      fetch,
      `/v1/areas/${southYorkshireVariations.areaId}/organisations/${organisationId}/plans`,
      (listed) => Boolean((listed as { plans?: { id?: string }[] }).plans?.some((plan) => plan.id === planId)),
      key,
    );
    const listPath = `${planPath}/variations`;
    const known = (await call('GET', listPath)).variations as { title: string }[];
    if (known.some((existing) => existing.title === variation.title)) continue;
    const { url } = await call('POST', listPath, { ...variation, effectiveDate, source: { document: source } });
    for (const { step, by: _by, effectiveDate: stepDate, source: stepSource, ...fields } of steps)
      await call('POST', `${String(url)}/steps/${step}`, { ...fields, effectiveDate: stepDate, source: { document: stepSource } });
    started++;
  }
  return started;
}

/** How long the seed waits for a view to show what it wrote: far longer than the local run's projections take. */
const VIEW_SHOWS_WITHIN_MS = 30_000;

/**
 * Waits until a read answers 200 and `shows` holds of its body (bounded; the call that needs it
 * says what is missing if it never comes). Reads are of views, which follow the writes: at once, or
 * once a burst of them pauses.
 */
async function viewShows(fetch: Fetch, path: string, shows: (body: unknown) => boolean, key?: string): Promise<void> {
  const giveUpAt = Date.now() + VIEW_SHOWS_WITHIN_MS;
  while (Date.now() < giveUpAt) {
    const response = await fetch(path, key ? { headers: { authorization: `Bearer ${key}` } } : undefined);
    if (response.ok) {
      if (shows(await response.json())) return;
    } else await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the area's directory lists a body of kind "panel". */
const panelListed = (fetch: Fetch, areaId: string) =>
  viewShows(fetch, `/v1/areas/${areaId}`, (area) =>
    Boolean((area as { organisations?: { kind?: string }[] }).organisations?.some((organisation) => organisation.kind === 'panel')),
  );
