import * as z from 'zod';
import { decideAreaPut, decideOrganisationPut, NotFoundError } from '@partnership-hub/domain';
import type { AreaState, OrganisationState } from '@partnership-hub/events';
import type { RouteRegistry } from '../routing.ts';
import { hashKey, requireAdmin } from '../auth.ts';
import { decideAndCommit } from '../commit.ts';
import type { ApiDeps } from '../deps.ts';
import { etagOf } from '../http.ts';
import { AreaBody, AreaParams, OrganisationBody, OrganisationParams, Written } from '../schemas.ts';

const written = { schema: Written };

/** Administration: areas, the organisations in them, and their API keys. Admin key only. */
export function registerDirectoryRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  routes.add(
    {
      method: 'put',
      path: '/v1/areas/{areaId}',
      summary: 'Register a police force area, or rename it',
      params: AreaParams, body: AreaBody,
      responses: { 200: { description: 'Renamed or unchanged', ...written }, 201: { description: 'Registered', ...written } },
    },
    async (c, input) => {
      requireAdmin(c.get('caller'));
      const { areaId } = input.params;
            const decision = await decideAndCommit(deps, { kind: 'admin' }, { kind: 'none' }, async (context) =>
        decideAreaPut(await deps.eventLog.head<AreaState>({ areaId, subjectType: 'area', organisationId: null, id: areaId }), input.body, areaId, context),
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
      params: OrganisationParams, body: OrganisationBody,
      responses: { 200: { description: 'Changed or unchanged', ...written }, 201: { description: 'Registered', ...written } },
    },
    async (c, input) => {
      requireAdmin(c.get('caller'));
      const { areaId, organisationId } = input.params;
            await requireArea(deps, areaId);
      const decision = await decideAndCommit(deps, { kind: 'admin' }, { kind: 'none' }, async (context) =>
        decideOrganisationPut(
          await deps.eventLog.head<OrganisationState>({ areaId, subjectType: 'organisation', organisationId, id: organisationId }),
          input.body,
          { areaId, organisationId },
          context,
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
      summary: "Issue an API key for an organisation (shown once; only its hash is kept)",
      params: OrganisationParams,
      responses: {
        201: {
          description: 'Issued',
          schema: z.object({ key: z.string(), keyId: z.string(), areaId: z.string(), organisationId: z.string() }),
        },
      },
    },
    async (c, input) => {
      requireAdmin(c.get('caller'));
      const { areaId, organisationId } = input.params;
      await requireOrganisationExists(deps, areaId, organisationId);
      const key = deps.newApiKey();
      const keyHash = hashKey(key);
      const keyId = keyHash.slice(0, 12);
      await deps.apiKeys.put({ keyHash, keyId, areaId, organisationId, createdAt: deps.clock().toISOString() });
      return c.json({ key, keyId, areaId, organisationId }, 201);
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
