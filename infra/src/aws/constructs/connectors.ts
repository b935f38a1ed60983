import {
  ApiEnvironment,
  type ApiFeedsEnvironmentVariables,
  type ConnectorSweepEnvironmentVariables,
} from '@partnership-hub/api/environment';
import { connectorRunsPk, connectorsPk } from '@partnership-hub/store';
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage.ts';
import type { HubAlarms } from './alarms.ts';
import type { HubApi } from './api.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { HubFunction } from './hub-function.ts';
import type { HubTable } from './hub-table.ts';

export interface ConnectorsProps {
  stage: StageConfig;
  table: HubTable;
  adminKeyHash: string;
  alarms: HubAlarms;
  /** Its connectors' function (their API and pages) hands runs to the runner: given its name and the right to invoke it here. */
  api: HubApi;
}

/**
 * The ModernGov connectors' runs and schedule (docs/moderngov.md). A run reads a council's
 * meetings one by one and can last minutes, longer than API Gateway waits (29 s), so no request
 * performs one: the connectors' function (api.ts) and the schedule's sweep record a queued run and
 * invoke the **runner** asynchronously with its ids; the runner performs it (up to 15 minutes),
 * calling the council under the outbound rules and writing meetings through the meetings' rules.
 * The **sweep** runs every minute (an EventBridge rule), the same sweep as the local run's timer:
 * a due connector is claimed with a conditional write, so two sweeps at once start its run once.
 */
export class Connectors extends Construct {
  readonly runner: HubFunction;
  readonly sweep: HubFunction;
  readonly schedule: Rule;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ConnectorsProps) {
    super(scope, id);
    const environment = {
      [ApiEnvironment.tableName]: props.table.table.tableName,
      [ApiEnvironment.adminKeyHash]: props.adminKeyHash,
    } satisfies ApiFeedsEnvironmentVariables;
    // Run requests that failed every retry (the runner could not read the table, say), and the
    // schedule's deliveries that never reached the sweep: both wait here, alarmed.
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'connector runs and schedule sweeps',
      alarms: props.alarms,
      removalPolicy: props.stage.removalPolicy,
    });

    this.runner = new HubFunction(this, 'Runner', {
      handler: 'connectorRun',
      description: "Partnership Hub connector runner: imports meetings from a council's ModernGov",
      stage: props.stage,
      serviceName: 'partnership-hub-connectors',
      environment,
      memorySize: 1024,
      // Lambda's longest: a run of many committees, each request to a council allowed 20 s.
      timeout: Duration.minutes(15),
      // A repeated delivery does nothing (the runner performs a run only while it is queued).
      retryAttempts: 2,
      deadLetterQueue: this.deadLetters.queue,
    });
    // Meetings are appended to the log as any write is, and the run's record kept beside the connector.
    props.table.grantReadWriteData(this.runner);

    this.sweep = new HubFunction(this, 'Sweep', {
      handler: 'connectorSweep',
      description: 'Partnership Hub connector schedule: starts the connector runs that are due',
      stage: props.stage,
      serviceName: 'partnership-hub-connectors',
      environment: {
        ...environment,
        [ApiEnvironment.connectorRunFunction]: this.runner.fn.functionName,
      } satisfies ConnectorSweepEnvironmentVariables,
      memorySize: 512,
      // Well within the minute, so sweeps seldom overlap (and overlapping ones start a run once).
      timeout: Duration.seconds(50),
      // The next minute's sweep is its retry.
      retryAttempts: 0,
    });
    props.table.grantReadData(this.sweep);
    // Claims a due run (moves the connector's nextRunAt) and records it queued: those items only.
    this.sweep.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
        resources: [props.table.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [connectorsPk('*'), connectorRunsPk('*', '*')] } },
      }),
    );
    this.grantHandOver(this.sweep);

    this.schedule = new Rule(this, 'Schedule', {
      description: 'Sweeps the connectors every minute for runs that are due',
      schedule: Schedule.rate(Duration.minutes(1)),
    });
    this.schedule.addTarget(
      new LambdaFunction(this.sweep.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1), deadLetterQueue: this.deadLetters.queue }),
    );

    // The connectors' API and pages hand runs over too ("Run now", POST .../runs).
    props.api.connectors.fn.addEnvironment(ApiEnvironment.connectorRunFunction, this.runner.fn.functionName);
    this.grantHandOver(props.api.connectors);
  }

  /**
   * Lets a function invoke the runner: the function itself, not `grantInvoke`'s "and any version"
   * (`<arn>:*`), since no version or alias of it is ever published.
   */
  private grantHandOver(to: HubFunction): void {
    to.fn.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.runner.fn.functionArn] }));
  }
}
