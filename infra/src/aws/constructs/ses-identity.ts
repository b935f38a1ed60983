import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * Permission to send email from the hub's sender and nothing else: only its SES identity, the
 * address itself or its domain, whichever is the verified one. `from` is as the functions take
 * it (an address, or `Name <address>`).
 */
export function sendEmailFrom(scope: IConstruct, from: string): PolicyStatement {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split('@')[1] ?? address;
  const identityArn = (identity: string) =>
    Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: identity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  return new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [identityArn(address), identityArn(domain)] });
}
