/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child, FC } from 'hono/jsx';

/** A GOV.UK table's head: one column header per entry; `null` entries (columns a page leaves out) are skipped. */
export const TableHead: FC<{ columns: (Child | null)[] }> = ({ columns }) => (
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">
      {columns
        .filter((column) => column !== null)
        .map((column) => (
          <th scope="col" class="govuk-table__header">
            {column}
          </th>
        ))}
    </tr>
  </thead>
);

export const BackLink: FC<{ href: string; children: Child }> = ({ href, children }) => (
  <a href={href} class="govuk-back-link">
    {children}
  </a>
);

export const PartnersOnlyTag: FC = () => <strong class="govuk-tag govuk-tag--orange">Partners only</strong>;

export const Tag: FC<{ colour?: string; children: Child }> = ({ colour, children }) => (
  <strong class={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{children}</strong>
);

export interface SummaryRow {
  key: string;
  value: Child;
}

export const SummaryList: FC<{ rows: SummaryRow[] }> = ({ rows }) => (
  <dl class="govuk-summary-list">
    {rows.map((row) => (
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">{row.key}</dt>
        <dd class="govuk-summary-list__value">{row.value}</dd>
      </div>
    ))}
  </dl>
);

export const BulletList: FC<{ items: Child[]; numbered?: boolean }> = ({ items, numbered }) =>
  numbered ? (
    <ol class="govuk-list govuk-list--number">
      {items.map((item) => (
        <li>{item}</li>
      ))}
    </ol>
  ) : (
    <ul class="govuk-list govuk-list--bullet">
      {items.map((item) => (
        <li>{item}</li>
      ))}
    </ul>
  );

export const ErrorSummary: FC<{ errors: { href: string; message: string }[] }> = ({ errors }) =>
  errors.length === 0 ? null : (
    <div class="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li>
                <a href={error.href}>{error.message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );

export const SuccessBanner: FC<{ title: string; children: Child }> = ({ title, children }) => (
  <div
    class="govuk-notification-banner govuk-notification-banner--success"
    role="alert"
    aria-labelledby="notification-title"
    data-module="govuk-notification-banner"
  >
    <div class="govuk-notification-banner__header">
      <h2 class="govuk-notification-banner__title" id="notification-title">
        {title}
      </h2>
    </div>
    <div class="govuk-notification-banner__content">
      <p class="govuk-notification-banner__heading">{children}</p>
    </div>
  </div>
);

export interface PageLink {
  number: number;
  href: string;
  /** What the page holds, for screen readers: `Page 2, bodies 13 to 24`. */
  label: string;
}

/** GOV.UK's pagination (the list variant): previous, each page by number, next. Written out here because govuk-frontend ships Nunjucks macros, not markup a JSX page can call. */
export const Pagination: FC<{ id: string; label: string; pages: PageLink[]; current: number }> = ({ id, label, pages, current }) => {
  const previous = pages.find((page) => page.number === current - 1);
  const next = pages.find((page) => page.number === current + 1);
  return (
    <nav class="govuk-pagination" aria-label={label} id={id}>
      {previous ? (
        <div class="govuk-pagination__prev">
          <a class="govuk-link govuk-pagination__link" href={previous.href} rel="prev">
            <svg
              class="govuk-pagination__icon govuk-pagination__icon--prev"
              xmlns="http://www.w3.org/2000/svg"
              height="13"
              width="15"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 15 13"
            >
              <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
            </svg>
            <span class="govuk-pagination__link-title">
              Previous<span class="govuk-visually-hidden"> page</span>
            </span>
          </a>
        </div>
      ) : null}
      <ul class="govuk-pagination__list">
        {pages.map((page) => (
          <li class={`govuk-pagination__item${page.number === current ? ' govuk-pagination__item--current' : ''}`}>
            <a
              class="govuk-link govuk-pagination__link"
              href={page.href}
              aria-label={page.label}
              aria-current={page.number === current ? 'page' : undefined}
            >
              {page.number}
            </a>
          </li>
        ))}
      </ul>
      {next ? (
        <div class="govuk-pagination__next">
          <a class="govuk-link govuk-pagination__link" href={next.href} rel="next">
            <span class="govuk-pagination__link-title">
              Next<span class="govuk-visually-hidden"> page</span>
            </span>
            <svg
              class="govuk-pagination__icon govuk-pagination__icon--next"
              xmlns="http://www.w3.org/2000/svg"
              height="13"
              width="15"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 15 13"
            >
              <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
            </svg>
          </a>
        </div>
      ) : null}
    </nav>
  );
};

/**
 * A refusal in words: changing a body's content is for that body's own people. Here rather than with
 * the publishing forms, so that the pages that refuse without a form (upload, members, alerts) do not
 * carry the forms' fields.
 */
export const NotAllowedPage: FC<{ message: string }> = ({ message }) => (
  <>
    <h1 class="govuk-heading-xl">You cannot do this</h1>
    <p class="govuk-body">{message}</p>
    <p class="govuk-body">
      <a class="govuk-link" href="/">
        Go to the Partnership Hub home page
      </a>
    </p>
  </>
);
