import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publishedOpenApiDocument, render } from './openapi-document.ts';

/** npm run openapi:generate — writes functions/api/openapi.json, which the pages Lambda serves. */
const target = fileURLToPath(new URL('../openapi.json', import.meta.url));
writeFileSync(target, render(publishedOpenApiDocument()));
console.log(`wrote ${target}`);
