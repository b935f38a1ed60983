import { ApiEnvironment } from '@partnership-hub/api/environment';
import { NotifierEnvironment, type NotifierEnvironmentVariables } from '@partnership-hub/notifier/environment';
import { Duration } from 'aws-cdk-lib';
import { type IEventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { consumerRules } from '../../topology.ts';
import type { StageConfig } from '../stage.ts';
import type { HubAlarms } from './alarms.ts';
import type { HubApi } from './api.ts';
import { BusConsumer } from './bus-consumer.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { HubFunction } from './hub-function.ts';
import type { HubTable } from './hub-table.ts';
import { sendEmailFrom } from './ses-identity.ts';

export interface NotificationsProps {
  stage: StageConfig;
  table: HubTable;
  bus: IEventBus;
  alarms: HubAlarms;
  /** The API queues each new subscription's verification request or confirmation email. */
  api: HubApi;
  /** Where the browser pages and the API are served: links in webhooks and emails. */
  publicBaseUrl: string;
  /** The sender of alert emails: an SES verified identity (its domain or the address itself). */
  emailFrom: string;
  /** `HUB_WEBHOOK_RETRY_DELAYS`; unset: the production schedule (a little over 27 h). */
  retryDelays?: string | undefined;
}

/** The longest a delivery worker run may take: a batch of webhooks with 10 s each, in parallel. */
const WORKER_TIMEOUT = Duration.seconds(30);

/**
 * Change notifications: the notifier on the bus turns each event into deliveries for the
 * subscriptions it matches; deliveries wait in an SQS queue (a message delay of up to 15 min,
 * longer waits are re-queued by the worker) for the delivery worker, which sends signed webhooks
 * and emails through SES and schedules retries; a daily schedule sends the digests. Every path
 * ends in a dead-letter queue with an alarm rather than losing a message.
 */
export class Notifications extends Construct {
  readonly notifier: HubFunction;
  readonly worker: HubFunction;
  readonly digest: HubFunction;
  readonly deliveryQueue: Queue;
  readonly deliveryDeadLetters: DeadLetterQueue;
  readonly notifierDeadLetters: DeadLetterQueue;
  readonly consumer: BusConsumer;
  readonly digestSchedule: Rule;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const removalPolicy = props.stage.removalPolicy;

    this.deliveryDeadLetters = new DeadLetterQueue(this, 'DeliveryDeadLetters', {
      holds: 'notification deliveries',
      alarms: props.alarms,
      removalPolicy,
    });
    this.deliveryQueue = new Queue(this, 'DeliveryQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's guidance: at least six times the function's timeout, so a message is not handed
      // to a second worker while the first is still sending it.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      // A message is received again only when its attempt THREW (the store unreachable, a bug):
      // failed HTTP attempts are retried by the worker on the schedule, not by SQS.
      deadLetterQueue: { queue: this.deliveryDeadLetters.queue, maxReceiveCount: 5 },
      removalPolicy,
    });

    const environment = {
      [NotifierEnvironment.tableName]: props.table.table.tableName,
      [NotifierEnvironment.deliveryQueueUrl]: this.deliveryQueue.queueUrl,
      [NotifierEnvironment.publicBaseUrl]: props.publicBaseUrl,
      [NotifierEnvironment.emailFrom]: props.emailFrom,
      ...(props.retryDelays ? { [NotifierEnvironment.retryDelays]: props.retryDelays } : {}),
    } satisfies NotifierEnvironmentVariables;

    this.notifierDeadLetters = new DeadLetterQueue(this, 'NotifierDeadLetters', {
      holds: 'notifier deliveries',
      alarms: props.alarms,
      removalPolicy,
    });
    this.notifier = new HubFunction(this, 'Notifier', {
      handler: 'notifier',
      description: 'Partnership Hub notifier: matches each event to subscriptions and queues deliveries',
      stage: props.stage,
      serviceName: 'partnership-hub-notifier',
      environment,
      memorySize: 512,
      timeout: Duration.seconds(30),
      retryAttempts: 2,
      deadLetterQueue: this.notifierDeadLetters.queue,
    });
    this.consumer = new BusConsumer(this, 'Subscription', {
      bus: props.bus,
      rule: consumerRules.notifier,
      handler: this.notifier.fn,
      deadLetters: this.notifierDeadLetters,
    });

    this.worker = new HubFunction(this, 'DeliveryWorker', {
      handler: 'deliveryWorker',
      description: 'Partnership Hub delivery worker: sends signed webhooks and emails, with retries',
      stage: props.stage,
      serviceName: 'partnership-hub-delivery-worker',
      environment,
      memorySize: 512,
      timeout: WORKER_TIMEOUT,
    });
    this.worker.fn.addEventSource(
      new SqsEventSource(this.deliveryQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 20 }),
    );

    this.digest = new HubFunction(this, 'Digest', {
      handler: 'digest',
      description: 'Partnership Hub daily digest: queues one email per digest subscription',
      stage: props.stage,
      serviceName: 'partnership-hub-digest',
      environment,
      memorySize: 256,
      timeout: Duration.seconds(120),
      retryAttempts: 2,
      deadLetterQueue: this.notifierDeadLetters.queue,
    });
    this.digestSchedule = new Rule(this, 'DigestSchedule', {
      description: 'Sends the daily digest emails at 07:00 UTC',
      schedule: Schedule.cron({ minute: '0', hour: '7' }),
    });
    this.digestSchedule.addTarget(
      new LambdaFunction(this.digest.fn, {
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.notifierDeadLetters.queue,
      }),
    );

    for (const fn of [this.notifier, this.worker, this.digest]) {
      props.table.grantReadWriteData(fn);
      this.deliveryQueue.grantSendMessages(fn.fn);
    }
    // The API queues the first delivery (verification or confirmation) of each new subscription.
    this.deliveryQueue.grantSendMessages(props.api.subscriptions.fn);
    props.api.subscriptions.fn.addEnvironment(ApiEnvironment.deliveryQueueUrl, this.deliveryQueue.queueUrl);
    // So does the email alerts form (its double opt-in's confirmation email).
    this.deliveryQueue.grantSendMessages(props.api.alerts.fn);
    props.api.alerts.fn.addEnvironment(ApiEnvironment.deliveryQueueUrl, this.deliveryQueue.queueUrl);

    // SES: only the sender identity, the address itself or its domain, whichever is verified.
    this.worker.fn.addToRolePolicy(sendEmailFrom(this, props.emailFrom));

    props.alarms.raiseWhen(this, 'WorkerErrorsAlarm', {
      description:
        'The delivery worker has failed runs in each of the last three 5-minute periods: notifications may be delayed. See its logs.',
      metric: this.worker.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
    });
  }
}
