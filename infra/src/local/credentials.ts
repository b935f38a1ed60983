import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What `<HUB_DATA_DIR>/dev-credentials.json` holds: the local run's keys, for a developer to copy. */
export interface DevCredentials {
  note: string;
  /** Null when the admin key comes from HUB_ADMIN_KEY (it is then not written down). */
  adminKey: string | null;
  organisations: { areaId: string; organisationId: string; name: string; key: string }[];
  /** For each seeded area, the edition of the seed it was last brought in line with (see seedEdition). */
  seeded?: Record<string, string>;
  /**
   * The seeded people (invented, on `<body id>.example` addresses): sign in at /sign-in with the
   * address, then with the password on the development identity provider's page (or, where it is
   * not running, with the link in the outbox).
   */
  people?: { email: string; password?: string; name: string; organisationId: string; role: string }[];
}

const credentialsPath = (dataDir: string) => join(dataDir, 'dev-credentials.json');

export async function readCredentials(dataDir: string): Promise<DevCredentials | undefined> {
  try {
    return JSON.parse(await readFile(credentialsPath(dataDir), 'utf8')) as DevCredentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${credentialsPath(dataDir)} could not be read (${String(error)}); fix or delete it`);
  }
}

export async function writeCredentials(dataDir: string, credentials: Omit<DevCredentials, 'note'>): Promise<void> {
  const document: DevCredentials = {
    note: 'Local development keys for Partnership Hub. Send one as "Authorization: Bearer <key>". Never use these outside this machine.',
    ...credentials,
  };
  // Readable by this user only: the file holds keys.
  await writeFile(credentialsPath(dataDir), `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
}

/**
 * The admin key: HUB_ADMIN_KEY when set; otherwise the one generated on an earlier start;
 * otherwise a new one (written to dev-credentials.json by the caller).
 */
export function resolveAdminKey(fromEnv: string | undefined, saved: DevCredentials | undefined): { key: string; generated: boolean } {
  if (fromEnv) return { key: fromEnv, generated: false };
  if (saved?.adminKey) return { key: saved.adminKey, generated: false };
  return { key: `phadmin_${randomBytes(32).toString('base64url')}`, generated: true };
}
