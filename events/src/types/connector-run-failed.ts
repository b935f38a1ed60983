import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { ItemId, SlugId } from '../vocabulary.ts';

const Count = z.number().check(z.int(), z.gte(0));

export const ConnectorRunFailed = defineEventType({
  detailType: 'ConnectorRunFailed',
  schemaVersion: 1,
  subjectType: 'connector',
  lifecycle: 'registered',
  scope: 'area',
  description:
    "A run of one of the area's connectors (a council's ModernGov read on its schedule, or started by hand) failed: a council's answer was broken, an HTTP error or a timeout, or the hub refused a meeting. Partners only. The data names the run, what it managed, and its first error in short (never a response body beyond it, never a secret); the run's page has the rest.",
  data: () =>
    z.object({
      connectorId: ItemId,
      kind: z.literal('moderngov'),
      runId: z.string().check(z.minLength(1), z.maxLength(64)),
      /** Started by the connector's schedule, or by someone asking ("Run now", POST .../runs). */
      trigger: z.enum(['schedule', 'manual']),
      requestedAt: z.iso.datetime(),
      finishedAt: z.iso.datetime(),
      /** The bodies its committees are mapped onto: the ones whose meetings this run was to keep current. */
      organisationIds: z.array(SlugId).check(z.minLength(1), z.maxLength(50)),
      meetings: z.object({ created: Count, revised: Count, cancelled: Count, unchanged: Count }),
      /** How many errors the run recorded. */
      errorCount: z.number().check(z.int(), z.gte(1)),
      /** The first of them, cut short. */
      error: z.string().check(z.minLength(1), z.maxLength(300)),
    }),
});
export type ConnectorRunFailedDetail = z.infer<typeof ConnectorRunFailed.detail>;
