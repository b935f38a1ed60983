import { ProjectorEnvironment, type ProjectorEnvironmentVariables } from '@partnership-hub/projector/environment';
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

export interface ProjectionsProps {
  stage: StageConfig;
  table: HubTable;
  bus: IEventBus;
  alarms: HubAlarms;
}

/** The projector: keeps the views and each area's joint view up to date from the hub's events. */
export class Projections extends Construct {
  readonly handler: HubFunction;
  readonly consumer: BusConsumer;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ProjectionsProps) {
    super(scope, id);

    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'projector deliveries',
      alarms: props.alarms,
      removalPolicy: props.stage.removalPolicy,
    });

    this.handler = new HubFunction(this, 'Projector', {
      handler: 'projector',
      description: 'Partnership Hub projector: brings the views up to date from each event',
      stage: props.stage,
      serviceName: 'partnership-hub-projector',
      environment: { [ProjectorEnvironment.tableName]: props.table.table.tableName } satisfies ProjectorEnvironmentVariables,
      // Rebuilding an area's joint view parses and serialises every record of the area: CPU-bound.
      memorySize: 512,
      timeout: Duration.seconds(30),
      // Lambda retries a failed run twice; after that the event goes to the same queue as the
      // deliveries EventBridge gave up on, with the same body (the event), so one runbook fits both.
      retryAttempts: 2,
      deadLetterQueue: this.deadLetters.queue,
    });
    props.table.grantReadWriteData(this.handler);

    this.consumer = new BusConsumer(this, 'Subscription', {
      bus: props.bus,
      rule: consumerRules.projector,
      handler: this.handler.fn,
      deadLetters: this.deadLetters,
    });
  }
}
