import { beforeAll, describe, expect, it } from 'vitest';
import { functionWith, type Resource, type SynthesisedHub, statementsOf, synthHub } from './support/synth.ts';

/**
 * Signing in through an identity provider, and the upload page, on AWS: the routes, environment and
 * permissions of their functions as `cdk synth -c stage=dev` builds them. The entries themselves run
 * in oidc-sign-in-aws.test.ts.
 */

const SIGN_IN = 'Partnership Hub sign-in, email links and API reference';
const PROVIDER_SIGN_IN = 'Partnership Hub sign-in through identity providers';
const UPLOADS = 'Partnership Hub upload page';
const IMPORTS = 'Partnership Hub bulk import';

describe('the provider sign-in and upload functions in the stack', () => {
  let dev: SynthesisedHub;
  beforeAll(() => {
    dev = synthHub({ stage: 'dev', notificationsFrom: 'alerts@hub.example.org', webhookRetryDelays: '5s,5m,30m,2h,5h,10h,10h' });
  });

  const actionsOf = (fn: Resource) => statementsOf(dev.template, fn).flatMap((statement) => [statement.Action].flat());
  const targetOf = (routeKey: string) => {
    const routes = Object.values(dev.template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    const integrations = dev.template.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Resource>;
    const route = routes.find((candidate) => candidate.Properties.RouteKey === routeKey);
    expect(route, routeKey).toBeDefined();
    const integrationId = (route!.Properties.Target['Fn::Join'][1] as unknown[]).find(
      (part): part is { Ref: string } => typeof part === 'object' && part !== null && 'Ref' in part,
    )!.Ref;
    const fnId = integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
    return (dev.template.toJSON().Resources[fnId] as Resource).Properties.Description as string;
  };

  it("sends the provider's two paths to the provider sign-in function, and the rest of signing in to the email-link function", () => {
    expect(targetOf('GET /sign-in/provider')).toBe(PROVIDER_SIGN_IN);
    expect(targetOf('GET /sign-in/callback')).toBe(PROVIDER_SIGN_IN);
    expect(targetOf('GET /sign-in')).toBe(SIGN_IN);
    expect(targetOf('POST /sign-in/{proxy+}')).toBe(SIGN_IN);
    expect(targetOf('GET /sign-in/{proxy+}')).toBe(SIGN_IN);
  });

  it('sends the upload page to its own function and the JSON bulk import to its own', () => {
    const upload = '/areas/{areaId}/bodies/{organisationId}/import';
    for (const routeKey of [`GET ${upload}`, `POST ${upload}`, `POST ${upload}/confirm`, `GET ${upload}/work-programme.csv`])
      expect(targetOf(routeKey), routeKey).toBe(UPLOADS);
    const routes = Object.values(dev.template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    const imports = routes.filter(
      (route) => (route.Properties.RouteKey as string).startsWith('POST /v1/') && /import/.test(route.Properties.RouteKey),
    );
    expect(imports.length).toBeGreaterThan(0);
    for (const route of imports) expect(targetOf(route.Properties.RouteKey), route.Properties.RouteKey).toBe(IMPORTS);
  });

  it("gives the provider sign-in the pages' session secret, the people's sender and the JSON API's secrets prefix", () => {
    const variables = functionWith(dev.template, PROVIDER_SIGN_IN)[1].Properties.Environment.Variables;
    expect(variables.HUB_CLIENT_SECRETS_PREFIX).toBe(
      functionWith(dev.template, 'Partnership Hub API')[1].Properties.Environment.Variables.HUB_CLIENT_SECRETS_PREFIX,
    );
    expect(variables.HUB_SESSION_SECRET).toBeDefined();
    expect(variables.HUB_EMAIL_FROM).toBe('alerts@hub.example.org');
    // The email-link sign-in knows which provider a domain has, never their secrets.
    expect(functionWith(dev.template, SIGN_IN)[1].Properties.Environment.Variables.HUB_CLIENT_SECRETS_PREFIX).toBeUndefined();
  });

  it('lets the upload page know people signed in, and the JSON bulk import hold no session secret', () => {
    const uploads = functionWith(dev.template, UPLOADS)[1].Properties.Environment.Variables;
    expect(uploads.HUB_SESSION_SECRET).toBeDefined();
    expect(uploads.HUB_EMAIL_FROM).toBe('alerts@hub.example.org');
    expect(functionWith(dev.template, IMPORTS)[1].Properties.Environment.Variables.HUB_SESSION_SECRET).toBeUndefined();
    // Both append to the log through the same import; neither emails anyone.
    for (const description of [UPLOADS, IMPORTS]) {
      expect(actionsOf(functionWith(dev.template, description)[1]), description).toContain('dynamodb:PutItem');
      expect(actionsOf(functionWith(dev.template, description)[1]), description).not.toContain('ses:SendEmail');
    }
  });

  it("lets the provider sign-in read the providers' secrets under the prefix, and write only people's sessions, their index and linked accounts", () => {
    const fn = functionWith(dev.template, PROVIDER_SIGN_IN)[1];
    const prefix = fn.Properties.Environment.Variables.HUB_CLIENT_SECRETS_PREFIX as string;
    const secrets = statementsOf(dev.template, fn).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')),
    );
    expect(secrets).toHaveLength(1);
    expect([secrets[0]!.Action].flat().sort()).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds']);
    expect(JSON.stringify(secrets[0]!.Resource)).toContain(`:secret:${prefix}*`);
    const writes = statementsOf(dev.template, fn).filter((statement) =>
      [statement.Action].flat().some((action) => /^dynamodb:(PutItem|DeleteItem|UpdateItem|BatchWriteItem)$/.test(action)),
    );
    expect(writes.length).toBeGreaterThan(0);
    for (const statement of writes) {
      expect([statement.Action].flat(), JSON.stringify(statement)).not.toContain('dynamodb:BatchWriteItem');
      const leading = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[];
      expect(leading, JSON.stringify(statement)).toBeDefined();
      for (const key of leading) expect(key).toMatch(/^(SESSION#|PERSON#|IDENTITY#)/);
    }
    expect(actionsOf(fn)).not.toContain('ses:SendEmail');
  });
});
