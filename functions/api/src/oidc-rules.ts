import { normaliseEmail } from '@partnership-hub/domain';

/** What the hub takes from a provider's ID token (and user info): who, and their address. */
export interface ProviderClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

export type ClaimsRefusal = 'no-email' | 'unverified-email' | 'domain-outside';

/**
 * Whether a provider's answer may sign someone in: it must give an address, say it is verified
 * (`email_verified` exactly true: a provider that does not say so is not trusted to have checked
 * it), and the address must be within the domains the provider is registered for, so a provider
 * can never sign in an address of another council's domain.
 */
export function checkProviderClaims(
  claims: ProviderClaims,
  provider: { emailDomains: readonly string[] },
): { ok: true; email: string; name: string | undefined } | { ok: false; refusal: ClaimsRefusal } {
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) return { ok: false, refusal: 'no-email' };
  if (claims.email_verified !== true) return { ok: false, refusal: 'unverified-email' };
  const email = normaliseEmail(claims.email);
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (!provider.emailDomains.includes(domain)) return { ok: false, refusal: 'domain-outside' };
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : undefined;
  return { ok: true, email, name };
}

/** The domain of an address, as providers are registered for it. */
export const emailDomainOf = (email: string) => normaliseEmail(email).split('@').pop() ?? '';
