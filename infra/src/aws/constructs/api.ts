import {
  calendarRoutes,
  connectorRoutes,
  feedRoutes,
  importRoutes,
  LIMIT_NAMES,
  partnerRoutes,
  routeSpecsOf,
  subscriptionLinkRoutes,
  subscriptionRoutes,
} from '@partnership-hub/api';
import {
  type ApiAlertsEnvironmentVariables,
  type ApiConnectorsEnvironmentVariables,
  type ApiCoreEnvironmentVariables,
  ApiEnvironment,
  type ApiEnvironmentVariables,
  type ApiFeedsEnvironmentVariables,
  type ApiPagesEnvironmentVariables,
  type ApiPartnersEnvironmentVariables,
  type ApiPeoplePagesEnvironmentVariables,
  type ApiProviderSignInEnvironmentVariables,
} from '@partnership-hub/api/environment';
import {
  connectorRunsPk,
  connectorsPk,
  LOG_PK_PREFIX,
  limitPk,
  membersPk,
  personIdentityPk,
  personPk,
  sessionPk,
  signInLinkPk,
} from '@partnership-hub/store';
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  type CorsPreflightOptions,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_ASSETS_DIR } from '../bundling.ts';
import type { StageConfig } from '../stage.ts';
import { HubFunction } from './hub-function.ts';
import type { HubTable } from './hub-table.ts';
import { sendEmailFrom } from './ses-identity.ts';

export interface HubApiProps {
  stage: StageConfig;
  table: HubTable;
  /** SHA-256 (hex) of the administrator's key: a CloudFormation parameter, see HubStack. */
  adminKeyHash: string;
  /** Signs the browser pages' session cookies: a CloudFormation parameter, see HubStack. Without it, signing in to the pages is off. */
  sessionSecret?: string;
  /** Where sign-in links and invitations are sent from: an SES verified identity, the same as the alert emails'. */
  emailFrom: string;
  /** An SES configuration set for those emails (events, suppression), as the alert emails may have. */
  sesConfigurationSet?: string | undefined;
}

/** Items of people (functions/api/src/people.ts): their sessions, their index of bodies, their sign-in links. */
const SESSIONS = sessionPk('*');
const PEOPLE = personPk('*');

/**
 * The hub's HTTP API: the same Hono app as the local run (hono/aws-lambda's `handle`), behind an
 * API Gateway HTTP API. The app's route groups are served by several functions, so that each bundle
 * carries only its own libraries (the 300 KB budget): the JSON API (the default route), its
 * partners' routes and subscriptions, the feeds and the calendar feeds, bulk import (each the exact
 * paths its group declares), the browser pages (the area's, a body's, the tracker's, a plan
 * variation's), publishing, and signing in with the links in emails and the API reference.
 * Authentication is the app's: bearer keys checked against hashes in the table, session cookies
 * for the pages, and anonymous callers get the public reads only.
 */
export class HubApi extends Construct {
  readonly handler: HubFunction;
  readonly feeds: HubFunction;
  readonly imports: HubFunction;
  readonly pages: HubFunction;
  readonly signIn: HubFunction;
  /** Signing in through an identity provider (/sign-in/provider, /sign-in/callback), the one function carrying openid-client. */
  readonly providerSignIn: HubFunction;
  /** The upload page for people signed in (pages/routes/upload.tsx), apart from the JSON bulk import. */
  readonly uploads: HubFunction;
  readonly publishing: HubFunction;
  /** Tracked requests, meetings and members (groups/partners.ts). */
  readonly partners: HubFunction;
  /** The connectors' API and pages (groups/connectors.ts); the Connectors construct names the runner it hands runs to. */
  readonly connectors: HubFunction;
  /** Subscriptions to change notifications, with the delivery queue (groups/subscriptions.ts). */
  readonly subscriptions: HubFunction;
  /** The email alerts form, which subscribes as the subscriptions function does (pages/routes/alerts.tsx). */
  readonly alerts: HubFunction;
  /** The iCalendar feeds. */
  readonly calendars: HubFunction;
  /** A body's pages and history. */
  readonly bodyPages: HubFunction;
  /** The calendar, protocols and requests tracker pages. */
  readonly trackerPages: HubFunction;
  /** A plan variation's page and its step form. */
  readonly variationPages: HubFunction;
  /** Where the identity providers' client secrets are kept in Secrets Manager: each secret's name starts so. */
  readonly clientSecretsPrefix: string;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: HubApiProps) {
    super(scope, id);

    const environment = {
      [ApiEnvironment.tableName]: props.table.table.tableName,
      [ApiEnvironment.adminKeyHash]: props.adminKeyHash,
    } satisfies ApiFeedsEnvironmentVariables;
    // More memory is more CPU: a faster cold start and faster JSON work for a few cents more.
    // API Gateway gives up at 30 s; a request that has not finished in 10 has gone wrong.
    const sizing = { memorySize: 1024, timeout: Duration.seconds(10) };
    // The identity providers' client secrets: one Secrets Manager secret each, under this stack's own prefix.
    this.clientSecretsPrefix = `partnership-hub/${Stack.of(this).stackName}/identity-providers/`;
    this.handler = new HubFunction(this, 'Handler', {
      handler: 'api',
      description: 'Partnership Hub API',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: { ...environment, [ApiEnvironment.clientSecretsPrefix]: this.clientSecretsPrefix } satisfies ApiCoreEnvironmentVariables,
      ...sizing,
    });
    // Writes append to the log and nothing more: the log relay (log-relay.ts) puts events on the bus.
    props.table.grantReadWriteData(this.handler);
    // Registering a provider (PUT /v1/identity-providers/{id}) writes its secret, removing it deletes it: the
    // secrets under the prefix only. The API never reads a secret back (it is write-only).
    const secretsUnderPrefix = Stack.of(this).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${this.clientSecretsPrefix}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.handler.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret'],
        resources: [secretsUnderPrefix],
      }),
    );
    Validations.of(this.handler).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${this.clientSecretsPrefix}*]`,
      reason:
        "The wildcard is the identity providers' client secrets, one per provider, named by the administrator's provider ids: only secrets under this stack's prefix.",
    });

    // The JSON API's partners' routes and subscriptions, each a function of its own for the bundles' budget.
    // A body's members are people: a new member is emailed an invitation (through SES, from the hub's sender).
    const peopleEnvironment = {
      [ApiEnvironment.emailFrom]: props.emailFrom,
      ...(props.sesConfigurationSet ? { [ApiEnvironment.sesConfigurationSet]: props.sesConfigurationSet } : {}),
    };
    this.partners = new HubFunction(this, 'Partners', {
      handler: 'apiPartners',
      description: 'Partnership Hub requests, meetings and members',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: { ...environment, ...peopleEnvironment } satisfies ApiPartnersEnvironmentVariables,
      ...sizing,
    });
    props.table.grantReadWriteData(this.partners);
    this.partners.fn.addToRolePolicy(sendEmailFrom(this, props.emailFrom));
    this.subscriptions = new HubFunction(this, 'Subscriptions', {
      handler: 'apiSubscriptions',
      description: 'Partnership Hub subscriptions',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      // The delivery queue's URL is the notifications construct's to add (with the permission to
      // send to it): the function does not start without it.
      environment: environment satisfies Omit<ApiEnvironmentVariables, typeof ApiEnvironment.deliveryQueueUrl>,
      ...sizing,
    });
    props.table.grantReadWriteData(this.subscriptions);

    // Reads only: feeds are built from the views and the change feed.
    this.feeds = new HubFunction(this, 'Feeds', {
      handler: 'apiFeeds',
      description: 'Partnership Hub feeds',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment,
      ...sizing,
    });
    props.table.grantReadData(this.feeds);
    this.calendars = new HubFunction(this, 'Calendars', {
      handler: 'apiCalendars',
      description: 'Partnership Hub calendar feeds',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment,
      ...sizing,
    });
    props.table.grantReadData(this.calendars);

    const pagesEnvironment = {
      ...environment,
      // The stylesheet or the OpenAPI document, copied beside the bundle (bundling.ts handlerAssets), and the cookie-signing secret.
      [ApiEnvironment.assetsDir]: LAMBDA_ASSETS_DIR,
      ...(props.sessionSecret ? { [ApiEnvironment.sessionSecret]: props.sessionSecret } : {}),
    } satisfies ApiPagesEnvironmentVariables;
    // The pages that know people signed in as themselves (their sessions), and send them sign-in links and invitations.
    const peoplePagesEnvironment = { ...pagesEnvironment, ...peopleEnvironment } satisfies ApiPeoplePagesEnvironmentVariables;

    // Bulk import appends to the log like any write; its own function because the CSV parser would
    // take the JSON API's bundle over budget. It serves no page: it reads the JSON API's environment.
    this.imports = new HubFunction(this, 'Imports', {
      handler: 'apiImports',
      description: 'Partnership Hub bulk import',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment,
      ...sizing,
      // A 2,000-row import's commit runs for seconds, not the JSON API's fraction of one.
      timeout: Duration.seconds(29),
    });
    props.table.grantReadWriteData(this.imports);
    // The upload page: the same import in a browser, for people signed in as themselves (their
    // sessions), so it has the people pages' environment; apart from the JSON import for the budget.
    this.uploads = new HubFunction(this, 'Uploads', {
      handler: 'apiUploads',
      description: 'Partnership Hub upload page',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: peoplePagesEnvironment,
      ...sizing,
      timeout: Duration.seconds(29),
    });
    props.table.grantReadWriteData(this.uploads);
    // Reads only: pages show the views and history.
    this.pages = new HubFunction(this, 'Pages', {
      handler: 'apiPages',
      description: 'Partnership Hub pages',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: peoplePagesEnvironment,
      ...sizing,
    });
    props.table.grantReadData(this.pages);
    this.bodyPages = new HubFunction(this, 'BodyPages', {
      handler: 'apiBodyPages',
      description: 'Partnership Hub body pages',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: peoplePagesEnvironment,
      ...sizing,
    });
    props.table.grantReadData(this.bodyPages);
    // The request pages' buttons (respond, update, close) append to the log, as publishing does.
    this.trackerPages = new HubFunction(this, 'TrackerPages', {
      handler: 'apiTrackerPages',
      description: 'Partnership Hub calendar, protocol and tracker pages',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: peoplePagesEnvironment,
      ...sizing,
    });
    props.table.grantReadData(this.trackerPages);
    // A variation's step form appends to the log too; apart from the tracker's pages for the bundles' budget.
    this.variationPages = new HubFunction(this, 'VariationPages', {
      handler: 'apiVariationPages',
      description: 'Partnership Hub plan variation pages',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: peoplePagesEnvironment,
      ...sizing,
    });
    props.table.grantReadData(this.variationPages);

    // The forms that publish a body's content (pages/routes/publishing.tsx) read as the pages do and
    // append to the log as the API's writes do: one conditional put of a log item, and no other
    // write (the log relay takes the event on from there).
    this.publishing = new HubFunction(this, 'Publishing', {
      handler: 'apiPublishing',
      description: 'Partnership Hub publishing forms',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: peoplePagesEnvironment,
      ...sizing,
    });
    props.table.grantReadData(this.publishing);
    // A person's session records their last activity (at most once a minute) on any page they read.
    for (const reader of [this.pages, this.bodyPages, this.trackerPages, this.variationPages, this.publishing]) {
      allowWrites(reader, props.table, ['dynamodb:UpdateItem'], [SESSIONS]);
    }
    // The members page (a lead's) changes a body's members, indexes each person's bodies, ends a
    // removed member's sessions, and emails a new member an invitation.
    allowWrites(this.publishing, props.table, ['dynamodb:PutItem'], [membersPk('*', '*'), PEOPLE]);
    allowWrites(this.publishing, props.table, ['dynamodb:DeleteItem'], [PEOPLE, SESSIONS]);
    this.publishing.fn.addToRolePolicy(sendEmailFrom(this, props.emailFrom));
    for (const appender of [this.publishing, this.trackerPages, this.variationPages]) {
      appender.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources: [props.table.table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${LOG_PK_PREFIX}*`] } },
        }),
      );
    }

    // The connectors' API and pages: they set connectors up and record runs (the connector items
    // only), read the council's committees, and hand runs to the connector runner (connectors.ts),
    // never performing one: a run can outlast API Gateway's 29 s.
    this.connectors = new HubFunction(this, 'Connectors', {
      handler: 'apiConnectors',
      description: 'Partnership Hub connectors and their pages',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      // The runner's name is the Connectors construct's to add (with the permission to invoke it):
      // the function does not start without it.
      environment: peoplePagesEnvironment satisfies Omit<ApiConnectorsEnvironmentVariables, typeof ApiEnvironment.connectorRunFunction>,
      ...sizing,
      // The committees list is one call to a council, which may take up to 20 s to answer.
      timeout: Duration.seconds(25),
    });
    props.table.grantReadData(this.connectors);
    // A person's session records their last activity, as on every page that knows people.
    allowWrites(this.connectors, props.table, ['dynamodb:UpdateItem'], [SESSIONS]);
    this.connectors.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [props.table.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [connectorsPk('*'), connectorRunsPk('*', '*')] } },
      }),
    );

    // Signing in looks a key up and counts the attempt; the links in emails change subscriptions.
    this.signIn = new HubFunction(this, 'SignIn', {
      handler: 'apiSignIn',
      description: 'Partnership Hub sign-in, email links and API reference',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: peoplePagesEnvironment,
      ...sizing,
    });
    props.table.grantReadData(this.signIn);
    // The links in emails (confirm, unsubscribe) change subscriptions, and nothing else: the items
    // whose keys start SUB#, SUBS# (the index) or OWNER# (the token's list), and no other.
    this.signIn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [props.table.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUB#*', 'SUBS#*', 'OWNER#*'] } },
      }),
    );
    // Signing in counts the attempts in the table (functions/api/src/rate-limits.ts): those counters' items, and no other.
    this.signIn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.table.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [limitPk(LIMIT_NAMES.signInAttempts, '*')] } },
      }),
    );
    // Signing in as a person: a link request counts against the address too, the emailed link is
    // kept until it is used (deleted as it is taken), a session starts, records its activity and the
    // body it acts for, and ends; a provider's account is linked to the person at their first sign-in.
    allowWrites(this.signIn, props.table, ['dynamodb:UpdateItem'], [limitPk(LIMIT_NAMES.confirmationEmails, '*'), SESSIONS]);
    allowWrites(this.signIn, props.table, ['dynamodb:PutItem'], [SESSIONS, PEOPLE, signInLinkPk('*'), personIdentityPk('*')]);
    allowWrites(this.signIn, props.table, ['dynamodb:DeleteItem'], [SESSIONS, PEOPLE, signInLinkPk('*')]);
    this.signIn.fn.addToRolePolicy(sendEmailFrom(this, props.emailFrom));

    // Signing in through an identity provider: the sign-in form hands the person over to it. It reads
    // the providers, the people's bodies and each provider's client secret; it links a provider's
    // account to the person at their first sign-in and starts their session (ending this browser's
    // previous one), as the email-link sign-in does. The flow's state is in a signed cookie, not the table.
    this.providerSignIn = new HubFunction(this, 'ProviderSignIn', {
      handler: 'apiSignInOidc',
      description: 'Partnership Hub sign-in through identity providers',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: {
        ...peoplePagesEnvironment,
        [ApiEnvironment.clientSecretsPrefix]: this.clientSecretsPrefix,
      } satisfies ApiProviderSignInEnvironmentVariables,
      ...sizing,
    });
    props.table.grantReadData(this.providerSignIn);
    allowWrites(this.providerSignIn, props.table, ['dynamodb:PutItem'], [SESSIONS, PEOPLE, personIdentityPk('*')]);
    allowWrites(this.providerSignIn, props.table, ['dynamodb:DeleteItem'], [SESSIONS, PEOPLE]);
    allowWrites(this.providerSignIn, props.table, ['dynamodb:UpdateItem'], [SESSIONS]);
    // The client secrets under the prefix, read only (the JSON API writes them): the newest version of each.
    this.providerSignIn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds'],
        resources: [secretsUnderPrefix],
      }),
    );
    Validations.of(this.providerSignIn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${this.clientSecretsPrefix}*]`,
      reason:
        "The wildcard is the identity providers' client secrets, one per provider, named by the administrator's provider ids: only secrets under this stack's prefix, read only.",
    });

    // The email alerts form: a page that subscribes (subscription items, the limits' counters), as the
    // subscriptions function does; the delivery queue's URL is the notifications construct's to add.
    this.alerts = new HubFunction(this, 'Alerts', {
      handler: 'apiAlerts',
      description: 'Partnership Hub email alerts form',
      stage: props.stage,
      serviceName: 'partnership-hub-api',
      environment: peoplePagesEnvironment satisfies Omit<ApiAlertsEnvironmentVariables, typeof ApiEnvironment.deliveryQueueUrl>,
      ...sizing,
    });
    props.table.grantReadWriteData(this.alerts);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Partnership Hub API',
      defaultIntegration: new HttpLambdaIntegration('Integration', this.handler.fn),
      // The stage below replaces the default one, to set throttling and access logs on it.
      createDefaultStage: false,
      ...corsFor(props.stage.corsAllowOrigins),
    });

    // The feeds: exactly the paths their route group declares (each more specific than the default route).
    const feedsIntegration = new HttpLambdaIntegration('FeedsIntegration', this.feeds.fn);
    for (const route of routeSpecsOf([feedRoutes])) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method.toUpperCase() as HttpMethod], integration: feedsIntegration });
    }
    const calendarsIntegration = new HttpLambdaIntegration('CalendarsIntegration', this.calendars.fn);
    for (const route of routeSpecsOf([calendarRoutes])) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method.toUpperCase() as HttpMethod], integration: calendarsIntegration });
    }
    const partnersIntegration = new HttpLambdaIntegration('PartnersIntegration', this.partners.fn);
    for (const route of routeSpecsOf([partnerRoutes], { people: true })) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method.toUpperCase() as HttpMethod], integration: partnersIntegration });
    }
    const connectorsIntegration = new HttpLambdaIntegration('ConnectorsIntegration', this.connectors.fn);
    for (const route of routeSpecsOf([connectorRoutes], { connectors: true })) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method.toUpperCase() as HttpMethod], integration: connectorsIntegration });
    }
    // The connectors' pages: more specific than the pages' /areas/{proxy+}.
    for (const [path, methods] of CONNECTOR_PAGE_ROUTES) this.httpApi.addRoutes({ path, methods, integration: connectorsIntegration });
    const subscriptionsIntegration = new HttpLambdaIntegration('SubscriptionsIntegration', this.subscriptions.fn);
    for (const route of routeSpecsOf([subscriptionRoutes], { subscriptions: true })) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method.toUpperCase() as HttpMethod],
        integration: subscriptionsIntegration,
      });
    }
    const importsIntegration = new HttpLambdaIntegration('ImportsIntegration', this.imports.fn);
    for (const route of routeSpecsOf([importRoutes])) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method.toUpperCase() as HttpMethod], integration: importsIntegration });
    }
    // The upload page: more specific than the pages' /areas/{proxy+}, so API Gateway sends it to its own function.
    const uploadsIntegration = new HttpLambdaIntegration('UploadsIntegration', this.uploads.fn);
    for (const [path, methods] of UPLOAD_ROUTES) this.httpApi.addRoutes({ path, methods, integration: uploadsIntegration });
    // The pages (registered straight on the app, not declared in the registry).
    const pagesIntegration = new HttpLambdaIntegration('PagesIntegration', this.pages.fn);
    for (const [path, methods] of PAGE_ROUTES) this.httpApi.addRoutes({ path, methods, integration: pagesIntegration });
    // A body's pages and the tracker's: more specific than the pages' /areas/{proxy+}.
    const bodyPagesIntegration = new HttpLambdaIntegration('BodyPagesIntegration', this.bodyPages.fn);
    for (const [path, methods] of BODY_PAGE_ROUTES) this.httpApi.addRoutes({ path, methods, integration: bodyPagesIntegration });
    const trackerPagesIntegration = new HttpLambdaIntegration('TrackerPagesIntegration', this.trackerPages.fn);
    for (const [path, methods] of TRACKER_PAGE_ROUTES) this.httpApi.addRoutes({ path, methods, integration: trackerPagesIntegration });
    const variationPagesIntegration = new HttpLambdaIntegration('VariationPagesIntegration', this.variationPages.fn);
    for (const [path, methods] of VARIATION_PAGE_ROUTES) this.httpApi.addRoutes({ path, methods, integration: variationPagesIntegration });
    // The publishing forms: more specific than the pages' /areas/{proxy+}, so API Gateway sends them here.
    const publishingIntegration = new HttpLambdaIntegration('PublishingIntegration', this.publishing.fn);
    for (const [path, methods] of PUBLISHING_ROUTES) this.httpApi.addRoutes({ path, methods, integration: publishingIntegration });
    const alertsIntegration = new HttpLambdaIntegration('AlertsIntegration', this.alerts.fn);
    for (const [path, methods] of ALERT_ROUTES) this.httpApi.addRoutes({ path, methods, integration: alertsIntegration });
    // Signing in and out, the links in emails and the API reference.
    const signInIntegration = new HttpLambdaIntegration('SignInIntegration', this.signIn.fn);
    for (const [path, methods] of SIGN_IN_ROUTES) this.httpApi.addRoutes({ path, methods, integration: signInIntegration });
    for (const route of routeSpecsOf([subscriptionLinkRoutes], { subscriptionStore: true })) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method.toUpperCase() as HttpMethod], integration: signInIntegration });
    }
    // Signing in through a provider: more specific than /sign-in/{proxy+}, so API Gateway sends these two paths here.
    const providerSignInIntegration = new HttpLambdaIntegration('ProviderSignInIntegration', this.providerSignIn.fn);
    for (const [path, methods] of PROVIDER_SIGN_IN_ROUTES)
      this.httpApi.addRoutes({ path, methods, integration: providerSignInIntegration });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.stage.logRetention, removalPolicy: props.stage.removalPolicy });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.stage.apiThrottle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat() },
    });

    // Acknowledged on the API, so it covers its routes.
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is the app\'s, on every route: "Authorization: Bearer <key>" is checked against SHA-256 hashes of organisation keys (in the table) and of the admin key, and an unknown key is a 401. Anonymous callers are allowed on purpose: the public joint views are public information.',
    });
  }

  get url(): string {
    // `$default` stage: the URL is the API's endpoint, no stage path.
    return this.stage.url;
  }
}

/** Lets a function write only the items whose partition keys match these patterns (IAM's dynamodb:LeadingKeys). */
function allowWrites(fn: HubFunction, table: HubTable, actions: string[], leadingKeys: string[]): void {
  fn.fn.addToRolePolicy(
    new PolicyStatement({
      actions,
      resources: [table.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys } },
    }),
  );
}

/** What the pages Lambda answers: functions/api/src/pages/index.tsx registerPages. */
const PAGE_ROUTES: [string, HttpMethod[]][] = [
  // GET / answers browsers with the start page and API clients with the JSON index (same app).
  ['/', [HttpMethod.GET]],
  ['/areas', [HttpMethod.GET]],
  ['/areas/{proxy+}', [HttpMethod.GET]],
  ['/assets/{proxy+}', [HttpMethod.GET]],
];

/** What the body pages' Lambda answers: registerBodyPages (BODY_PAGE_PATHS there). */
const BODY_PAGE_ROUTES: [string, HttpMethod[]][] = [
  ['/areas/{areaId}/bodies/{proxy+}', [HttpMethod.GET]],
  ['/areas/{areaId}/history/{proxy+}', [HttpMethod.GET]],
];

/** What the tracker pages' Lambda answers: registerTrackerPages (TRACKER_PAGE_PATHS there); the request pages' buttons POST. */
const TRACKER_PAGE_ROUTES: [string, HttpMethod[]][] = [
  ['/areas/{areaId}/calendar', [HttpMethod.GET]],
  ['/areas/{areaId}/protocols', [HttpMethod.GET]],
  ['/areas/{areaId}/protocols/{proxy+}', [HttpMethod.GET]],
  ['/areas/{areaId}/tracker', [HttpMethod.GET]],
  ['/areas/{areaId}/requests/{proxy+}', [HttpMethod.GET, HttpMethod.POST]],
];

/** What the variation pages' Lambda answers: registerVariationPages (VARIATION_PAGE_PATHS there). */
const VARIATION_PAGE_ROUTES: [string, HttpMethod[]][] = [
  // A plan variation's page and the form that records its next step (more specific than a body's pages).
  ['/areas/{areaId}/bodies/{organisationId}/plans/{planId}/variations/{proxy+}', [HttpMethod.GET, HttpMethod.POST]],
];

/** What the connectors' Lambda answers besides their API: registerConnectorPages (the list, a connector's page, its "Run now" form). */
const CONNECTOR_PAGE_ROUTES: [string, HttpMethod[]][] = [
  ['/areas/{areaId}/connectors', [HttpMethod.GET]],
  ['/areas/{areaId}/connectors/{connectorId}', [HttpMethod.GET]],
  ['/areas/{areaId}/connectors/{connectorId}/runs', [HttpMethod.POST]],
];

/** What the publishing Lambda answers: functions/api/src/pages/index.tsx registerPublishingPages. */
const CONTENT = '/areas/{areaId}/bodies/{organisationId}/{segment}';
const PUBLISHING_ROUTES: [string, HttpMethod[]][] = [
  [`${CONTENT}/new`, [HttpMethod.GET, HttpMethod.POST]],
  [`${CONTENT}/{id}/edit`, [HttpMethod.GET, HttpMethod.POST]],
  [`${CONTENT}/{id}/withdraw`, [HttpMethod.GET, HttpMethod.POST]],
  // The protocol page's button that records a party's agreement.
  ['/areas/{areaId}/protocols/{id}/agree', [HttpMethod.POST]],
  // The protocol page's form that proposes a new version.
  ['/areas/{areaId}/protocols/{id}/propose', [HttpMethod.GET, HttpMethod.POST]],
  // A body's members page (its lead's): add a member, change a role, remove (pages/routes/members.tsx).
  ['/areas/{areaId}/bodies/{organisationId}/members', [HttpMethod.GET, HttpMethod.POST]],
  ['/areas/{areaId}/bodies/{organisationId}/members/{email}/{action}', [HttpMethod.GET, HttpMethod.POST]],
];

/** What the uploads Lambda answers: the upload page (pages/routes/upload.tsx). */
const UPLOAD = '/areas/{areaId}/bodies/{organisationId}/import';
const UPLOAD_ROUTES: [string, HttpMethod[]][] = [
  [UPLOAD, [HttpMethod.GET, HttpMethod.POST]],
  [`${UPLOAD}/confirm`, [HttpMethod.POST]],
  [`${UPLOAD}/work-programme.csv`, [HttpMethod.GET]],
  [`${UPLOAD}/priorities.csv`, [HttpMethod.GET]],
];

/** What the alerts Lambda answers: registerAlertPages (more specific than the pages' /areas/{proxy+}). */
const ALERT_ROUTES: [string, HttpMethod[]][] = [['/areas/{areaId}/alerts', [HttpMethod.GET, HttpMethod.POST]]];

/** What the sign-in Lambda answers besides the email links: registerSignInPages and groups/docs.ts. */
const SIGN_IN_ROUTES: [string, HttpMethod[]][] = [
  ['/sign-in', [HttpMethod.GET, HttpMethod.POST]],
  // Signing in as a person: the emailed link's request and page, choosing the body to act for (pages/routes/sign-in.tsx).
  ['/sign-in/{proxy+}', [HttpMethod.GET, HttpMethod.POST]],
  ['/sign-out', [HttpMethod.POST]],
  ['/openapi.json', [HttpMethod.GET]],
  ['/docs', [HttpMethod.GET]],
];

/**
 * What the provider sign-in Lambda answers: registerProviderSignInPages (pages/routes/provider-sign-in.tsx).
 * /sign-in/callback is the redirect URI a council's IT registers with their provider (docs/sign-in.md).
 */
const PROVIDER_SIGN_IN_ROUTES: [string, HttpMethod[]][] = [
  ['/sign-in/provider', [HttpMethod.GET]],
  ['/sign-in/callback', [HttpMethod.GET]],
];

/**
 * CORS only where it is needed. Partner systems call the API server to server, and no browser
 * app on another origin calls it yet, so by default no origin is allowed. The one case in view is
 * a site showing an area's public views: `-c corsOrigins=https://...` allows GET from those
 * origins, without credentials (keys stay out of browsers).
 */
function corsFor(origins: string[]): { corsPreflight?: CorsPreflightOptions } {
  if (origins.length === 0) return {};
  return {
    corsPreflight: {
      allowOrigins: origins,
      allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.HEAD],
      allowCredentials: false,
      maxAge: Duration.hours(1),
    },
  };
}

/** One JSON object per request; no headers, so keys in Authorization are never logged. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      time: '$context.requestTime',
      ip: '$context.identity.sourceIp',
      userAgent: '$context.identity.userAgent',
      method: '$context.httpMethod',
      path: '$context.path',
      protocol: '$context.protocol',
      status: '$context.status',
      responseLength: '$context.responseLength',
      latencyMs: '$context.responseLatency',
      integrationLatencyMs: '$context.integrationLatency',
      integrationError: '$context.integrationErrorMessage',
      error: '$context.error.message',
    }),
  );
}
