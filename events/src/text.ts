import * as z from 'zod/mini';

/**
 * Free text as the API accepts it. Line endings are normalised to LF (browser forms and Windows
 * exports send CRLF); what cannot be shown safely is refused rather than stored:
 * - C0 controls, DEL and C1 controls: invisible, and NUL or ESC break terminals, logs and XML;
 *   TAB and LF are allowed only in multi-line fields (descriptions, summaries);
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make
 *   text display in an order other than the one it is read in ("Trojan Source"); the invisible
 *   marks U+200E/U+200F stay allowed, because right-to-left names need them;
 * - lone surrogates, which are not Unicode text and which no UTF-8 encoder can write out;
 * - the noncharacters U+FFFE and U+FFFF.
 *
 * Written here rather than taken from a library: no well-kept package checks this set, and the
 * check is one pass over the string.
 */
export type TextShape = 'single-line' | 'multi-line';

/** What is wrong with a text, as the end of a sentence that starts with the field's name; undefined when nothing is. */
export function textProblem(value: string, shape: TextShape): string | undefined {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 0x0a || code === 0x09) {
      if (shape === 'multi-line') continue;
      return code === 0x0a
        ? `must be on one line: it contains a line break (${codePoint(code)})`
        : `must be on one line: it contains a tab (${codePoint(code)})`;
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `contains a control character (${codePoint(code)})`;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))
      return `contains a bidirectional formatting character (${codePoint(code)}), which can make text display in a misleading order`;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      return `contains a lone surrogate (${codePoint(code)}), which is not a character`;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return `contains a lone surrogate (${codePoint(code)}), which is not a character`;
    if (code === 0xfffe || code === 0xffff) return `contains a noncharacter (${codePoint(code)})`;
  }
  return undefined;
}

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

const normaliseLineEndings = (value: string) => value.replace(/\r\n?/g, '\n');

/** A character that is neither white space nor an invisible format character (U+200B, U+200D, U+2060...). */
const VISIBLE = /[^\s\p{Cf}]/u;

/** How a set of schemas builds its text fields: inputText for what the API accepts, recordedText for what the log holds. */
export type TextRule = (max: number) => z.ZodMiniString<string>;

/** Accepted text, trimmed, 1 to `max` characters, on one line or several (see textProblem). */
export const inputText = (max: number, shape: TextShape = 'single-line') =>
  z.string().check(z.overwrite(normaliseLineEndings), z.trim(), z.minLength(1), z.maxLength(max), (context) => {
    const problem = textProblem(context.value, shape);
    if (problem) context.issues.push({ code: 'custom', message: problem, input: context.value });
    // Zero-width spaces and joiners (format characters) are not trimmed: text of nothing else would show as blank.
    else if (context.value !== '' && !VISIBLE.test(context.value))
      context.issues.push({
        code: 'custom',
        message: 'must hold something to read, not only invisible characters',
        input: context.value,
      });
  });

/**
 * A web address a page can link to: http or https only (a `javascript:` or `data:` address would
 * run in the reader's browser). Sources, plans' documents and meetings' papers all use this one.
 */
export const WebAddress = z
  .url({ protocol: /^https?$/, error: 'must be a web address starting http:// or https://' })
  .check(z.maxLength(2000));

/**
 * Text as the event log holds it. Events written before inputText existed may hold any of the
 * characters it refuses, and must still be read (and replayed into views) as they were recorded,
 * so the log's schemas keep the older, lenient rule. New events carry text that inputText has accepted.
 */
export const recordedText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
