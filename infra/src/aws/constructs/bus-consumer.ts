import type { EventPattern } from '@partnership-hub/event-pattern';
import { Duration } from 'aws-cdk-lib';
import { type EventPattern as CdkEventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ConsumerRule } from '../../topology.ts';
import type { DeadLetterQueue } from './dead-letter-queue.ts';

export interface BusConsumerProps {
  bus: IEventBus;
  /** From `consumerRules` in infra/src/topology.ts: the pattern the local bus routes by. */
  rule: ConsumerRule;
  handler: IFunction;
  /** Where deliveries EventBridge could not make go. The handler's own failures should go here too. */
  deadLetters: DeadLetterQueue;
}

/**
 * Delivers the events a consumer rule matches to a Lambda function. EventBridge retries a failed
 * delivery (throttling, a missing permission) for up to a day and then parks the event in the
 * dead-letter queue; the function's own failures are Lambda's to retry (see HubFunction).
 */
export class BusConsumer extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: BusConsumerProps) {
    super(scope, id);

    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: props.rule.description,
      eventPattern: cdkEventPattern(props.rule.pattern),
    });
    this.rule.addTarget(
      new LambdaFunction(props.handler, {
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
        deadLetterQueue: props.deadLetters.queue,
      }),
    );
  }
}

/**
 * The catalogue's pattern, as CDK's type. CDK renders a pattern's keys as given (it renames only
 * its own `detailType`), so the template holds exactly the object the local bus matches with; the
 * synth test checks that. A copy, because CDK merges into the object it is handed.
 */
function cdkEventPattern(pattern: EventPattern): CdkEventPattern {
  return structuredClone(pattern) as CdkEventPattern;
}
