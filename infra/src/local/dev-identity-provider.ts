import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** Someone the development provider signs in: a seeded person, with the password in dev-credentials.json. */
interface DevAccount {
  email: string;
  password: string;
  name: string;
  /** What the provider says of the address (default true); false, to try the hub's refusal of an unverified one. */
  emailVerified?: boolean;
}

export interface DevIdentityProvider {
  /** The issuer URL (http on loopback): what the hub registers. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

export interface DevIdentityProviderOptions {
  /** Who may sign in, checked on each attempt (the list may change across the run). */
  accounts: () => readonly DevAccount[];
  /** The hub's callback URL: the one redirect the client may use. */
  redirectUri: string;
  /** The hub's origin: its stylesheet styles the login page, and the login form's redirect leads back there. */
  hubOrigin: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

const CLIENT_ID = 'partnership-hub-local';

/** A stable subject for an address: the provider's id of the person, never the address itself. */
const subjectOf = (email: string) => createHash('sha256').update(email.toLowerCase()).digest('base64url').slice(0, 22);

// Five characters escaped by hand: a template library would be a dependency of the local run for one small page.
const htmlText = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

/**
 * The local run's OpenID Connect provider: panva's oidc-provider on loopback, so that signing in
 * through a provider runs with no network, exactly as against a council's Entra ID. It knows the
 * seeded people by their address and password, and answers `email`, `email_verified` (true) and
 * `name`. Its login page is this file's own (oidc-provider's development pages are not accessible
 * and not GOV.UK-styled); consent is not asked, as a council's provider does not ask it for its
 * own staff's first-party applications.
 */
export async function startDevIdentityProvider(options: DevIdentityProviderOptions): Promise<DevIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const clientSecret = randomBytes(32).toString('base64url');
  let provider: Provider | undefined;
  const server = createServer((req, res) => {
    if (!provider) {
      res.writeHead(503).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://provider.invalid');
    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!interaction) {
      provider.callback()(req, res);
      return;
    }
    handleInteraction(provider, req, res, interaction[2] === '/login').catch((error: unknown) => {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        page(
          'Sign in',
          options.hubOrigin,
          `<h1 class="govuk-heading-l">This sign-in has expired</h1><p class="govuk-body">Go back to Partnership Hub and sign in again. (${htmlText(String(error))})</p>`,
        ),
      );
    });
  });
  await new Promise<void>((ready) => server.listen(options.port ?? 0, host, ready));
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;

  const findAccount = (email: string) => options.accounts().find((account) => account.email.toLowerCase() === email.toLowerCase());
  const bySubject = (subject: string) => options.accounts().find((account) => subjectOf(account.email) === subject);

  provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The claims the scopes ask for in the ID token itself, as Entra ID gives them.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, subject) => {
      const account = bySubject(subject);
      if (!account) return undefined;
      return {
        accountId: subject,
        claims: async () => ({ sub: subject, email: account.email, email_verified: account.emailVerified ?? true, name: account.name }),
      };
    },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // A signing key of its own for this run (the hub reads it from the provider's JWKS), rather than oidc-provider's shared development key.
    jwks: {
      keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }],
    },
    // First-party: the grant is given without asking, for the scopes the hub asks.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });

  async function handleInteraction(oidc: Provider, req: IncomingMessage, res: ServerResponse, submitted: boolean) {
    const details = await oidc.interactionDetails(req, res);
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
    if (!submitted || req.method !== 'POST') {
      res.writeHead(200, headers(options.hubOrigin));
      res.end(loginPage(details.uid, options.hubOrigin, { email: hint }));
      return;
    }
    const form = new URLSearchParams(await bodyOf(req));
    const email = (form.get('email') ?? '').trim();
    const password = form.get('password') ?? '';
    const account = email ? findAccount(email) : undefined;
    const matches =
      account !== undefined &&
      Buffer.byteLength(password) === Buffer.byteLength(account.password) &&
      timingSafeEqual(Buffer.from(password), Buffer.from(account.password));
    if (!email || !password || !matches) {
      const errors = [
        ...(!email ? [{ field: 'email', message: 'Enter your email address' }] : []),
        ...(!password ? [{ field: 'password', message: 'Enter your password' }] : []),
        ...(email && password && !matches ? [{ field: 'email', message: 'The email address or password is not right' }] : []),
      ];
      res.writeHead(400, headers(options.hubOrigin));
      res.end(loginPage(details.uid, options.hubOrigin, { email, errors }));
      return;
    }
    await oidc.interactionFinished(req, res, { login: { accountId: subjectOf(account.email) } }, { mergeWithLastSubmission: false });
  }

  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function headers(hubOrigin: string) {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The login form posts here, and its redirect leads back to the hub.
    'content-security-policy': `default-src 'none'; style-src ${hubOrigin}; img-src ${hubOrigin}; form-action 'self' ${hubOrigin}; frame-ancestors 'none'; base-uri 'none'`,
  };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('the form is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function page(title: string, hubOrigin: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${htmlText(title)} – Development identity provider</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${hubOrigin}/assets/govuk-frontend.css">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="govuk-template__header"><div class="govuk-width-container"><p class="govuk-body govuk-!-margin-top-3 govuk-!-font-weight-bold">Development identity provider (local run only)</p></div></header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${main}
</div></div>
</main>
</div>
</body>
</html>`;
}

function loginPage(uid: string, hubOrigin: string, state: { email: string; errors?: { field: string; message: string }[] }): string {
  const errors = state.errors ?? [];
  const errorFor = (field: string) => errors.find((error) => error.field === field);
  const field = (name: string, label: string, type: string, autocomplete: string, value: string) => {
    const error = errorFor(name);
    return `<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}">
<label class="govuk-label" for="${name}">${label}</label>
${error ? `<p id="${name}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${htmlText(error.message)}</p>` : ''}
<input class="govuk-input${error ? ' govuk-input--error' : ''}" id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" spellcheck="false" value="${htmlText(value)}"${error ? ` aria-describedby="${name}-error"` : ''}>
</div>`;
  };
  const summary = errors.length
    ? `<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2><div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">${errors
        .map((error) => `<li><a href="#${error.field}">${htmlText(error.message)}</a></li>`)
        .join('')}</ul></div></div></div>`
    : '';
  return page(
    errors.length ? 'Error: Sign in' : 'Sign in',
    hubOrigin,
    `${summary}
<h1 class="govuk-heading-l">Sign in</h1>
<p class="govuk-body">This stands in for your council's sign-in service on this computer. The seeded people's passwords are in <code>dev-credentials.json</code> in the hub's data folder.</p>
<form method="post" action="/interaction/${htmlText(uid)}/login" novalidate>
${field('email', 'Email address', 'email', 'email', state.email)}
${field('password', 'Password', 'password', 'current-password', '')}
<button type="submit" class="govuk-button" data-module="govuk-button">Continue</button>
</form>`,
  );
}
