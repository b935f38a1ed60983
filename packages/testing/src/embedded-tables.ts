import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EmbeddedDynamoDb, ensureTable } from '@partnership-hub/local-aws';
import { createDocumentClient, hubTableCreateInput } from '@partnership-hub/store';
import { afterAll, beforeAll } from 'vitest';

export interface EmbeddedTables {
  /** The document client the stores under test use (available from beforeAll on). */
  readonly documents: DynamoDBDocumentClient;
  /** A new, empty table with the hub's keys and indexes, named `{prefix}-{n}`. */
  freshTable(): Promise<string>;
}

/**
 * A real DynamoDB API (dynalite, in memory) for the enclosing file or describe block, started in
 * beforeAll and stopped in afterAll, with a fresh table per call of `freshTable`: how the DynamoDB
 * adapters' contract tests give each test a table of its own.
 */
export function useEmbeddedTables(prefix: string): EmbeddedTables {
  let database: EmbeddedDynamoDb | undefined;
  let setup: DynamoDBClient | undefined;
  let documents: DynamoDBDocumentClient | undefined;
  let tables = 0;

  beforeAll(async () => {
    database = new EmbeddedDynamoDb();
    // The connection the local hub's own clients use (its requests passed to dynalite's thread, no socket).
    const { connection } = await database.start();
    setup = new DynamoDBClient(connection);
    documents = createDocumentClient(connection);
  });

  afterAll(async () => {
    setup?.destroy();
    documents?.destroy();
    await database?.stop();
  });

  return {
    get documents() {
      if (!documents) throw new Error('useEmbeddedTables: the documents client exists only once beforeAll has run');
      return documents;
    },
    async freshTable() {
      if (!setup) throw new Error('useEmbeddedTables: tables can be made only once beforeAll has run');
      const name = `${prefix}-${++tables}`;
      await ensureTable(setup, hubTableCreateInput(name));
      return name;
    },
  };
}
