import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { EmailNotSentError, type SendEmail } from '../emails.ts';

/** SES's answers that mean "not now" rather than "never": the account or the identity is sending faster than its quota allows. */
const BUSY = new Set(['TooManyRequestsException', 'ThrottlingException', 'LimitExceededException']);

/**
 * Email through SES: a simple message (SES builds the MIME) with our headers added, so
 * List-Unsubscribe and List-Unsubscribe-Post reach the recipient exactly as built. Not
 * rendered with nodemailer here: its composer would more than double the worker's bundle,
 * and SES does the same job. A refusal is thrown as an EmailNotSentError naming SES's answer,
 * so that a caller can tell a person (or retry) instead of failing with the SDK's error.
 */
export function sesEmailSender(client: SESv2Client, from: string, configurationSetName?: string): SendEmail {
  return async (message) => {
    try {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
              Headers: Object.entries(message.headers).map(([Name, Value]) => ({ Name, Value })),
            },
          },
          ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
        }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const busy = BUSY.has(name);
      throw new EmailNotSentError(
        busy
          ? `SES is sending too fast to take this email just now (${name}): try again in a minute`
          : `SES refused the email from ${from} (${name}: ${error instanceof Error ? error.message : String(error)})`,
        busy,
        { cause: error },
      );
    }
  };
}
