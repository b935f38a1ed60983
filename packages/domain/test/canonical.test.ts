import { describe, expect, it } from 'vitest';
import { canonicalJson, changedFields } from '../src/index.ts';

describe('canonicalJson', () => {
  it('writes two objects that differ only in key order identically, at every depth', () => {
    const fromRequest = { title: 'ASB', lead: { name: 'Sam', role: 'Inspector' } };
    const fromDynamoDb = { lead: { role: 'Inspector', name: 'Sam' }, title: 'ASB' };

    expect(canonicalJson(fromRequest)).toBe(canonicalJson(fromDynamoDb));
  });

  it('keeps the order of arrays, because order in a list is meaningful', () => {
    expect(canonicalJson({ themes: ['burglary', 'hate-crime'] })).not.toBe(canonicalJson({ themes: ['hate-crime', 'burglary'] }));
  });

  it('drops undefined fields, as stored JSON would', () => {
    expect(canonicalJson({ title: 'ASB', lead: undefined })).toBe(canonicalJson({ title: 'ASB' }));
  });

  it('tells apart values that differ', () => {
    expect(canonicalJson({ status: 'active' })).not.toBe(canonicalJson({ status: 'achieved' }));
  });
});

describe('changedFields', () => {
  it('lists changed, added and removed top-level fields in sorted order', () => {
    const before = { title: 'ASB', status: 'active', lead: 'Sam' };
    const after = { title: 'Anti-social behaviour', status: 'active', period: '2026-27' };

    expect(changedFields(before, after)).toEqual(['lead', 'period', 'title']);
  });

  it('ignores key order inside nested values', () => {
    const before = { supports: [{ organisationId: 'south-yorkshire-pcc', priorityId: 'p1' }] };
    const after = { supports: [{ priorityId: 'p1', organisationId: 'south-yorkshire-pcc' }] };

    expect(changedFields(before, after)).toEqual([]);
  });

  it('names a field whose list changed', () => {
    expect(changedFields({ themes: ['burglary'] }, { themes: ['burglary', 'vehicle-crime'] })).toEqual(['themes']);
  });
});
