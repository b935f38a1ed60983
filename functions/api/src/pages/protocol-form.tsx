/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { FC } from 'hono/jsx';
import type * as z from 'zod/mini';
import type { FieldError } from '../problem.ts';
import { BackLink, ErrorSummary } from './components.tsx';
import { type Choice, Choices, type FormErrors, type FormValues, fieldId, TextArea, TextInput } from './form-fields.tsx';
import { CSRF_FIELD } from './session.ts';

/**
 * Proposing a new version of a protocol in the browser: the fields of the API's protocol body
 * (ProtocolBody: title, parties, summary, reviewDate, visibility), named in words. The schema
 * decides what is valid; this file only names the fields and words its complaints.
 */
const LABELS = {
  title: 'Title',
  parties: 'Parties',
  summary: 'Summary',
  reviewDate: 'Review date (optional)',
  visibility: 'Visibility',
} as const;
type ProtocolField = keyof typeof LABELS;
const FIELDS = Object.keys(LABELS) as ProtocolField[];

const MISSING: Record<ProtocolField, string> = {
  title: 'Enter a title',
  parties: 'Select at least two parties',
  summary: 'Enter a summary',
  reviewDate: '',
  visibility: 'Select who can see it',
};

const text = (values: FormValues, name: string) => {
  const value = values[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
};
const list = (values: FormValues, name: string) => {
  const value = values[name];
  return Array.isArray(value) ? value : value ? [value] : [];
};

/** The form's values as the body the API's PUT takes. */
export function protocolBodyOf(values: FormValues): Record<string, unknown> {
  const reviewDate = text(values, 'reviewDate');
  return {
    title: text(values, 'title'),
    parties: list(values, 'parties'),
    summary: text(values, 'summary'),
    ...(reviewDate ? { reviewDate } : {}),
    visibility: text(values, 'visibility'),
  };
}

/** A protocol as it stands, as the form's values (to start the new version from it). */
export function protocolValuesOf(state: {
  title: string;
  parties: string[];
  summary: string;
  reviewDate?: string | undefined;
  visibility: string;
}) {
  return {
    title: state.title,
    parties: state.parties,
    summary: state.summary,
    reviewDate: state.reviewDate ?? '',
    visibility: state.visibility,
  } satisfies FormValues;
}

function messageFor(field: ProtocolField, detail: string, missing: boolean): string {
  if (missing && MISSING[field]) return MISSING[field];
  if (field === 'parties' && /at least 2 entries/.test(detail)) return MISSING.parties;
  if (field === 'title' || field === 'summary') if (/must not be empty/.test(detail)) return MISSING[field];
  return `${LABELS[field].replace(/ \(optional\)$/, '')} ${detail}`;
}

const fieldOf = (path: readonly PropertyKey[]): ProtocolField => {
  const name = String(path[0] ?? '');
  return (FIELDS as string[]).includes(name) ? (name as ProtocolField) : 'title';
};

/** The schema's issues with the form's body, by field: an empty field is asked for ("Enter a summary"). */
export function protocolErrorsOfIssues(body: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    const given = body[field];
    const missing = given === undefined || given === '' || (Array.isArray(given) && given.length === 0);
    errors[field] ??= messageFor(field, issue.message, missing && issue.path.length === 1);
  }
  return errors;
}

/** The write's own checks (a party that is not a body of the area), by field. */
export function protocolErrorsOfProblem(errors: readonly FieldError[]): FormErrors {
  const found: FormErrors = {};
  for (const error of errors) {
    const field = fieldOf(error.field.split(/[.[]/));
    found[field] ??= messageFor(field, error.detail, false);
  }
  return found;
}

/** The question page: every field, the error summary linking to each, and the version it starts from. */
export const ProtocolProposalPage: FC<{
  protocolTitle: string;
  path: string;
  csrfToken: string;
  version: number;
  values: FormValues;
  errors: FormErrors;
  bodies: Choice[];
}> = ({ protocolTitle, path, csrfToken, version, values, errors, bodies }) => {
  const summary = FIELDS.filter((field) => errors[field]).map((field) => ({ href: `#${fieldId(field)}`, message: errors[field]! }));
  const one = (name: ProtocolField) => text(values, name);
  return (
    <>
      <BackLink href={path}>Back to {protocolTitle}</BackLink>
      <ErrorSummary errors={summary} />
      <span class="govuk-caption-xl">{protocolTitle}</span>
      <h1 class="govuk-heading-xl">Propose a new version</h1>
      <p class="govuk-body">
        The new version replaces version {version} as the current one. Each party’s lead is then asked to agree it; agreements to earlier
        versions stay in the protocol’s history.
      </p>
      <form method="post" action={`${path}/propose`} novalidate>
        <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
        <input type="hidden" name="version" value={String(version)} />
        <TextInput name="title" label={LABELS.title} value={one('title')} error={errors.title} />
        <Choices
          name="parties"
          label={LABELS.parties}
          hint="Select every body that must agree it"
          type="checkbox"
          choices={bodies}
          chosen={list(values, 'parties')}
          error={errors.parties}
          small
        />
        <TextArea name="summary" label={LABELS.summary} value={one('summary')} error={errors.summary} rows={8} />
        <TextInput
          name="reviewDate"
          label={LABELS.reviewDate}
          hint="When the parties will next review it"
          type="date"
          width={10}
          value={one('reviewDate')}
          error={errors.reviewDate}
        />
        <Choices
          name="visibility"
          label={LABELS.visibility}
          hint="Partners only: seen by the area’s bodies when signed in, never by the public"
          type="radio"
          choices={[
            { value: 'public', label: 'Public' },
            { value: 'partners', label: 'Partners only' },
          ]}
          chosen={[one('visibility')]}
          error={errors.visibility}
          small
        />
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Propose this version
        </button>
      </form>
    </>
  );
};
