import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keyPk } from './keys.ts';

export interface ApiKeyRecord {
  /** SHA-256 of the key: the key itself is shown once, when issued, and never stored. */
  keyHash: string;
  keyId: string;
  areaId: string;
  organisationId: string;
  createdAt: string;
}

export class ApiKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(record: ApiKeyRecord): Promise<void> {
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
}
