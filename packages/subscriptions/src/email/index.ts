import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailMessage, SendEmail } from '../emails.ts';

/** Renders an email as an RFC 5322 message with nodemailer's composer (offline; no transport). */
export async function renderEmail(message: EmailMessage, from: string, messageId: string): Promise<Buffer> {
  const composer = new MailComposer({
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    headers: message.headers,
    messageId: `<${messageId}@partnership-hub>`,
  });
  return composer.compile().build();
}

/**
 * The local run's mail: each email is written as `<outbox>/<time>-<id>.eml`, which any mail
 * client opens. Nothing leaves the machine.
 */
export function emlOutbox(directory: string, from: string): SendEmail {
  return async (message, messageId) => {
    await mkdir(directory, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await writeFile(join(directory, `${stamp}-${messageId}.eml`), await renderEmail(message, from, messageId));
  };
}

export interface OutboxEntry {
  file: string;
  size: number;
  writtenAt: string;
}

/** What the local outbox holds, newest first. */
export async function listOutbox(directory: string): Promise<OutboxEntry[]> {
  let files: string[];
  try {
    files = (await readdir(directory)).filter((file) => file.endsWith('.eml'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries = await Promise.all(
    files.map(async (file) => {
      const info = await stat(join(directory, file));
      return { file, size: info.size, writtenAt: info.mtime.toISOString() };
    }),
  );
  return entries.sort((a, b) => b.file.localeCompare(a.file));
}
