export interface ApiKeyRecord {
  /** SHA-256 of the key: the key itself is shown once, when issued, and never stored. */
  keyHash: string;
  keyId: string;
  areaId: string;
  organisationId: string;
  createdAt: string;
}

/** What the register says of a key: never its hash. */
export interface ApiKeySummary {
  keyId: string;
  areaId: string;
  organisationId: string;
  createdAt: string;
  revokedAt?: string;
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
}

/** The register's order: oldest first, then by key id. */
export const byCreation = (a: ApiKeySummary, b: ApiKeySummary) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId);
