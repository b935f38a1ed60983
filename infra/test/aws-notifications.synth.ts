import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerRules } from '../src/topology.ts';
import { functionWith, type Resource, type SynthesisedHub, statementsOf, synthHub } from './support/synth.ts';

// The notifications capability as `cdk synth -c stage=dev` builds it, without bundling (the
// bundle test bundles every handler and checks its size).

let dev: SynthesisedHub;

beforeAll(() => {
  dev = synthHub({ stage: 'dev', notificationsFrom: 'alerts@hub.example.org', webhookRetryDelays: '5s,5m,30m,2h,5h,10h,10h' });
});

const resources = (type: string, props?: Record<string, unknown>) =>
  Object.entries(dev.template.findResources(type, props ? { Properties: props } : {})) as [string, Resource][];
const actions = (fn: Resource) => statementsOf(dev.template, fn).flatMap((statement) => [statement.Action].flat());

const NOTIFIER = 'Partnership Hub notifier: matches each event to subscriptions and queues deliveries';
const WORKER = 'Partnership Hub delivery worker: sends signed webhooks and emails, with retries';
const DIGEST = 'Partnership Hub daily digest: queues one email per digest subscription';

describe('the notifier', () => {
  it('is the target of a bus rule with exactly the pattern the local bus routes by', () => {
    const [notifierId] = functionWith(dev.template, NOTIFIER);
    const rules = resources('AWS::Events::Rule').filter(([, rule]) =>
      (rule.Properties.Targets ?? []).some((target: any) => target.Arn?.['Fn::GetAtt']?.[0] === notifierId),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]![1].Properties.EventPattern).toEqual(consumerRules.notifier.pattern);
    expect(rules[0]![1].Properties.Targets[0].DeadLetterConfig).toBeDefined();
  });

  it('may read and write the table and queue deliveries, and nothing else of note', () => {
    const [, notifier] = functionWith(dev.template, NOTIFIER);
    expect(actions(notifier)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'sqs:SendMessage']));
    expect(actions(notifier)).not.toContain('ses:SendEmail');
    expect(notifier.Properties.Environment.Variables).toMatchObject({
      DELIVERY_QUEUE_URL: expect.anything(),
      HUB_PUBLIC_BASE_URL: expect.anything(),
      TABLE_NAME: expect.anything(),
    });
  });
});

describe('the delivery queue and worker', () => {
  it('feeds the worker from an encrypted queue whose repeated failures go to a dead-letter queue with an alarm', () => {
    const queues = resources('AWS::SQS::Queue').filter(([, queue]) => queue.Properties.RedrivePolicy?.maxReceiveCount === 5);
    expect(queues).toHaveLength(1);
    const [queueId, queue] = queues[0]!;
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(queue.Properties.VisibilityTimeout).toBe(180);
    const dlqId = queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    const alarms = resources('AWS::CloudWatch::Alarm').filter(([, alarm]) =>
      JSON.stringify(alarm.Properties.Dimensions ?? []).includes(dlqId),
    );
    expect(alarms).toHaveLength(1);

    const [workerId] = functionWith(dev.template, WORKER);
    const mappings = resources('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: workerId } });
    expect(mappings).toHaveLength(1);
    expect(mappings[0]![1].Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('lets the worker send email only as the configured sender, through SES', () => {
    const [, worker] = functionWith(dev.template, WORKER);
    const ses = statementsOf(dev.template, worker).filter((statement) => [statement.Action].flat().includes('ses:SendEmail'));
    expect(ses).toHaveLength(1);
    const resourcesText = JSON.stringify(ses[0]!.Resource);
    expect(resourcesText).toContain('identity/alerts@hub.example.org');
    expect(resourcesText).toContain('identity/hub.example.org');
    expect(resourcesText).not.toContain('*');
    expect(worker.Properties.Environment.Variables).toMatchObject({
      HUB_EMAIL_FROM: 'alerts@hub.example.org',
      HUB_WEBHOOK_RETRY_DELAYS: '5s,5m,30m,2h,5h,10h,10h',
    });
  });

  it("gives the API's subscriptions function the queue to send each new subscription's first delivery to", () => {
    const [, api] = functionWith(dev.template, 'Partnership Hub subscriptions');
    expect(api.Properties.Environment.Variables.DELIVERY_QUEUE_URL).toBeDefined();
    expect(actions(api)).toContain('sqs:SendMessage');
  });
});

describe('the daily digest', () => {
  it('runs once a day on a schedule', () => {
    const [digestId] = functionWith(dev.template, DIGEST);
    const rules = resources('AWS::Events::Rule', { ScheduleExpression: 'cron(0 7 * * ? *)' });
    expect(rules).toHaveLength(1);
    expect(rules[0]![1].Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [digestId, 'Arn'] });
  });
});

describe('cdk-nag AwsSolutions on the notifications construct', () => {
  it('finds nothing that is neither fixed nor acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks().validateScope(dev.stack);
    const findings = report.violations
      .map(
        (violation) =>
          `${violation.severity} ${violation.ruleName} at ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`,
      )
      .filter((finding) => finding.includes('/Notifications/'));
    expect(findings).toEqual([]);
  });
});
