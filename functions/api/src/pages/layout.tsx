/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { AlternateLink } from '@partnership-hub/feeds/links';
import type { Child, FC } from 'hono/jsx';
import { CSRF_FIELD } from './session.ts';

export interface Viewer {
  /** The signed-in organisation, when there is a session. */
  signedInAs?: { areaId: string; areaName: string; organisationId: string; name: string };
  /** Present when signing in is available on this hub (it has a session secret). */
  csrfToken?: string;
  /** Whether this page shows partners-only content. */
  partners: boolean;
}

export interface LayoutProps {
  title: string;
  viewer: Viewer;
  area?: { id: string; name: string };
  /** Which navigation item this page belongs to. */
  current?: 'overview' | 'calendar' | 'protocols' | 'sign-in';
  /** Where this page is, for sign-in and sign-out to come back to. */
  path: string;
  beforeContent?: Child;
  /** The full width of the window, for the matrix. */
  wide?: boolean;
  /** The page's feeds, for browsers and feed readers to find (`<link rel="alternate">`). */
  alternates?: AlternateLink[];
  children?: Child;
}

const NavItem: FC<{ href: string; current: boolean; children: Child }> = ({ href, current, children }) => (
  <li class={`govuk-service-navigation__item${current ? ' govuk-service-navigation__item--active' : ''}`}>
    <a class="govuk-service-navigation__link" href={href} aria-current={current ? 'page' : undefined}>
      {current ? <strong class="govuk-service-navigation__active-fallback">{children}</strong> : children}
    </a>
  </li>
);

/** The GOV.UK page template, without GOV.UK's own header and crown: this is not a GOV.UK service. */
export const Layout: FC<LayoutProps> = ({ title, viewer, area, current, path, beforeContent, wide, alternates = [], children }) => {
  const base = area ? `/areas/${area.id}` : '';
  const container = wide ? 'govuk-width-container hub-wide' : 'govuk-width-container';
  return (
    <html lang="en-GB" class="govuk-template">
      <head>
        <meta charset="utf-8" />
        <title>{area ? `${title} – ${area.name} – Partnership Hub` : `${title} – Partnership Hub`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <link rel="stylesheet" href="/assets/govuk-frontend.css" />
        <link rel="stylesheet" href="/assets/hub.css" />
        <link rel="stylesheet" href="/assets/print.css" media="print" />
        {alternates.map((link) => (
          <link rel="alternate" type={link.type} href={link.href} title={link.title} />
        ))}
      </head>
      <body class="govuk-template__body">
        <a href="#main-content" class="govuk-skip-link">
          Skip to main content
        </a>
        <header class="govuk-template__header">
          <div class="govuk-generic-header">
            <div class={`govuk-generic-header__container ${container}`}>
              <div class="govuk-generic-header__logo">
                <a href="/" class="govuk-generic-header__homepage-link">
                  Partnership Hub
                </a>
              </div>
            </div>
          </div>
          <section aria-label="Area navigation" class="govuk-service-navigation">
            <div class={container}>
              <div class="govuk-service-navigation__container">
                {area ? (
                  <span class="govuk-service-navigation__service-name">
                    <a href={base} class="govuk-service-navigation__link">
                      {area.name}
                    </a>
                  </span>
                ) : null}
                <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                  <ul class="govuk-service-navigation__list">
                    {area ? (
                      <>
                        <NavItem href={base} current={current === 'overview'}>
                          Joint priorities
                        </NavItem>
                        <NavItem href={`${base}/calendar`} current={current === 'calendar'}>
                          Work programme calendar
                        </NavItem>
                        <NavItem href={`${base}/protocols`} current={current === 'protocols'}>
                          Protocols
                        </NavItem>
                      </>
                    ) : null}
                    {viewer.signedInAs ? null : (
                      <NavItem href={`/sign-in?return=${encodeURIComponent(path)}`} current={current === 'sign-in'}>
                        Sign in
                      </NavItem>
                    )}
                  </ul>
                </nav>
              </div>
            </div>
          </section>
        </header>
        <div class={container}>
          <ViewerBanner viewer={viewer} path={path} />
          {beforeContent}
          <main class="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <footer class="govuk-footer">
          <div class={container}>
            <div class="govuk-footer__meta">
              <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 class="govuk-visually-hidden">About this site</h2>
                <ul class="govuk-footer__inline-list">
                  <li class="govuk-footer__inline-list-item">
                    <a class="govuk-footer__link" href="/">
                      All areas
                    </a>
                  </li>
                  {area ? (
                    <li class="govuk-footer__inline-list-item">
                      <a class="govuk-footer__link" href={`/v1/areas/${area.id}/joint-priorities`}>
                        This area's joint priorities as JSON (API)
                      </a>
                    </li>
                  ) : null}
                </ul>
                <p class="govuk-body-s">
                  Partnership Hub: the bodies that keep a police force area safe share their priorities, work programmes and protocols here.
                  Each body publishes its own content; every change is kept.
                </p>
              </div>
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
};

/** Says in words whose view this is: the public's, or a signed-in partner's (then with the sign-out button). */
const ViewerBanner: FC<{ viewer: Viewer; path: string }> = ({ viewer, path }) => (
  <div class="govuk-phase-banner hub-viewer">
    {viewer.signedInAs ? (
      <>
        <p class="govuk-phase-banner__content">
          <strong class="govuk-tag govuk-tag--orange govuk-phase-banner__content__tag">Partners view</strong>
          <span class="govuk-phase-banner__text">
            Signed in to {viewer.signedInAs.areaName} as {viewer.signedInAs.name}.{' '}
            {viewer.partners
              ? 'Partners-only items are shown and marked “Partners only”.'
              : `Partners-only items appear on ${viewer.signedInAs.areaName}'s pages only.`}
          </span>
        </p>
        {viewer.csrfToken ? (
          <form method="post" action="/sign-out" class="hub-inline-form">
            <input type="hidden" name={CSRF_FIELD} value={viewer.csrfToken} />
            <input type="hidden" name="return" value={path} />
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
              Sign out
            </button>
          </form>
        ) : null}
      </>
    ) : (
      <p class="govuk-phase-banner__content">
        <strong class="govuk-tag govuk-phase-banner__content__tag">Public view</strong>
        <span class="govuk-phase-banner__text">
          You are seeing public information.{' '}
          <a class="govuk-link" href={`/sign-in?return=${encodeURIComponent(path)}`}>
            Sign in
          </a>{' '}
          to see partners-only items too.
        </span>
      </p>
    )}
  </div>
);
