import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BodyMembers, Member, MemberRole } from '@partnership-hub/domain';
import { membersPk, personPk, sessionPk, signInLinkPk } from '../keys.ts';
import type { MembershipStore, Person, PersonBody, SessionRecord, SessionStore, SignInLink, SignInLinkStore } from '../people.ts';
import { conditionally, isConditionalCheckFailed } from './conditions.ts';
import { epochSeconds, queryAll } from './items.ts';

/**
 * A body's members are one item, replaced whole at a known revision: the rule that a body keeps
 * a lead looks at the whole list, and a conditional write on one item keeps it true under
 * concurrent changes (dynalite, the local run's DynamoDB, has no transactions). Each person's
 * index of their bodies is written after, ordered by the body's revision.
 */
export class DynamoDbMembershipStore implements MembershipStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async members(areaId: string, organisationId: string): Promise<BodyMembers> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: membersPk(areaId, organisationId), sk: 'MEMBERS' }, ConsistentRead: true }),
    );
    if (!result.Item) return { areaId, organisationId, members: [], revision: 0 };
    return { areaId, organisationId, members: result.Item.members as Member[], revision: Number(result.Item.revision) };
  }

  async replace(next: BodyMembers, expectedRevision: number): Promise<boolean> {
    return conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: membersPk(next.areaId, next.organisationId), sk: 'MEMBERS', ...next },
          ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : 'revision = :expected',
          ...(expectedRevision === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedRevision } }),
        }),
      ),
    );
  }

  async index(
    email: string,
    body: { areaId: string; organisationId: string; role: MemberRole | undefined },
    revision: number,
  ): Promise<void> {
    // A removal is kept as an entry without a role, so that a late write of an older revision cannot bring it back.
    await conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: personPk(email),
            sk: `BODY#${body.areaId}#${body.organisationId}`,
            areaId: body.areaId,
            organisationId: body.organisationId,
            ...(body.role ? { role: body.role } : {}),
            revision,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR revision < :revision',
          ExpressionAttributeValues: { ':revision': revision },
        }),
      ),
    );
  }

  async bodiesOf(email: string): Promise<PersonBody[]> {
    const items = await queryAll(this.client, this.tableName, personPk(email), 'BODY#');
    return items
      .filter((item) => typeof item.role === 'string')
      .map((item) => ({ areaId: String(item.areaId), organisationId: String(item.organisationId), role: item.role as MemberRole }));
  }

  async person(email: string, newPersonId: () => string, at: string): Promise<Person> {
    const fresh: Person = { email, personId: newPersonId(), createdAt: at };
    const created = await conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: personPk(email), sk: 'PERSON', ...fresh },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (created) return fresh;
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: personPk(email), sk: 'PERSON' }, ConsistentRead: true }),
    );
    const { personId, createdAt } = result.Item as Person;
    return { email, personId, createdAt };
  }
}

/** Sessions: one item each (with the table's TTL at its absolute end), and one under the person, so that all of theirs can be ended at once. */
export class DynamoDbSessionStore implements SessionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async start(session: SessionRecord): Promise<void> {
    const expiresAt = epochSeconds(session.endsAt);
    // The person's entry first: a session that works is always one "sign out everywhere" finds.
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: personPk(session.email), sk: `SESSION#${session.sessionHash}`, sessionHash: session.sessionHash, expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: sessionPk(session.sessionHash), sk: 'SESSION', ...session, expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async find(sessionHash: string): Promise<SessionRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: sessionPk(sessionHash), sk: 'SESSION' }, ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...session } = result.Item;
    return session as SessionRecord;
  }

  async touch(sessionHash: string, at: string): Promise<void> {
    await conditionally(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: sessionPk(sessionHash), sk: 'SESSION' },
          UpdateExpression: 'SET lastSeenAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND lastSeenAt < :at',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  async actFor(sessionHash: string, body: { areaId: string; organisationId: string }): Promise<boolean> {
    return conditionally(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: sessionPk(sessionHash), sk: 'SESSION' },
          UpdateExpression: 'SET areaId = :area, organisationId = :organisation',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':area': body.areaId, ':organisation': body.organisationId },
        }),
      ),
    );
  }

  async end(sessionHash: string): Promise<void> {
    const session = await this.find(sessionHash);
    await this.deleteSession(sessionHash);
    if (session) await this.deleteItem(personPk(session.email), `SESSION#${sessionHash}`);
  }

  async endAllOf(email: string): Promise<number> {
    const entries = await queryAll(this.client, this.tableName, personPk(email), 'SESSION#');
    for (const entry of entries) {
      await this.deleteSession(String(entry.sessionHash));
      await this.deleteItem(personPk(email), String(entry.sk));
    }
    return entries.length;
  }

  private deleteSession(sessionHash: string) {
    return this.deleteItem(sessionPk(sessionHash), 'SESSION');
  }

  private deleteItem(pk: string, sk: string) {
    return conditionally(
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk }, ConditionExpression: 'attribute_exists(pk)' })),
    );
  }
}

/** Sign-in links: one item each, taken with a conditional delete that returns it, so only one use ever gets it. */
export class DynamoDbSignInLinkStore implements SignInLinkStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(link: SignInLink): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: signInLinkPk(link.tokenHash), sk: 'LINK', ...link, expiresAt: epochSeconds(link.validUntil) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async take(tokenHash: string): Promise<SignInLink | undefined> {
    try {
      const result = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: signInLinkPk(tokenHash), sk: 'LINK' },
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      const item = result.Attributes;
      return item ? { tokenHash, email: String(item.email), validUntil: String(item.validUntil) } : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }
}
