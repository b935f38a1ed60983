import { plainMessages } from '@partnership-hub/events';
import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import type * as z from 'zod/mini';
import { duplicateKeyAt } from './strict-json.ts';

/**
 * Bulk import for councils' systems: a file of priorities or work programme items, as CSV with a
 * header row or as JSON, read into rows that the API then upserts one by one through the same
 * deciders as PUT. A file is all or nothing: any invalid row rejects the whole file, with every
 * error located by line and column, so a council fixes its export once rather than row by row.
 */

/** One error in the file: where (1-based line and column of the text sent), which field, and what is wrong. */
export interface ImportError {
  line: number;
  column: number;
  field: string;
  detail: string;
}

export interface ImportRow<T> {
  id: string;
  line: number;
  content: T;
}

export type ImportParse<T> = { ok: true; rows: ImportRow<T>[] } | { ok: false; errors: ImportError[] };

export type ImportKind = 'priorities' | 'work-programme';

/**
 * The columns that describe each row's change rather than its item (see events/change.ts): when it
 * happened in the world, and the document that says so. `source` is the document's name; its
 * section and web address have columns of their own, read into the one `source` field a PUT takes.
 */
const CHANGE_COLUMNS = ['effectiveDate', 'source', 'sourceSection', 'sourceUrl'] as const;
const SOURCE_PARTS: Record<string, string> = { source: 'document', sourceSection: 'section', sourceUrl: 'url' };

/** The documented header rows. Lists are separated by ";" in a cell; links are "organisationId/priorityId". */
export const CSV_COLUMNS: Record<ImportKind, readonly string[]> = {
  priorities: [
    'id',
    'title',
    'themes',
    'lead',
    'outcomes',
    'indicators',
    'period',
    'status',
    'planId',
    'startDate',
    'endDate',
    'supports',
    'visibility',
    ...CHANGE_COLUMNS,
  ],
  'work-programme': [
    'id',
    'title',
    'themes',
    'kind',
    'date',
    'quarter',
    'status',
    'description',
    'priorities',
    'visibility',
    ...CHANGE_COLUMNS,
  ],
};

const LIST_COLUMNS = new Set(['themes', 'outcomes', 'indicators']);
const LINK_COLUMNS = new Set(['supports', 'priorities']);

/** More rows than this in one file is refused: split the file. */
export const MAX_IMPORT_ROWS = 2000;

export interface ImportSchemas<T> {
  /** The body schema PUT uses for one item (id excluded). */
  item: z.ZodMiniType<T>;
  /** The item id schema. */
  id: z.ZodMiniType<string>;
}

/** Reads a CSV file (header row first; the columns listed in CSV_COLUMNS, in any order). */
export function parseCsvImport<T>(text: string, kind: ImportKind, schemas: ImportSchemas<T>): ImportParse<T> {
  let rawRecords: { record: string[]; info: { bytes: number } }[];
  try {
    rawRecords = parseCsv(text, {
      bom: true,
      info: true,
      // A file whose lines end in CRLF and LF both (a template saved on Windows, then rows added
      // elsewhere) is read as its writer meant it, not refused for a ragged record.
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      trim: true,
    }) as never;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = Number((error as CsvError & { lines?: number }).lines ?? 1);
      return { ok: false, errors: [{ line, column: 1, field: '(file)', detail: `is not valid CSV: ${error.message}` }] };
    }
    throw error;
  }
  const [first, ...rest] = rawRecords;
  const header = (first?.record ?? []).map((name) => name.trim());
  const starts = recordStartLines(text, rawRecords);
  const records = rest.map(({ record }, index) => ({
    record: Object.fromEntries(header.map((name, column) => [name, record[column] ?? ''])),
    line: starts[index + 1]!,
  }));
  const allowed = CSV_COLUMNS[kind];
  const errors: ImportError[] = [];
  header.forEach((name, index) => {
    if (!allowed.includes(name))
      errors.push({
        line: 1,
        column: index + 1,
        field: name || '(blank)',
        detail: `is not a column of a ${kind} import; the columns are ${allowed.join(', ')}`,
      });
    // A column named twice: the CSV reader keeps the last cell of the two, so the first would be lost without a word.
    else if (header.indexOf(name) !== index)
      errors.push({
        line: 1,
        column: index + 1,
        field: name,
        detail: `is named twice in the header row (columns ${header.indexOf(name) + 1} and ${index + 1}); name each column once`,
      });
  });
  for (const required of ['id', ...requiredFields(schemas.item)]) {
    if (header.length > 0 && !header.includes(required))
      errors.push({
        line: 1,
        column: header.length + 1,
        field: required,
        detail: 'is a required column and is missing from the header row',
      });
  }
  if (header.length === 0)
    errors.push({
      line: 1,
      column: 1,
      field: '(file)',
      detail: `has no header row; the first line must name the columns: ${allowed.join(',')}`,
    });
  if (errors.length > 0) return { ok: false, errors };

  // A field's column: the source's parts are cells of their own (source.url is the sourceUrl column).
  const columnOf = (field: string) => {
    const [name, part] = field.split(/[.[]/);
    const column = name === 'source' ? Object.keys(SOURCE_PARTS).find((cell) => SOURCE_PARTS[cell] === part) : name;
    return header.indexOf(column ?? '') + 1 || 1;
  };
  const rows = records.map(({ record, line }) => {
    const position = (field: string) => ({ line, column: columnOf(field) });
    const refused = formulaColumns(record).map((column) => ({
      ...position(column),
      field: column,
      detail:
        'starts with =, +, - or @, which a spreadsheet opening an export would run as a formula; reword it to start with a letter, digit or bracket',
    }));
    return { line, value: csvRecordToObject(record), position, refused };
  });
  return validateRows(rows, schemas);
}

/**
 * The fields a PUT of the item requires (its schema's keys that are neither optional nor defaulted):
 * each is a column a CSV file must have, or every row would be refused for the same missing cell.
 */
function requiredFields(item: z.ZodMiniType): string[] {
  const shape = (item._zod.def as { shape?: Record<string, z.ZodMiniType> }).shape ?? {};
  return Object.entries(shape)
    .filter(([, field]) => field._zod.optin === undefined)
    .map(([name]) => name);
}

/** A link cell that is not organisationId/priorityId is read as text where a link belongs: said in the import's own terms. */
const linkCellProblem = (issue: z.core.$ZodIssue): string | undefined =>
  issue.code === 'invalid_type' && LINK_COLUMNS.has(String(issue.path[0])) && typeof issue.input === 'string'
    ? `must name a priority as organisationId/priorityId (got ${JSON.stringify(issue.input)})`
    : undefined;

/**
 * The line each record starts on, counting CRLF, CR and LF each as one line end, as an editor
 * does: the CSV reader's own count takes a CRLF inside a quoted cell for two lines. Each record's
 * info gives where it ends (in UTF-8 bytes), so the next starts after that and any blank lines.
 */
function recordStartLines(text: string, records: { info: { bytes: number } }[]): number[] {
  const bytes = new TextEncoder().encode(text);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const CR = 13;
  const LF = 10;
  const lines: number[] = [];
  let line = 1;
  let at = bom;
  const pass = (until: number) => {
    for (; at < until; at++) if (bytes[at] === LF || (bytes[at] === CR && bytes[at + 1] !== LF)) line++;
  };
  for (const { info } of records) {
    let start = at;
    while (bytes[start] === CR || bytes[start] === LF) start++;
    pass(start);
    lines.push(line);
    pass(info.bytes);
  }
  return lines;
}

/**
 * A cell a spreadsheet would read as a formula ("CSV injection"): the hub stores text as it came,
 * and whoever later opens an export of it in a spreadsheet would run it. Such cells are refused
 * rather than neutralised (a quote put in front would be stored as part of the text); the text
 * fields of an import are titles and sentences, which need not start with these characters, and
 * no column is a number. Leading tabs and carriage returns, also on OWASP's list, are trimmed
 * away before a value is stored, so the character after them is what counts. A list cell is
 * checked entry by entry, because each entry is stored, and may be exported, on its own.
 */
const FORMULA_START = /^\s*[=+\-@]/;

function formulaColumns(record: Record<string, string>): string[] {
  return Object.entries(record)
    .filter(
      ([column, cell]) =>
        FORMULA_START.test(cell) || (LIST_COLUMNS.has(column) && splitList(cell).some((entry) => FORMULA_START.test(entry))),
    )
    .map(([column]) => column);
}

function csvRecordToObject(record: Record<string, string>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (cell === '') continue; // an empty cell is an absent field: defaults apply, as in a PUT
    const sourcePart = SOURCE_PARTS[column];
    if (sourcePart !== undefined) object.source = { ...(object.source as object | undefined), [sourcePart]: cell };
    else if (LIST_COLUMNS.has(column)) object[column] = splitList(cell);
    else if (LINK_COLUMNS.has(column)) {
      object[column] = splitList(cell).map((link) => {
        const [organisationId, priorityId, ...rest] = link.split('/');
        return rest.length === 0 && organisationId && priorityId ? { organisationId, priorityId } : link;
      });
    } else object[column] = cell;
  }
  return object;
}

const splitList = (cell: string) =>
  cell
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** Reads a JSON file: an array of items, or {"items": [...]}; each item is what PUT takes, plus its "id". */
export function parseJsonImport<T>(text: string, schemas: ImportSchemas<T>): ImportParse<T> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ line: 1, column: 1, field: '(file)', detail: `is not valid JSON: ${(error as Error).message}` }] };
  }
  // JSON.parse keeps the last of two equal keys: {"visibility": "partners", "visibility": "public"}
  // would publish an item whoever wrote the first meant for partners. The API refuses such a body.
  const duplicate = duplicateKeyAt(text);
  if (duplicate) {
    const before = text.slice(0, duplicate.offset).split('\n');
    return {
      ok: false,
      errors: [
        {
          line: before.length,
          column: before.at(-1)!.length + 1,
          field: '(file)',
          detail: `gives the field ${JSON.stringify(duplicate.key)} more than once in the same object; give each field once`,
        },
      ],
    };
  }
  const items = Array.isArray(document) ? document : (document as { items?: unknown })?.items;
  if (!Array.isArray(items))
    return {
      ok: false,
      errors: [{ line: 1, column: 1, field: '(file)', detail: 'must be a JSON array of items, or an object {"items": [...]}' }],
    };
  const starts = itemStarts(text);
  const rows = items.map((value, index) => {
    const at = starts[index] ?? { line: 1, column: 1 };
    return { line: at.line, value, position: () => at };
  });
  return validateRows(rows, schemas, (index) => `items[${index}]`);
}

function validateRows<T>(
  rows: {
    line: number;
    value: unknown;
    position: (field: string) => { line: number; column: number };
    /** Errors in cells found before the schemas run; the schemas' errors for the same fields are left out. */
    refused?: ImportError[];
  }[],
  schemas: ImportSchemas<T>,
  prefix: (index: number) => string = () => '',
): ImportParse<T> {
  const errors: ImportError[] = [];
  if (rows.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      errors: [{ line: 1, column: 1, field: '(file)', detail: `has ${rows.length} items; at most ${MAX_IMPORT_ROWS} go in one file` }],
    };
  if (rows.length === 0) return { ok: false, errors: [{ line: 1, column: 1, field: '(file)', detail: 'has no items' }] };
  const seen = new Map<string, number>();
  const parsed: ImportRow<T>[] = [];
  rows.forEach((row, index) => {
    const named = (field: string) => (prefix(index) ? `${prefix(index)}.${field}` : field);
    if (row.value === null || typeof row.value !== 'object' || Array.isArray(row.value)) {
      errors.push({ ...row.position('id'), field: prefix(index) || '(row)', detail: 'must be an object' });
      return;
    }
    const { id, ...fields } = row.value as Record<string, unknown>;
    const idResult = schemas.id.safeParse(id);
    if (!idResult.success)
      errors.push({
        ...row.position('id'),
        field: named('id'),
        detail: id === undefined ? 'is required' : idResult.error.issues[0]!.message,
      });
    else if (seen.has(idResult.data))
      errors.push({
        ...row.position('id'),
        field: named('id'),
        detail: `${idResult.data} is already on line ${seen.get(idResult.data)}; an id may appear once in a file`,
      });
    else seen.set(idResult.data, row.line);
    const refused = row.refused ?? [];
    errors.push(...refused);
    // In the API's words (plainMessages: "is required", "must be text (got a number)"), with each issue's input kept for them.
    const itemResult = schemas.item.safeParse(fields, { reportInput: true, error: plainMessages });
    if (!itemResult.success) {
      for (const issue of itemResult.error.issues) {
        if (refused.some((error) => error.field === String(issue.path[0]))) continue;
        const field =
          issue.path
            .map(String)
            .reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : name ? `${name}.${segment}` : segment), '') ||
          '(row)';
        const detail =
          linkCellProblem(issue) ??
          (issue.code === 'unrecognized_keys' ? `has fields an import does not accept: ${issue.keys.join(', ')}` : issue.message);
        errors.push({ ...row.position(issue.path.length > 0 ? field : 'id'), field: named(field), detail });
      }
    }
    if (idResult.success && itemResult.success && refused.length === 0)
      parsed.push({ id: idResult.data, line: row.line, content: itemResult.data });
  });
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: parsed };
}

/**
 * Where each item of the file's item array starts (its "{"), as 1-based line and column. JSON.parse
 * gives no positions and no well-kept parser in the dependencies does, so this small scanner
 * walks the (already valid) text, skipping strings.
 */
export function itemStarts(text: string): { line: number; column: number }[] {
  const starts: { line: number; column: number }[] = [];
  let line = 1;
  let column = 0;
  let depth = 0;
  let itemsDepth: number | undefined;
  let inString = false;
  let escaped = false;
  // The last significant character seen inside the items array: a value starts after "[" or ",".
  let last = '';
  // The top-level object's key being read, and the one whose value comes next: only "items" holds the items.
  let string = '';
  let key = '';
  for (const char of text) {
    column++;
    if (char === '\n') {
      line++;
      column = 0;
      continue;
    }
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      if (inString) string += char;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (char === ':' && depth === 1) key = string;
    const atItems = itemsDepth !== undefined && depth === itemsDepth;
    if (atItems && (last === '[' || last === ',') && char !== ']' && char !== ',') starts.push({ line, column });
    if (atItems) last = char;
    if (char === '"') {
      inString = true;
      string = '';
    } else if (char === '[' || char === '{') {
      depth++;
      // The array at the top (a bare array), or the value of the top object's "items", holds the items.
      if (char === '[' && itemsDepth === undefined && (depth === 1 || (depth === 2 && key === 'items'))) {
        itemsDepth = depth;
        last = '[';
      }
    } else if (char === ']' || char === '}') depth--;
  }
  return starts;
}
