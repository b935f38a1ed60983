import { authoriseContentChange } from '@partnership-hub/domain';
import { once } from '@partnership-hub/events';
import { CSV_COLUMNS, type ImportKind } from '@partnership-hub/feeds';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod/mini';
import type { AuthEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { IMPORT_MAX_BODY_BYTES, parseImportText, runImport } from '../import-run.ts';
import { ProblemError } from '../problem.ts';
import { type RouteRegistry, readUtf8 } from '../routing.ts';
import { OrganisationParams } from '../schemas.ts';
import { requireOrganisationExists } from './directory.ts';

const IMPORT_PATH = /^\/v1\/areas\/[^/]+\/organisations\/[^/]+\/(priorities|work-programme)\/import$/;

/** True for the bulk import routes (the API's general body limit does not apply to them). */
const isImportRequest = (c: Context) => c.req.method === 'POST' && IMPORT_PATH.test(c.req.path);

/** The import routes' body limit, answered as a problem like the general one. */
export function importBodyLimit(): MiddlewareHandler<AuthEnv> {
  const limit = bodyLimit({
    maxSize: IMPORT_MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError(
        'payload-too-large',
        `An import file is limited to ${IMPORT_MAX_BODY_BYTES / 1024} KB; split it into several files.`,
      );
    },
  });
  return async (c, next) => (isImportRequest(c) ? limit(c, next) : next());
}

const ImportQuery = /* @__PURE__ */ once(() =>
  z.object({
    dryRun: z
      .pipe(
        z._default(z.enum(['true', 'false']), 'false'),
        z.transform((value) => value === 'true'),
      )
      .register(z.globalRegistry, {
        description: 'true: report what would change (created, revised, unchanged per id) and record nothing',
      }),
  }),
);

const ImportResult = /* @__PURE__ */ once(() =>
  z
    .object({
      dryRun: z.boolean(),
      created: z.number().check(z.int()),
      revised: z.number().check(z.int()),
      unchanged: z.number().check(z.int()),
      items: z.array(
        z.object({
          id: z.string(),
          line: z.number().check(z.int()),
          outcome: z.enum(['created', 'revised', 'unchanged']),
          version: z.number().check(z.int()),
        }),
      ),
    })
    .register(z.globalRegistry, { id: 'ImportResult' }),
);

/**
 * Bulk import: a council's system sends its whole list (CSV or JSON) and each item is upserted by
 * id through the same deciders as PUT, so the same file again changes nothing and emits no
 * events. Items missing from the file are left alone (withdraw them with DELETE): an import never
 * deletes and reloads.
 */
export function registerImportRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  for (const segment of ['priorities', 'work-programme'] as const) {
    routes.resource(`/v1/areas/{areaId}/organisations/{organisationId}/${segment}/import`, (imports) =>
      registerImport(imports, deps, segment),
    );
  }
}

function registerImport(routes: RouteRegistry, deps: ApiDeps, segment: ImportKind): void {
  const columns = CSV_COLUMNS[segment].join(',');
  routes.add(
    {
      method: 'post',
      path: `/v1/areas/{areaId}/organisations/{organisationId}/${segment}/import`,
      summary: `Import ${segment === 'priorities' ? 'priorities' : 'work programme items'} in bulk from CSV or JSON (the organisation's own key)`,
      description:
        `Send \`Content-Type: text/csv\` with the header row \`${columns}\` (lists separated by ";", links as organisationId/priorityId; ` +
        "effectiveDate and source, sourceSection, sourceUrl describe each row's change, as effectiveDate and source do in a PUT), " +
        'or `application/json`: an array of items (each what PUT takes, plus its "id"), or {"items": [...]}. Items are upserted by id; ' +
        'the same file again changes nothing. A file with any invalid row is rejected whole, with every error by line and column. Up to 1 MB.',
      tags: ['imports'],
      auth: 'organisation',
      params: OrganisationParams,
      query: ImportQuery,
      requestContent: { 'text/csv': 'A CSV file with a header row', 'application/json': 'An array of items, or {"items": [...]}' },
      responses: {
        200: { description: 'What changed (or, with dryRun=true, what would change)', schema: ImportResult },
      },
    },
    async (c, input) => {
      const { areaId, organisationId } = input.params;
      // The caller's right to change the body's content is checked before the file is read.
      authoriseContentChange(c.get('caller'), { areaId, organisationId });
      await requireOrganisationExists(deps, areaId, organisationId);
      const parsed = await readImport(c, segment);
      if (!parsed.ok) {
        throw new ProblemError(
          'validation-error',
          `The file was not imported: ${parsed.errors.length} error${parsed.errors.length === 1 ? '' : 's'}. Correct every row listed in "errors" and send the whole file again.`,
          {
            errors: parsed.errors.map((error) => ({ in: 'body', ...error })) as never,
          },
        );
      }
      const dryRun = input.query.dryRun;
      const outcomes = await runImport(deps, c.get('caller'), { areaId, organisationId }, segment, parsed.rows, dryRun);
      const results = outcomes.map(({ id, line, outcome, version }) => ({ id, line, outcome, version }));
      const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
      return c.json({ dryRun, created: count('created'), revised: count('revised'), unchanged: count('unchanged'), items: results }, 200);
    },
  );
}

async function readImport(c: Context, segment: ImportKind) {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = await readUtf8(c);
  if (type === 'text/csv') return parseImportText(text, 'csv', segment);
  if (type === 'application/json' || type === '') return parseImportText(text, 'json', segment);
  throw new ProblemError(
    'unsupported-media-type',
    `An import is CSV (Content-Type: text/csv) or JSON (Content-Type: application/json), not ${type}.`,
  );
}
