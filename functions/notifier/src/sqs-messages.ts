import * as z from 'zod/mini';

const DueMessage = z.object({ deliveryId: z.string().check(z.minLength(1), z.maxLength(64)), dueAt: z.iso.datetime() });

/** Parses a delivery queue message at the edge: anything else is a bug to dead-letter, not to guess at. */
export function parseDueMessage(body: string): z.infer<typeof DueMessage> {
  return DueMessage.parse(JSON.parse(body));
}
