import { beforeAll, describe, expect, it } from 'vitest';
import { functionWith, type Resource, type SynthesisedHub, statementsOf, synthHub } from './support/synth.ts';

// People on AWS, as `cdk synth -c stage=dev -c notificationsFrom=...` builds the stack: which
// functions know them, where their emails come from, and what those functions may do.

let dev: SynthesisedHub;

beforeAll(() => {
  dev = synthHub({ stage: 'dev', notificationsFrom: 'alerts@hub.example.org', webhookRetryDelays: '5s,5m,30m,2h,5h,10h,10h' });
});

const functions = () => Object.values(dev.template.findResources('AWS::Lambda::Function')) as Resource[];

const SIGN_IN = 'Partnership Hub sign-in, email links and API reference';
const PARTNERS = 'Partnership Hub requests, meetings and members';
const PUBLISHING = 'Partnership Hub publishing forms';
const WORKER = 'Partnership Hub delivery worker: sends signed webhooks and emails, with retries';
const ALERTS = 'Partnership Hub email alerts form';
const CONNECTORS = 'Partnership Hub connectors and their pages';
const PROVIDER_SIGN_IN = 'Partnership Hub sign-in through identity providers';
const PAGES = [
  'Partnership Hub pages',
  'Partnership Hub body pages',
  'Partnership Hub calendar, protocol and tracker pages',
  'Partnership Hub plan variation pages',
  ALERTS,
  CONNECTORS,
  PROVIDER_SIGN_IN,
  'Partnership Hub upload page',
];

describe('people on AWS', () => {
  it('gives the sender of sign-in links and invitations to every function that knows people, and to no other', () => {
    const holders = functions()
      .filter((fn) => fn.Properties.Environment?.Variables?.HUB_EMAIL_FROM !== undefined)
      .map((fn) => fn.Properties.Description as string);
    // The notifier's three functions send (or queue) the alert emails from the same identity.
    expect(
      holders
        .filter((description) => !description.includes('Partnership Hub notifier') && !/delivery worker|daily digest/.test(description))
        .sort(),
    ).toEqual([SIGN_IN, PARTNERS, PUBLISHING, ...PAGES].sort());
    for (const description of [SIGN_IN, PARTNERS, PUBLISHING, ...PAGES])
      expect(functionWith(dev.template, description)[1].Properties.Environment.Variables.HUB_EMAIL_FROM, description).toBe(
        'alerts@hub.example.org',
      );
  });

  it('lets only the functions that email people (sign-in links, invitations) and the delivery worker send through SES, as the sender only', () => {
    const senders = functions()
      .filter((fn) => statementsOf(dev.template, fn).some((statement) => [statement.Action].flat().includes('ses:SendEmail')))
      .map((fn) => fn.Properties.Description as string);
    expect(senders.sort()).toEqual([SIGN_IN, PARTNERS, PUBLISHING, WORKER].sort());
    for (const description of [SIGN_IN, PARTNERS, PUBLISHING]) {
      const ses = statementsOf(dev.template, functionWith(dev.template, description)[1]).filter((statement) =>
        [statement.Action].flat().includes('ses:SendEmail'),
      );
      expect(ses, description).toHaveLength(1);
      const resources = JSON.stringify(ses[0]!.Resource);
      expect(resources).toContain('identity/alerts@hub.example.org');
      expect(resources).toContain('identity/hub.example.org');
      expect(resources).not.toContain('*');
    }
  });

  it('sends the members API to the function that has the people wired, and the sign-in routes to the sign-in function', () => {
    const routes = Object.values(dev.template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    const integrations = dev.template.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Resource>;
    const targetOf = (routeKey: string) => {
      const route = routes.find((candidate) => candidate.Properties.RouteKey === routeKey);
      expect(route, routeKey).toBeDefined();
      const integrationId = (route!.Properties.Target['Fn::Join'][1] as unknown[]).find(
        (part): part is { Ref: string } => typeof part === 'object' && part !== null && 'Ref' in part,
      )!.Ref;
      const fnId = integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
      return (dev.template.toJSON().Resources[fnId] as Resource).Properties.Description as string;
    };
    expect(targetOf('GET /v1/areas/{areaId}/organisations/{organisationId}/members')).toBe(PARTNERS);
    expect(targetOf('PUT /v1/areas/{areaId}/organisations/{organisationId}/members/{email}')).toBe(PARTNERS);
    expect(targetOf('POST /sign-in')).toBe(SIGN_IN);
    // The email alerts form: a function of its own, which may queue the double opt-in's email.
    expect(targetOf('GET /areas/{areaId}/alerts')).toBe(ALERTS);
    expect(targetOf('POST /areas/{areaId}/alerts')).toBe(ALERTS);
    expect(functionWith(dev.template, ALERTS)[1].Properties.Environment.Variables.DELIVERY_QUEUE_URL).toBeDefined();
    expect(statementsOf(dev.template, functionWith(dev.template, ALERTS)[1]).flatMap((statement) => [statement.Action].flat())).toContain(
      'sqs:SendMessage',
    );
    // The emailed link's request and page, and the choice of body, under /sign-in/.
    expect(targetOf('POST /sign-in/{proxy+}')).toBe(SIGN_IN);
    expect(targetOf('GET /sign-in/{proxy+}')).toBe(SIGN_IN);
    // The members page is the publishing function's (people wired, may change members and email invitations).
    expect(targetOf('GET /areas/{areaId}/bodies/{organisationId}/members')).toBe(PUBLISHING);
    expect(targetOf('POST /areas/{areaId}/bodies/{organisationId}/members/{email}/{action}')).toBe(PUBLISHING);
  });

  it("lets the JSON API keep the identity providers' client secrets in Secrets Manager, under the stack's prefix only", () => {
    const api = functionWith(dev.template, 'Partnership Hub API')[1];
    const prefix = api.Properties.Environment.Variables.HUB_CLIENT_SECRETS_PREFIX as string;
    expect(prefix).toMatch(/^partnership-hub\/[^/]+\/identity-providers\/$/);
    const secrets = statementsOf(dev.template, api).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')),
    );
    expect(secrets).toHaveLength(1);
    expect([secrets[0]!.Action].flat().sort()).toEqual([
      'secretsmanager:CreateSecret',
      'secretsmanager:DeleteSecret',
      'secretsmanager:PutSecretValue',
    ]);
    expect(JSON.stringify(secrets[0]!.Resource)).toContain(`:secret:${prefix}*`);
    // No other function may touch the secrets but the provider sign-in, which reads them (aws-oidc.synth.ts).
    const others = functions().filter(
      (fn) =>
        fn !== api &&
        statementsOf(dev.template, fn).some((statement) =>
          [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')),
        ),
    );
    expect(others.map((fn) => fn.Properties.Description)).toEqual([PROVIDER_SIGN_IN]);
    const reads = statementsOf(dev.template, others[0]!).flatMap((statement) =>
      [statement.Action].flat().filter((action) => action.startsWith('secretsmanager:')),
    );
    expect(reads.sort()).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds']);
  });
});
