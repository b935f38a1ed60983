import { hubTable } from '@partnership-hub/store';
import { Stack, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type CfnTable,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Grant } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage.ts';
import type { HubFunction } from './hub-function.ts';

export interface HubTableProps {
  stage: StageConfig;
}

/**
 * The hub's one table: event log, outbox index, views and API keys (the layout is described in
 * packages/store/src/dynamodb/table.ts, and its key names come from there, as the local run's do),
 * with a stream of new images that the log relay delivers to the bus from.
 */
export class HubTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: HubTableProps) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: hubTable.partitionKey, type: AttributeType.STRING },
      sortKey: { name: hubTable.sortKey, type: AttributeType.STRING },
      // Traffic is low and spiky (a partnership meeting, then quiet): pay per request.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // A KMS key (the AWS-managed aws/dynamodb one, so no key to pay for or administer) rather than
      // the default AWS-owned key, so that use of the key shows in CloudTrail.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: hubTable.timeToLiveAttribute,
      // The log relay's source: each appended event, as written (the new image is all it reads).
      stream: StreamViewType.NEW_IMAGE,
      deletionProtection: props.stage.deletionProtection,
      removalPolicy: props.stage.removalPolicy,
    });

    this.table.addGlobalSecondaryIndex({
      indexName: hubTable.outboxIndex.name,
      partitionKey: { name: hubTable.outboxIndex.partitionKey, type: AttributeType.STRING },
      sortKey: { name: hubTable.outboxIndex.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }

  /**
   * Lets a hub function read and write items, in the table and its indexes only. (The hub's
   * functions between them use GetItem, PutItem, UpdateItem and Query, every one conditional or
   * keyed; the standard data grant is used rather than a hand-kept list that a new store method
   * could silently outgrow.)
   */
  grantReadWriteData(grantee: HubFunction): Grant {
    return this.acknowledgeIndexes(grantee, this.table.grantReadWriteData(grantee.fn));
  }

  /** Lets a hub function read items (GetItem, Query), in the table and its indexes only. */
  grantReadData(grantee: HubFunction): Grant {
    return this.acknowledgeIndexes(grantee, this.table.grantReadData(grantee.fn));
  }

  private acknowledgeIndexes(grantee: HubFunction, grant: Grant): Grant {
    const tableLogicalId = Stack.of(this).getLogicalId(this.table.node.defaultChild as CfnTable);
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason: `The wildcard is the table's own indexes (today only "${hubTable.outboxIndex.name}"): the grant names the table's ARN and nothing outside it.`,
    });
    return grant;
  }
}
