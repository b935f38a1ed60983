/** What a key may do: read partners-only content, or also write its body's content. */
export type ApiKeyScope = 'read' | 'write';

export interface ApiKeyRecord {
  /** SHA-256 of the key: the key itself is shown once, when issued, and never stored. */
  keyHash: string;
  keyId: string;
  areaId: string;
  organisationId: string;
  createdAt: string;
  /** What its holder calls it ("ModernGov sync"). Keys issued before labels have none. */
  label?: string | undefined;
  /** Keys issued before scopes have none: they are `write` keys (see `scopeOf`). */
  scope?: ApiKeyScope | undefined;
}

/** A key's scope, reading keys issued before scopes existed as the `write` keys they were. */
export const scopeOf = (record: { scope?: ApiKeyScope | undefined }): ApiKeyScope => record.scope ?? 'write';

/** What the register says of a key: never its hash. */
export interface ApiKeySummary {
  keyId: string;
  areaId: string;
  organisationId: string;
  createdAt: string;
  label?: string;
  scope: ApiKeyScope;
  revokedAt?: string;
}

/** The register's view of a key: its hash left out, its scope made explicit. */
export function summaryOf(entry: ApiKeyRecord & { revokedAt?: string | undefined }): ApiKeySummary {
  const { keyId, areaId, organisationId, createdAt, label, revokedAt } = entry;
  return {
    keyId,
    areaId,
    organisationId,
    createdAt,
    ...(label ? { label } : {}),
    scope: scopeOf(entry),
    ...(revokedAt ? { revokedAt } : {}),
  };
}

/**
 * `unknown`: the register has no such key. Keys issued before the register existed are not in
 * it; they still work until the administrator issues a new key and the old one's holder stops.
 */
export type ApiKeyStatus = 'active' | 'revoked' | 'unknown';

export type ApiKeyRevocation = 'revoked' | 'already-revoked' | 'not-found';

/**
 * The API keys: each key is found by its hash (the API authenticates against it on every
 * request) and listed in its organisation's register, which records revocation.
 */
export interface ApiKeyStore {
  /**
   * Registers a key, then makes it work. Never overwrites another key: a key id already in the
   * register, or a hash already known, is refused with an error.
   */
  put(record: ApiKeyRecord): Promise<void>;

  /** The key with this hash, while it works (not revoked), or undefined. */
  find(keyHash: string): Promise<ApiKeyRecord | undefined>;

  /** An organisation's keys, oldest first, revoked ones included, without their hashes. */
  list(areaId: string, organisationId: string): Promise<ApiKeySummary[]>;

  status(areaId: string, organisationId: string, keyId: string): Promise<ApiKeyStatus>;

  /** Revokes a key: it is marked in the register and stops working at once. Safe to repeat. */
  revoke(areaId: string, organisationId: string, keyId: string, at: string): Promise<ApiKeyRevocation>;

  /** Starts a browser session signed in with a key; never overwrites one (a 256-bit id colliding would be a bug). */
  startSession(session: KeySession): Promise<void>;
  /** The session with this hash, as it was started, or undefined once it has been ended (or never was). */
  findSession(sessionHash: string): Promise<KeySession | undefined>;
  /** Ends a session: it no longer signs anyone in, whatever its cookie still says. Safe to repeat. */
  endSession(sessionHash: string): Promise<void>;
}

/**
 * A browser session signed in with a key (the pages' "sign in with an access key"). The browser's
 * cookie holds a random id; this holds its SHA-256, so that signing out ends the session on the
 * server and a copy of the cookie kept from before signs nobody in. The key's label and scope are
 * kept with it: a read key's session may change nothing, and what a session writes is recorded as
 * written with that key.
 */
export interface KeySession {
  /** SHA-256 (hex) of the session id. */
  sessionHash: string;
  areaId: string;
  organisationId: string;
  keyId: string;
  label?: string | undefined;
  scope?: ApiKeyScope | undefined;
  /** The absolute end: 8 hours after signing in. */
  endsAt: string;
}

/** The register's order: oldest first, then by key id. */
export const byCreation = (a: ApiKeySummary, b: ApiKeySummary) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId);
