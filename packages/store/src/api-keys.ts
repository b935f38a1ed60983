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
}

/** The register's order: oldest first, then by key id. */
export const byCreation = (a: ApiKeySummary, b: ApiKeySummary) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId);
