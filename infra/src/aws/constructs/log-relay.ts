import { RelayEnvironment, type RelayEnvironmentVariables } from '@partnership-hub/log-relay/environment';
import { hubTable, LOG_PK_PREFIX } from '@partnership-hub/store';
import { Duration, Validations } from 'aws-cdk-lib';
import { type IEventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage.ts';
import type { HubAlarms } from './alarms.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { HubFunction } from './hub-function.ts';
import type { HubTable } from './hub-table.ts';

export interface LogRelayProps {
  stage: StageConfig;
  table: HubTable;
  bus: IEventBus;
  alarms: HubAlarms;
}

/**
 * The one path from the event log to the bus. The table's stream hands each appended event to the
 * stream relay, which publishes it and takes it out of the outbox; the outbox keys on each log item
 * are the checkpoint, removed only once the bus has the event. The outbox sweep, on a schedule,
 * sends whatever the stream could not (its retries spent, a bus outage longer than they last).
 *
 * Why a Lambda on the stream and not EventBridge Pipes: a log item keeps the event's detail as a
 * JSON string, and a pipe's input transformer inserts a string attribute as a string (its implicit
 * JSON parsing covers only the body fields of SQS, Kinesis, MQ and Kafka sources), so the bus would
 * receive the detail as a string rather than the object every rule matches on. Turning it into an
 * object needs an enrichment Lambda anyway; and a pipe has no step after the target to take the
 * event out of the outbox, which would leave every event for the sweep to send again.
 */
export class LogRelay extends Construct {
  readonly stream: HubFunction;
  readonly sweep: HubFunction;
  readonly schedule: Rule;
  /** Batches of the stream the relay could not deliver within its retries (their events stay in the outbox). */
  readonly streamFailures: DeadLetterQueue;
  /** Schedule ticks that could not start the sweep. */
  readonly sweepDeadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: LogRelayProps) {
    super(scope, id);
    const environment = {
      [RelayEnvironment.tableName]: props.table.table.tableName,
      [RelayEnvironment.busName]: props.bus.eventBusName,
    } satisfies RelayEnvironmentVariables;

    this.stream = new HubFunction(this, 'StreamRelay', {
      handler: 'logRelay',
      description: 'Partnership Hub log relay: publishes each appended event from the table stream',
      stage: props.stage,
      serviceName: 'partnership-hub-log-relay',
      environment,
      memorySize: 256,
      // A batch of 100 is ten PutEvents calls and their retries; a minute is ample.
      timeout: Duration.seconds(60),
    });
    props.table.grantReadWriteData(this.stream);
    props.bus.grantPutEventsTo(this.stream.fn);

    this.streamFailures = new DeadLetterQueue(this, 'StreamFailures', {
      holds: 'stream batches the log relay could not deliver (their events stay in the outbox for the sweep)',
      alarms: props.alarms,
      removalPolicy: props.stage.removalPolicy,
    });
    this.stream.fn.addEventSource(
      new DynamoEventSource(props.table.table, {
        // From the oldest record the stream still holds: a mapping created (or re-created) after the
        // stream was enabled still relays everything appended since, rather than skip what was
        // written in between, as LATEST would. The duplicates this can cause change nothing.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        // Only appends to the log: not the views, keys or subscriptions, and not the update that
        // takes an event out of the outbox.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { [hubTable.partitionKey]: { S: FilterRule.beginsWith(LOG_PK_PREFIX) } } },
          }),
        ],
        // The relay answers the first record it could not deliver and every later one; Lambda
        // retries from there (and, on a thrown error, splits the batch to find a bad record).
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        // Bounded: a record that keeps failing must not hold its shard for the stream's 24 hours.
        // Past these, its batch's description goes to the queue (with an alarm), and the sweep sends
        // the events, which are still in the outbox, once the bus takes them.
        retryAttempts: 10,
        maxRecordAge: Duration.hours(1),
        onFailure: new SqsDlq(this.streamFailures.queue),
      }),
    );
    Validations.of(this.stream).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "Reading a DynamoDB stream needs dynamodb:ListStreams, an action that does not support resource-level permissions; the stream's records themselves are granted on the hub table's stream only.",
    });

    this.sweep = new HubFunction(this, 'OutboxSweep', {
      handler: 'outboxSweep',
      description: 'Partnership Hub outbox sweep: publishes events the stream relay could not',
      stage: props.stage,
      serviceName: 'partnership-hub-outbox-sweep',
      environment,
      memorySize: 256,
      timeout: Duration.seconds(60),
      // A failed run is not retried: the events stay in the outbox and the next run sends them.
      retryAttempts: 0,
    });
    props.table.grantReadWriteData(this.sweep);
    props.bus.grantPutEventsTo(this.sweep.fn);

    // Only deliveries of the schedule's own trigger land here (a throttled or missing function):
    // rare, but without a queue they would vanish silently.
    this.sweepDeadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'outbox sweep runs',
      alarms: props.alarms,
      removalPolicy: props.stage.removalPolicy,
    });
    this.schedule = new Rule(this, 'Schedule', {
      description: 'Runs the outbox sweep',
      schedule: Schedule.rate(props.stage.outboxInterval),
    });
    this.schedule.addTarget(
      new LambdaFunction(this.sweep.fn, {
        // A run that starts later than the next one is worthless.
        retryAttempts: 2,
        maxEventAge: props.stage.outboxInterval,
        deadLetterQueue: this.sweepDeadLetters.queue,
      }),
    );

    // Each failed run already leaves its events safe in the outbox; an alarm is for an outbox
    // that stays stuck (the bus refusing, a bug), not for one bad minute.
    props.alarms.raiseWhen(this, 'StuckAlarm', {
      description:
        'The outbox sweep has failed in each of the last three 5-minute periods: events the API accepted may not be reaching the bus. See its logs.',
      metric: this.sweep.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
    });
  }
}
