import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sesEmailSender } from '../src/aws/ses.ts';
import { SqsDeliveryQueue, secondsUntil } from '../src/aws/sqs.ts';
import { EmailNotSentError } from '../src/emails.ts';

const sqs = mockClient(SQSClient);
const ses = mockClient(SESv2Client);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  sqs.restore();
  ses.restore();
});
const credentials = { region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
const QUEUE = 'https://sqs.eu-west-2.amazonaws.com/123456789012/deliveries';

beforeEach(() => {
  sqs.reset();
  ses.reset();
});

describe('the SQS delivery queue', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  const queue = new SqsDeliveryQueue(new SQSClient(credentials), QUEUE, () => now);

  it('holds a delivery back until it is due', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    await queue.enqueue('msg_1', new Date('2026-03-01T12:00:30.200Z'));
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: QUEUE,
      MessageBody: JSON.stringify({ deliveryId: 'msg_1', dueAt: '2026-03-01T12:00:30.200Z' }),
      DelaySeconds: 31,
    });
  });

  it('never asks SQS for more than its 15-minute maximum: longer waits are re-queued by the worker', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    await queue.enqueue('msg_2', new Date('2026-03-01T22:00:00.000Z'));
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.DelaySeconds).toBe(900);
    expect(secondsUntil(new Date('2026-03-01T11:00:00.000Z'), now)).toBe(0);
  });

  it('lets a failure to queue reach the caller', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('throttled'));
    await expect(queue.enqueue('msg_3', now)).rejects.toThrow('throttled');
  });
});

describe('email through SES', () => {
  it('sends the message with its List-Unsubscribe headers', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const send = sesEmailSender(new SESv2Client(credentials), 'alerts@hub.example.org', 'hub-alerts');

    await send(
      {
        to: 'resident@example.org',
        subject: 'A change',
        text: 'Body',
        headers: { 'List-Unsubscribe': '<https://hub/u>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      },
      'msg_1',
    );

    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      FromEmailAddress: 'alerts@hub.example.org',
      Destination: { ToAddresses: ['resident@example.org'] },
      Content: {
        Simple: {
          Subject: { Data: 'A change', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Body', Charset: 'UTF-8' } },
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://hub/u>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
      ConfigurationSetName: 'hub-alerts',
    });
  });

  it('throws when SES refuses, so the worker retries the email', async () => {
    ses.on(SendEmailCommand).rejects(new Error('MessageRejected'));
    const send = sesEmailSender(new SESv2Client(credentials), 'alerts@hub.example.org');
    await expect(send({ to: 'a@example.org', subject: 's', text: 't', headers: {} }, 'msg_2')).rejects.toThrow('MessageRejected');
  });

  it('says in words that SES is throttling, as a retryable EmailNotSentError rather than the SDK error', async () => {
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
    ses.on(SendEmailCommand).rejects(throttled);
    const send = sesEmailSender(new SESv2Client(credentials), 'hub@hub.example.org');
    const error = await send({ to: 'a@example.org', subject: 's', text: 't', headers: {} }, 'msg_3').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmailNotSentError);
    expect(error).toMatchObject({ retryable: true, cause: throttled });
    expect((error as Error).message).toBe(
      'SES is sending too fast to take this email just now (TooManyRequestsException): try again in a minute',
    );
  });

  it('names an unverified sender as a refusal that will not go away by retrying', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified: hub@hub.example.org'), { name: 'MessageRejected' }));
    const send = sesEmailSender(new SESv2Client(credentials), 'hub@hub.example.org');
    const error = await send({ to: 'a@example.org', subject: 's', text: 't', headers: {} }, 'msg_4').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'EmailNotSentError', retryable: false });
    expect((error as Error).message).toBe(
      'SES refused the email from hub@hub.example.org (MessageRejected: Email address is not verified: hub@hub.example.org)',
    );
  });
});
