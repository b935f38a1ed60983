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
  <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="notification-title" data-module="govuk-notification-banner">
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

export const ImportantBanner: FC<{ title: string; children: Child }> = ({ title, children }) => (
  <div class="govuk-notification-banner" role="region" aria-labelledby="important-title" data-module="govuk-notification-banner">
    <div class="govuk-notification-banner__header">
      <h2 class="govuk-notification-banner__title" id="important-title">
        {title}
      </h2>
    </div>
    <div class="govuk-notification-banner__content">{children}</div>
  </div>
);
