import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { PeopleServices } from '../../deps.ts';
import { NOTICE_COOKIE, type PageKit, type ViewerEnv } from '../kit.tsx';
import { endSession, hashOf, newSessionId, personSessionId, SESSION_ABSOLUTE_SECONDS, setPersonSessionCookie } from '../session.ts';

/**
 * What signing in as a person shares between its two ways, the emailed link (sign-in.tsx) and the
 * organisation's identity provider (provider-sign-in.tsx): on AWS they are served by two functions,
 * so that only the provider's carries openid-client.
 */

/** The notice shown once on the next page ("You are signed in"). */
export const notice = { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 } as const;

/** Whether the browser reached the hub over https (directly, or through API Gateway or a proxy): its cookies are then Secure. */
export const overHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

/**
 * The sign-in form's hand-over to the provider sign-in: the person's address and their domain's
 * provider, in a signed cookie for ten minutes, read once at /sign-in/provider, which starts the
 * flow. The form checks the CSRF token and counts the attempt; the provider sign-in trusts only what
 * it signed. A cookie rather than the URL, so that the address never appears in a URL or access log.
 */
export const HANDOVER_COOKIE = 'hub_oidc_start';
export const HANDOVER_PATH = '/sign-in/provider';
export const HANDOVER_SECONDS = 10 * 60;
export interface Handover {
  providerId: string;
  email: string;
}

/** The hand-over's cookie, if it is one this hub wrote (signed) and whole. */
export function parseHandover(value: string | false | undefined): Handover | undefined {
  if (!value) return undefined;
  try {
    const { providerId, email } = JSON.parse(value) as Partial<Handover>;
    if (typeof providerId === 'string' && providerId && typeof email === 'string' && email) return { providerId, email };
  } catch {
    // Not JSON: not ours.
  }
  return undefined;
}

/** The bodies a person still belongs to, by their index, each checked against the body's own list (the authority). */
export async function liveBodiesOf(people: PeopleServices, email: string) {
  const indexed = await people.memberships.bodiesOf(email);
  const checked = await Promise.all(
    indexed.map(async (body) => {
      const member = (await people.memberships.members(body.areaId, body.organisationId)).members.find(
        (candidate) => candidate.email === email,
      );
      return member ? { areaId: body.areaId, organisationId: body.organisationId, role: member.role, name: member.name } : undefined;
    }),
  );
  return checked.filter((body) => body !== undefined);
}

/**
 * Starts a person's session, the same way for an emailed link and a provider: a new session id
 * (whatever session this browser had ends), acting for their first body; someone in several
 * bodies then chooses which one they act for.
 */
export async function startPersonSession(
  kit: PageKit,
  c: Context<ViewerEnv>,
  people: PeopleServices,
  email: string,
  bodies: Awaited<ReturnType<typeof liveBodiesOf>>,
  providedName: string | undefined,
) {
  const { secret, deps } = kit;
  const now = deps.clock();
  const person = await people.memberships.person(email, people.newPersonId, now.toISOString());
  const name = bodies.find((body) => body.name)?.name ?? providedName ?? email.split('@')[0]!;
  const previous = await personSessionId(c, secret);
  if (previous) await people.sessions.end(hashOf(previous));
  await endSession(c, secret, deps.apiKeys, now);
  const sessionId = newSessionId();
  const first = bodies[0]!;
  await people.sessions.start({
    sessionHash: hashOf(sessionId),
    personId: person.personId,
    email,
    name,
    areaId: first.areaId,
    organisationId: first.organisationId,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    endsAt: new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000).toISOString(),
  });
  await setPersonSessionCookie(c, secret!, sessionId);
  setCookie(c, NOTICE_COOKIE, 'signed-in', notice);
  return c.redirect(bodies.length > 1 ? '/sign-in/act-for' : `/areas/${first.areaId}`, 303);
}
