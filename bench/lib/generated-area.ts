import { THEMES } from '@partnership-hub/events';
import type { LocalHub } from '@partnership-hub/infra/local';

/** The pages benchmark's generated area: large enough that the overview pages its bodies. */
export const GENERATED = { areaId: 'bench-generated', bodies: 40, prioritiesPerBody: 2, itemsPerBody: 3, requests: 500 } as const;

/**
 * 40 bodies (a PCC, a panel, 19 CSPs and 19 scrutiny committees), each with priorities and work spread over all 24 themes,
 * and 500 tracked requests between them (some overdue, some answered), put in through the API as bodies would.
 */
export async function generateArea(hub: LocalHub): Promise<void> {
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const area = `/v1/areas/${GENERATED.areaId}`;
  await call('PUT', area, hub.adminKey, { name: 'Generated Area' });
  const kinds = [
    'pcc',
    'panel',
    ...Array.from({ length: GENERATED.bodies - 2 }, (_, index) => (index % 2 === 0 ? 'csp' : 'scrutiny-committee')),
  ];
  const keys: string[] = [];
  let themeIndex = 0;
  const nextThemes = () => {
    const themes = [THEMES[themeIndex % THEMES.length]!.slug, THEMES[(themeIndex + 7) % THEMES.length]!.slug];
    themeIndex += 1;
    return themes;
  };
  for (const [index, kind] of kinds.entries()) {
    const organisationId = `body-${String(index + 1).padStart(2, '0')}`;
    await call('PUT', `${area}/organisations/${organisationId}`, hub.adminKey, {
      name: `Generated ${kind === 'csp' ? 'Community Safety Partnership' : kind === 'scrutiny-committee' ? 'Scrutiny Committee' : kind.toUpperCase()} ${index + 1}`,
      kind,
    });
    const { key } = await call('POST', `${area}/organisations/${organisationId}/api-keys`, hub.adminKey);
    keys.push(String(key));
    for (let number = 1; number <= GENERATED.prioritiesPerBody; number += 1) {
      await call('PUT', `${area}/organisations/${organisationId}/priorities/priority-${number}`, String(key), {
        title: `Priority ${number} of body ${index + 1}: reduce harm in the places it happens most`,
        themes: nextThemes(),
        lead: 'Head of Community Safety',
        visibility: 'public',
      });
    }
    for (let number = 1; number <= GENERATED.itemsPerBody; number += 1) {
      await call('PUT', `${area}/organisations/${organisationId}/work-programme/item-${number}`, String(key), {
        title: `Work item ${number} of body ${index + 1}: scrutiny of partnership performance`,
        themes: nextThemes(),
        kind: 'scrutiny-review',
        quarter: `2026-Q${((index + number) % 4) + 1}`,
        status: 'planned',
        visibility: 'public',
      });
    }
  }
  // Each body asks the next; a third are due before today (overdue unless answered), every fourth is answered.
  const kindsOfRequest = ['recommendation', 'information-request', 'action', 'undertaking'] as const;
  for (let number = 0; number < GENERATED.requests; number += 1) {
    const from = number % GENERATED.bodies;
    const to = (from + 1) % GENERATED.bodies;
    const id = `request-${String(number + 1).padStart(3, '0')}`;
    await call('PUT', `${area}/requests/${id}`, keys[from]!, {
      kind: kindsOfRequest[number % kindsOfRequest.length],
      to: `body-${String(to + 1).padStart(2, '0')}`,
      title: `Request ${number + 1}: figures and an update on partnership performance`,
      raisedOn: '2026-01-05',
      dueDate: number % 3 === 0 ? '2026-02-27' : '2027-03-31',
      themes: nextThemes(),
      visibility: 'public',
    });
    if (number % 4 === 0)
      await call('POST', `${area}/requests/${id}/responses`, keys[to]!, { text: 'The figures are attached; an update follows.' });
  }
}
