import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SendEmail } from '../emails.ts';

/**
 * Email through SES: a simple message (SES builds the MIME) with our headers added, so
 * List-Unsubscribe and List-Unsubscribe-Post reach the recipient exactly as built. Not
 * rendered with nodemailer here: its composer would more than double the worker's bundle,
 * and SES does the same job.
 */
export function sesEmailSender(client: SESv2Client, from: string, configurationSetName?: string): SendEmail {
  return async (message) => {
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
  };
}
