/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { STEP_WORDS } from '@partnership-hub/domain';
import type { VariationStep } from '@partnership-hub/events';
import type { FC } from 'hono/jsx';
import type { variationResponse } from '../routes/plan-variations.ts';
import type { AreaContent } from './area-data.ts';
import { BackLink, ErrorSummary, PartnersOnlyTag, SummaryList } from './components.tsx';
import { type Choice, fieldId, Select, TextArea, TextInput } from './form-fields.tsx';
import { formatDate } from './format.ts';
import type { NameOf } from './history-page.tsx';
import { CSRF_FIELD } from './session.ts';

type Variation = ReturnType<typeof variationResponse>;

/** Where a variation's page is. */
export const variationPath = (areaId: string, organisationId: string, planId: string, id: string) =>
  `/areas/${areaId}/bodies/${organisationId}/plans/${planId}/variations/${id}`;

/** A step as a heading says it, capitalised. */
const stepHeading = (step: VariationStep) => STEP_WORDS[step].charAt(0).toUpperCase() + STEP_WORDS[step].slice(1);

/**
 * A plan variation: its statutory steps as a timeline (each step, its date and who recorded it),
 * the deadline for the panel's report, the tracked requests its recommendations became, and the
 * form for the next step when the signed-in viewer's body records it.
 */
export const VariationPage: FC<{
  content: AreaContent;
  variation: Variation;
  planTitle: string;
  nameOf: NameOf;
  forms: { csrfToken: string; steps: VariationStep[] } | undefined;
  error?: string | undefined;
  /** A refused step's form as it was sent, and the field the error is about (its id on the page). */
  refused?: { values: Record<string, string>; field: string } | undefined;
}> = ({ content, variation, planTitle, nameOf, forms, error, refused }) => {
  const planHref = `/areas/${content.areaId}/bodies/${variation.organisationId}/plans/${variation.planId}`;
  const sent = variation.steps.find((step) => step.step === 'sent-to-panel');
  const report = variation.steps.find((step) => step.step === 'panel-report');
  const next = variation.nextStep;
  const base = variationPath(content.areaId, variation.organisationId, variation.planId, variation.id);
  return (
    <>
      <BackLink href={planHref}>Back to {planTitle}</BackLink>
      {/* Linked to the field at fault, else the step's form, else (no form for this viewer) the steps recorded. */}
      {error ? (
        <ErrorSummary
          errors={[{ href: !forms ? '#steps' : refused?.field ? `#${fieldId(refused.field)}` : '#step-form', message: error }]}
        />
      ) : null}
      <span class="govuk-caption-xl">Variation of {planTitle}</span>
      <h1 class="govuk-heading-xl">{variation.title}</h1>
      {variation.visibility === 'partners' ? (
        <p class="govuk-body">
          <PartnersOnlyTag />
        </p>
      ) : null}
      <SummaryList
        rows={[
          {
            key: 'Plan',
            value: (
              <a class="govuk-link" href={planHref}>
                {planTitle}
              </a>
            ),
          },
          { key: 'Summary', value: variation.summary },
          { key: 'Started', value: formatDate(variation.startedOn) },
          { key: 'Panel', value: nameOf(variation.panel) },
          {
            key: "Deadline for the panel's report",
            value:
              sent && 'responseDueDate' in sent ? `By the end of ${formatDate(String(sent.responseDueDate))}` : 'Not yet sent to the panel',
          },
          {
            key: 'Next step',
            value: next
              ? `${stepHeading(next.step)}, by ${nameOf(next.by)}${next.deadline && !next.deadlinePassed ? ` (due by the end of ${formatDate(next.deadline)})` : ''}${next.deadlinePassed ? " (the panel's date has passed with no report)" : ''}`
              : 'None: the variation is published',
          },
        ]}
      />
      <h2 class="govuk-heading-l" id="steps">
        Steps
      </h2>
      {variation.steps.length === 0 ? <p class="govuk-body">No step recorded yet.</p> : null}
      <ol class="govuk-list hub-timeline">
        {variation.steps.map((step) => (
          <li class="govuk-!-margin-bottom-4">
            <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{stepHeading(step.step)}</h3>
            <p class="govuk-body govuk-!-margin-bottom-1">
              {formatDate(step.on)}, recorded by {step.recordedBy}
            </p>
            {'responseDueDate' in step ? (
              <p class="govuk-body">Panel's report due by the end of {formatDate(String(step.responseDueDate))}</p>
            ) : null}
            {'summary' in step ? <p class="govuk-body">{String(step.summary)}</p> : null}
            {'text' in step ? <p class="govuk-body">{String(step.text)}</p> : null}
          </li>
        ))}
      </ol>
      {report && variation.requests.length > 0 ? (
        <>
          <h2 class="govuk-heading-l">The panel's recommendations</h2>
          <ul class="govuk-list govuk-list--bullet">
            {variation.requests.map((id, index) => (
              <li>
                <a class="govuk-link" href={`/areas/${content.areaId}/requests/${id}`}>
                  {'recommendations' in report ? (report.recommendations as { title: string }[])[index]?.title : id}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {forms
        ? forms.steps.map((step) => (
            <StepForm
              base={base}
              step={step}
              csrfToken={forms.csrfToken}
              recommendations={report && 'recommendations' in report ? (report.recommendations as { title: string }[]) : []}
              sent={refused ? { ...refused, error } : undefined}
            />
          ))
        : null}
    </>
  );
};

/** What a refused step's form was sent with, and its error: each field shows its own value again, and the error where it belongs. */
type Sent = { values: Record<string, string>; field: string; error: string | undefined } | undefined;

/** A field's value and error, as the refused step left them (empty on a fresh form). */
const shownFor = (name: string, sent: Sent) => ({ value: sent?.values[name] ?? '', error: sent?.field === name ? sent.error : undefined });

const OUTCOMES: Choice[] = [
  { value: '', label: 'No outcome given' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'partially-accepted', label: 'Partially accepted' },
  { value: 'rejected', label: 'Rejected' },
];

/**
 * A step's form alone, as its sender typed it, for someone signed out since from a variation they
 * may no longer see: nothing of the variation's, so that it reads the same whether the variation is
 * partners-only or does not exist. The recommendations' titles are the variation's: they are numbered only.
 */
export const SentStepForm: FC<{ base: string; step: VariationStep; csrfToken: string; values: Record<string, string> }> = ({
  base,
  step,
  csrfToken,
  values,
}) => (
  <StepForm
    base={base}
    step={step}
    csrfToken={csrfToken}
    recommendations={Object.keys(values)
      .filter((name) => /^response-\d+$/.test(name))
      .map(() => ({}))}
    sent={{ values, field: '', error: undefined }}
    alone
  />
);

/** The plain-HTML form for one step (JavaScript off works: it posts, the step is recorded, the page is shown again). */
const StepForm: FC<{
  base: string;
  step: VariationStep;
  csrfToken: string;
  recommendations: { title?: string }[];
  sent: Sent;
  /** The page's only content, so its heading is the page's. */
  alone?: boolean;
}> = ({ base, step, csrfToken, recommendations, sent, alone }) => (
  <form method="post" action={`${base}/steps/${step}`} id="step-form" class="hub-no-print" novalidate>
    <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
    {alone ? <h1 class="govuk-heading-l">Record: {STEP_WORDS[step]}</h1> : <h2 class="govuk-heading-m">Record: {STEP_WORDS[step]}</h2>}
    {step === 'sent-to-panel' ? (
      <TextInput
        name="responseDueDate"
        label="The panel's report is due by"
        hint="For example, 2014-05-06"
        width={10}
        {...shownFor('responseDueDate', sent)}
      />
    ) : null}
    {step === 'panel-report' ? (
      <>
        <TextArea name="summary" label="The panel's report" rows={4} {...shownFor('summary', sent)} />
        <TextArea name="recommendations" label="Recommendations, one on each line" rows={4} {...shownFor('recommendations', sent)} />
      </>
    ) : null}
    {step === 'pcc-response' ? (
      <>
        <TextArea name="text" label="The response to the report" rows={4} {...shownFor('text', sent)} />
        {recommendations.map((recommendation, index) => (
          <>
            <TextArea
              name={`response-${index + 1}`}
              label={`Response to recommendation ${index + 1}${recommendation.title ? `: ${recommendation.title}` : ''}`}
              rows={4}
              {...shownFor(`response-${index + 1}`, sent)}
            />
            <Select
              name={`outcome-${index + 1}`}
              label={`Outcome of recommendation ${index + 1}`}
              choices={OUTCOMES}
              {...shownFor(`outcome-${index + 1}`, sent)}
            />
          </>
        ))}
      </>
    ) : null}
    <TextInput
      name="effectiveDate"
      label="When it happened (optional)"
      hint="For example, 2014-05-02. Leave empty for today."
      width={10}
      {...shownFor('effectiveDate', sent)}
    />
    <button type="submit" class="govuk-button" data-module="govuk-button">
      Record this step
    </button>
  </form>
);
