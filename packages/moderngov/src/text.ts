import { Parser } from 'htmlparser2';

/** Every value trimmed: ModernGov writes an empty value as whitespace between an open and a close tag. */
export function clean(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/**
 * Titles arrive escaped twice (`Members&amp;#39;` in the XML is "Members'"): the XML parser undoes
 * one escaping, this undoes the second, and runs of whitespace become one space. The decoding is
 * htmlparser2's (the one `plainText` uses), with every `<` escaped first so that a title is only
 * ever text: importing the `entities` package besides put a second copy of its tables, another
 * version, in the connector runner's bundle.
 */
export function unescapeTitle(value: unknown): string {
  let text = '';
  const parser = new Parser({ ontext: (chunk) => (text += chunk) }, { decodeEntities: true });
  parser.write(clean(value).replaceAll('<', '&lt;'));
  parser.end();
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Characters the hub refuses in any text (events' textProblem) that carry no meaning in a title or
 * a place: controls (ESC, NUL, U+0085...), bidirectional embeddings, overrides and isolates, lone
 * surrogates and noncharacters. A council's stray one, often from text pasted out of another
 * system, would otherwise have the whole meeting refused, run after run; dropping it loses nothing
 * a reader could see.
 */
const MEANINGLESS = /\p{Cc}|\p{Cs}|\p{Noncharacter_Code_Point}|[\u202A-\u202E\u2066-\u2069]/gu;

/** One line of the council's text as the hub takes it: white space collapsed, meaningless characters dropped. */
export function hubLine(value: string): string {
  return value.replace(/\s+/g, ' ').replace(MEANINGLESS, '').replace(/ {2,}/g, ' ').trim();
}

const BLOCKS = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol']);

/**
 * How much of an agenda item's markup is read. Real agenda text is a paragraph or two; htmlparser2's
 * time grows with the square of the depth of tags left open, so a council's answer of megabytes of
 * `<p><b><p><b>...` took minutes of one thread (a probe's 1.2 MB, 38 s). 32,000 characters of that
 * take some 50 ms.
 */
export const MAX_AGENDA_MARKUP = 32_000;

/**
 * `agendatext` is Word's HTML, escaped once inside the XML: after the XML parser it is markup,
 * which must reach pages as text. htmlparser2 reads it (entities included, `&rsquo;` → ’), the text
 * is kept, tags are dropped, and block elements end lines. Only its first MAX_AGENDA_MARKUP
 * characters are read.
 */
export function plainText(value: unknown): string {
  const html = clean(value).slice(0, MAX_AGENDA_MARKUP);
  if (html === '') return '';
  let text = '';
  const parser = new Parser(
    {
      // Word wraps its source lines; only the markup's blocks end lines in the text.
      ontext: (chunk) => {
        text += chunk.replace(/\s+/g, ' ');
      },
      onopentag: (name) => {
        if (name === 'br') text += '\n';
      },
      onclosetag: (name) => {
        if (BLOCKS.has(name) && name !== 'br') text += '\n';
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** `True` / `False`, exactly; anything else is false (the flags default to the safer reading where that matters). */
export const flag = (value: unknown) => clean(value) === 'True';

/** `dd/mm/yyyy` → `yyyy-mm-dd`; undefined when it is not a real date in that form. */
export function isoDate(value: unknown): string | undefined {
  const text = clean(value);
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s.*)?$/.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(text);
  if (!match) return undefined;
  const [day, month, year] = text.includes('/') ? [match[1]!, match[2]!, match[3]!] : [match[3]!, match[2]!, match[1]!];
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** `yyyy-mm-dd` → `dd/mm/yyyy`, the only form GetMeetings reads (an ISO date has been seen ignored). */
export function sourceDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/**
 * `6.00 pm`, `10.00 am`, `6pm`, `6.30p.m.`, `18:00`, `12 noon` → `HH:MM`; undefined when it is
 * empty or not a time (the time is optional, so an odd one is left out rather than guessed).
 */
export function clockTime(value: unknown): string | undefined {
  const text = clean(value).toLowerCase().replace(/\s+/g, ' ');
  if (text === '') return undefined;
  if (/^(12(\.00|:00)? ?)?(noon|midday)$/.test(text)) return '12:00';
  const match = /^(\d{1,2})(?:[.:](\d{2}))? ?(am|pm|a\.m\.|p\.m\.)?$/.exec(text);
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  const half = match[3]?.replaceAll('.', '');
  if (minutes > 59) return undefined;
  if (half) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (half === 'pm' ? 12 : 0);
  } else if (hours > 23 || match[2] === undefined) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Today's date in Europe/London, where the meetings are: the day a meeting becomes `held` after. */
export function londonDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** `yyyy-mm-dd` moved by whole days. */
export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
