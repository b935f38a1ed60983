import { RepublisherEnvironment, type RepublisherEnvironmentVariables } from '@partnership-hub/outbox-republisher/environment';
import { Duration } from 'aws-cdk-lib';
import { type IEventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage.ts';
import type { HubAlarms } from './alarms.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { HubFunction } from './hub-function.ts';
import type { HubTable } from './hub-table.ts';

export interface OutboxProps {
  stage: StageConfig;
  table: HubTable;
  bus: IEventBus;
  alarms: HubAlarms;
}

/**
 * The outbox republisher on a schedule: publishes to the bus any event the API appended to the
 * log but could not publish (the outbox index holds exactly those).
 */
export class Outbox extends Construct {
  readonly handler: HubFunction;
  readonly schedule: Rule;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: OutboxProps) {
    super(scope, id);

    this.handler = new HubFunction(this, 'Republisher', {
      handler: 'outboxRepublisher',
      description: 'Partnership Hub outbox republisher: publishes events the API could not',
      stage: props.stage,
      serviceName: 'partnership-hub-outbox-republisher',
      environment: {
        [RepublisherEnvironment.tableName]: props.table.table.tableName,
        [RepublisherEnvironment.busName]: props.bus.eventBusName,
      } satisfies RepublisherEnvironmentVariables,
      memorySize: 256,
      timeout: Duration.seconds(60),
      // A failed run is not retried: the events stay in the outbox and the next run sends them.
      retryAttempts: 0,
    });
    props.table.grantReadWriteData(this.handler);
    props.bus.grantPutEventsTo(this.handler.fn);

    // Only deliveries of the schedule's own trigger land here (a throttled or missing function):
    // rare, but without a queue they would vanish silently.
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'outbox republisher runs',
      alarms: props.alarms,
      removalPolicy: props.stage.removalPolicy,
    });
    this.schedule = new Rule(this, 'Schedule', {
      description: 'Runs the outbox republisher',
      schedule: Schedule.rate(props.stage.outboxInterval),
    });
    this.schedule.addTarget(
      new LambdaFunction(this.handler.fn, {
        // A run that starts later than the next one is worthless.
        retryAttempts: 2,
        maxEventAge: props.stage.outboxInterval,
        deadLetterQueue: this.deadLetters.queue,
      }),
    );

    // Each failed run already leaves its events safe in the outbox; an alarm is for an outbox
    // that stays stuck (the bus refusing, a bug), not for one bad minute.
    props.alarms.raiseWhen(this, 'StuckAlarm', {
      description:
        'The outbox republisher has failed in each of the last three 5-minute periods: events the API accepted may not be reaching the bus. See its logs.',
      metric: this.handler.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
    });
  }
}
