import { ApiEnvironment, type ApiFeedsEnvironmentVariables } from '@partnership-hub/api/environment';
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage.ts';
import type { HubAlarms } from './alarms.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { HubFunction } from './hub-function.ts';
import type { HubTable } from './hub-table.ts';

export interface OverdueCheckProps {
  stage: StageConfig;
  table: HubTable;
  adminKeyHash: string;
  alarms: HubAlarms;
}

/**
 * The overdue check (functions/api/src/overdue-check.ts) on a schedule: every hour, so a due date
 * that passes at midnight in London is told within the hour, whatever the clocks do. It appends
 * RequestDueSoon and RequestOverdue to the log like any write; what it has recorded is in the log,
 * so a failed run is simply made good by the next.
 */
export class OverdueCheck extends Construct {
  readonly check: HubFunction;
  readonly schedule: Rule;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: OverdueCheckProps) {
    super(scope, id);
    this.check = new HubFunction(this, 'Check', {
      handler: 'overdueCheck',
      description: 'Partnership Hub overdue check: records requests due soon and overdue',
      stage: props.stage,
      serviceName: 'partnership-hub-overdue-check',
      environment: {
        [ApiEnvironment.tableName]: props.table.table.tableName,
        [ApiEnvironment.adminKeyHash]: props.adminKeyHash,
      } satisfies ApiFeedsEnvironmentVariables,
      memorySize: 512,
      timeout: Duration.minutes(5),
    });
    props.table.grantReadWriteData(this.check);
    // Only deliveries of the schedule's own trigger land here (a throttled or missing function).
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'overdue check runs',
      alarms: props.alarms,
      removalPolicy: props.stage.removalPolicy,
    });
    this.schedule = new Rule(this, 'Schedule', {
      description: 'Runs the overdue check five minutes past every hour',
      schedule: Schedule.cron({ minute: '5' }),
    });
    this.schedule.addTarget(
      new LambdaFunction(this.check.fn, { retryAttempts: 2, maxEventAge: Duration.hours(1), deadLetterQueue: this.deadLetters.queue }),
    );
  }
}
