import { connectorRoutes, routeSpecsOf } from '@partnership-hub/api';
import { connectorRunsPk, connectorsPk, sessionPk } from '@partnership-hub/store';
import type { Stack } from 'aws-cdk-lib';
import { type Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionWith, type Resource, type Statement, statementsOf, synthHub } from './support/synth.ts';

/** The ModernGov connectors' part of the stack: their API and pages' function, the runner, the schedule's sweep, and their grants. */
const API = 'Partnership Hub connectors and their pages';
const RUNNER = "Partnership Hub connector runner: imports meetings from a council's ModernGov";
const SWEEP = 'Partnership Hub connector schedule: starts the connector runs that are due';

let stack: Stack;
let template: Template;
let annotations: () => Annotations;

beforeAll(() => {
  ({ stack, template, annotations } = synthHub({ stage: 'dev' }));
});

const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const actionsOf = (statement: Statement) => [statement.Action].flat();
const servicesOf = (statements: Statement[]) => [...new Set(statements.flatMap(actionsOf).map((action) => action.split(':')[0]))].sort();
/** The functions whose roles may invoke the function with this logical id. */
function invokersOf(functionId: string): string[] {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
  return functions
    .filter((fn) =>
      statementsOf(template, fn).some(
        (statement) =>
          actionsOf(statement).includes('lambda:InvokeFunction') &&
          JSON.stringify(statement.Resource).includes(JSON.stringify(arnOf(functionId))),
      ),
    )
    .map((fn) => fn.Properties.Description as string)
    .sort();
}
const tableId = () => Object.keys(template.findResources('AWS::DynamoDB::Table'))[0]!;
/** Writes limited to the connectors' own items, whatever the actions. */
function writesOnlyConnectorItems(statements: Statement[], actions: string[], options: { sessions?: boolean } = {}) {
  const allWrites = statements.filter((statement) =>
    actionsOf(statement).some((action) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(action)),
  );
  // A function whose pages know people records a session's last activity, and may change nothing else of theirs.
  const sessionWrites = allWrites.filter((statement) => JSON.stringify(statement.Condition ?? {}).includes(sessionPk('*')));
  expect(sessionWrites.map((statement) => [actionsOf(statement), statement.Condition])).toEqual(
    options.sessions ? [[['dynamodb:UpdateItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [sessionPk('*')] } }]] : [],
  );
  const writes = allWrites.filter((statement) => !sessionWrites.includes(statement));
  expect(writes).toHaveLength(1);
  expect(actionsOf(writes[0]!).sort()).toEqual(actions);
  expect(writes[0]!.Resource).toEqual(arnOf(tableId()));
  expect(writes[0]!.Condition).toEqual({
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [connectorsPk('*'), connectorRunsPk('*', '*')] },
  });
}

describe('the connectors on AWS', () => {
  it('sends every connector route the group declares, and the connector pages, to the connectors function', () => {
    const [apiId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));
    const [functionId] = functionWith(template, API);
    const [integrationId] = Object.keys(
      template.findResources('AWS::ApiGatewayV2::Integration', {
        Properties: { ApiId: { Ref: apiId }, IntegrationUri: arnOf(functionId) },
      }),
    );
    const target = { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] };
    const declared = routeSpecsOf([connectorRoutes], { connectors: true }).map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(declared).toEqual(
      expect.arrayContaining([
        'PUT /v1/areas/{areaId}/connectors/{connectorId}',
        'POST /v1/areas/{areaId}/connectors/{connectorId}/runs',
        'GET /v1/areas/{areaId}/connectors/{connectorId}/runs/{runId}',
        'GET /v1/areas/{areaId}/connectors/{connectorId}/committees',
      ]),
    );
    const routed = (Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { Target: target } })) as Resource[])
      .map((route) => route.Properties.RouteKey as string)
      .sort();
    expect(routed).toEqual(
      [
        ...declared,
        'GET /areas/{areaId}/connectors',
        'GET /areas/{areaId}/connectors/{connectorId}',
        'POST /areas/{areaId}/connectors/{connectorId}/runs',
      ].sort(),
    );
  });

  it('gives the connectors function the environment of pages that know people and the runner to hand runs to, and nothing that performs a run', () => {
    const [runnerId] = functionWith(template, RUNNER);
    const [, fn] = functionWith(template, API);
    expect(fn.Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: tableId() },
      HUB_ASSETS_DIR: '/var/task/assets',
      HUB_SESSION_SECRET: { Ref: 'SessionSecret' },
      HUB_EMAIL_FROM: expect.any(String),
      CONNECTOR_RUN_FUNCTION: { Ref: runnerId },
    });
    // Shorter than API Gateway's 29 s: a run never happens here.
    expect(fn.Properties.Timeout).toBeLessThan(29);
    const statements = statementsOf(template, functionWith(template, API)[1]);
    expect(servicesOf(statements)).toEqual(['dynamodb', 'lambda', 'logs']);
    writesOnlyConnectorItems(statements, ['dynamodb:DeleteItem', 'dynamodb:PutItem'], { sessions: true });
  });

  it('runs each run in the runner, for up to 15 minutes, retried at most twice into an alarmed dead-letter queue', () => {
    const [runnerId, runner] = functionWith(template, RUNNER);
    expect(runner.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 900 });
    expect(runner.Properties.Environment.Variables).toMatchObject({ TABLE_NAME: { Ref: tableId() } });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: runnerId }, MaximumRetryAttempts: 2 });
    const queueId = runner.Properties.DeadLetterConfig.TargetArn['Fn::GetAtt'][0] as string;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
    // It writes meetings (appended to the log) and runs: the table, and no other service; it invokes nothing.
    expect(servicesOf(statementsOf(template, functionWith(template, RUNNER)[1]))).toEqual(['dynamodb', 'logs', 'sqs']);
    // Only the connectors function and the sweep hand runs to it.
    expect(invokersOf(runnerId)).toEqual([API, SWEEP].sort());
  });

  it('sweeps the schedule every minute with one rule whose only target is the sweep, which claims and queues runs and hands them over', () => {
    const [sweepId, sweep] = functionWith(template, SWEEP);
    const [runnerId] = functionWith(template, RUNNER);
    const rules = (Object.values(template.findResources('AWS::Events::Rule')) as Resource[]).filter((rule) =>
      (rule.Properties.Targets ?? []).some((target: { Arn: unknown }) => JSON.stringify(target.Arn) === JSON.stringify(arnOf(sweepId))),
    );
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect(rule!.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule!.Properties.State).toBe('ENABLED');
    expect(rule!.Properties.Targets).toHaveLength(1);
    // A missed minute is not retried (the next sweep is its retry); what never reached the sweep waits in the dead-letter queue.
    expect(rule!.Properties.Targets[0]).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: arnOf(sweepId),
      Principal: 'events.amazonaws.com',
      SourceArn: Match.anyValue(),
    });
    expect(sweep.Properties.Environment.Variables).toMatchObject({ CONNECTOR_RUN_FUNCTION: { Ref: runnerId } });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: sweepId }, MaximumRetryAttempts: 0 });
    const statements = statementsOf(template, functionWith(template, SWEEP)[1]);
    expect(servicesOf(statements)).toEqual(['dynamodb', 'lambda', 'logs']);
    writesOnlyConnectorItems(statements, ['dynamodb:PutItem', 'dynamodb:UpdateItem']);
    const invoke = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('lambda:')));
    expect(invoke.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(invoke.map((statement) => statement.Resource))).toContain(JSON.stringify(arnOf(runnerId)));
  });

  it('passes cdk-nag AwsSolutions with nothing left unacknowledged', () => {
    expect(stack.node.findAll().filter((construct) => construct.node.path.includes('/Connectors/')).length).toBeGreaterThan(5);
    const report = new AwsSolutionsChecks().validateScope(stack);
    const mine = report.violations.filter((violation) =>
      violation.violatingResources.some((resource) => resource.constructPath?.includes('/Connectors/')),
    );
    expect(
      mine.map((violation) => `${violation.ruleName} ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`),
    ).toEqual([]);
    expect(annotations().findError('*/Connectors/*', Match.anyValue())).toEqual([]);
  });
});
