import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseEnvironment } from '@partnership-hub/configuration';
import { sesEmailSender } from '@partnership-hub/subscriptions/ses';
import { SqsDeliveryQueue } from '@partnership-hub/subscriptions/sqs';
import { NotifierEnvironment, notifierEnvironmentSchema } from './environment.ts';
import { wireNotifications } from './wiring.ts';

/**
 * The Lambda functions' wiring: the environment is parsed (a missing or malformed variable stops
 * the cold start, naming it), deliveries wait in SQS, emails go through SES. Built once per cold start.
 */
export function wireForLambda(functionName: string, env: Readonly<Record<string, string | undefined>>) {
  const environment = parseEnvironment(functionName, notifierEnvironmentSchema, env);
  const queue = new SqsDeliveryQueue(new SQSClient({}), environment[NotifierEnvironment.deliveryQueueUrl]);
  const sendEmail = sesEmailSender(
    new SESv2Client({}),
    environment[NotifierEnvironment.emailFrom],
    environment[NotifierEnvironment.sesConfigurationSet],
  );
  return wireNotifications(
    {
      tableName: environment[NotifierEnvironment.tableName],
      publicBaseUrl: environment[NotifierEnvironment.publicBaseUrl],
      retryDelaysMs: environment[NotifierEnvironment.retryDelays],
      allowLoopbackWebhooks: environment[NotifierEnvironment.allowLoopbackWebhooks],
    },
    queue,
    sendEmail,
  );
}
