import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogueFiles } from '../scripts/catalogue-files.ts';
import { examples } from '../src/examples.ts';
import { eventTypes, parseEventBridgeEvent, parseHubEvent, UnknownEventError } from '../src/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the event catalogue', () => {
  it('declares each detail-type once, as a past-tense business fact', () => {
    const names = eventTypes.map((type) => type.detailType);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z]+(ed|Withdrawn)$/);
  });

  it('has an example of every event type that its own schema accepts', () => {
    for (const type of eventTypes) {
      const parsed = type.detail.safeParse(examples[type.detailType]);
      expect(parsed.success, `${type.detailType}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('keeps the committed JSON Schemas, examples and catalogue page in step with the declarations (run npm run events:generate)', async () => {
    for (const [path, expected] of catalogueFiles()) {
      const committed = await readFile(join(root, path), 'utf8').catch(() => '(missing)');
      expect(committed, path).toBe(expected);
    }
  });

  it('parses a delivery from the bus by its detail-type, and refuses a detail that does not match', () => {
    const example = examples.PriorityPublished;
    const delivery = {
      version: '0',
      id: 'x',
      'detail-type': 'PriorityPublished',
      source: 'partnership-hub',
      account: '1',
      time: example.occurredAt,
      region: 'eu-west-2',
      resources: [],
      detail: example,
    };

    expect(parseEventBridgeEvent(delivery).detailType).toBe('PriorityPublished');
    expect(() =>
      parseEventBridgeEvent({ ...delivery, detail: { ...example, data: { ...example.data, themes: ['gardening'] } } }),
    ).toThrow();
    expect(() => parseEventBridgeEvent({ ...delivery, source: 'someone-else' })).toThrow();
    expect(() => parseHubEvent('PriorityDeleted', example)).toThrow(UnknownEventError);
  });

  it('refuses an event whose subject type does not fit its detail-type', () => {
    const example = examples.PriorityPublished;
    expect(() => parseHubEvent('PriorityPublished', { ...example, subject: { ...example.subject, type: 'protocol' } })).toThrow();
  });
});
