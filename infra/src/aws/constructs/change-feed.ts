import { ChangeFeedEnvironment, type ChangeFeedEnvironmentVariables } from '@partnership-hub/change-feed/environment';
import { Duration } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { consumerRules } from '../../topology.ts';
import type { StageConfig } from '../stage.ts';
import type { HubAlarms } from './alarms.ts';
import { BusConsumer } from './bus-consumer.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { HubFunction } from './hub-function.ts';
import type { HubTable } from './hub-table.ts';

export interface ChangeFeedProps {
  stage: StageConfig;
  table: HubTable;
  bus: IEventBus;
  alarms: HubAlarms;
}

/**
 * The change feed: appends every hub event to its area's feed in a gap-free order, which the API
 * serves as GET /v1/areas/{areaId}/changes (and as Atom, JSON Feed, iCalendar and CloudEvents).
 */
export class ChangeFeedConsumer extends Construct {
  readonly handler: HubFunction;
  readonly consumer: BusConsumer;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ChangeFeedProps) {
    super(scope, id);

    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'change feed deliveries',
      alarms: props.alarms,
      removalPolicy: props.stage.removalPolicy,
    });

    this.handler = new HubFunction(this, 'Appender', {
      handler: 'changeFeed',
      description: "Partnership Hub change feed: appends each event to its area's change feed",
      stage: props.stage,
      serviceName: 'partnership-hub-change-feed',
      environment: { [ChangeFeedEnvironment.tableName]: props.table.table.tableName } satisfies ChangeFeedEnvironmentVariables,
      // A few small reads and conditional writes per event: little memory, and a short timeout
      // (a run that loses many slot races in a row is retried rather than left waiting).
      memorySize: 256,
      timeout: Duration.seconds(15),
      // Lambda retries a failed run twice; then the event goes to the same queue as the deliveries
      // EventBridge gave up on. A redrive completes an append a crash left half done (see ChangeFeed).
      retryAttempts: 2,
      deadLetterQueue: this.deadLetters.queue,
    });
    props.table.grantReadWriteData(this.handler);

    this.consumer = new BusConsumer(this, 'Subscription', {
      bus: props.bus,
      rule: consumerRules.changeFeed,
      handler: this.handler.fn,
      deadLetters: this.deadLetters,
    });
  }
}
