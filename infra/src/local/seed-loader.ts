import { type SeedArea, southYorkshireRequestPartners, southYorkshireRequests } from '@partnership-hub/seed';

type Fetch = (path: string, init?: RequestInit) => Response | Promise<Response>;

export type SeedProgress = (message: string) => void;

/**
 * Resuming a seed that an earlier start did not finish: the keys already written down, reused;
 * everything else is put in only where it is missing, so nothing a developer has changed since
 * is put back to the seed's version.
 */
export interface SeedResume {
  keys: Map<string, string>;
}

/**
 * Loads an area's published material through the hub's own API, as its bodies would: the
 * administrator registers the area and its organisations and issues each a key, then each
 * organisation publishes its own content with its own key. Every item is therefore an event
 * in the log, exactly like content shared later. Answers the organisations' keys.
 */
export async function loadSeedArea(
  fetch: Fetch,
  adminKey: string,
  area: SeedArea,
  progress: SeedProgress = () => {},
  resume?: SeedResume,
): Promise<Map<string, string>> {
  const request = async (method: string, path: string, key: string, body?: unknown) =>
    fetch(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await request(method, path, key, body);
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

  progress(`${resume ? 'completing' : 'registering'} ${area.name} and its ${area.organisations.length} organisations`);
  const registered = await existing(areaPath, adminKey);
  if (!registered) await call('PUT', areaPath, adminKey, { name: area.name });
  const registeredIds = new Set(((registered?.organisations ?? []) as { id: string }[]).map((organisation) => organisation.id));
  const keys = new Map<string, string>();
  for (const organisation of area.organisations) {
    const path = `${areaPath}/organisations/${organisation.id}`;
    if (!registeredIds.has(organisation.id)) await call('PUT', path, adminKey, { name: organisation.name, kind: organisation.kind });
    keys.set(organisation.id, resume?.keys.get(organisation.id) ?? String((await call('POST', `${path}/api-keys`, adminKey)).key));
  }
  const keyOf = (organisationId: string) => {
    const key = keys.get(organisationId);
    if (!key) throw new Error(`Seed data names ${organisationId}, which is not among the seeded organisations`);
    return key;
  };

  progress(`publishing ${area.priorities.length} priorities and ${area.workProgramme.length} work programme items`);
  for (const { id, organisationId, priority } of area.priorities) {
    const path = `${areaPath}/organisations/${organisationId}/priorities/${id}`;
    if (!(await existing(path, keyOf(organisationId)))) await call('PUT', path, keyOf(organisationId), priority);
  }
  for (const { id, organisationId, item } of area.workProgramme) {
    const path = `${areaPath}/organisations/${organisationId}/work-programme/${id}`;
    if (!(await existing(path, keyOf(organisationId)))) await call('PUT', path, keyOf(organisationId), item);
  }

  progress(`drafting ${area.protocols.length} protocols`);
  for (const { id, proposedBy, protocol, agreedBy } of area.protocols) {
    const path = `${areaPath}/protocols/${id}`;
    const drafted = await existing(path, keyOf(proposedBy));
    // A protocol someone has taken past the seed's first version is theirs now: its agreements are left alone.
    if (drafted && drafted.version !== 1) continue;
    const { version } = drafted ?? (await call('PUT', path, keyOf(proposedBy), protocol));
    for (const party of agreedBy) {
      // Agreeing again to the same version records nothing, so a resumed seed simply repeats it.
      await call('POST', `${path}/agreements`, keyOf(party), { version });
    }
  }

  return keys;
}

/**
 * South Yorkshire's tracked requests (packages/seed/src/south-yorkshire-requests.ts): registers the
 * partner bodies they involve, issues each a key, then raises each request with its raiser's key
 * and records the steps its documents give with the key of the body that took each. `keys` are the
 * area's own bodies' keys (what loadSeedArea answers). A request already there is left alone.
 *
 * Not yet called by loadSeedArea on start: registering the seven partner bodies adds them to the
 * area's bodies, and so to the overview's columns, which the seed rewrite under way elsewhere is
 * to settle first.
 */
export async function loadSeedRequests(fetch: Fetch, adminKey: string, keys: ReadonlyMap<string, string>): Promise<number> {
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`Seeding failed at ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const areaPath = `/v1/areas/${southYorkshireRequests.areaId}`;
  const partnerKeys = new Map<string, string>();
  for (const partner of southYorkshireRequestPartners) {
    const path = `${areaPath}/organisations/${partner.id}`;
    const there = await fetch(path, { method: 'GET', headers: { authorization: `Bearer ${adminKey}` } });
    if (there.status === 404) await call('PUT', path, adminKey, { name: partner.name, kind: partner.kind });
    partnerKeys.set(partner.id, String((await call('POST', `${path}/api-keys`, adminKey)).key));
  }
  const keyOf = (organisationId: string) => {
    const key = partnerKeys.get(organisationId) ?? keys.get(organisationId);
    if (!key) throw new Error(`Seed requests name ${organisationId}, which is not among the seeded organisations`);
    return key;
  };
  let raised = 0;
  for (const { id, from, request, source, steps } of southYorkshireRequests.requests) {
    const path = `${areaPath}/requests/${id}`;
    if ((await fetch(path, { method: 'GET', headers: { authorization: `Bearer ${keyOf(from)}` } })).status !== 404) continue;
    await call('PUT', path, keyOf(from), { ...request, effectiveDate: request.raisedOn, source: { document: source } });
    for (const { step, by, effectiveDate, source: stepSource, ...fields } of steps) {
      const stepPath = step === 'response' ? 'responses' : step === 'update' ? 'updates' : 'close';
      await call('POST', `${path}/${stepPath}`, keyOf(by), { ...fields, effectiveDate, source: { document: stepSource } });
    }
    raised++;
  }
  return raised;
}
