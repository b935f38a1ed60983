import { type createDocumentClient, DynamoDbMembershipStore, DynamoDbSessionStore, DynamoDbSignInLinkStore } from '@partnership-hub/store';
import type { SendEmail } from '@partnership-hub/subscriptions';
import { ulid } from 'ulid';
import type { PeopleServices } from './deps.ts';

/** The people's stores in the hub table, with the entry's way of sending email (SES in AWS, the outbox locally). */
export function wirePeople(sendEmail: SendEmail) {
  return (documents: ReturnType<typeof createDocumentClient>, tableName: string): PeopleServices => ({
    memberships: new DynamoDbMembershipStore(documents, tableName),
    sessions: new DynamoDbSessionStore(documents, tableName),
    signInLinks: new DynamoDbSignInLinkStore(documents, tableName),
    sendEmail,
    newPersonId: ulid,
  });
}
