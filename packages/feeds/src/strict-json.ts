/**
 * The first key that appears twice in one object of a JSON text, if any. JSON.parse keeps the
 * last of two equal keys without a word, so `{"visibility": "partners", …, "visibility": "public"}`
 * would publish what whoever read the first one did not expect; the API refuses such a body.
 *
 * Written here rather than taken from a library: the well-kept parsers that can see duplicates
 * (@humanwhocodes/momoa, under ESLint's no-duplicate-keys rule) build a whole syntax tree to do it,
 * about 90 KB that the Lambda bundle's budget has no room for, and leave the check to the caller
 * anyway. This runs only over text that JSON.parse has already accepted, so it need only tell
 * strings from structure; each key is decoded by JSON.parse itself, so escapes compare equal.
 */
export function duplicateKeyOf(json: string): string | undefined {
  return duplicateKeyAt(json)?.key;
}

/** The same, with where the repeated key starts in the text (its opening quote), for a message that points at it. */
export function duplicateKeyAt(json: string): { key: string; offset: number } | undefined {
  // One entry per open object (its keys so far) or array (undefined), innermost last.
  const open: (Set<string> | undefined)[] = [];
  for (let index = 0; index < json.length; index++) {
    const char = json[index];
    if (char === '{') open.push(new Set());
    else if (char === '[') open.push(undefined);
    else if (char === '}' || char === ']') open.pop();
    else if (char === '"') {
      const end = closingQuote(json, index);
      const keys = open[open.length - 1];
      if (keys && nextToken(json, end + 1) === ':') {
        const key = JSON.parse(json.slice(index, end + 1)) as string;
        if (keys.has(key)) return { key, offset: index };
        keys.add(key);
      }
      index = end;
    }
  }
  return undefined;
}

function closingQuote(json: string, opening: number): number {
  let index = opening + 1;
  while (json[index] !== '"') index += json[index] === '\\' ? 2 : 1;
  return index;
}

function nextToken(json: string, from: number): string | undefined {
  let index = from;
  while (json[index] === ' ' || json[index] === '\t' || json[index] === '\n' || json[index] === '\r') index++;
  return json[index];
}
