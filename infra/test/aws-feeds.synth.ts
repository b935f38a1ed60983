import type { Stack } from 'aws-cdk-lib';
import { type Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerRules } from '../src/topology.ts';
import { synthHub } from './support/synth.ts';

/** The change feed's part of the stack: its consumer function, rule, dead-letter queue and grants. */
type Resource = { Type: string; Properties: Record<string, any> };
const DESCRIPTION = "Partnership Hub change feed: appends each event to its area's change feed";

let stack: Stack;
let template: Template;
let annotations: () => Annotations;

beforeAll(() => {
  ({ stack, template, annotations } = synthHub({ stage: 'dev' }));
});

const resources = () => template.toJSON().Resources as Record<string, Resource>;
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
function appender(): [string, Resource] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: DESCRIPTION } })) as [
    string,
    Resource,
  ][];
  expect(found).toHaveLength(1);
  return found[0]!;
}
function ruleOfAppender(): Resource {
  const [functionId] = appender();
  const rules = (Object.values(template.findResources('AWS::Events::Rule')) as Resource[]).filter((rule) =>
    (rule.Properties.Targets ?? []).some((target: { Arn: unknown }) => JSON.stringify(target.Arn) === JSON.stringify(arnOf(functionId))),
  );
  expect(rules).toHaveLength(1);
  return rules[0]!;
}

describe('the change feed consumer', () => {
  it('is a nodejs22.x arm64 function configured with the table only', () => {
    const [, fn] = appender();
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
    expect(fn.Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: tableId },
      POWERTOOLS_SERVICE_NAME: 'partnership-hub-change-feed',
    });
    expect(fn.Properties.Environment.Variables.BUS_NAME).toBeUndefined();
  });

  it('receives every hub event on the hub bus by exactly the pattern the local bus uses', () => {
    const [busId] = Object.keys(template.findResources('AWS::Events::EventBus'));
    const rule = ruleOfAppender();
    expect(rule.Properties.EventBusName).toEqual({ Ref: busId });
    expect(rule.Properties.EventPattern).toEqual(consumerRules.changeFeed.pattern);
  });

  it('retries deliveries, and sends what fails every retry (from EventBridge or from Lambda) to one alarmed dead-letter queue', () => {
    const [functionId, fn] = appender();
    const target = ruleOfAppender().Properties.Targets[0];
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) });
    const queueId = target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
    expect(resources()[queueId]?.Type).toBe('AWS::SQS::Queue');
    expect(fn.Properties.DeadLetterConfig.TargetArn).toEqual(target.DeadLetterConfig.Arn);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: functionId }, MaximumRetryAttempts: 2 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
  });

  it('may use the hub table and write its logs, and nothing else', () => {
    const [, fn] = appender();
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } })).flatMap(
      (policy) => (policy as Resource).Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const services = new Set(statements.flatMap((statement) => [statement.Action].flat()).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'sqs']);
    for (const statement of statements.filter((candidate) => [candidate.Action].flat().some((action) => action.startsWith('dynamodb:')))) {
      expect(statement.Resource).toEqual([arnOf(tableId!), { 'Fn::Join': ['', [arnOf(tableId!), '/index/*']] }]);
    }
  });

  it('passes cdk-nag AwsSolutions with nothing left unacknowledged', () => {
    expect(stack.node.findAll().filter((construct) => construct.node.path.includes('/ChangeFeed/')).length).toBeGreaterThan(5);
    const report = new AwsSolutionsChecks().validateScope(stack);
    const mine = report.violations.filter((violation) =>
      violation.violatingResources.some((resource) => resource.constructPath?.includes('/ChangeFeed/')),
    );
    expect(
      mine.map((violation) => `${violation.ruleName} ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`),
    ).toEqual([]);
    expect(annotations().findError('*/ChangeFeed/*', Match.anyValue())).toEqual([]);
  });
});
