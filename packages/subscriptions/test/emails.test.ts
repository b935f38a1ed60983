import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
  link: 'https://hub.example.org/areas/south-yorkshire/bodies/safer-rotherham/priorities/p-1',
  state: { startDate: '2026-04-01', endDate: '2027-03-31' },
  occurredAt: '2026-03-01T10:00:00.000Z',
  by: 'an editor of Safer Rotherham Partnership',
  bodyName: 'Safer Rotherham Partnership',
  areaName: 'South Yorkshire',
};
const unsubscribeLink = 'https://hub.example.org/v1/subscriptions/sub_abcdefghijklmnop/unsubscribe?token=unsub-token';

describe('emails', () => {
  it('asks for confirmation with a link, and already carries the one-click unsubscribe headers (RFC 8058)', () => {
    const email = confirmationEmail(links, subscription, 'confirm-token');
    expect(email.text).toContain('https://hub.example.org/v1/subscriptions/sub_abcdefghijklmnop/confirm?token=confirm-token');
    expect(email.headers).toEqual({ 'List-Unsubscribe': `<${unsubscribeLink}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it('tells in words what changed, by whom, when, its dates and the link to the item, with links to change or stop alerts', () => {
    const email = changeEmail(links, subscription, change);
    expect(email.subject).toBe('Safer Rotherham Partnership revised the priority “Tackle domestic abuse”');
    expect(email.text).toContain(
      [
        'Safer Rotherham Partnership revised the priority “Tackle domestic abuse”.',
        'By: an editor of Safer Rotherham Partnership',
        'When: 1 March 2026 at 10:00',
        'Dates: 1 April 2026 to 31 March 2027',
        'What changed: title',
        `See it: ${change.link}`,
      ].join('\n'),
    );
    expect(email.text).not.toMatch(/version|→|safer-rotherham:/);
    expect(email.text).toContain(unsubscribeLink);
    expect(email.text).toContain(
      'Change how often you get these alerts, or stop them: https://hub.example.org/v1/subscriptions/sub_abcdefghijklmnop/manage?token=unsub-token',
    );
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it("puts a day's changes in one digest", () => {
    const email = digestEmail(links, subscription, [change, { ...change, subject: { ...change.subject, title: 'Another' } }], '2026-03-02');
    expect(email.subject).toBe('2 changes in South Yorkshire (Partnership Hub digest, 1 March 2026)');
    expect(email.text).toContain('Another');
  });

  it('dates a digest by the London day of its changes, in words, not by the UTC day it is sent', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time; 22:30 UTC is still 30 June there.
    const at = (occurredAt: string) => ({ ...change, occurredAt });
    expect(digestEmail(links, subscription, [at('2026-06-30T23:30:00.000Z')], '2026-07-01').subject).toBe(
      '1 change in South Yorkshire (Partnership Hub digest, 1 July 2026)',
    );
    expect(digestEmail(links, subscription, [at('2026-06-30T22:30:00.000Z')], '2026-07-01').subject).toBe(
      '1 change in South Yorkshire (Partnership Hub digest, 30 June 2026)',
    );
    expect(digestEmail(links, subscription, [at('2026-06-30T22:30:00.000Z'), at('2026-06-30T23:30:00.000Z')], '2026-07-01').subject).toBe(
      '2 changes in South Yorkshire (Partnership Hub digest, 30 June 2026 to 1 July 2026)',
    );
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

  it('holds one email per message id, also when the hub stopped between writing one and recording it, and never a partial one', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'outbox-test-'));
    const outbox = join(directory, 'outbox');
    try {
      // What a process killed mid-write leaves behind, and an email an earlier process wrote before it died.
      await mkdir(outbox);
      await writeFile(join(outbox, '.2026-03-01T10-00-00-000Z-msg_3.eml.tmp'), 'List-Unsubscr');
      await emlOutbox(outbox, 'alerts@localhost')(changeEmail(links, subscription, change), 'msg_2');
      // The next process: the same delivery attempted again (its outcome was never recorded), and another one.
      const next = emlOutbox(outbox, 'alerts@localhost');
      await next(changeEmail(links, subscription, change), 'msg_2');
      await next(changeEmail(links, subscription, change), 'msg_3');
      const listed = await listOutbox(outbox);
      expect(listed.map((entry) => entry.file.replace(/^[\dTZ-]+-/, '')).sort()).toEqual(['msg_2.eml', 'msg_3.eml']);
      for (const entry of listed) expect(await readFile(join(outbox, entry.file), 'utf8')).toContain('To: resident@example.org');
      expect((await readdir(outbox)).length).toBe(2);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
