/**
 * Characters XML 1.0 forbids anywhere in a document (its `Char` production): the C0 controls
 * other than tab, line feed and carriage return, lone surrogates, and U+FFFE / U+FFFF. One of
 * them in a title makes the whole Atom document unreadable for every reader, and RFC 5545
 * likewise excludes controls from iCalendar text. The API refuses them at the edge; this keeps
 * anything stored before that (or brought in another way) from breaking a feed.
 */
const NOT_XML_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters is this expression's whole purpose.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with every character XML 1.0 cannot hold removed. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHARS, '');
}
