import { EVENT_SOURCE, type HubEvent } from '@partnership-hub/events';

/** How EventBridge delivers a hub event to a rule's target; `overrides` replace fields of the envelope. */
export function delivery(event: { detailType: string; detail: unknown }, overrides: Record<string, unknown> = {}) {
  const detail = event.detail as Partial<HubEvent['detail']>;
  return {
    version: '0',
    id: `delivery-${detail.eventId ?? 'unknown'}`,
    'detail-type': event.detailType,
    source: EVENT_SOURCE,
    account: '000000000000',
    time: detail.occurredAt ?? '2026-01-01T09:00:00.000Z',
    region: 'eu-west-2',
    resources: [],
    detail: event.detail,
    ...overrides,
  };
}
