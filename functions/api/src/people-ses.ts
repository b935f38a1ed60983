import { SESv2Client } from '@aws-sdk/client-sesv2';
import { sesEmailSender } from '@partnership-hub/subscriptions/ses';
import { ApiEnvironment, type ApiPeopleEnvironment } from './environment.ts';
import { wirePeople } from './people.ts';

/**
 * People in Lambda: their stores in the hub table (people.ts), with sign-in links and invitations
 * sent through SES from the function's HUB_EMAIL_FROM, by the same adapter as the alert emails'
 * (the notifier's delivery worker). The local run passes its outbox folder to wirePeople instead.
 */
export function wirePeopleWithSes(environment: ApiPeopleEnvironment) {
  return wirePeople(
    sesEmailSender(new SESv2Client({}), environment[ApiEnvironment.emailFrom], environment[ApiEnvironment.sesConfigurationSet]),
  );
}
