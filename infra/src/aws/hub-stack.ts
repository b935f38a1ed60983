import { ADMIN_KEY_HASH_PATTERN, SESSION_SECRET_MIN_LENGTH, SESSION_SECRET_PATTERN } from '@partnership-hub/api/environment';
import { CfnOutput, CfnParameter, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { HubAlarms } from './constructs/alarms.ts';
import { HubApi } from './constructs/api.ts';
import { ChangeFeedConsumer } from './constructs/change-feed.ts';
import { Connectors } from './constructs/connectors.ts';
import { HubEventBus } from './constructs/event-bus.ts';
import { HubTable } from './constructs/hub-table.ts';
import { LogRelay } from './constructs/log-relay.ts';
import { Notifications } from './constructs/notifications.ts';
import { OverdueCheck } from './constructs/overdue-check.ts';
import { Projections } from './constructs/projections.ts';
import type { StageConfig } from './stage.ts';

export interface HubStackProps extends StackProps {
  stage: StageConfig;
}

/**
 * The whole hub in one stack, one construct per capability. The table and the bus are shared;
 * each capability takes them as props and grants its own functions what they need. A new
 * capability (notifications, feeds) is a new construct here with its rule in topology.ts.
 */
export class HubStack extends Stack {
  readonly hubTable: HubTable;
  readonly events: HubEventBus;
  readonly alarms: HubAlarms;
  readonly api: HubApi;
  readonly projections: Projections;
  readonly logRelay: LogRelay;
  readonly changeFeed: ChangeFeedConsumer;
  readonly notifications: Notifications;
  readonly overdueCheck: OverdueCheck;
  readonly connectors: Connectors;

  constructor(scope: Construct, id: string, props: HubStackProps) {
    super(scope, id, props);
    const { stage } = props;
    Tags.of(this).add('project', 'partnership-hub');
    Tags.of(this).add('stage', stage.name);

    // A parameter, not context: the template stays the same for every deployment and the value is
    // given once at deploy time (CloudFormation keeps it for later deploys). It is the hash, not
    // the key: a 256-bit random key cannot be recovered from it, so it may sit in the function's
    // environment; NoEcho keeps it out of the CloudFormation console all the same. The pattern is the
    // one the API's environment is parsed with, so a value the stack takes is one the API starts with.
    const adminKeyHash = new CfnParameter(this, 'AdminKeyHash', {
      type: 'String',
      noEcho: true,
      allowedPattern: ADMIN_KEY_HASH_PATTERN.source,
      constraintDescription: 'must be the SHA-256 of the admin key, as 64 lower-case hex digits (see docs/aws.md)',
      description: 'SHA-256 (hex) of the hub administrator key',
    });

    // Signs the browser pages' session cookies (docs/pages.md). NoEcho like the admin key hash; unlike
    // it, this is a secret itself: anyone who has it can forge a partner's session.
    const sessionSecret = new CfnParameter(this, 'SessionSecret', {
      type: 'String',
      noEcho: true,
      minLength: SESSION_SECRET_MIN_LENGTH,
      allowedPattern: SESSION_SECRET_PATTERN.source,
      constraintDescription:
        'must be at least 32 random URL-safe characters, e.g. from `openssl rand -base64 48 | tr +/ -_ | tr -d =` (see docs/pages.md)',
      description: "Secret that signs the browser pages' session cookies",
    });

    this.hubTable = new HubTable(this, 'Data', { stage });
    this.events = new HubEventBus(this, 'Events', { archiveRetention: stage.archiveRetention });
    this.alarms = new HubAlarms(this, 'Alarms', { email: stage.alarmEmail });
    const shared = { stage, table: this.hubTable, bus: this.events.bus };

    // Emails come from an SES verified identity: `-c notificationsFrom=alerts@your-domain` (docs/notifications.md):
    // alerts, and the sign-in links and invitations people are sent (docs/sign-in.md).
    const emailFrom = String(this.node.tryGetContext('notificationsFrom') ?? 'alerts@partnership-hub.example');
    this.api = new HubApi(this, 'Api', {
      stage,
      table: this.hubTable,
      adminKeyHash: adminKeyHash.valueAsString,
      sessionSecret: sessionSecret.valueAsString,
      emailFrom,
    });
    this.projections = new Projections(this, 'Projections', { ...shared, alarms: this.alarms });
    this.logRelay = new LogRelay(this, 'LogRelay', { ...shared, alarms: this.alarms });
    this.changeFeed = new ChangeFeedConsumer(this, 'ChangeFeed', { ...shared, alarms: this.alarms });
    this.notifications = new Notifications(this, 'Notifications', {
      ...shared,
      alarms: this.alarms,
      api: this.api,
      publicBaseUrl: this.api.url,
      emailFrom,
      retryDelays: this.node.tryGetContext('webhookRetryDelays') as string | undefined,
    });
    this.overdueCheck = new OverdueCheck(this, 'OverdueCheck', {
      stage,
      table: this.hubTable,
      adminKeyHash: adminKeyHash.valueAsString,
      alarms: this.alarms,
    });
    // ModernGov connectors: their runs, handed over by the API and the schedule's sweep (docs/moderngov.md).
    this.connectors = new Connectors(this, 'Connectors', {
      stage,
      table: this.hubTable,
      adminKeyHash: adminKeyHash.valueAsString,
      alarms: this.alarms,
      api: this.api,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'The hub API' });
    new CfnOutput(this, 'BusName', { value: this.events.bus.eventBusName, description: 'The hub event bus' });
    new CfnOutput(this, 'TableName', { value: this.hubTable.table.tableName, description: 'The hub table' });
    new CfnOutput(this, 'ArchiveName', { value: this.events.archive.archiveName, description: 'The bus archive, for replays' });
    new CfnOutput(this, 'ProjectorFunctionName', {
      value: this.projections.handler.fn.functionName,
      description: 'Invoke with a dead-lettered event to retry it',
    });
    new CfnOutput(this, 'ProjectorDeadLetterQueueUrl', {
      value: this.projections.deadLetters.queue.queueUrl,
      description: 'Projector deliveries that failed every retry',
    });
    new CfnOutput(this, 'ProjectorRuleArn', { value: this.projections.consumer.rule.ruleArn, description: 'Replay to this rule only' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'Subscribe to be told of alarms' });
  }
}
