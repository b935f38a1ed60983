import { EVENT_SOURCE } from '@partnership-hub/events';
import { hubTable, LOG_PK_PREFIX } from '@partnership-hub/store';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { addHub } from '../src/aws/hub-app.ts';
import { consumerRules } from '../src/topology.ts';
import { functionWith, type Resource, type SynthesisedHub, synthHub, testApp } from './support/synth.ts';

let dev: SynthesisedHub;
let prod: SynthesisedHub;

beforeAll(() => {
  dev = synthHub({ stage: 'dev' });
  prod = synthHub({ stage: 'prod' });
});

const only = (template: Template, type: string, props?: Record<string, unknown>): [string, Resource] => {
  const found = Object.entries(template.findResources(type, props ? { Properties: props } : {})) as [string, Resource][];
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
};
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const policyStatementsOfRole = (template: Template, roleRef: unknown) =>
  Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [roleRef] } })).flatMap(
    (policy) =>
      (policy as Resource).Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[]; Resource: unknown }[],
  );
const actionsOf = (statement: { Action: string | string[] }) => [statement.Action].flat();
const STREAM_RELAY = 'Partnership Hub log relay: publishes each appended event from the table stream';
const OUTBOX_SWEEP = 'Partnership Hub outbox sweep: publishes events the stream relay could not';

describe('the stage', () => {
  it('must be named: synth refuses to guess between dev and prod', () => {
    const app = testApp();
    expect(() => addHub(app)).toThrow(/-c stage=dev or -c stage=prod/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing that is neither fixed nor acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks().validateScope(dev.stack);
    const findings = report.violations.map(
      (violation) =>
        `${violation.severity} ${violation.ruleName} at ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`,
    );
    expect(findings.filter((finding) => finding.startsWith('error'))).toEqual([]);
    expect(findings.filter((finding) => finding.startsWith('warning'))).toEqual([]);
  });

  it('leaves no error or warning annotations on the stack', () => {
    const annotations = dev.annotations();
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  });
});

describe('the functions', () => {
  it('are each on nodejs22.x and arm64 with JSON logs into a log group with a retention', () => {
    const functions = Object.values(dev.template.findResources('AWS::Lambda::Function')) as Resource[];
    // The api, the projector and the log relay at least; each capability adds its own.
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON');
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      expect((dev.template.toJSON().Resources[logGroupId] as Resource).Properties.RetentionInDays).toBeGreaterThan(0);
      expect(fn.Properties.Environment.Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^partnership-hub-/),
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
      });
    }
  });

  it('run with roles that have no AWS managed policies', () => {
    for (const role of Object.values(dev.template.findResources('AWS::IAM::Role')) as Resource[]) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('are configured from the environment the wiring reads: table and admin key hash for the API, table and bus for the relay', () => {
    const [tableId] = only(dev.template, 'AWS::DynamoDB::Table');
    const [busId] = only(dev.template, 'AWS::Events::EventBus');
    const [, api] = functionWith(dev.template, 'Partnership Hub API');
    expect(api.Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: tableId },
      HUB_ADMIN_KEY_HASH: { Ref: 'AdminKeyHash' },
    });
    // A request only appends: the API has no bus to publish to.
    expect(api.Properties.Environment.Variables.BUS_NAME).toBeUndefined();
    for (const description of [STREAM_RELAY, OUTBOX_SWEEP]) {
      const [, relay] = functionWith(dev.template, description);
      expect(relay.Properties.Environment.Variables).toMatchObject({ TABLE_NAME: { Ref: tableId }, BUS_NAME: { Ref: busId } });
    }
    dev.template.hasParameter('AdminKeyHash', { Type: 'String', NoEcho: true, AllowedPattern: '^[0-9a-f]{64}$' });
  });
});

describe('the API', () => {
  it('is an HTTP API that sends every route to the api function (payload format 2.0, for hono/aws-lambda)', () => {
    const [apiId] = only(dev.template, 'AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const [functionId] = functionWith(dev.template, 'Partnership Hub API');
    const [integrationId] = only(dev.template, 'AWS::ApiGatewayV2::Integration', {
      ApiId: { Ref: apiId },
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: arnOf(functionId),
    });
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      ApiId: { Ref: apiId },
      RouteKey: '$default',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    });
  });

  it('sends the feed paths the feed group declares to the feeds function, and the pages and reference to the pages function', () => {
    const [apiId] = only(dev.template, 'AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const integrationOf = (description: string) => {
      const [functionId] = functionWith(dev.template, description);
      const [integrationId] = only(dev.template, 'AWS::ApiGatewayV2::Integration', {
        ApiId: { Ref: apiId },
        IntegrationUri: arnOf(functionId),
      });
      return { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] };
    };
    for (const routeKey of [
      'GET /v1/areas/{areaId}/changes',
      'GET /v1/areas/{areaId}/feed.atom',
      'GET /v1/areas/{areaId}/themes/{theme}/feed.json',
    ]) {
      dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: { Ref: apiId },
        RouteKey: routeKey,
        Target: integrationOf('Partnership Hub feeds'),
      });
    }
    // The JSON API's other groups, each a function of its own for the bundles' budget.
    for (const [routeKey, description] of [
      ['GET /v1/areas/{areaId}/calendar.ics', 'Partnership Hub calendar feeds'],
      ['GET /v1/areas/{areaId}/organisations/{organisationId}/calendar.ics', 'Partnership Hub calendar feeds'],
      ['GET /v1/areas/{areaId}/requests', 'Partnership Hub requests, meetings and members'],
      ['PUT /v1/areas/{areaId}/organisations/{organisationId}/meetings/{meetingId}', 'Partnership Hub requests, meetings and members'],
      ['GET /v1/areas/{areaId}/organisations/{organisationId}/members', 'Partnership Hub requests, meetings and members'],
      ['POST /v1/subscriptions', 'Partnership Hub subscriptions'],
      // The pages of a body and of the tracker, more specific than the pages' /areas/{proxy+}.
      ['GET /areas/{areaId}/bodies/{proxy+}', 'Partnership Hub body pages'],
      ['GET /areas/{areaId}/history/{proxy+}', 'Partnership Hub body pages'],
      ['GET /areas/{areaId}/tracker', 'Partnership Hub calendar, protocol and tracker pages'],
      ['POST /areas/{areaId}/requests/{proxy+}', 'Partnership Hub calendar, protocol and tracker pages'],
      ['GET /areas/{areaId}/protocols', 'Partnership Hub calendar, protocol and tracker pages'],
      ['GET /areas/{areaId}/calendar', 'Partnership Hub calendar, protocol and tracker pages'],
      // A plan variation's page and step form: more specific than a body's pages, a function of their own.
      ['GET /areas/{areaId}/bodies/{organisationId}/plans/{planId}/variations/{proxy+}', 'Partnership Hub plan variation pages'],
      ['POST /areas/{areaId}/bodies/{organisationId}/plans/{planId}/variations/{proxy+}', 'Partnership Hub plan variation pages'],
    ] as const) {
      dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: { Ref: apiId },
        RouteKey: routeKey,
        Target: integrationOf(description),
      });
    }
    for (const routeKey of ['GET /', 'GET /areas/{proxy+}', 'GET /assets/{proxy+}']) {
      dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: { Ref: apiId },
        RouteKey: routeKey,
        Target: integrationOf('Partnership Hub pages'),
      });
    }
    // The forms that publish a body's content have a function of their own, the only one of the pages that writes.
    for (const method of ['GET', 'POST']) {
      for (const path of ['new', '{id}/edit', '{id}/withdraw']) {
        dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          ApiId: { Ref: apiId },
          RouteKey: `${method} /areas/{areaId}/bodies/{organisationId}/{segment}/${path}`,
          Target: integrationOf('Partnership Hub publishing forms'),
        });
      }
    }
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      ApiId: { Ref: apiId },
      RouteKey: 'POST /areas/{areaId}/protocols/{id}/agree',
      Target: integrationOf('Partnership Hub publishing forms'),
    });
    for (const method of ['GET', 'POST'])
      dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: { Ref: apiId },
        RouteKey: `${method} /areas/{areaId}/protocols/{id}/propose`,
        Target: integrationOf('Partnership Hub publishing forms'),
      });
    // The upload page has a function of its own, with people wired (the JSON bulk import's bundle has no room for them).
    for (const routeKey of [
      'GET /areas/{areaId}/bodies/{organisationId}/import',
      'POST /areas/{areaId}/bodies/{organisationId}/import',
      'POST /areas/{areaId}/bodies/{organisationId}/import/confirm',
      'GET /areas/{areaId}/bodies/{organisationId}/import/work-programme.csv',
    ])
      dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: { Ref: apiId },
        RouteKey: routeKey,
        Target: integrationOf('Partnership Hub upload page'),
      });
    for (const routeKey of [
      'GET /sign-in',
      'POST /sign-in',
      'POST /sign-out',
      'GET /openapi.json',
      'GET /docs',
      // The links in emails answer pages: the JSON API's bundle carries no page layout.
      'GET /v1/subscriptions/{id}/confirm',
      'GET /v1/subscriptions/{id}/unsubscribe',
      'POST /v1/subscriptions/{id}/unsubscribe',
    ]) {
      dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: { Ref: apiId },
        RouteKey: routeKey,
        Target: integrationOf('Partnership Hub sign-in, email links and API reference'),
      });
    }
  });

  it('lets the feeds, pages, publishing and sign-in functions read the table, the publishing function append to the log only, and the sign-in function change subscriptions and count sign-in attempts only', () => {
    const SIGN_IN = 'Partnership Hub sign-in, email links and API reference';
    const PUBLISHING = 'Partnership Hub publishing forms';
    // The tracker's request pages record a response, an update or the close, and a variation's page its
    // next step, as the publishing forms write.
    const TRACKER = 'Partnership Hub calendar, protocol and tracker pages';
    const VARIATIONS = 'Partnership Hub plan variation pages';
    for (const description of [
      'Partnership Hub feeds',
      'Partnership Hub calendar feeds',
      'Partnership Hub pages',
      'Partnership Hub body pages',
      TRACKER,
      VARIATIONS,
      PUBLISHING,
      SIGN_IN,
    ]) {
      const [, fn] = functionWith(dev.template, description);
      const all = policyStatementsOfRole(dev.template, { Ref: fn.Properties.Role['Fn::GetAtt'][0] as string });
      // The sign-in function serves the links in emails (confirm, unsubscribe): writes to subscription items only.
      const subscriptionWrites = all.filter(
        (statement) =>
          JSON.stringify((statement as { Condition?: unknown }).Condition) ===
          JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUB#*', 'SUBS#*', 'OWNER#*'] } }),
      );
      expect(subscriptionWrites.flatMap(actionsOf).sort(), description).toEqual(
        description === SIGN_IN ? ['dynamodb:DeleteItem', 'dynamodb:PutItem'] : [],
      );
      // Signing in counts the attempts: updates to those counters' items only.
      const signInCounts = all.filter(
        (statement) =>
          JSON.stringify((statement as { Condition?: unknown }).Condition) ===
          JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LIMIT#sign-in-attempts#*'] } }),
      );
      expect(signInCounts.flatMap(actionsOf), description).toEqual(description === SIGN_IN ? ['dynamodb:UpdateItem'] : []);
      // The publishing forms append to the log: a put of a log item only (the relay does the rest).
      const logAppends = all.filter(
        (statement) =>
          JSON.stringify((statement as { Condition?: unknown }).Condition) ===
          JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LOG#*'] } }),
      );
      expect(logAppends.flatMap(actionsOf), description).toEqual(
        description === PUBLISHING || description === TRACKER || description === VARIATIONS ? ['dynamodb:PutItem'] : [],
      );
      // People (signing in as themselves): a page records a session's last activity; the members page
      // changes a body's members; signing in keeps links, sessions and the accounts linked to people.
      const peopleWrites = all.filter((statement) =>
        /"dynamodb:LeadingKeys":\["(SESSION|PERSON|SIGNIN|IDENTITY|MEMBERS|LIMIT#confirmation-emails)#/.test(
          JSON.stringify((statement as { Condition?: unknown }).Condition ?? {}),
        ),
      );
      const written = peopleWrites.map((statement) => [
        actionsOf(statement).join(),
        (statement as unknown as { Condition: Record<string, Record<string, string[]>> }).Condition['ForAllValues:StringLike']![
          'dynamodb:LeadingKeys'
        ],
      ]);
      const sessionActivity = ['dynamodb:UpdateItem', ['SESSION#*']];
      expect(written, description).toEqual(
        description === SIGN_IN
          ? [
              ['dynamodb:UpdateItem', ['LIMIT#confirmation-emails#*', 'SESSION#*']],
              ['dynamodb:PutItem', ['SESSION#*', 'PERSON#*', 'SIGNIN#*', 'IDENTITY#*']],
              ['dynamodb:DeleteItem', ['SESSION#*', 'PERSON#*', 'SIGNIN#*']],
            ]
          : description === PUBLISHING
            ? [sessionActivity, ['dynamodb:PutItem', ['MEMBERS#*#*', 'PERSON#*']], ['dynamodb:DeleteItem', ['PERSON#*', 'SESSION#*']]]
            : description.includes('feeds')
              ? []
              : [sessionActivity],
      );
      const statements = all.filter(
        (statement) =>
          !subscriptionWrites.includes(statement) &&
          !signInCounts.includes(statement) &&
          !logAppends.includes(statement) &&
          !peopleWrites.includes(statement),
      );
      const actions = statements.flatMap(actionsOf);
      expect(
        actions
          .filter((action) => action.startsWith('dynamodb:'))
          .every((action) =>
            /^dynamodb:(BatchGetItem|GetRecords|GetShardIterator|Query|GetItem|Scan|ConditionCheckItem|DescribeTable)$/.test(action),
          ),
        description,
      ).toBe(true);
      expect(
        actions.some((action) => action.startsWith('events:')),
        description,
      ).toBe(false);
    }
  });

  it('throttles its stage and writes a JSON access log line per request to a log group with a retention', () => {
    const [, stage] = only(dev.template, 'AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true });
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    const accessLog = stage.Properties.AccessLogSettings;
    expect(JSON.parse(accessLog.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    const logGroupId = accessLog.DestinationArn['Fn::GetAtt'][0] as string;
    expect((dev.template.toJSON().Resources[logGroupId] as Resource).Properties.RetentionInDays).toBeGreaterThan(0);
    const [, prodStage] = only(prod.template, 'AWS::ApiGatewayV2::Stage');
    expect(prodStage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
  });

  it('allows no cross-origin browser calls unless origins are given, and then only reads from those', () => {
    const [, api] = only(dev.template, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties.CorsConfiguration).toBeUndefined();

    const withCors = synthHub({ stage: 'dev', corsOrigins: 'https://partnerships.example.org' });
    const [, corsApi] = only(withCors.template, 'AWS::ApiGatewayV2::Api');
    expect(corsApi.Properties.CorsConfiguration).toMatchObject({
      AllowOrigins: ['https://partnerships.example.org'],
      AllowMethods: ['GET', 'HEAD'],
      AllowCredentials: false,
    });
  });

  it.each([
    // It registers the identity providers, their client secrets in Secrets Manager (aws-people.synth.ts checks under its prefix only).
    ['Partnership Hub API', ['dynamodb', 'logs', 'secretsmanager']],
    // A new member is emailed an invitation (aws-people.synth.ts checks it is as the hub's sender only).
    ['Partnership Hub requests, meetings and members', ['dynamodb', 'logs', 'ses']],
    // A new subscription's first delivery is queued.
    ['Partnership Hub subscriptions', ['dynamodb', 'logs', 'sqs']],
  ])(
    'lets the JSON API function "%s" use the hub table (and the subscriptions one queue deliveries, the partners one email invitations, the core one keep client secrets), and nothing else: no bus',
    (description, expected) => {
      const [tableId] = only(dev.template, 'AWS::DynamoDB::Table');
      const [, api] = functionWith(dev.template, description);
      const roleId = api.Properties.Role['Fn::GetAtt'][0] as string;
      const statements = policyStatementsOfRole(dev.template, { Ref: roleId });

      expect(statements.every((statement) => statement.Effect === 'Allow')).toBe(true);
      expect(statements.map((statement) => statement.Resource)).not.toContainEqual('*');
      const services = new Set(statements.flatMap(actionsOf).map((action) => action.split(':')[0]));
      expect([...services].sort()).toEqual(expected);

      // SQS: only sending, only to queues of this stack (a new subscription's verification delivery).
      const queueIds = Object.keys(dev.template.findResources('AWS::SQS::Queue'));
      const sqs = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('sqs:')));
      for (const statement of sqs) {
        expect(
          actionsOf(statement).every((action) => ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].includes(action)),
        ).toBe(true);
        expect(queueIds).toContain((statement.Resource as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt']?.[0]);
      }

      const dynamo = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
      expect(dynamo.length).toBeGreaterThan(0);
      for (const statement of dynamo) {
        expect(statement.Resource).toEqual([arnOf(tableId), { 'Fn::Join': ['', [arnOf(tableId), '/index/*']] }]);
        expect(actionsOf(statement).every((action) => action.startsWith('dynamodb:'))).toBe(true);
      }
    },
  );
});

describe('the event bus', () => {
  it('is a custom bus with an archive of every hub event', () => {
    const [busId] = only(dev.template, 'AWS::Events::EventBus');
    only(dev.template, 'AWS::Events::Archive', { SourceArn: arnOf(busId), EventPattern: { source: [EVENT_SOURCE] }, RetentionDays: 30 });
    only(prod.template, 'AWS::Events::Archive', { RetentionDays: 365 });
  });

  it('routes to the projector by exactly the pattern the local bus uses', () => {
    const [busId] = only(dev.template, 'AWS::Events::EventBus');
    const [projectorId] = functionWith(dev.template, 'Partnership Hub projector: brings the views up to date from each event');
    const rule = ruleTargeting(projectorId);
    expect(rule.Properties.EventBusName).toEqual({ Ref: busId });
    expect(rule.Properties.EventPattern).toEqual(consumerRules.projector.pattern);
    expect(rule.Properties.Targets).toHaveLength(1);
  });

  it('gives every rule target a retry policy and an SQS dead-letter queue', () => {
    const resources = dev.template.toJSON().Resources as Record<string, Resource>;
    const rules = Object.values(dev.template.findResources('AWS::Events::Rule')) as Resource[];
    expect(rules.length).toBeGreaterThanOrEqual(2);
    for (const rule of rules) {
      for (const target of rule.Properties.Targets) {
        expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) });
        const queueId = target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
        expect(resources[queueId]?.Type).toBe('AWS::SQS::Queue');
      }
    }
  });

  it("sends the projector's own failures, after Lambda's retries, to the same dead-letter queue as the rule", () => {
    const [projectorId, projector] = functionWith(dev.template, 'Partnership Hub projector: brings the views up to date from each event');
    const rule = ruleTargeting(projectorId);
    expect(projector.Properties.DeadLetterConfig.TargetArn).toEqual(rule.Properties.Targets[0].DeadLetterConfig.Arn);
    dev.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: projectorId }, MaximumRetryAttempts: 2 });
  });

  it('alarms, to the alarm topic, as soon as any dead-letter queue holds a message', () => {
    const [topicId] = only(dev.template, 'AWS::SNS::Topic');
    const deadLetterIds = deadLetterQueueIds(dev.template.toJSON().Resources);
    const queues = (Object.entries(dev.template.findResources('AWS::SQS::Queue')) as [string, Resource][]).filter(([queueId]) =>
      deadLetterIds.has(queueId),
    );
    expect(queues.length).toBeGreaterThanOrEqual(2);
    // Every other queue (work queues) hands what it cannot deliver to a dead-letter queue.
    for (const [queueId, queue] of Object.entries(dev.template.findResources('AWS::SQS::Queue')) as [string, Resource][]) {
      if (!deadLetterIds.has(queueId)) expect(queue.Properties.RedrivePolicy?.deadLetterTargetArn, queueId).toBeDefined();
    }
    for (const [queueId, queue] of queues) {
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });
});

describe('the table', () => {
  it('is on demand, encrypted with a KMS key, with point-in-time recovery, TTL and the outbox index', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: hubTable.timeToLiveAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: hubTable.partitionKey, KeyType: 'HASH' },
        { AttributeName: hubTable.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: hubTable.outboxIndex.name,
          KeySchema: [
            { AttributeName: hubTable.outboxIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: hubTable.outboxIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('is protected from deletion in prod, and removed with the stack in dev', () => {
    const [, prodTable] = only(prod.template, 'AWS::DynamoDB::Table');
    expect(prodTable.Properties.DeletionProtectionEnabled).toBe(true);
    expect(prodTable.DeletionPolicy).toBe('Retain');
    const [, devTable] = only(dev.template, 'AWS::DynamoDB::Table');
    expect(devTable.Properties.DeletionProtectionEnabled).toBe(false);
    expect(devTable.DeletionPolicy).toBe('Delete');
  });
});

describe('the log relay', () => {
  it('reads the table stream with new images', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
  });

  it('receives inserts of event log items only, from the oldest record the stream holds', () => {
    const [tableId] = only(dev.template, 'AWS::DynamoDB::Table');
    const [relayId] = functionWith(dev.template, STREAM_RELAY);
    const [, mapping] = only(dev.template, 'AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: relayId } });
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
    });
    const patterns = mapping.Properties.FilterCriteria.Filters.map((filter: { Pattern: string }) => JSON.parse(filter.Pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: LOG_PK_PREFIX }] } } } }]);
  });

  it('answers partial batch responses, splits a failing batch, retries a bounded number of times, then hands the batch to an alarmed queue', () => {
    const [topicId] = only(dev.template, 'AWS::SNS::Topic');
    const [relayId] = functionWith(dev.template, STREAM_RELAY);
    const [, mapping] = only(dev.template, 'AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: relayId } });
    expect(mapping.Properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 3600,
    });
    const queueId = mapping.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string;
    expect((dev.template.toJSON().Resources[queueId] as Resource).Type).toBe('AWS::SQS::Queue');
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('sweeps the outbox on a schedule, every 5 minutes in dev and every minute in prod', () => {
    const [sweepId] = functionWith(dev.template, OUTBOX_SWEEP);
    const [, schedule] = only(dev.template, 'AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    expect(schedule.Properties.Targets.map((target: { Arn: unknown }) => target.Arn)).toEqual([arnOf(sweepId)]);
    // The connectors' schedule is every minute too (aws-connectors.synth.ts): this one is the rule targeting the sweep.
    const [prodSweepId] = functionWith(prod.template, OUTBOX_SWEEP);
    only(prod.template, 'AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: arnOf(prodSweepId) })]),
    });
  });

  it('lets the stream relay and the sweep, and no other function, put events on the hub bus', () => {
    const [busId] = only(dev.template, 'AWS::Events::EventBus');
    const functions = Object.entries(dev.template.findResources('AWS::Lambda::Function')) as [string, Resource][];
    const publishers = functions
      .filter(([, fn]) =>
        policyStatementsOfRole(dev.template, { Ref: fn.Properties.Role['Fn::GetAtt'][0] }).some((statement) =>
          actionsOf(statement).some((action) => action.startsWith('events:')),
        ),
      )
      .map(([, fn]) => fn.Properties.Description as string);
    expect(publishers.sort()).toEqual([STREAM_RELAY, OUTBOX_SWEEP].sort());
    for (const description of publishers) {
      const [, fn] = functionWith(dev.template, description);
      const statements = policyStatementsOfRole(dev.template, { Ref: fn.Properties.Role['Fn::GetAtt'][0] });
      expect(statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('events:')))).toEqual([
        { Effect: 'Allow', Action: 'events:PutEvents', Resource: arnOf(busId) },
      ]);
    }
  });

  it("lets the stream relay read the table's stream", () => {
    const [tableId] = only(dev.template, 'AWS::DynamoDB::Table');
    const [, relay] = functionWith(dev.template, STREAM_RELAY);
    const statements = policyStatementsOfRole(dev.template, { Ref: relay.Properties.Role['Fn::GetAtt'][0] });
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
        Resource: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      }),
    );
  });
});

describe('the outputs', () => {
  it('name the API URL, the bus and the table', () => {
    const [apiId] = only(dev.template, 'AWS::ApiGatewayV2::Api');
    const [busId] = only(dev.template, 'AWS::Events::EventBus');
    const [tableId] = only(dev.template, 'AWS::DynamoDB::Table');
    dev.template.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', Match.arrayWith([{ Ref: apiId }])] } });
    dev.template.hasOutput('BusName', { Value: { Ref: busId } });
    dev.template.hasOutput('TableName', { Value: { Ref: tableId } });
  });
});

/** The one bus rule whose target is the given function. */
function ruleTargeting(functionId: string): Resource {
  const rules = (Object.values(dev.template.findResources('AWS::Events::Rule')) as Resource[]).filter((rule) =>
    (rule.Properties.Targets ?? []).some((target: { Arn: unknown }) => JSON.stringify(target.Arn) === JSON.stringify(arnOf(functionId))),
  );
  expect(rules, `exactly one rule targets ${functionId}`).toHaveLength(1);
  return rules[0]!;
}

/**
 * Queues that something sends its failures to: rule targets' and functions' DeadLetterConfig,
 * queues' RedrivePolicy, event source mappings' on-failure destination.
 */
function deadLetterQueueIds(resources: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'DeadLetterConfig' || key === 'RedrivePolicy' || key === 'OnFailure') {
        const target = value as { Arn?: unknown; TargetArn?: unknown; deadLetterTargetArn?: unknown; Destination?: unknown };
        const id = (
          (target.Arn ?? target.TargetArn ?? target.deadLetterTargetArn ?? target.Destination) as { 'Fn::GetAtt'?: string[] } | undefined
        )?.['Fn::GetAtt']?.[0];
        if (id) ids.add(id);
      }
      visit(value);
    }
  };
  visit(resources);
  return ids;
}
