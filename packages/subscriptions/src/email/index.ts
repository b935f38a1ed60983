import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
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
 * client opens. Nothing leaves the machine. One email per message id: a delivery attempted again
 * because the process stopped after writing its email and before recording it finds it already
 * there (the folder is read once, on the first email; one process writes it). Each is written
 * under a temporary name and renamed, so a process killed mid-write leaves no empty or partial email.
 */
export function emlOutbox(directory: string, from: string): SendEmail {
  let written: Promise<Set<string>> | undefined;
  const writtenIds = async () => {
    await mkdir(directory, { recursive: true });
    const files = await readdir(directory);
    // What a process killed mid-write left: never an email, so not kept.
    await Promise.all(files.filter((file) => PARTIAL_FILE.test(file)).map((file) => rm(join(directory, file), { force: true })));
    return new Set(files.flatMap((file) => OUTBOX_FILE.exec(file)?.[1] ?? []));
  };
  return async (message, messageId) => {
    written ??= writtenIds();
    // A failed read is read again by the next email rather than remembered.
    const ids = await written.catch((error: unknown) => {
      written = undefined;
      throw error;
    });
    if (ids.has(messageId)) return;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(directory, `${stamp}-${messageId}.eml`);
    const partial = join(directory, `.${stamp}-${messageId}.eml.tmp`);
    await writeFile(partial, await renderEmail(message, from, messageId));
    await rename(partial, file);
    ids.add(messageId);
  };
}

/** An email being written, under the name it will have with a dot before and `.tmp` after. */
const PARTIAL_FILE = /^\..+\.eml\.tmp$/;
/** An outbox file's name: when it was written, then its message id. */
const OUTBOX_FILE = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-(.+)\.eml$/;

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
