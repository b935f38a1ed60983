import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface HubAlarmsProps {
  /** Subscribed to every alarm, if given (`-c alarmEmail=...`). */
  email?: string | undefined;
}

export interface RaiseWhenProps {
  description: string;
  metric: IMetric;
  /** The alarm fires when the metric is at least this. */
  threshold: number;
  evaluationPeriods?: number;
}

/** Where the hub's alarms go: one SNS topic that operators (or a chat integration) subscribe to. */
export class HubAlarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: HubAlarmsProps = {}) {
    super(scope, id);

    // No KMS key on the topic: notifications carry only an alarm's name, metric and state, never
    // hub data, and CloudWatch cannot publish to a topic under the AWS-managed aws/sns key.
    this.topic = new Topic(this, 'Topic', { displayName: 'Partnership Hub alarms', enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
  }

  /** An alarm on `metric` that notifies the topic when it fires and when it clears. */
  raiseWhen(scope: Construct, id: string, props: RaiseWhenProps): Alarm {
    const alarm = new Alarm(scope, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
