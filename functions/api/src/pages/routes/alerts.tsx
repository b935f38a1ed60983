/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { once, THEMES } from '@partnership-hub/events';
import type { SubscriptionFilter } from '@partnership-hub/subscriptions';
import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import { ProblemError } from '../../problem.ts';
import { subscribeByEmail } from '../../subscription-writes.ts';
import { AlertFormPage, type AlertsAbout, CheckYourEmailPage, TooManyAlertRequestsPage } from '../alert-pages.tsx';
import { NotAllowedPage } from '../components.tsx';
import type { FormErrors, FormValues } from '../form-fields.tsx';
import { emailAddressField } from '../form-schemas.ts';
import { themeInSentence } from '../format.ts';
import type { AreaEnv, PageKit } from '../kit.tsx';
import { CSRF_FIELD, csrfToken, csrfTokenMatches } from '../session.ts';
import { overHttps } from './person-sign-in.ts';

/** The form, with the API's limits on an address (routes/subscriptions.ts) and GOV.UK's error wording. */
const AlertForm = /* @__PURE__ */ once(() =>
  z.object({
    email: emailAddressField(),
    mode: z.enum(['immediate', 'daily-digest'], { error: 'Select how often you want alerts' }),
  }),
);

/**
 * Where the form sends its sender once the email is sent (post-redirect-get: Refresh, Back and
 * Forward then show "Check your email" again, never send the form and another email again), and
 * the cookie that carries the address and the subject there: signed, this browser's only, for as
 * long as someone might come back to the page. Never the URL: the address stays out of access logs.
 * A query on the form's own path, not a path of its own: on AWS only that path reaches this function.
 */
const SENT_QUERY = 'sent';
const SENT_COOKIE = 'hub_alerts_sent';
const SENT_SECONDS = 30 * 60;
const SentAlert = /* @__PURE__ */ once(() => z.object({ email: z.string(), body: z.optional(z.string()), theme: z.optional(z.string()) }));

/**
 * "Get email alerts": a public email subscription to the area's changes, one body's or one
 * theme's, through the same lifecycle as POST /v1/subscriptions (subscription-writes.ts and the
 * subscription rules: limits, double opt-in, the confirmation email). Mounted at
 * /areas/:areaId/alerts with the publishing forms (it writes); served where the subscription
 * services are wired.
 */
export function alertPages(kit: PageKit) {
  const { deps, secret } = kit;

  /**
   * What the alerts are about, from the link's query or the form's hidden fields. A body or theme
   * that is not here gives every change in the area instead, with `problem` saying so.
   */
  const aboutOf = (
    c: Context<AreaEnv>,
    chosen: { body?: unknown; theme?: unknown },
  ): { about: AlertsAbout; filter: SubscriptionFilter; problem?: string } => {
    const content = c.var.area;
    const area = `/areas/${content.areaId}`;
    const everything = {
      about: { back: { href: area, name: content.areaName }, topic: `changes in ${content.areaName}`, hidden: {} },
      filter: {},
    };
    const instead = (named: string) => ({
      ...everything,
      problem: `There is no ${named} in ${content.areaName}, so these alerts would be about every change in it`,
    });
    if (typeof chosen.body === 'string' && chosen.body) {
      const organisation = content.organisations.find((candidate) => candidate.id === chosen.body);
      if (!organisation) return instead(`body called ${chosen.body}`);
      return {
        about: {
          back: { href: `${area}/bodies/${organisation.id}`, name: organisation.state.name },
          topic: `changes by ${organisation.state.name} in ${content.areaName}`,
          hidden: { body: organisation.id },
        },
        filter: { organisations: [organisation.id] },
      };
    }
    if (typeof chosen.theme === 'string' && chosen.theme) {
      const theme = THEMES.find(({ slug }) => slug === chosen.theme);
      if (!theme) return instead(`theme called ${chosen.theme}`);
      return {
        about: {
          back: { href: `${area}/themes/${theme.slug}`, name: theme.name },
          topic: `changes about ${themeInSentence(theme.slug)} in ${content.areaName}`,
          hidden: { theme: theme.slug },
        },
        filter: { themes: [theme.slug] },
      };
    }
    return everything;
  };

  const layout = (c: Context<AreaEnv>, title: string) => ({
    title,
    viewer: c.var.page.viewer,
    area: { id: c.var.area.areaId, name: c.var.area.areaName },
  });

  const formPage = async (c: Context<AreaEnv>, status: 200 | 400 | 503, about: AlertsAbout, values: FormValues, errors: FormErrors) =>
    kit.render(
      c,
      status,
      layout(c, `${Object.keys(errors).length > 0 ? 'Error: ' : ''}Get email alerts`),
      <AlertFormPage
        action={`/areas/${c.var.area.areaId}/alerts`}
        about={about}
        csrfToken={secret ? await csrfToken(c, secret) : undefined}
        values={values}
        errors={errors}
      />,
    );

  /** "Check your email", once the form has sent it: from the cookie the form set in this browser, else (another browser, or too late) the form. */
  const checkYourEmail = async (c: Context<AreaEnv>) => {
    const cookie = secret ? await getSignedCookie(c, secret, SENT_COOKIE) : undefined;
    let sent: z.infer<ReturnType<typeof SentAlert>> | undefined;
    try {
      sent = cookie ? SentAlert().parse(JSON.parse(cookie)) : undefined;
    } catch {
      sent = undefined;
    }
    if (!sent) return c.redirect(`/areas/${c.var.area.areaId}/alerts`, 303);
    return kit.render(c, 200, layout(c, 'Check your email'), <CheckYourEmailPage address={sent.email} about={aboutOf(c, sent).about} />);
  };

  return kit
    .family<AreaEnv>()
    .get('/', kit.viewer, kit.areaContent, async (c) => {
      if (c.req.query(SENT_QUERY) !== undefined) return checkYourEmail(c);
      const chosen = aboutOf(c, { body: c.req.query('body'), theme: c.req.query('theme') });
      // A link to alerts about a body or theme that is not here leads nowhere.
      if (!deps.subscriptions || chosen.problem) return kit.notFound(c);
      return formPage(c, 200, chosen.about, { mode: 'immediate' }, {});
    })
    .post('/', kit.viewer, kit.areaContent, async (c) => {
      const services = deps.subscriptions;
      const form = await c.req.parseBody();
      const chosen = aboutOf(c, form);
      if (!services) return kit.notFound(c);
      // Where pages have sessions, every form carries a CSRF token: a page elsewhere cannot sign someone up.
      if (secret && !(await csrfTokenMatches(c, secret, form[CSRF_FIELD])))
        return kit.render(
          c,
          403,
          layout(c, 'You cannot do this'),
          <NotAllowedPage message="The form had expired or did not come from this hub. Go back, reload the page and try again." />,
        );
      const values: FormValues = {};
      for (const name of ['email', 'mode']) if (typeof form[name] === 'string') values[name] = form[name];
      const parsed = AlertForm().safeParse(values);
      // A sent body or theme that is not here (the hidden field changed, or the body has gone) is said
      // with the form's other errors, and the form is shown again, with what was typed, for the whole area.
      if (!parsed.success || chosen.problem) {
        const errors: FormErrors = chosen.problem ? { about: chosen.problem } : {};
        for (const issue of parsed.error?.issues ?? []) errors[String(issue.path[0])] ??= issue.message;
        return formPage(c, 400, chosen.about, values, errors);
      }
      try {
        await subscribeByEmail(c, deps, services, c.var.page.principal, {
          areaId: c.var.area.areaId,
          filter: chosen.filter,
          address: parsed.data.email,
          mode: parsed.data.mode,
        });
      } catch (error) {
        if (error instanceof ProblemError && error.problem === 'too-many-requests')
          return kit.render(c, 429, layout(c, 'Too many requests'), <TooManyAlertRequestsPage message={error.message} />);
        // The limits could not be counted, so nothing was sent (the limit has set Retry-After): the
        // form again with what was typed, as the sign-in forms answer the same, rather than an error page.
        if (error instanceof ProblemError && error.problem === 'service-unavailable')
          return formPage(c, 503, chosen.about, values, { email: 'Email alerts cannot be set up just now. Try again in a minute' });
        throw error;
      }
      if (!secret)
        return kit.render(c, 200, layout(c, 'Check your email'), <CheckYourEmailPage address={parsed.data.email} about={chosen.about} />);
      const alerts = `/areas/${c.var.area.areaId}/alerts`;
      await setSignedCookie(c, SENT_COOKIE, JSON.stringify({ email: parsed.data.email, ...chosen.about.hidden }), secret, {
        path: alerts,
        httpOnly: true,
        sameSite: 'Lax',
        secure: overHttps(c),
        maxAge: SENT_SECONDS,
      });
      return c.redirect(`${alerts}?${SENT_QUERY}`, 303);
    });
}
