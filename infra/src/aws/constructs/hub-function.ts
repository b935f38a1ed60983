import { join } from 'node:path';
import { type Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type HandlerName, handlerEntries, nodejsFunctionBundling, repoRoot } from '../bundling.ts';
import type { StageConfig } from '../stage.ts';

export interface HubFunctionProps {
  handler: HandlerName;
  description: string;
  stage: StageConfig;
  /** Powertools' service name, as the handler's own logger names itself. */
  serviceName: string;
  environment: Record<string, string>;
  memorySize: number;
  timeout: Duration;
  /** Asynchronous invocations (EventBridge, schedules): how often Lambda retries a failed run. */
  retryAttempts?: number;
  /** Asynchronous invocations that fail every retry are sent here. */
  deadLetterQueue?: IQueue;
}

/**
 * One of the hub's Lambda functions, set up the same way as every other: the handler bundled by
 * the local esbuild, Node.js 22 on Graviton, structured JSON logs into its own log group with a
 * retention, and a role that starts with no permissions at all. The capability that owns the
 * function grants it what it needs with `grant*`.
 */
export class HubFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);

    const logGroup = new LogGroup(this, 'Logs', { retention: props.stage.logRetention, removalPolicy: props.stage.removalPolicy });
    // Not AWSLambdaBasicExecutionRole: that may write to any log group in the account; this role
    // may write to its own log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    logGroup.grantWrite(role);

    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: join(repoRoot, handlerEntries[props.handler]),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      bundling: nodejsFunctionBundling(props.handler),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: props.stage.logLevel === 'DEBUG' ? ApplicationLogLevel.DEBUG : ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: props.stage.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: props.stage.logLevel,
      },
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
    });
    if (props.stage.tracing) {
      Validations.of(this).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing lets the function send segments to X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords), actions that do not support resource-level permissions.',
      });
    }
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x on purpose: a Node.js LTS line that Lambda supports into 2027, and the target the bundles are built for (bundling.ts). Moving to a newer runtime is a deliberate change of both together, checked by the cold-start bench.',
    });
  }
}
