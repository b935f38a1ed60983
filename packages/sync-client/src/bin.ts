#!/usr/bin/env node
// The `partnership-hub` command. `npm run build` (run by `npm ci` through `prepare`) bundles this
// entry into dist/partnership-hub.js, plain JavaScript that Node runs with nothing else installed.
import { main } from './cli.ts';

process.exitCode = await main(process.argv.slice(2));
