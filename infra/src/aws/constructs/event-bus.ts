import { EVENT_SOURCE } from '@partnership-hub/events';
import type { Duration } from 'aws-cdk-lib';
import { type Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface HubEventBusProps {
  archiveRetention: Duration;
}

/**
 * The hub's own EventBus, and an archive of every hub event on it so that a consumer that was
 * broken, or one added later, can be brought up to date by a replay (docs/aws.md).
 */
export class HubEventBus extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;

  constructor(scope: Construct, id: string, props: HubEventBusProps) {
    super(scope, id);

    this.bus = new EventBus(this, 'Bus', {
      description: 'Partnership Hub events: every change the hub accepts, once it is in the event log',
    });
    this.archive = this.bus.archive('Archive', {
      description: 'Every Partnership Hub event, for replays to consumers',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: props.archiveRetention,
    });
  }
}
