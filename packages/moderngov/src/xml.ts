import { QuoteType, Tokenizer } from 'htmlparser2';

/**
 * An element as the connector reads it: a leaf is its text, trimmed (an id like "0012" or a flag
 * "True" stays text; whitespace between an open and a close tag reads as ""); an element with
 * children is an object of them by name, where a name that comes more than once, or one of the
 * `repeated` names, holds a list. Text beside children is kept under `#text`. Attributes are not
 * read (only the attendees have them, and the connector does not need them).
 */
export type XmlValue = string | XmlElement | XmlValue[];
interface XmlElement {
  [name: string]: XmlValue;
}

/** Text that is not well-formed XML, with the line where that shows. */
export class NotWellFormedXml extends Error {
  override name = 'NotWellFormedXml';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

interface Open {
  name: string;
  /** Where its start tag begins, for the line of an error about it. */
  at: number;
  /** Its child elements by name, made on the first (null prototype: a council's `<__proto__>` is only a name). */
  children?: XmlElement;
  text: string;
}

// An entity or character reference as XML writes it. Named ones other than XML's five (`&nbsp;`)
// are left in the text as written: the ModernGov reader unescapes titles and agenda text as HTML.
const REFERENCE = /^&(?:[A-Za-z_][\w.-]*|#\d+|#x[\dA-Fa-f]+);/;

/**
 * The document's root element: its name and value. htmlparser2's tokenizer does the reading (XML
 * mode: no HTML tag rules, CDATA kept as text, XML's entities and character references decoded);
 * the well-formedness checks are written here because htmlparser2 is lenient by design, and the
 * connector must refuse a truncated or non-XML answer rather than read what it can of it: start
 * and end tags must match, one root element, no text outside it, attributes quoted and not
 * repeated, `<` and `&` only as markup or references.
 */
export function readXml(body: string, repeated: ReadonlySet<string>): { name: string; value: XmlValue } {
  const lineAt = (index: number) => {
    let line = 1;
    for (let at = body.indexOf('\n'); at !== -1 && at < index; at = body.indexOf('\n', at + 1)) line++;
    return line;
  };
  const fail = (index: number, reason: string): never => {
    throw new NotWellFormedXml(lineAt(index), reason);
  };

  const stack: Open[] = [];
  let root: { name: string; value: XmlValue } | undefined;
  let attributes = new Set<string>();
  let attribute = '';

  const innermost = (index: number, what: string) => stack.at(-1) ?? fail(index, `${what} outside the root element`);

  const close = (open: Open) => {
    stack.pop();
    const text = open.text.trim();
    let value: XmlValue = text;
    if (open.children) {
      value = open.children;
      if (text !== '') value['#text'] = text;
    }
    const parent = stack.at(-1);
    if (!parent) {
      root = { name: open.name, value };
      return;
    }
    parent.children ??= Object.create(null) as XmlElement;
    const siblings = parent.children;
    const before = siblings[open.name];
    if (Array.isArray(before)) before.push(value);
    else if (before !== undefined) siblings[open.name] = [before, value];
    else siblings[open.name] = repeated.has(open.name) && open.children ? [value] : value;
  };

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: true },
    {
      onopentagname(start, end) {
        if (stack.length === 0 && root) fail(start, 'Multiple possible root nodes found.');
        stack.push({ name: body.slice(start, end), at: start - 1, text: '' });
        attributes = new Set();
      },
      onattribname(start, end) {
        attribute = body.slice(start, end);
        if (attributes.has(attribute)) fail(start, `Attribute '${attribute}' is repeated.`);
        attributes.add(attribute);
      },
      onattribend(quote, end) {
        if (quote === QuoteType.NoValue) fail(end, `boolean attribute '${attribute}' is not allowed.`);
        if (quote === QuoteType.Unquoted) fail(end, `Attribute '${attribute}' is not quoted.`);
      },
      onattribdata() {},
      onattribentity() {},
      onopentagend() {},
      onselfclosingtag() {
        close(stack.at(-1)!);
      },
      onclosetag(start, end) {
        const name = body.slice(start, end);
        const open = stack.at(-1);
        if (!open) fail(start, `Closing tag '${name}' has not been opened.`);
        else if (open.name !== name)
          fail(start, `Expected closing tag '${open.name}' (opened in line ${lineAt(open.at)}) instead of closing tag '${name}'.`);
        else close(open);
      },
      ontext(start, end) {
        const text = body.slice(start, end);
        if (stack.length === 0) {
          const stray = text.search(/\S/);
          if (stray !== -1) fail(start + stray, `char '${text[stray]}' is not expected.`);
          return;
        }
        for (const { 0: char, index } of text.matchAll(/[<&]/g)) {
          if (char === '<' || !REFERENCE.test(text.slice(index))) fail(start + index, `char '${char}' is not expected.`);
        }
        stack.at(-1)!.text += text;
      },
      ontextentity(codePoint, end) {
        innermost(end, 'a character reference').text += String.fromCodePoint(codePoint);
      },
      oncdata(start, end, offset) {
        innermost(start, 'CDATA').text += body.slice(start, end - offset);
      },
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(body);
  tokenizer.end();
  const unclosed = stack.at(-1);
  if (unclosed) fail(unclosed.at, `Unclosed tag '${unclosed.name}'.`);
  return root ?? fail(0, 'Start tag expected.');
}
