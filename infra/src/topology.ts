import type { EventPattern } from '@partnership-hub/event-pattern';
import { EVENT_SOURCE, eventTypes } from '@partnership-hub/events';

export const DEFAULT_TABLE_NAME = 'partnership-hub';
export const DEFAULT_BUS_NAME = 'partnership-hub';

export interface ConsumerRule {
  description: string;
  pattern: EventPattern;
}

/**
 * Which consumer receives which events. The local bus routes by these patterns and the CDK
 * stack deploys rules with these same patterns, so the two cannot drift apart.
 */
export const consumerRules = {
  projector: {
    description: 'Builds the views (per body, per area, the joint view) from every hub event',
    pattern: { source: [EVENT_SOURCE], 'detail-type': eventTypes.map((type) => type.detailType) },
  },
  changeFeed: {
    description: "Appends every hub event to its area's change feed, in a gap-free order (GET /v1/areas/{areaId}/changes)",
    pattern: { source: [EVENT_SOURCE], 'detail-type': eventTypes.map((type) => type.detailType) },
  },
  notifier: {
    description:
      'Tells subscribers about changes: matches each event to candidate subscriptions and schedules webhook and email deliveries',
    pattern: { source: [EVENT_SOURCE], 'detail-type': eventTypes.map((type) => type.detailType) },
  },
} as const satisfies Record<string, ConsumerRule>;
