import { normaliseEmail } from '@partnership-hub/domain';
import { once } from '@partnership-hub/events';
import * as z from 'zod/mini';

/** The same check as the email sign-in form and the members API make of an address. */
const EmailAddress = /* @__PURE__ */ once(() => z.email().check(z.maxLength(254)));

/** What the hub takes from a provider's ID token (and user info): who, and their address. */
export interface ProviderClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

export type ClaimsRefusal = 'no-email' | 'unverified-email' | 'domain-outside';

/**
 * Whether a provider's answer may sign someone in: it must give a well-formed address, say it is verified
 * (`email_verified` exactly true: a provider that does not say so is not trusted to have checked
 * it), and the address must be within the domains the provider is registered for, so a provider
 * can never sign in an address of another council's domain.
 */
export function checkProviderClaims(
  claims: ProviderClaims,
  provider: { emailDomains: readonly string[] },
): { ok: true; email: string; name: string | undefined } | { ok: false; refusal: ClaimsRefusal } {
  // Checked before it is lower-cased: lower-casing turns some non-ASCII letters into ASCII ones (the
  // Kelvin sign into k), so an address nobody could register would become a member's.
  if (typeof claims.email !== 'string' || !EmailAddress().safeParse(claims.email).success) return { ok: false, refusal: 'no-email' };
  if (claims.email_verified !== true) return { ok: false, refusal: 'unverified-email' };
  const email = normaliseEmail(claims.email);
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (!provider.emailDomains.includes(domain)) return { ok: false, refusal: 'domain-outside' };
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : undefined;
  return { ok: true, email, name };
}

/** The domain of an address, as providers are registered for it. */
export const emailDomainOf = (email: string) => normaliseEmail(email).split('@').pop() ?? '';
