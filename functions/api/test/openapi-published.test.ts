import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publishedOpenApiDocument, render } from '../scripts/openapi-document.ts';

describe('the published OpenAPI document', () => {
  it('is current with the route declarations (run npm run openapi:generate)', () => {
    const committed = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(render(publishedOpenApiDocument()));
  });

  it('documents the routes of every Lambda: the JSON API, bulk import, the feeds and the reference itself', () => {
    const paths = Object.keys(publishedOpenApiDocument().paths);
    for (const path of [
      '/v1/areas/{areaId}/joint-priorities',
      '/v1/subscriptions',
      '/v1/areas/{areaId}/organisations/{organisationId}/work-programme/import',
      '/v1/areas/{areaId}/changes',
      '/v1/areas/{areaId}/feed.atom',
      '/openapi.json',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
