import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * One table holds the event log, the outbox index, the views and the API key directory
 * (single-table design: every read the hub makes is one GetItem or one Query on it).
 *
 *   pk                                  sk                        what
 *   LOG#{area}#{type}#{org|-}#{id}      V#{version, 10 digits}    one event of a subject's stream
 *   VIEW#{area}                         {type}#{org}#{id} ...     the current state of each subject
 *   JOINT#{area}                        view#public|view#partners the joint view, ready to serve
 *   JOINT#{area}                        revision                  counter that orders joint view rebuilds
 *   KEY#{sha256 of key}                 KEY                       an organisation's API key (hashed)
 *   KEYS#{area}#{org}                   KEY#{key id}              the organisation's key register (issued, revoked)
 *   LIMIT#{limit}#{sha256 of key}       LIMIT                     a rate limit's counter (points, expiresAt: TTL ends it)
 *   MEMBERS#{area}#{org}                MEMBERS                   a body's members and their roles (one item, by revision)
 *   PERSON#{email}                      PERSON                    a person's stable id
 *   PERSON#{email}                      BODY#{area}#{org}         the index of a person's bodies
 *   PERSON#{email}                      SESSION#{sha256 of id}    the person's sessions (to end them all at once)
 *   SESSION#{sha256 of id}              SESSION                   a browser session (expiresAt: TTL at its absolute end)
 *   SESSION#{sha256 of id}              KEY                       a browser session signed in with a key (expiresAt: TTL)
 *   SIGNIN#{sha256 of token}            LINK                      a single-use sign-in link (expiresAt: TTL)
 *
 * The `outbox` index is sparse: only events not yet published to the bus carry its keys.
 */
export const hubTable = {
  partitionKey: 'pk',
  sortKey: 'sk',
  outboxIndex: { name: 'outbox', partitionKey: 'outboxPk', sortKey: 'outboxSk' },
  timeToLiveAttribute: 'expiresAt',
} as const;

export function hubTableCreateInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: hubTable.partitionKey, AttributeType: 'S' },
      { AttributeName: hubTable.sortKey, AttributeType: 'S' },
      { AttributeName: hubTable.outboxIndex.partitionKey, AttributeType: 'S' },
      { AttributeName: hubTable.outboxIndex.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: hubTable.partitionKey, KeyType: 'HASH' },
      { AttributeName: hubTable.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: hubTable.outboxIndex.name,
        KeySchema: [
          { AttributeName: hubTable.outboxIndex.partitionKey, KeyType: 'HASH' },
          { AttributeName: hubTable.outboxIndex.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
