import { EVENT_SOURCE, type HubEvent, parseEventBridgeEvent, parseHubEvent } from '@partnership-hub/events';
import {
  type ChangeData,
  createSubscription,
  type Generators,
  InMemoryDeliveryQueue,
  InMemoryDeliveryStore,
  InMemorySubscriptionStore,
  type NewSubscription,
  type SendEmail,
  type SendWebhook,
  type Subscription,
  type WebhookRequest,
  type WebhookResponse,
} from '@partnership-hub/subscriptions';
import type { DeliveryWorkerDeps, Logger, NotifierDeps } from '../src/deps.ts';

export const AREA = 'south-yorkshire';
export const T0 = new Date('2026-03-01T10:00:00.000Z');
export const SECOND = 1_000;

/** A change as the notifier hands it to a delivery or a digest entry: a public priority published in the area. */
export function changeData(eventId = '01JEVENT') {
  return {
    eventId,
    change: 'PriorityPublished',
    areaId: AREA,
    organisationId: 'safer-rotherham',
    subject: { type: 'priority', id: 'p-1', title: 'A priority' },
    themes: ['burglary'],
    previousVersion: null,
    version: 1,
    changedFields: [],
    visibility: 'public',
    link: 'https://hub.example.org/areas/south-yorkshire/bodies/safer-rotherham',
    state: {},
    areaName: 'South Yorkshire',
  } satisfies ChangeData;
}

/** Time that moves only when a test says so. */
export class FakeClock {
  private current: Date;
  constructor(start: Date = T0) {
    this.current = new Date(start);
  }
  readonly now = () => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  /** Milliseconds since T0, for saying when something happened. */
  elapsed(at: Date | string): number {
    return new Date(at).getTime() - T0.getTime();
  }
}

export interface RecordingLogger extends Logger {
  lines: { level: 'info' | 'warn' | 'error'; message: string; extra: Record<string, unknown> }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    info: (message, extra) => void lines.push({ level: 'info', message, extra }),
    warn: (message, extra) => void lines.push({ level: 'warn', message, extra }),
    error: (message, extra) => void lines.push({ level: 'error', message, extra }),
  };
}

let made = 0;
const generators: Generators = {
  subscriptionId: () => `sub_${String(++made).padStart(16, '0')}`,
  managementToken: () => `phs_${++made}`,
  opaqueToken: () => `tok_${++made}`,
  signingSecret: () => `whsec_${Buffer.from(`secret-${++made}`).toString('base64')}`,
  deliveryId: () => `msg_${++made}`,
};

/** A subscription as the rules make it, then in the status the test needs (active by default). */
export function subscriptionOf(
  command: Partial<NewSubscription> = {},
  status: Subscription['status'] = 'active',
  extra: Partial<Subscription> = {},
): Subscription {
  const { subscription } = createSubscription(
    {
      areaId: AREA,
      audience: 'public',
      createdBy: null,
      filter: {},
      endpoint: { kind: 'webhook', url: 'https://hooks.example.org/in' },
      ...command,
    },
    { now: new Date(T0.getTime() - 3_600_000), generate: generators },
  );
  return { ...subscription, status, ...extra };
}

let events = 0;
/** A PriorityPublished event as EventBridge hands it to the notifier. */
export function priorityPublished(
  options: { organisationId?: string; themes?: string[]; visibility?: 'public' | 'partners'; areaId?: string; eventId?: string } = {},
) {
  const visibility = options.visibility ?? 'public';
  const eventId = options.eventId ?? `01JEVENT${String(++events).padStart(4, '0')}`;
  const detail = {
    eventId,
    schemaVersion: 1,
    occurredAt: new Date(T0.getTime() + events * SECOND).toISOString(),
    areaId: options.areaId ?? AREA,
    organisationId: options.organisationId ?? 'safer-rotherham',
    subject: { type: 'priority', id: `p-${eventId}`, version: 1 },
    actor: { kind: 'key', organisationId: options.organisationId ?? 'safer-rotherham' },
    visibility,
    data: { title: `Priority ${eventId}`, themes: options.themes ?? ['burglary'], visibility },
  };
  return delivered('PriorityPublished', detail);
}

/** An event's detail as EventBridge hands it to the notifier; parsed once here, so a builder that drifts from the event's schema fails where it is built. */
function delivered(detailType: string, detail: { eventId: string; occurredAt: string }) {
  parseHubEvent(detailType, detail);
  return {
    version: '0',
    id: `delivery-${detail.eventId}`,
    'detail-type': detailType,
    source: EVENT_SOURCE,
    account: '000000000000',
    time: detail.occurredAt,
    region: 'eu-west-2',
    resources: [],
    detail,
  };
}

/** A public meeting of the panel with its agenda, delivered as the bus delivers it. */
export function meetingScheduled(agenda: { number: string; title: string; restricted?: boolean; themes?: string[] }[]) {
  const eventId = `01JEVENT${String(++events).padStart(4, '0')}`;
  const detail = {
    eventId,
    schemaVersion: 1,
    occurredAt: new Date(T0.getTime() + events * SECOND).toISOString(),
    areaId: AREA,
    organisationId: 'the-panel',
    subject: { type: 'meeting', id: `m-${eventId}`, version: 1 },
    actor: { kind: 'key', organisationId: 'the-panel' },
    visibility: 'public',
    data: { title: 'Panel meeting', date: '2026-12-18', status: 'confirmed', agenda, visibility: 'public' },
  };
  return delivered('MeetingScheduled', detail);
}

/** The next version of a meeting `meetingScheduled` (or this) made, with this agenda and the fields it lists as changed. */
export function meetingRevised(
  earlier: ReturnType<typeof meetingScheduled>,
  agenda: Parameters<typeof meetingScheduled>[0],
  changedFields: string[],
) {
  const eventId = `01JEVENT${String(++events).padStart(4, '0')}`;
  const before = earlier.detail as unknown as { subject: { type: string; id: string; version: number }; data: Record<string, unknown> };
  const detail = {
    ...earlier.detail,
    eventId,
    occurredAt: new Date(T0.getTime() + events * SECOND).toISOString(),
    subject: { ...before.subject, version: before.subject.version + 1 },
    data: { ...before.data, agenda, changedFields },
  };
  return delivered('MeetingRevised', detail);
}

/** A webhook endpoint that answers from a script (the last answer repeats) and records every request with the time it came. */
export function scriptedEndpoint(clock: FakeClock, ...answers: (WebhookResponse | ((request: WebhookRequest) => WebhookResponse))[]) {
  const requests: (WebhookRequest & { receivedAt: number })[] = [];
  const send: SendWebhook = async (request) => {
    requests.push({ ...request, receivedAt: clock.elapsed(clock.now()) });
    const answer = answers[Math.min(requests.length, answers.length) - 1] ?? { status: 200 };
    return typeof answer === 'function' ? answer(request) : answer;
  };
  return { send, requests };
}

/** Emails handed over, or a failure to hand them over when `failing` is set. */
function outbox() {
  const sent: { message: Parameters<SendEmail>[0]; messageId: string }[] = [];
  const state = { failing: false };
  const send: SendEmail = async (message, messageId) => {
    if (state.failing) throw new Error('the mail server is down');
    sent.push({ message, messageId });
  };
  return { send, sent, state };
}

/** The notifier's and the worker's dependencies in memory, sharing one clock, one queue and one pair of stores. */
export function inMemoryNotifications(options: { clock?: FakeClock; sendWebhook?: SendWebhook; retryDelaysMs?: readonly number[] } = {}) {
  const clock = options.clock ?? new FakeClock();
  const subscriptions = new InMemorySubscriptionStore();
  const deliveries = new InMemoryDeliveryStore();
  const queue = new InMemoryDeliveryQueue();
  const logger = recordingLogger();
  const mail = outbox();
  /** The ids of the keys revoked so far: a test adds to it. */
  const revokedKeys = new Set<string>();
  /** The event log's earlier versions, as delivered (a test adds the versions before the one it notifies). */
  const logged: HubEvent[] = [];
  const log = (...deliveries: unknown[]) => logged.push(...deliveries.map((delivery) => parseEventBridgeEvent(delivery)));
  const notifier: NotifierDeps = {
    subscriptions,
    deliveries,
    queue,
    publicBaseUrl: () => 'https://hub.example.org',
    linkable: async () => [],
    previousVersion: async ({ detail }) =>
      logged.find(
        (earlier) =>
          earlier.detail.subject.type === detail.subject.type &&
          earlier.detail.subject.id === detail.subject.id &&
          earlier.detail.subject.version === detail.subject.version - 1,
      ),
    keyStatus: async (_areaId, _organisationId, keyId) => (revokedKeys.has(keyId) ? 'revoked' : 'active'),
    names: async () => ({ area: 'South Yorkshire', bodies: new Map([['safer-rotherham', 'Safer Rotherham Partnership']]) }),
    clock: clock.now,
    logger,
  };
  const worker: DeliveryWorkerDeps = {
    subscriptions,
    deliveries,
    queue,
    sendWebhook: options.sendWebhook ?? (async () => ({ status: 204 })),
    sendEmail: mail.send,
    keyStatus: notifier.keyStatus,
    retryDelaysMs: options.retryDelaysMs ?? [SECOND, 5 * SECOND, 30 * SECOND],
    links: () => ({ apiBaseUrl: 'https://hub.example.org' }),
    clock: clock.now,
    // The middle of the jitter range: each wait is exactly the scheduled one.
    random: () => 0.5,
    logger,
  };
  return { clock, subscriptions, deliveries, queue, logger, mail, notifier, worker, revokedKeys, log };
}
