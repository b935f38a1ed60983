import { PLAN_KINDS, PRIORITY_STATUSES, THEMES, WorkProgrammeKind, WorkProgrammeStatus } from '@partnership-hub/events';
import type * as z from 'zod/mini';
import type { FormSegment } from '../content-writes.ts';
import type { FieldError } from '../problem.ts';
import type { Choice, FormErrors, FormValues } from './form-fields.tsx';
import { PLAN_KIND_NAMES, statusName, workKindName } from './format.ts';

/**
 * What each kind of content's form asks, in words, and how a form's values become the body the
 * API's own zod schema parses (and back, to fill in an edit form). The schema decides what is
 * valid; this file only names the fields and turns its complaints into GOV.UK error messages.
 */
export interface FormField {
  name: string;
  label: string;
  hint?: string;
  /** `lines`: a list, one entry a line. `choices` come from the body (its plans) where `dynamic`. */
  type: 'text' | 'date' | 'url' | 'lines' | 'paragraphs' | 'radios' | 'themes' | 'plan-select';
  choices?: Choice[];
  /** How a missing answer is asked for: "Enter a title", "Select a status". */
  missing: string;
}

const visibility: FormField = {
  name: 'visibility',
  label: 'Visibility',
  type: 'radios',
  choices: [
    { value: 'public', label: 'Public' },
    { value: 'partners', label: 'Partners only' },
  ],
  hint: 'Partners only: seen by the area’s bodies when signed in, never by the public',
  missing: 'Select who can see it',
};
const themes: FormField = {
  name: 'themes',
  label: 'Themes',
  type: 'themes',
  hint: 'Select all that apply',
  missing: 'Select at least one theme',
};
const title: FormField = { name: 'title', label: 'Title', type: 'text', missing: 'Enter a title' };

/** How the change itself is described (when it happened in the world and where that is written): the same for every kind. */
const changeFields: FormField[] = [
  {
    name: 'effectiveDate',
    label: 'Effective date (optional)',
    type: 'text',
    hint: 'When this happened in the world, as precisely as its source says: a year (2026), a month (2026-04) or a date (2026-04-01)',
    missing: '',
  },
  {
    name: 'source-document',
    label: 'Source (optional)',
    type: 'text',
    hint: 'The document that records it',
    missing: 'Enter the document, to give a section or web address of it',
  },
  { name: 'source-section', label: 'Source section (optional)', type: 'text', hint: 'For example, section 3 or page 12', missing: '' },
  { name: 'source-url', label: 'Source web address (optional)', type: 'url', missing: '' },
];

const choicesOf = (values: readonly string[], name: (value: string) => string): Choice[] =>
  values.map((value) => ({ value, label: name(value) }));

/**
 * Built by a function marked pure, as is THEME_CHOICES, so that esbuild can leave both out of the
 * Lambda bundles that import the pages' index but serve no form (sign-in, uploads): their 300 KB budget.
 */
export const FORM_FIELDS: Record<FormSegment, FormField[]> = /* @__PURE__ */ (() => ({
  'work-programme': [
    title,
    themes,
    { name: 'kind', label: 'Kind', type: 'radios', choices: choicesOf(WorkProgrammeKind.options, workKindName), missing: 'Select a kind' },
    {
      name: 'status',
      label: 'Status',
      type: 'radios',
      choices: choicesOf(WorkProgrammeStatus.options, statusName),
      missing: 'Select a status',
    },
    { name: 'date', label: 'Date (optional)', type: 'date', hint: 'The meeting or report date, if it is known', missing: '' },
    {
      name: 'quarter',
      label: 'Quarter (optional)',
      type: 'text',
      hint: 'A financial quarter, for example 2026/27-Q1 for April to June 2026',
      missing: '',
    },
    { name: 'description', label: 'Description (optional)', type: 'paragraphs', missing: '' },
    visibility,
    ...changeFields,
  ],
  priorities: [
    title,
    themes,
    { name: 'status', label: 'Status', type: 'radios', choices: choicesOf(PRIORITY_STATUSES, statusName), missing: 'Select a status' },
    { name: 'lead', label: 'Lead (optional)', type: 'text', hint: 'Who leads on it, for example Head of Community Safety', missing: '' },
    { name: 'planId', label: 'Plan (optional)', type: 'plan-select', hint: 'The plan of this body it is part of', missing: '' },
    { name: 'period', label: 'Plan period (optional)', type: 'text', hint: 'As the plan names it, for example 2026-2029', missing: '' },
    { name: 'startDate', label: 'Start date (optional)', type: 'date', hint: 'Only if it differs from its plan’s', missing: '' },
    { name: 'endDate', label: 'End date (optional)', type: 'date', hint: 'Only if it differs from its plan’s', missing: '' },
    { name: 'outcomes', label: 'Outcomes (optional)', type: 'lines', hint: 'One a line', missing: '' },
    { name: 'indicators', label: 'Performance indicators (optional)', type: 'lines', hint: 'One a line', missing: '' },
    visibility,
    ...changeFields,
  ],
  plans: [
    title,
    {
      name: 'kind',
      label: 'Kind',
      type: 'radios',
      choices: choicesOf(PLAN_KINDS, (kind) => PLAN_KIND_NAMES[kind as keyof typeof PLAN_KIND_NAMES]),
      missing: 'Select a kind of plan',
    },
    { name: 'startDate', label: 'Start date', type: 'date', missing: 'Enter the date the plan starts' },
    {
      name: 'endDate',
      label: 'End date (optional)',
      type: 'date',
      hint: 'Leave empty if it runs until a later plan supersedes it',
      missing: '',
    },
    {
      name: 'supersedes',
      label: 'Supersedes (optional)',
      type: 'plan-select',
      hint: 'An earlier plan of this body that this one replaces',
      missing: '',
    },
    { name: 'documentUrl', label: 'Web address of the document (optional)', type: 'url', missing: '' },
    visibility,
    ...changeFields,
  ],
}))();

/** The theme choices, in the controlled list's order. */
export const THEME_CHOICES: Choice[] = /* @__PURE__ */ THEMES.map(({ slug, name }) => ({ value: slug, label: name }));

const text = (values: FormValues, name: string): string => {
  const value = values[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
};
const list = (values: FormValues, name: string): string[] => {
  const value = values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/**
 * The body a form's values make, as the API would be sent it: empty optional fields left out,
 * lists one entry a line, the source's three fields as one object. `kept` are the fields of the
 * item being edited that the form does not show (links to other bodies' priorities), kept as they are.
 */
export function bodyOf(segment: FormSegment, values: FormValues, kept: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { ...kept };
  for (const field of FORM_FIELDS[segment]) {
    if (field.name.startsWith('source-')) continue;
    if (field.type === 'themes') body[field.name] = list(values, field.name);
    else if (field.type === 'lines')
      body[field.name] = text(values, field.name)
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
    else {
      const value = text(values, field.name);
      if (value) body[field.name] = value;
      else delete body[field.name];
    }
  }
  const [document, section, url] = ['source-document', 'source-section', 'source-url'].map((name) => text(values, name));
  if (document || section || url)
    body.source = { ...(document ? { document } : {}), ...(section ? { section } : {}), ...(url ? { url } : {}) };
  return body;
}

/** The fields of a body that a form shows, as the form's values (to fill in an edit form from the item as it stands). */
export function valuesOf(segment: FormSegment, state: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of FORM_FIELDS[segment]) {
    const value = state[field.name];
    if (value === undefined) continue;
    if (field.type === 'themes') values[field.name] = value as string[];
    else if (field.type === 'lines') values[field.name] = (value as string[]).join('\n');
    else values[field.name] = String(value);
  }
  return values;
}

/** The fields of an item that its form does not show, to keep them through an edit. */
export function keptFieldsOf(segment: FormSegment, state: Record<string, unknown>): Record<string, unknown> {
  const shown = new Set(FORM_FIELDS[segment].map((field) => field.name));
  return Object.fromEntries(Object.entries(state).filter(([name]) => !shown.has(name)));
}

/** The form field a path into the body names: `source.document` and `['source', 'url']` are the source's own fields. */
function formFieldOf(segment: FormSegment, path: readonly PropertyKey[]): FormField | undefined {
  const [first, second] = path.map(String);
  const name = first === 'source' && second ? `source-${second}` : first;
  return FORM_FIELDS[segment].find((field) => field.name === name);
}

/** A schema's complaint about a field, as the GOV.UK error message under it: "Date must be a calendar date written YYYY-MM-DD". */
function messageFor(field: FormField, detail: string, missing: boolean): string {
  if (missing && field.missing) return field.missing;
  if (field.type === 'themes' && /at least 1 entry/.test(detail)) return field.missing;
  return `${field.label.replace(/ \(optional\)$/, '')} ${detail}`;
}

/**
 * The zod schema's issues with a form's body, by form field. An issue with a field the form left
 * empty asks for it ("Select a kind"), whatever the schema's own words for a missing value.
 */
export function formErrorsOfIssues(segment: FormSegment, issues: readonly z.core.$ZodIssue[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = formFieldOf(segment, issue.path) ?? FORM_FIELDS[segment][0]!;
    const missing = issue.input === undefined && issue.path.length === (field.name.startsWith('source-') ? 2 : 1);
    errors[field.name] ??= messageFor(field, issue.message, missing);
  }
  return errors;
}

/** The problems the write's own checks found (a plan that is not there...), by form field. */
export function formErrorsOfProblem(segment: FormSegment, errors: readonly FieldError[]): FormErrors {
  const found: FormErrors = {};
  for (const error of errors) {
    const field = formFieldOf(segment, error.field.split(/[.[]/)) ?? FORM_FIELDS[segment][0]!;
    found[field.name] ??= messageFor(field, error.detail, false);
  }
  return found;
}
