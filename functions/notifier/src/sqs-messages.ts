import * as z from 'zod';

const DueMessage = z.object({ deliveryId: z.string().min(1).max(64), dueAt: z.iso.datetime() });

/** Parses a delivery queue message at the edge: anything else is a bug to dead-letter, not to guess at. */
export function parseDueMessage(body: string): z.infer<typeof DueMessage> {
  return DueMessage.parse(JSON.parse(body));
}
