import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
import { keyPk, organisationKeysPk, sessionPk } from '../keys.ts';
import { conditionally } from './conditions.ts';
import { epochSeconds, queryAll } from './items.ts';

/**
 * Two items per key: `KEY#<hash>`, which the API authenticates against (one GetItem per request),
 * and an entry in its organisation's register (`KEYS#<area>#<organisation>`, sort key the key id),
 * which lists the keys and records revocation. DynamoDB transactions would tie the two together,
 * but the embedded store (dynalite) has none, so the writes are ordered to fail safe instead.
 */
export class DynamoDbApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The register entry goes first: a key that works is always one the administrator can see and revoke. */
  async put(record: ApiKeyRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: organisationKeysPk(record.areaId, record.organisationId), sk: `KEY#${record.keyId}`, ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keyPk(record.keyHash), sk: 'KEY', ...record },
        // A collision of 256-bit random keys would be a bug, never a reason to overwrite.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async find(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keyPk(keyHash), sk: 'KEY' } }));
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = result.Item;
    return record as ApiKeyRecord;
  }

  /** An organisation's keys, oldest first, revoked ones included. */
  async list(areaId: string, organisationId: string): Promise<ApiKeySummary[]> {
    const entries = await queryAll(this.client, this.tableName, organisationKeysPk(areaId, organisationId), 'KEY#');
    return entries.map(registerSummaryOf).sort(byCreation);
  }

  async status(areaId: string, organisationId: string, keyId: string): Promise<ApiKeyStatus> {
    const entry = await this.entry(areaId, organisationId, keyId);
    return entry === undefined ? 'unknown' : entry.revokedAt ? 'revoked' : 'active';
  }

  /**
   * Revokes a key: marks its register entry (browser sessions end at once), then deletes the item
   * the API authenticates against. Safe to repeat: a second call finishes what a first one left.
   */
  async revoke(areaId: string, organisationId: string, keyId: string, at: string): Promise<ApiKeyRevocation> {
    const entry = await this.entry(areaId, organisationId, keyId);
    if (entry === undefined) return 'not-found';
    // A concurrent call may have revoked it meanwhile: then this one answers already-revoked.
    const marked =
      !entry.revokedAt &&
      (await conditionally(
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: organisationKeysPk(areaId, organisationId), sk: `KEY#${keyId}` },
            UpdateExpression: 'SET revokedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      ));
    // Already deleted when a call before this one got that far.
    await conditionally(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: keyPk(entry.keyHash), sk: 'KEY' },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
    return marked ? 'revoked' : 'already-revoked';
  }

  /** Beside the people's sessions (`SESSION#<hash>`), under a sort key of its own, with the table's TTL at its end. */
  async startSession(session: KeySession): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: sessionPk(session.sessionHash), sk: 'KEY', ...session, expiresAt: epochSeconds(session.endsAt) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async findSession(sessionHash: string): Promise<KeySession | undefined> {
    const result = await this.client.send(
      // Consistent: a session ended a moment ago must not sign anyone in from a stale read.
      new GetCommand({ TableName: this.tableName, Key: { pk: sessionPk(sessionHash), sk: 'KEY' }, ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...session } = result.Item;
    return session as KeySession;
  }

  /** Safe to repeat: a session already ended is left as it is. */
  async endSession(sessionHash: string): Promise<void> {
    await conditionally(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: sessionPk(sessionHash), sk: 'KEY' },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  }

  private async entry(areaId: string, organisationId: string, keyId: string): Promise<(ApiKeySummary & { keyHash: string }) | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: organisationKeysPk(areaId, organisationId), sk: `KEY#${keyId}` } }),
    );
    return result.Item ? { ...registerSummaryOf(result.Item), keyHash: String(result.Item.keyHash) } : undefined;
  }
}

function registerSummaryOf(item: Record<string, unknown>): ApiKeySummary {
  return summaryOf(item as unknown as ApiKeyRecord & { revokedAt?: string });
}
