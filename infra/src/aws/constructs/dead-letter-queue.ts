import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HubAlarms } from './alarms.ts';

export interface DeadLetterQueueProps {
  /** What lands here, for the alarm's description, e.g. "projector deliveries". */
  holds: string;
  alarms: HubAlarms;
  removalPolicy: RemovalPolicy;
}

/**
 * Where deliveries that failed every retry wait for a person (docs/aws.md says what to do with
 * them), with an alarm that fires as soon as one arrives.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);

    this.queue = new Queue(this, 'Queue', {
      // The longest SQS allows: time to notice, find the cause, fix it and redrive.
      retentionPeriod: Duration.days(14),
      // SQS-managed keys: EventBridge and Lambda can write without a key policy to maintain.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue (of an EventBridge rule target, of a Lambda function's asynchronous invocations, or an event source mapping's on-failure destination); cdk-nag only recognises SQS-to-SQS redrive.",
    });

    props.alarms.raiseWhen(this, 'Alarm', {
      description: `A message is waiting in the dead-letter queue for ${props.holds}: something failed every retry. See docs/aws.md, "A message in a dead-letter queue".`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
    });
  }
}
