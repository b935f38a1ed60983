import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

const STAGE_NAMES = ['dev', 'prod'] as const;
type StageName = (typeof STAGE_NAMES)[number];

/** Everything that differs between a developer's stack and production, chosen by `-c stage=dev|prod`. */
export interface StageConfig {
  name: StageName;
  /** DynamoDB deletion protection: a production table cannot be deleted by a stray `cdk destroy`. */
  deletionProtection: boolean;
  /** What CloudFormation does to data (table, queues, logs) when the stack or resource goes. */
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** Stage-wide API Gateway throttling: steady requests per second, and the burst above it. */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /** How long the bus archive keeps events for replay. */
  archiveRetention: Duration;
  /** How often the outbox sweep runs (the log relay's safety net behind the table's stream). */
  outboxInterval: Duration;
  logLevel: 'DEBUG' | 'INFO';
  /** Origins allowed to call the API from a browser (CORS). Empty: no CORS at all. */
  corsAllowOrigins: string[];
  /** Where DLQ alarms are emailed, if anywhere. */
  alarmEmail: string | undefined;
  /** X-Ray active tracing on every function. */
  tracing: boolean;
}

const STAGES: Record<StageName, Omit<StageConfig, 'corsAllowOrigins' | 'alarmEmail' | 'tracing'>> = {
  dev: {
    name: 'dev',
    deletionProtection: false,
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.TWO_WEEKS,
    apiThrottle: { rateLimit: 20, burstLimit: 40 },
    archiveRetention: Duration.days(30),
    outboxInterval: Duration.minutes(5),
    logLevel: 'DEBUG',
  },
  prod: {
    name: 'prod',
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.THREE_MONTHS,
    // All 43 areas together average a few requests a second (docs/aws.md); this leaves headroom
    // for bursts while capping what a runaway client can cost.
    apiThrottle: { rateLimit: 100, burstLimit: 200 },
    archiveRetention: Duration.days(365),
    outboxInterval: Duration.minutes(1),
    logLevel: 'INFO',
  },
};

/**
 * Reads the stage and its options from CDK context:
 *   -c stage=dev|prod                          (required)
 *   -c corsOrigins=https://a.example,https://b  (optional; default none)
 *   -c alarmEmail=ops@example.org              (optional)
 *   -c tracing=true                            (optional; default off)
 */
export function stageFromContext(node: Node): StageConfig {
  const name: unknown = node.tryGetContext('stage');
  if (!isStageName(name)) {
    throw new Error(`Say which stage to build: -c stage=${STAGE_NAMES.join(' or -c stage=')} (got ${JSON.stringify(name ?? null)})`);
  }
  const origins: unknown = node.tryGetContext('corsOrigins');
  const email: unknown = node.tryGetContext('alarmEmail');
  const tracing: unknown = node.tryGetContext('tracing');
  return {
    ...STAGES[name],
    corsAllowOrigins:
      typeof origins === 'string'
        ? origins
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean)
        : [],
    alarmEmail: typeof email === 'string' && email !== '' ? email : undefined,
    tracing: tracing === true || tracing === 'true',
  };
}

function isStageName(value: unknown): value is StageName {
  return (STAGE_NAMES as readonly unknown[]).includes(value);
}
