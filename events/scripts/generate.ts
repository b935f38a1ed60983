import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueFiles } from './catalogue-files.ts';

/** npm run events:generate — writes the JSON Schemas, examples and catalogue page. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const files = catalogueFiles();
for (const [path, content] of files) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}
console.log(`wrote ${files.size} files: events/schemas/, events/examples/, docs/events.md`);
