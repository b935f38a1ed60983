import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emlOutbox, listOutbox, renderEmail } from '../src/email/index.ts';
import { type ChangeData, changeEmail, confirmationEmail, digestEmail } from '../src/index.ts';

const links = { apiBaseUrl: 'https://hub.example.org/' };
const subscription = {
  id: 'sub_abcdefghijklmnop',
  areaId: 'south-yorkshire',
  address: 'resident@example.org',
  unsubscribeToken: 'unsub-token',
};
const change: ChangeData = {
  eventId: 'e1',
  change: 'PriorityRevised',
  areaId: 'south-yorkshire',
  organisationId: 'safer-rotherham',
  subject: { type: 'priority', id: 'p-1', title: 'Tackle domestic abuse' },
  themes: ['domestic-abuse'],
  previousVersion: 1,
  version: 2,
  changedFields: ['title'],
  visibility: 'public',
  link: 'https://hub.example.org/areas/south-yorkshire/bodies/safer-rotherham',
  state: {},
};
const unsubscribeLink = 'https://hub.example.org/v1/subscriptions/sub_abcdefghijklmnop/unsubscribe?token=unsub-token';

describe('emails', () => {
  it('asks for confirmation with a link, and already carries the one-click unsubscribe headers (RFC 8058)', () => {
    const email = confirmationEmail(links, subscription, 'confirm-token');
    expect(email.text).toContain('https://hub.example.org/v1/subscriptions/sub_abcdefghijklmnop/confirm?token=confirm-token');
    expect(email.headers).toEqual({ 'List-Unsubscribe': `<${unsubscribeLink}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it('tells what changed, with the versions, themes and the link, and an unsubscribe link in the body', () => {
    const email = changeEmail(links, subscription, change);
    expect(email.subject).toBe('safer-rotherham: priority "Tackle domestic abuse" revised');
    expect(email.text).toContain('version 1 → 2');
    expect(email.text).toContain('themes: domestic-abuse');
    expect(email.text).toContain(change.link);
    expect(email.text).toContain(unsubscribeLink);
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it("puts a day's changes in one digest", () => {
    const email = digestEmail(links, subscription, [change, { ...change, subject: { ...change.subject, title: 'Another' } }], '2026-03-01');
    expect(email.subject).toBe('2 changes in south-yorkshire (Partnership Hub digest, 2026-03-01)');
    expect(email.text).toContain('Another');
  });

  it('renders an RFC 5322 message with the headers, offline', async () => {
    const raw = (await renderEmail(changeEmail(links, subscription, change), 'Hub <alerts@hub.example.org>', 'msg_1'))
      .toString('utf8')
      .replace(/\r\n[ \t]+/g, ' ');
    expect(raw).toContain(`List-Unsubscribe: <${unsubscribeLink}>`);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(raw).toContain('Message-ID: <msg_1@partnership-hub>');
    expect(raw).toContain('To: resident@example.org');
  });

  it('writes the local outbox as .eml files and lists them', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'outbox-test-'));
    try {
      await emlOutbox(join(directory, 'outbox'), 'alerts@localhost')(changeEmail(links, subscription, change), 'msg_2');
      const listed = await listOutbox(join(directory, 'outbox'));
      expect(listed).toHaveLength(1);
      expect(listed[0]!.file).toMatch(/msg_2\.eml$/);
      expect((await readFile(join(directory, 'outbox', listed[0]!.file), 'utf8')).replace(/\r\n[ \t]+/g, ' ')).toContain(
        'To: resident@example.org',
      );
      expect(await listOutbox(join(directory, 'nowhere'))).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
