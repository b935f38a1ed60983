import { audienceFor, isVisibleTo, type RecordOf } from '@partnership-hub/domain';
import * as z from 'zod/mini';
import type { ApiDeps } from '../deps.ts';
import { etagOf, preconditionOf } from '../http.ts';
import { ProblemError } from '../problem.ts';
import { agreeToProtocol, proposeProtocolVersion } from '../protocol-writes.ts';
import type { RouteRegistry } from '../routing.ts';
import { AgreementBody, AreaParams, IfMatchHeaders, ProtocolBody, ProtocolParams, splitChange, Written } from '../schemas.ts';
import { requireArea } from './directory.ts';

/**
 * Protocols agreed between several bodies: a party drafts one or proposes a new version, each
 * party records its agreement, and the protocol is agreed once every party has agreed its
 * current version.
 */
export function registerProtocolRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  routes.add(
    {
      method: 'put',
      path: '/v1/areas/{areaId}/protocols/{id}',
      summary: "Draft a protocol, or propose a new version of it (a party's key)",
      params: ProtocolParams,
      headers: IfMatchHeaders,
      body: ProtocolBody,
      responses: {
        200: { description: 'A new version, or unchanged', schema: Written },
        201: { description: 'Drafted', schema: Written },
      },
    },
    async (c, input) => {
      const { areaId, id } = input.params;
      const { content: body, change } = splitChange(input.body);
      const draft = {
        title: body.title,
        parties: body.parties,
        summary: body.summary,
        reviewDate: body.reviewDate,
        visibility: body.visibility,
      };
      // A body proposes in its own name: a `proposedBy` or `organisationId` naming another is refused (decideProtocolProposal).
      const sent = { proposedBy: body.proposedBy, organisationId: body.organisationId };
      const decision = await proposeProtocolVersion(deps, c.get('caller'), { areaId, id }, draft, preconditionOf(c), change, sent);
      c.header('ETag', etagOf(decision.documentVersion));
      return c.json({ id, version: decision.documentVersion }, decision.outcome === 'created' ? 201 : 200);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/areas/{areaId}/protocols/{id}/agreements',
      summary: "Record your organisation's agreement to the current version (a party's key)",
      params: ProtocolParams,
      headers: IfMatchHeaders,
      body: AgreementBody,
      responses: {
        201: {
          description: 'Agreement recorded (or already recorded)',
          schema: () => z.object({ id: z.string(), version: z.number(), status: z.enum(['draft', 'agreed']) }),
        },
      },
    },
    async (c, input) => {
      const { areaId, id } = input.params;
      const {
        content: { version },
        change,
      } = splitChange(input.body);
      const status = await agreeToProtocol(deps, c.get('caller'), { areaId, id }, version, change, preconditionOf(c));
      return c.json({ id, version, status }, 201);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/protocols/{id}',
      summary: 'Read a protocol: its parties, current version, status and agreements',
      params: ProtocolParams,
      responses: { 200: { description: 'The protocol' } },
    },
    async (c, input) => {
      const { areaId, id } = input.params;
      // The accepted write, as an item's read answers it (routes/content.ts), not its projection.
      const record = await deps.eventLog.current({ areaId, subjectType: 'protocol', organisationId: null, id });
      if (!record || !isVisibleTo(audienceFor(c.get('caller'), areaId), record.state.visibility)) {
        throw new ProblemError('not-found', `There is no protocol ${id} in ${areaId} that you can see.`);
      }
      c.header('ETag', etagOf(record.state.version));
      return c.json(protocolResponse(record), 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/protocols',
      summary: 'The protocol register of an area',
      params: AreaParams,
      responses: { 200: { description: 'The register' } },
    },
    async (c, input) => {
      const { areaId } = input.params;
      await requireArea(deps, areaId);
      const audience = audienceFor(c.get('caller'), areaId);
      const records = await deps.views.list(areaId, { subjectType: 'protocol' });
      return c.json(
        { areaId, protocols: records.filter((record) => isVisibleTo(audience, record.state.visibility)).map(protocolResponse) },
        200,
      );
    },
  );
}

/** Agreements to the current version; earlier versions' agreements are kept as history. */
function protocolResponse(record: RecordOf<'protocol'>) {
  const { state } = record;
  return {
    id: record.id,
    areaId: record.areaId,
    title: state.title,
    parties: state.parties,
    summary: state.summary,
    ...(state.reviewDate ? { reviewDate: state.reviewDate } : {}),
    visibility: state.visibility,
    version: state.version,
    status: state.status,
    proposedBy: state.proposedBy,
    agreements: state.agreements.filter((agreement) => agreement.version === state.version),
    agreementHistory: state.agreements,
    updatedAt: record.updatedAt,
  };
}
