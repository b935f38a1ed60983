import type { SeedArea } from '@partnership-hub/seed';

type Fetch = (path: string, init?: RequestInit) => Response | Promise<Response>;

export interface SeedProgress {
  (message: string): void;
}

/**
 * Loads an area's published material through the hub's own API, as its bodies would: the
 * administrator registers the area and its organisations and issues each a key, then each
 * organisation publishes its own content with its own key. Every item is therefore an event
 * in the log, exactly like content shared later. Answers the organisations' keys.
 */
export async function loadSeedArea(fetch: Fetch, adminKey: string, area: SeedArea, progress: SeedProgress = () => {}): Promise<Map<string, string>> {
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`Seeding failed at ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };

  progress(`registering ${area.name} and its ${area.organisations.length} organisations`);
  await call('PUT', `/v1/areas/${area.id}`, adminKey, { name: area.name });
  const keys = new Map<string, string>();
  for (const organisation of area.organisations) {
    await call('PUT', `/v1/areas/${area.id}/organisations/${organisation.id}`, adminKey, { name: organisation.name, kind: organisation.kind });
    const issued = await call('POST', `/v1/areas/${area.id}/organisations/${organisation.id}/api-keys`, adminKey);
    keys.set(organisation.id, String(issued.key));
  }
  const keyOf = (organisationId: string) => {
    const key = keys.get(organisationId);
    if (!key) throw new Error(`Seed data names ${organisationId}, which is not among the seeded organisations`);
    return key;
  };

  progress(`publishing ${area.priorities.length} priorities and ${area.workProgramme.length} work programme items`);
  for (const { id, organisationId, priority } of area.priorities) {
    await call('PUT', `/v1/areas/${area.id}/organisations/${organisationId}/priorities/${id}`, keyOf(organisationId), priority);
  }
  for (const { id, organisationId, item } of area.workProgramme) {
    await call('PUT', `/v1/areas/${area.id}/organisations/${organisationId}/work-programme/${id}`, keyOf(organisationId), item);
  }

  progress(`drafting ${area.protocols.length} protocols`);
  for (const { id, proposedBy, protocol, agreedBy } of area.protocols) {
    const { version } = await call('PUT', `/v1/areas/${area.id}/protocols/${id}`, keyOf(proposedBy), protocol);
    for (const party of agreedBy) {
      await call('POST', `/v1/areas/${area.id}/protocols/${id}/agreements`, keyOf(party), { version });
    }
  }
  return keys;
}
