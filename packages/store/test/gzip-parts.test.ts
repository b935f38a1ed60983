import { gunzipSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GzipParts } from '../src/gzip-parts.ts';

describe('GzipParts', () => {
  it('joins texts into one gzip member that gunzips to the texts joined, whatever was joined before', async () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', ',', '{"themes":['));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(text, { maxLength: 8 }), { minLength: 1, maxLength: 4 }), async (joins) => {
        const parts = new GzipParts();
        for (const texts of joins) expect(gunzipSync(await parts.join(texts)).toString('utf8')).toBe(texts.join(''));
      }),
      { numRuns: 100 },
    );
  });

  it('reads as one member: a gunzip that stops at the first member still reads every part', async () => {
    const texts = ['a'.repeat(70_000), '€ and ✓', 'b'.repeat(40_000)];
    const joined = await new GzipParts().join(texts);
    // Node's gunzip would read further members; the stream must hold exactly one (a browser may read only the first).
    const body = Buffer.from(joined).subarray(10, -8);
    expect(inflateRawSync(body).toString('utf8')).toBe(texts.join(''));
    expect(Buffer.from(joined).readUInt32LE(joined.byteLength - 4)).toBe(Buffer.byteLength(texts.join('')));
  });
});
