import { authoriseAdministration, decideAreaPut, decideOrganisationPut, NotFoundError } from '@partnership-hub/domain';
import { type AreaState, inputText, type OrganisationState, once } from '@partnership-hub/events';
import * as z from 'zod/mini';
import { hashKey } from '../auth.ts';
import { decideAndCommit } from '../commit.ts';
import type { ApiDeps } from '../deps.ts';
import { etagOf, preconditionOf } from '../http.ts';
import type { RouteRegistry } from '../routing.ts';
import { AreaBody, AreaParams, IfMatchHeaders, OrganisationBody, OrganisationParams, Written } from '../schemas.ts';

/** Key ids are the first 12 hex digits of the key's SHA-256, as issued. */
const KeyParams = /* @__PURE__ */ once(() =>
  z.extend(OrganisationParams(), {
    keyId: z.string().check(z.regex(/^[0-9a-f]{12}$/, 'must be the 12-character key id given when the key was issued')),
  }),
);
const ApiKeySummary = /* @__PURE__ */ once(() =>
  z.object({
    keyId: z.string(),
    areaId: z.string(),
    organisationId: z.string(),
    createdAt: z.string(),
    label: z.optional(z.string()),
    scope: z.enum(['read', 'write']),
    revokedAt: z.optional(z.string()),
  }),
);

/** What the key is for: a label its holder will recognise, and whether it may write. Both optional: an empty body issues an unlabelled write key, as before. */
const ApiKeyBody = /* @__PURE__ */ once(() =>
  z.strictObject({
    // Checked as any text the hub shows is (inputText): history pages name a change's key by its label.
    label: z.optional(inputText(100)).register(z.globalRegistry, { description: 'What the key is for, e.g. "ModernGov sync"' }),
    scope: z._default(z.enum(['read', 'write']), 'write').register(z.globalRegistry, {
      description: "`read`: sees the area's partners-only content; `write`: also changes the body's content",
    }),
  }),
);

const written = { schema: Written };

/** Administration: areas, the organisations in them, and their API keys. Admin key only. */
export function registerDirectoryRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  routes.add(
    {
      method: 'put',
      path: '/v1/areas/{areaId}',
      summary: 'Register a police force area, or rename it',
      params: AreaParams,
      headers: IfMatchHeaders,
      body: AreaBody,
      responses: { 200: { description: 'Renamed or unchanged', ...written }, 201: { description: 'Registered', ...written } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId } = input.params;
      const precondition = preconditionOf(c);
      const decision = await decideAndCommit(deps, { kind: 'admin' }, precondition, async (context) =>
        decideAreaPut(
          await deps.eventLog.head<AreaState>({ areaId, subjectType: 'area', organisationId: null, id: areaId }),
          input.body,
          areaId,
          context,
          precondition,
        ),
      );
      c.header('ETag', etagOf(decision.version));
      return c.json({ id: areaId, version: decision.version }, decision.outcome === 'created' ? 201 : 200);
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/v1/areas/{areaId}/organisations/{organisationId}',
      summary: 'Register an organisation in an area, or change its name or kind',
      params: OrganisationParams,
      headers: IfMatchHeaders,
      body: OrganisationBody,
      responses: { 200: { description: 'Changed or unchanged', ...written }, 201: { description: 'Registered', ...written } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId, organisationId } = input.params;
      await requireArea(deps, areaId);
      const precondition = preconditionOf(c);
      const decision = await decideAndCommit(deps, { kind: 'admin' }, precondition, async (context) =>
        decideOrganisationPut(
          await deps.eventLog.head<OrganisationState>({ areaId, subjectType: 'organisation', organisationId, id: organisationId }),
          input.body,
          { areaId, organisationId },
          context,
          precondition,
        ),
      );
      c.header('ETag', etagOf(decision.version));
      return c.json({ id: organisationId, version: decision.version }, decision.outcome === 'created' ? 201 : 200);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/areas/{areaId}/organisations/{organisationId}/api-keys',
      summary: 'Issue an API key for an organisation (shown once; only its hash is kept)',
      params: OrganisationParams,
      body: ApiKeyBody,
      bodyOptional: true,
      responses: {
        201: {
          description: 'Issued',
          schema: () =>
            z.object({
              key: z.string(),
              keyId: z.string(),
              areaId: z.string(),
              organisationId: z.string(),
              label: z.optional(z.string()),
              scope: z.enum(['read', 'write']),
            }),
        },
      },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId, organisationId } = input.params;
      const { label, scope } = input.body;
      await requireOrganisationExists(deps, areaId, organisationId);
      const key = deps.newApiKey();
      const keyHash = hashKey(key);
      const keyId = keyHash.slice(0, 12);
      await deps.apiKeys.put({
        keyHash,
        keyId,
        areaId,
        organisationId,
        createdAt: deps.clock().toISOString(),
        ...(label ? { label } : {}),
        scope,
      });
      return c.json({ key, keyId, areaId, organisationId, ...(label ? { label } : {}), scope }, 201);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/organisations/{organisationId}/api-keys',
      summary: "List an organisation's API keys: id, when issued, when revoked (never the key or its hash)",
      params: OrganisationParams,
      responses: { 200: { description: 'The keys, oldest first', schema: () => z.object({ keys: z.array(ApiKeySummary()) }) } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId, organisationId } = input.params;
      await requireOrganisationExists(deps, areaId, organisationId);
      return c.json({ keys: await deps.apiKeys.list(areaId, organisationId) });
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/v1/areas/{areaId}/organisations/{organisationId}/api-keys/{keyId}',
      summary: 'Revoke an API key: it stops working at once, and browser sessions signed in with it end',
      params: KeyParams,
      responses: { 204: { description: 'Revoked (or it already was)' } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { areaId, organisationId, keyId } = input.params;
      const outcome = await deps.apiKeys.revoke(areaId, organisationId, keyId, deps.clock().toISOString());
      if (outcome === 'not-found')
        throw new NotFoundError(
          `${organisationId} in ${areaId} has no API key ${keyId}. GET /v1/areas/${areaId}/organisations/${organisationId}/api-keys lists its keys.`,
        );
      deps.logger.info('API key revoked', { areaId, organisationId, keyId, outcome });
      return c.body(null, 204);
    },
  );
}

export async function requireArea(deps: ApiDeps, areaId: string): Promise<void> {
  const head = await deps.eventLog.head({ areaId, subjectType: 'area', organisationId: null, id: areaId });
  if (!head) throw new NotFoundError(`There is no area ${areaId}. The administrator registers it with PUT /v1/areas/${areaId}.`);
}

export async function requireOrganisationExists(deps: ApiDeps, areaId: string, organisationId: string): Promise<OrganisationState> {
  const head = await deps.eventLog.head<OrganisationState>({ areaId, subjectType: 'organisation', organisationId, id: organisationId });
  if (!head) throw new NotFoundError(`There is no organisation ${organisationId} in ${areaId}.`);
  return head.state;
}
