import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE } from '#shared/adapters/dynamodb/table-definition';

/**
 * The single table. Keys, index and TTL attribute come from the same `TABLE` constants the
 * local stack and the tests use, so the deployed schema cannot drift from what code expects.
 */
export class BillingTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      // Traffic follows the callers' usage spikes and month-end invoicing; nothing to forecast.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      // The aws/dynamodb key puts every key use in CloudTrail, unlike the AWS-owned default,
      // without a customer-managed key's monthly fee and key policy to maintain. The table
      // holds billing state and hashed API keys, not card data, so a key we rotate ourselves
      // buys nothing an auditor asks for.
      encryption: TableEncryption.AWS_MANAGED,
      // Entitlements, ledgers and the webhook inbox outlive any one stack.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });

    this.table.addGlobalSecondaryIndex({
      indexName: TABLE.gsi1.name,
      partitionKey: { name: TABLE.gsi1.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.gsi1.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
}
