/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Principal } from '@partnership-hub/domain';
import { CSV_COLUMNS, type ImportKind } from '@partnership-hub/feeds';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { IMPORT_MAX_BODY_BYTES, type ImportOutcome, parseImportText, runImport } from '../../import-run.ts';
import { type FieldError, ProblemError } from '../../problem.ts';
import { nameOfIn, type Organisation } from '../area-data.ts';
import { NotAllowedPage } from '../components.tsx';
import { mayChangeContent } from '../content-item.tsx';
import type { FormErrors } from '../form-fields.tsx';
import type { AreaEnv, PageKit } from '../kit.tsx';
import { CSRF_FIELD, csrfToken, csrfTokenMatches } from '../session.ts';
import { type Carried, DryRunPage, KIND_CHOICES, type Refusal, refusalsOf, UploadFormPage, UploadResultPage } from '../upload-pages.tsx';

/** How long a checked file may wait for "Confirm and publish": long enough to read the table, short enough that it is not stale. */
const CONFIRM_SECONDS = 30 * 60;
/** The form around the file: the kind, the token and multipart's own framing. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
/** The confirm form carries the file in base64 (4 bytes for every 3). */
const CONFIRM_MAX_BYTES = Math.ceil((IMPORT_MAX_BODY_BYTES * 4) / 3) + FORM_OVERHEAD_BYTES;
const TOO_LARGE = `The selected file must be smaller than ${IMPORT_MAX_BODY_BYTES / 1024 / 1024} MB`;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** One example row for each template, under the documented header row (CSV_COLUMNS): a file that uploads as it is. */
const TEMPLATE_ROWS: Record<ImportKind, string> = {
  'work-programme':
    'dv-scrutiny-review,Domestic abuse scrutiny review,domestic-abuse;stalking-and-harassment,scrutiny-review,2026-10-05,,planned,"A review of the work on domestic abuse, with a comma",,public,,,,',
  priorities: 'reduce-repeat-domestic-abuse,Reduce repeat domestic abuse,domestic-abuse,,Fewer repeat victims,,,active,,,,,public,,,,',
};

const isKind = (value: unknown): value is ImportKind => KIND_CHOICES.some((choice) => choice.value === value);

/** CSV or JSON by the file's name, else by the type the browser gave it (a spreadsheet's export may come as either). */
function formatOf(file: File): 'csv' | 'json' | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.json')) return 'json';
  const type = file.type.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/json') return 'json';
  return undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** What the person was shown, row by row: if a second dry run differs, the file would not publish what they checked. */
const digestOf = (outcomes: readonly ImportOutcome[]) =>
  sha256(JSON.stringify(outcomes.map(({ id, line, outcome, version }) => [id, line, outcome, version])));
const whoOf = (principal: Principal) =>
  principal.kind === 'person'
    ? `person:${principal.personId}`
    : principal.kind === 'organisation-key'
      ? `key:${principal.keyId}`
      : principal.kind;

/**
 * The upload page: a body's editors upload a CSV or JSON file of priorities or work programme
 * items, see the dry run as tables, and confirm. It runs the API's own import (import-run.ts: the
 * same parser, schemas, deciders and commit). Mounted at /areas/:areaId/bodies, served with the
 * bulk import on AWS (it needs the CSV parser, which the pages' bundles do not carry).
 *
 * The checked file comes back with "Confirm and publish" in the form itself, so that no store is
 * needed between the two steps, with a proof that this hub showed it: an HMAC (node:crypto, with
 * the session secret) of the file's SHA-256, the body, the kind, who checked it, this browser's
 * CSRF token, the dry run's outcomes and an expiry. At confirmation the proof must hold and the dry
 * run is run again: if it no longer gives what was shown, nothing is published and the new table
 * is shown instead.
 */
export function uploadPages(kit: PageKit) {
  const { deps, secret } = kit;
  const bodyOfPage = (c: Context<AreaEnv>): Organisation | undefined =>
    c.var.area.organisations.find((candidate) => candidate.id === c.req.param('organisationId'));
  const layout = (c: Context<AreaEnv>, title: string) => ({
    title,
    viewer: c.var.page.viewer,
    area: { id: c.var.area.areaId, name: c.var.area.areaName },
  });
  const base = (c: Context<AreaEnv>) => `/areas/${c.var.area.areaId}`;
  const notAllowed = (c: Context<AreaEnv>, message: string) =>
    kit.render(c, 403, layout(c, 'You cannot do this'), <NotAllowedPage message={message} />);
  const mayUpload = (c: Context<AreaEnv>, organisation: Organisation) =>
    mayChangeContent(c.var.page.principal, { areaId: c.var.area.areaId, organisationId: organisation.id });

  const formPage = async (c: Context<AreaEnv>, status: 200 | 400, organisation: Organisation, kind: string, errors: FormErrors) =>
    kit.render(
      c,
      status,
      layout(c, `${Object.keys(errors).length > 0 ? 'Error: ' : ''}Upload a file`),
      <UploadFormPage
        organisation={organisation}
        base={base(c)}
        csrfToken={await csrfToken(c, secret!)}
        kind={kind}
        errors={errors}
        columns={CSV_COLUMNS}
      />,
    );

  const proofOf = (
    c: Context<AreaEnv>,
    organisation: Organisation,
    token: string,
    carried: Omit<Carried, 'proof' | 'content'>,
    content: string,
  ) =>
    createHmac('sha256', secret!)
      .update(
        JSON.stringify([
          'upload',
          c.var.area.areaId,
          organisation.id,
          whoOf(c.var.page.principal),
          token,
          carried.kind,
          carried.format,
          carried.fileName,
          sha256(content),
          carried.outcomes,
          carried.expiresAt,
        ]),
      )
      .digest('base64url');

  /** The file's dry run (or its refused rows), as the table to check; with what the confirm form carries when it may be published. */
  const dryRun = async (
    c: Context<AreaEnv>,
    organisation: Organisation,
    file: { kind: ImportKind; format: 'csv' | 'json'; fileName: string; text: string },
  ) => {
    const target = { areaId: c.var.area.areaId, organisationId: organisation.id };
    const parsed = parseImportText(file.text, file.format, file.kind);
    if (!parsed.ok) return { outcomes: [] as ImportOutcome[], refused: refusalsOf(parsed.errors) };
    try {
      return { outcomes: await runImport(deps, c.var.page.principal, target, file.kind, parsed.rows, true), refused: [] as Refusal[] };
    } catch (error) {
      // The write's own checks beyond the schema (a plan the body has not published), each by its row.
      if (error instanceof ProblemError && error.problem === 'validation-error')
        return {
          outcomes: [],
          refused: ((error.extensions.errors ?? []) as (FieldError & { line?: number })[]).map((one) => ({
            line: one.line ?? 1,
            field: one.field,
            detail: one.detail,
          })),
        };
      throw error;
    }
  };

  const dryRunPage = async (
    c: Context<AreaEnv>,
    organisation: Organisation,
    file: { kind: ImportKind; format: 'csv' | 'json'; fileName: string; text: string },
    checked: { outcomes: ImportOutcome[]; refused: Refusal[] },
    changedSince = false,
  ) => {
    const token = await csrfToken(c, secret!);
    const expiresAt = String(Math.floor(deps.clock().getTime() / 1000) + CONFIRM_SECONDS);
    const shown = { kind: file.kind, format: file.format, fileName: file.fileName, outcomes: digestOf(checked.outcomes), expiresAt };
    const carried: Carried = {
      ...shown,
      content: Buffer.from(file.text, 'utf8').toString('base64'),
      proof: proofOf(c, organisation, token, shown, file.text),
    };
    const refused = checked.refused.length > 0;
    return kit.render(
      c,
      changedSince ? 409 : refused ? 400 : 200,
      layout(c, refused ? 'Error: The file cannot be published yet' : 'Check what the file will change'),
      <DryRunPage
        organisation={organisation}
        base={base(c)}
        kind={file.kind}
        fileName={file.fileName}
        outcomes={checked.outcomes}
        refused={checked.refused}
        nameOf={nameOfIn(c.var.area)}
        csrfToken={token}
        carried={carried}
        changedSince={changedSince}
      />,
    );
  };

  /** The CSRF token, then the domain's rule: a forged form or another body's person changes nothing. */
  const refusePost = async (c: Context<AreaEnv>, organisation: Organisation, form: Record<string, unknown>) => {
    if (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD])))
      return notAllowed(c, 'The form had expired or did not come from this hub. Go back, reload the page and try again.');
    if (!mayUpload(c, organisation)) return notAllowed(c, `Only the people of ${organisation.state.name} can change its content.`);
    return undefined;
  };

  const family = kit.family<AreaEnv>();
  for (const kind of ['work-programme', 'priorities'] as const)
    family.get(`/:organisationId/import/${kind}.csv`, (c) => {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${kind}.csv"`);
      return c.body(`${CSV_COLUMNS[kind].join(',')}\r\n${TEMPLATE_ROWS[kind]}\r\n`);
    });

  return family
    .get('/:organisationId/import', kit.viewer, kit.areaContent, async (c) => {
      const organisation = bodyOfPage(c);
      if (!organisation) return kit.notFound(c);
      if (!mayUpload(c, organisation)) {
        if (c.var.page.principal.kind === 'anonymous' && secret)
          return c.redirect(`/sign-in?return=${encodeURIComponent(c.req.path)}`, 303);
        return notAllowed(c, `Only the people of ${organisation.state.name} can change its content.`);
      }
      // "Upload a corrected file" comes back with what the file held chosen already.
      const kind = c.req.query('kind');
      return formPage(c, 200, organisation, isKind(kind) ? kind : '', {});
    })
    .post(
      '/:organisationId/import',
      kit.viewer,
      kit.areaContent,
      bodyLimit({
        maxSize: IMPORT_MAX_BODY_BYTES + FORM_OVERHEAD_BYTES,
        onError: async (c) => {
          const organisation = bodyOfPage(c as Context<AreaEnv>);
          return organisation ? formPage(c as Context<AreaEnv>, 400, organisation, '', { file: TOO_LARGE }) : kit.notFound(c);
        },
      }),
      async (c) => {
        const organisation = bodyOfPage(c);
        if (!organisation) return kit.notFound(c);
        const form = await c.req.parseBody();
        const refused = await refusePost(c, organisation, form);
        if (refused) return refused;
        const { kind, file } = form;
        const errors: FormErrors = {};
        if (!isKind(kind)) errors.kind = 'Select what the file holds';
        let text = '';
        const format = file instanceof File ? formatOf(file) : undefined;
        if (!(file instanceof File) || (file.size === 0 && file.name === '')) errors.file = 'Select a file';
        else if (!format) errors.file = 'The selected file must be a CSV or JSON file';
        else if (file.size === 0) errors.file = 'The selected file is empty';
        else if (file.size > IMPORT_MAX_BODY_BYTES) errors.file = TOO_LARGE;
        else
          try {
            text = UTF8.decode(await file.arrayBuffer());
            if (text.trim() === '') errors.file = 'The selected file is empty';
          } catch {
            errors.file = 'The selected file must be a CSV or JSON file saved as UTF-8 text';
          }
        if (Object.keys(errors).length > 0 || !isKind(kind) || !(file instanceof File) || !format)
          return formPage(c, 400, organisation, typeof kind === 'string' ? kind : '', errors);
        const upload = { kind, format, fileName: file.name.slice(0, 200), text };
        return dryRunPage(c, organisation, upload, await dryRun(c, organisation, upload));
      },
    )
    .post(
      '/:organisationId/import/confirm',
      kit.viewer,
      kit.areaContent,
      bodyLimit({
        maxSize: CONFIRM_MAX_BYTES,
        onError: (c) =>
          notAllowed(c as Context<AreaEnv>, 'The confirmation was larger than any file this page checks. Upload the file again.'),
      }),
      async (c) => {
        const organisation = bodyOfPage(c);
        if (!organisation) return kit.notFound(c);
        const form = await c.req.parseBody();
        const refused = await refusePost(c, organisation, form);
        if (refused) return refused;
        const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
        const [kind, format, fileName, outcomes, expiresAt, proof] = ['kind', 'format', 'fileName', 'outcomes', 'expiresAt', 'proof'].map(
          field,
        );
        const text = Buffer.from(field('content'), 'base64').toString('utf8');
        const expected = proofOf(
          c,
          organisation,
          String(form[CSRF_FIELD]),
          { kind: kind as ImportKind, format: format as 'csv', fileName: fileName!, outcomes: outcomes!, expiresAt: expiresAt! },
          text,
        );
        const holds =
          isKind(kind) &&
          (format === 'csv' || format === 'json') &&
          proof!.length === expected.length &&
          timingSafeEqual(Buffer.from(proof!), Buffer.from(expected)) &&
          Number(expiresAt) * 1000 > deps.clock().getTime();
        if (!holds || !isKind(kind) || (format !== 'csv' && format !== 'json'))
          return notAllowed(c, 'The checked file had expired or was not the one this hub checked. Upload the file again.');
        const upload = { kind, format, fileName: fileName!, text } as const;
        const again = await dryRun(c, organisation, upload);
        // Every row already as the file has it: the file was published after it was checked, most
        // often by this same button pressed once before. Nothing is left to publish, and nobody's
        // change is lost, so that is said rather than a conflict.
        if (again.refused.length === 0 && again.outcomes.length > 0 && again.outcomes.every((row) => row.outcome === 'unchanged'))
          return kit.render(
            c,
            200,
            layout(c, 'The file is already published'),
            <UploadResultPage organisation={organisation} base={base(c)} kind={kind} outcomes={again.outcomes} alreadyPublished />,
          );
        if (again.refused.length > 0 || digestOf(again.outcomes) !== outcomes) return dryRunPage(c, organisation, upload, again, true);
        const parsed = parseImportText(text, format, kind);
        if (!parsed.ok) return dryRunPage(c, organisation, upload, { outcomes: [], refused: refusalsOf(parsed.errors) }, true);
        const published = await runImport(
          deps,
          c.var.page.principal,
          { areaId: c.var.area.areaId, organisationId: organisation.id },
          kind,
          parsed.rows,
          false,
        );
        return kit.render(
          c,
          200,
          layout(c, 'The file has been published'),
          <UploadResultPage organisation={organisation} base={base(c)} kind={kind} outcomes={published} />,
        );
      },
    );
}
