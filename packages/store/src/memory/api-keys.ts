import {
  type ApiKeyRecord,
  type ApiKeyRevocation,
  type ApiKeyStatus,
  type ApiKeyStore,
  type ApiKeySummary,
  byCreation,
  type KeySession,
  summaryOf,
} from '../api-keys.ts';
import { organisationKeysPk } from '../keys.ts';

type RegisterEntry = ApiKeyRecord & { revokedAt?: string };

/** The API keys in memory: the same contract as the DynamoDB store (see packages/store/test/contract). */
export class InMemoryApiKeyStore implements ApiKeyStore {
  /** The keys that work, by hash. */
  private readonly byHash = new Map<string, ApiKeyRecord>();
  /** Each organisation's register: every key it was issued, revoked ones included, by key id. */
  private readonly registers = new Map<string, Map<string, RegisterEntry>>();
  /** The browser sessions signed in with keys, by the hash of their id. */
  private readonly sessions = new Map<string, KeySession>();

  async put(record: ApiKeyRecord): Promise<void> {
    const register = this.registerOf(record.areaId, record.organisationId);
    if (register.has(record.keyId)) throw new Error(`Key ${record.keyId} of ${record.organisationId} is already registered`);
    // Registered before the hash is checked, as the DynamoDB store writes it: a refused key leaves its entry.
    register.set(record.keyId, { ...record });
    if (this.byHash.has(record.keyHash)) throw new Error(`A key with hash ${record.keyHash} already exists`);
    this.byHash.set(record.keyHash, { ...record });
  }

  async find(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const record = this.byHash.get(keyHash);
    return record ? { ...record } : undefined;
  }

  async list(areaId: string, organisationId: string): Promise<ApiKeySummary[]> {
    return [...this.registerOf(areaId, organisationId).values()].map(summaryOf).sort(byCreation);
  }

  async status(areaId: string, organisationId: string, keyId: string): Promise<ApiKeyStatus> {
    const entry = this.registerOf(areaId, organisationId).get(keyId);
    return entry === undefined ? 'unknown' : entry.revokedAt ? 'revoked' : 'active';
  }

  async revoke(areaId: string, organisationId: string, keyId: string, at: string): Promise<ApiKeyRevocation> {
    const entry = this.registerOf(areaId, organisationId).get(keyId);
    if (entry === undefined) return 'not-found';
    this.byHash.delete(entry.keyHash);
    if (entry.revokedAt) return 'already-revoked';
    entry.revokedAt = at;
    return 'revoked';
  }

  async startSession(session: KeySession): Promise<void> {
    if (this.sessions.has(session.sessionHash)) throw new Error(`A key session with hash ${session.sessionHash} already exists`);
    this.sessions.set(session.sessionHash, { ...session });
  }

  async findSession(sessionHash: string): Promise<KeySession | undefined> {
    const session = this.sessions.get(sessionHash);
    return session ? { ...session } : undefined;
  }

  async endSession(sessionHash: string): Promise<void> {
    this.sessions.delete(sessionHash);
  }

  private registerOf(areaId: string, organisationId: string): Map<string, RegisterEntry> {
    const key = organisationKeysPk(areaId, organisationId);
    const register = this.registers.get(key) ?? new Map<string, RegisterEntry>();
    this.registers.set(key, register);
    return register;
  }
}
