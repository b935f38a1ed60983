/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { Change, ChangeSource } from '@partnership-hub/events';
import type { FC } from 'hono/jsx';
import type { SummaryRow } from './components.tsx';
import { formatDate, formatDateTime, monthName } from './format.ts';

/**
 * A change in words, with both of its times: when it happened in the world, as its writer said
 * (its effective date and source), and when the hub recorded it and for whom.
 */

/** When a change happened, as precisely as its writer said: `in 2016`, `March 2016`, `on 31 March 2016`. */
function effectiveDateInWords(effectiveDate: string): string {
  if (effectiveDate.length === 4) return `in ${effectiveDate}`;
  if (effectiveDate.length === 7) return monthName(effectiveDate);
  return `on ${formatDate(effectiveDate)}`;
}

/** A document's name as it reads after "in": "the" is added unless the name has it already. */
const documentName = (document: string) => (/^the\s/i.test(document) ? document : `the ${document}`);

/**
 * The document a change is recorded in, linked where its writer gave the address, with the
 * section in brackets ("(source: section 3)" in a sentence about the change, "(section 3)" where
 * it is already labelled as the source).
 */
export const SourceWords: FC<{ source: ChangeSource; labelled?: boolean }> = ({ source, labelled = false }) => (
  <>
    {source.url ? (
      <a class="govuk-link" href={source.url} rel="noreferrer noopener">
        {documentName(source.document)}
      </a>
    ) : (
      documentName(source.document)
    )}
    {source.section ? (labelled ? ` (${source.section})` : ` (source: ${source.section})`) : null}
  </>
);

/**
 * "Published March 2016 in the Safer Rotherham Partnership Plan 2016–19 (source: section 3);
 * recorded in the hub 1 December 2026 at 09:00 (UTC) by the seed loader." Without an effective
 * date or a source, only when and by whom it was recorded.
 */
export const ChangeWords: FC<{ verb: string; change: Change | undefined; recordedAt: string; recordedBy: string }> = ({
  verb,
  change,
  recordedAt,
  recordedBy,
}) => {
  const recorded = `recorded in the hub ${formatDateTime(recordedAt)} by ${recordedBy}.`;
  if (!change?.effectiveDate && !change?.source) return <p class="govuk-body">{capitalise(recorded)}</p>;
  return (
    <p class="govuk-body">
      {verb}
      {change.effectiveDate ? ` ${effectiveDateInWords(change.effectiveDate)}` : null}
      {change.source ? (
        <>
          {' in '}
          <SourceWords source={change.source} />
        </>
      ) : null}
      ; {recorded}
    </p>
  );
};

/** The source of an item's latest change, as a row of its summary; none when its writer gave none. */
export function sourceRow(change: Change | undefined): SummaryRow[] {
  if (!change?.source) return [];
  return [
    {
      key: 'Source',
      value: (
        <>
          {change.effectiveDate ? `${capitalise(effectiveDateInWords(change.effectiveDate))}, in ` : 'In '}
          <SourceWords source={change.source} labelled />
        </>
      ),
    },
  ];
}

const capitalise = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;
