import { describe, expect, it } from 'vitest';
import { checkProviderClaims, emailDomainOf } from '../src/oidc-rules.ts';

const provider = { emailDomains: ['rotherham.gov.uk'] };

describe("the rules for a provider's answer", () => {
  it('signs in a verified address within the provider’s domains, lower-cased, with the name it gives', () => {
    expect(
      checkProviderClaims({ sub: 's', email: 'Jane.Smith@Rotherham.gov.uk', email_verified: true, name: ' Jane Smith ' }, provider),
    ).toEqual({
      ok: true,
      email: 'jane.smith@rotherham.gov.uk',
      name: 'Jane Smith',
    });
  });

  it('refuses an address the provider does not say is verified, however it says so', () => {
    for (const email_verified of [false, 'true', undefined, 1])
      expect(checkProviderClaims({ sub: 's', email: 'jane@rotherham.gov.uk', email_verified }, provider)).toEqual({
        ok: false,
        refusal: 'unverified-email',
      });
  });

  it('refuses an address outside the provider’s domains, a subdomain or a look-alike included', () => {
    for (const email of ['jane@sheffield.gov.uk', 'jane@mail.rotherham.gov.uk', 'jane@rotherham.gov.uk.evil.example'])
      expect(checkProviderClaims({ sub: 's', email, email_verified: true }, provider)).toEqual({ ok: false, refusal: 'domain-outside' });
  });

  it('refuses an answer without an address', () => {
    expect(checkProviderClaims({ sub: 's', email_verified: true }, provider)).toEqual({ ok: false, refusal: 'no-email' });
  });

  it('refuses an address that is not well formed before lower-casing it, so a look-alike letter cannot become a member’s', () => {
    // The Kelvin sign lower-cases to k: a provider's \u212Aate must not sign in as kate.
    for (const email of [
      '\u212Aate@rotherham.gov.uk',
      'jane @rotherham.gov.uk',
      '@rotherham.gov.uk',
      `${'j'.repeat(250)}@rotherham.gov.uk`,
    ])
      expect(checkProviderClaims({ sub: 's', email, email_verified: true }, provider)).toEqual({ ok: false, refusal: 'no-email' });
  });

  it('finds the domain a provider is registered for from an address', () => {
    expect(emailDomainOf('Jane@Rotherham.GOV.uk')).toBe('rotherham.gov.uk');
  });
});
