import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sesEmailSender } from '@partnership-hub/subscriptions/ses';
import { SqsDeliveryQueue } from '@partnership-hub/subscriptions/sqs';
import { notifierConfigFromEnv, required, wireNotifications } from './wiring.ts';

/** The Lambda functions' wiring: deliveries wait in SQS, emails go through SES. Built once per cold start. */
export function wireForLambda(env: NodeJS.ProcessEnv) {
  const queue = new SqsDeliveryQueue(new SQSClient({}), required(env, 'DELIVERY_QUEUE_URL'));
  const sendEmail = sesEmailSender(new SESv2Client({}), required(env, 'HUB_EMAIL_FROM'), env.HUB_SES_CONFIGURATION_SET || undefined);
  return wireNotifications(notifierConfigFromEnv(env), queue, sendEmail);
}
