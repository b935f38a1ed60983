import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const sessionSecretPath = (dataDir: string) => join(dataDir, 'session-secret');

/**
 * The secret that signs the browser pages' session cookies: HUB_SESSION_SECRET when set;
 * otherwise the one generated on an earlier start (so sessions survive a restart); otherwise a
 * new one, saved beside dev-credentials.json and readable by this user only.
 */
export async function resolveSessionSecret(dataDir: string, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  const path = sessionSecretPath(dataDir);
  try {
    const saved = (await readFile(path, 'utf8')).trim();
    if (saved) return saved;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`${path} could not be read (${String(error)}); fix or delete it`);
  }
  const secret = randomBytes(32).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
